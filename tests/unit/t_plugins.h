/* Unit tests that load test plugins: a folder holding only the named ones, and a suite file. */
#ifndef BNB_T_PLUGINS_H
#define BNB_T_PLUGINS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A temporary folder with a link to $BNB_TEST_PLUGINDIR/<name>.so; bails out without it. */
static char *t_plugin_dir(const char *name)
{
	const char *from = getenv("BNB_TEST_PLUGINDIR");
	static char dir[] = "/tmp/bnb-test-XXXXXX";
	char src[4096], dst[4096];

	if (!from || !mkdtemp(dir)) {
		printf("Bail out! no BNB_TEST_PLUGINDIR or no temporary folder\n");
		exit(99);
	}
	snprintf(src, sizeof src, "%s/%s.so", from, name);
	snprintf(dst, sizeof dst, "%s/%s.so", dir, name);
	if (symlink(src, dst) != 0) {
		printf("Bail out! cannot link %s\n", src);
		exit(99);
	}
	return dir;
}

static void t_plugin_dir_remove(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s.so", dir, name);
	unlink(path);
	rmdir(dir);
}

/* Write `text` into `path`; bails out on failure. */
static void t_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(text, 1, strlen(text), f) != strlen(text) || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(99);
	}
}

#endif
