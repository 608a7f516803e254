/* bnbench: the command table and global options. */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "util.h"

static const struct command commands[] = {
	{ "list", cmd_list, "show plugins, schemes and kernels",
	  "bnbench list [--schemes] [PLUGIN]" },
	{ "run", cmd_run, "measure a suite and store the run",
	  "bnbench run SUITE [--label L] [--save-baseline NAME] [--format table|json|csv|markdown]\n"
	  "             [--op LIST] [--scheme LIST] [--backend LIST] [--filter GLOB] [--dry-run]\n"
	  "             [--cpu N] [--timeout DURATION] [--no-isolate]" },
	{ "show", cmd_show, "print a stored run again",
	  "bnbench show [RUN|latest|LABEL] [--format table|json|csv|markdown] [--env]" },
	{ "exec", cmd_exec, "run one kernel once on files",
	  "bnbench exec --backend B --op OP --scheme S --input FILE [--weights FILE]\n"
	  "             [--shape MxK] --output FILE" },
	{ "help", cmd_help, "show help for a command", "bnbench help [COMMAND]" },
	{ NULL, NULL, NULL, NULL }
};

const struct command *command_table(void)
{
	return commands;
}

const struct command *command_find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void die_msg(const char *fmt, ...)
{
	va_list ap;
	fputs("bnbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void warn_msg(const char *fmt, ...)
{
	va_list ap;
	fputs("bnbench: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: bnbench [--plugin-dir DIR] [--db FILE] [-v] COMMAND [ARGS]\n"
		"       bnbench --help | --version\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "\n'bnbench help COMMAND' shows a command's options; see bnbench(1).\n");
}

int cmd_help(int argc, char **argv, const struct global_opts *g)
{
	const struct command *c;
	const char *name = NULL;

	(void)g;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("usage: bnbench help [COMMAND]\n");
			return EXIT_OK;
		}
		if (!name)
			name = argv[i];
	}
	if (!name) {
		usage(stdout);
		return EXIT_OK;
	}
	c = command_find(name);
	if (!c) {
		die_msg("no such command '%s' (see 'bnbench --help')", name);
		return EXIT_USAGE;
	}
	printf("usage: %s\n\n%s (see bnbench-%s(1))\n", c->usage, c->summary, c->name);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "plugin-dir", required_argument, NULL, 'P' },
		{ "db", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct global_opts g = { 0 };
	const struct command *cmd;
	int c;

	/* '+': stop at the command name; its options are its own. */
	while ((c = getopt_long(argc, argv, "+vhV", opts, NULL)) != -1) {
		switch (c) {
		case 'P': g.plugin_dir = optarg; break;
		case 'd': g.db_path = optarg; break;
		case 'v': g.verbose++; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("bnbench %s\n", PACKAGE_VERSION); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = command_find(argv[optind]);
	if (!cmd) {
		const char *names[32];
		size_t n = 0;
		for (const struct command *t = commands; t->name && n < 32; t++)
			names[n++] = t->name;
		const char *s = suggest(argv[optind], names, n);
		if (s)
			die_msg("unknown command '%s' (did you mean '%s'?)", argv[optind], s);
		else
			die_msg("unknown command '%s' (see 'bnbench --help')", argv[optind]);
		return EXIT_USAGE;
	}
	int first = optind;
	optind = 0; /* glibc: re-initialise getopt for the command */
	return cmd->fn(argc - first, argv + first, &g);
}
