/* bnbench merge: copy the runs and baselines of another database into this one. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "store.h"

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

const struct cli_option merge_options[] = {
	CLI_OPT_HELP,
	CLI_OPT_END
};

int cmd_merge(int argc, char **argv, const struct global_opts *g)
{
	struct store *s = NULL, *other;
	struct bnb_err e = { 0, "" };
	size_t runs, baselines;
	const char *path;
	int c;

	while ((c = cli_getopt(argc, argv, "merge", merge_options)) != -1) {
		if (c == 'h') {
			cli_help(stdout, command_find("merge"));
			return EXIT_OK;
		}
		return EXIT_USAGE;
	}
	if (optind != argc - 1) {
		die_msg(optind >= argc ? "merge: no database given (usage: bnbench merge OTHER.db)"
		                       : "merge: too many arguments");
		return EXIT_USAGE;
	}
	path = argv[optind];
	/* Refuse a bad OTHER before this database is created or touched. */
	if (store_open(path, STORE_READONLY, &other, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	store_close(other);
	if (same_file(path, cli_db_path(g))) {
		die_msg("merge: %s is the database being merged into", path);
		return EXIT_USAGE;
	}
	if (cli_open_store(g, STORE_CREATE, &s, &e) || store_merge(s, path, &runs, &baselines, &e)) {
		die_msg("%s", e.msg);
		store_close(s);
		return EXIT_USAGE;
	}
	store_close(s);
	printf("merged %s into %s: %zu run%s and %zu baseline%s copied\n", path, cli_db_path(g), runs,
	       runs == 1 ? "" : "s", baselines, baselines == 1 ? "" : "s");
	return EXIT_OK;
}
