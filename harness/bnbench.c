/* bnbench: the command table and global options. */
#define _GNU_SOURCE   /* fopencookie */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "log.h"
#include "term.h"
#include "util.h"

static const struct command commands[] = {
	{ "list", cmd_list, "show plugins, schemes and kernels",
	  "bnbench list [--schemes] [PLUGIN]", list_options },
	{ "run", cmd_run, "measure a suite and store the run",
	  "bnbench run SUITE [--label L] [--save-baseline NAME] [--format table|json|csv|markdown]\n"
	  "             [-o FILE] [--samples] [--op LIST] [--scheme LIST] [--backend LIST] [--filter GLOB]\n"
	  "             [--threads LIST] [--dry-run] [--cpu N] [--timeout DURATION] [--processes N]\n"
	  "             [--no-isolate] [--otlp[=URL]]\n"
	  "             [--allow-outside-files] [--warmup DURATION] [--min-time DURATION] [--max-time DURATION]\n"
	  "             [--min-samples N] [--target-ci PCT] [--seed N] [--quiet] [--color WHEN]", run_options },
	{ "show", cmd_show, "print a stored run again",
	  "bnbench show [RUN|latest|LABEL|BASELINE] [--format table|json|csv|markdown] [-o FILE]\n"
	  "             [--samples] [--env] [--color WHEN]", show_options },
	{ "exec", cmd_exec, "run one kernel once on files",
	  "bnbench exec --backend B --op OP --scheme S --input FILE [--weights FILE]\n"
	  "             [--shape MxK] --output FILE", exec_options },
	{ "import", cmd_import, "store a run from a Criterion.rs tree or a bnbench-run JSON file",
	  "bnbench import criterion DIR [--baseline NAME] [--which new|base|NAME] [--label L]\n"
	  "       bnbench import json FILE [--baseline NAME]", import_options },
	{ "export", cmd_export, "write a stored run as JSON or CSV, or send it to an OpenTelemetry collector",
	  "bnbench export json [RUN|latest|LABEL]\n"
	  "       bnbench export csv [RUN|latest|LABEL]\n"
	  "       bnbench export otlp [RUN|latest|LABEL] [--endpoint URL]", export_options },
	{ "merge", cmd_merge, "copy the runs and baselines of another database",
	  "bnbench merge OTHER.db", merge_options },
	{ "compare", cmd_compare, "compare a stored run with a baseline",
	  "bnbench compare BASELINE [--run RUN|latest|LABEL] [--threshold PCT]\n"
	  "             [--format table|markdown|json] [-o FILE] [--fail-on-inconclusive]\n"
	  "             [--require-same-env] [--color WHEN]", compare_options },
	{ "baseline", cmd_baseline, "name stored runs as baselines",
	  "bnbench baseline save NAME [RUN|latest|LABEL] [--note TEXT] [--force]\n"
	  "       bnbench baseline list\n"
	  "       bnbench baseline show NAME [--format table|json|csv|markdown] [--env]\n"
	  "       bnbench baseline delete NAME", baseline_options },
	{ "ab", cmd_ab, "measure the base and the candidate build of the plugins paired, side by side",
	  "bnbench ab SUITE --base-plugins DIR [--threshold PCT] [--label L]\n"
	  "             [--format table|markdown|json] [-o FILE] [--op LIST] [--scheme LIST] [--backend LIST]\n"
	  "             [--filter GLOB] [--threads LIST] [--cpu N] [--timeout DURATION] [--warmup DURATION]\n"
	  "             [--min-time DURATION] [--max-time DURATION] [--min-samples N] [--target-ci PCT]\n"
	  "             [--seed N] [--quiet] [--color WHEN]", ab_options },
	{ "gate", cmd_gate, "run a suite and fail on confirmed regressions (paired against base plugins, or a baseline)",
	  "bnbench gate SUITE (--base-plugins DIR | --baseline NAME) [--threshold PCT] [--label L]\n"
	  "             [--save-baseline NAME] [--format table|markdown|json] [-o FILE] [--junit FILE]\n"
	  "             [--fail-on-inconclusive] [--require-same-env] [--op LIST] [--scheme LIST]\n"
	  "             [--backend LIST] [--filter GLOB] [--threads LIST] [--cpu N] [--timeout DURATION]\n"
	  "             [--warmup DURATION] [--min-time DURATION] [--max-time DURATION] [--min-samples N]\n"
	  "             [--target-ci PCT] [--seed N] [--quiet] [--color WHEN]", gate_options },
	{ "report", cmd_report, "write plots and an HTML, markdown and CSV report of a run",
	  "bnbench report [RUN|latest|LABEL] [--baseline NAME] [--history N | --since YYYY-MM-DD]\n"
	  "             [-o DIR] [--format html|markdown|csv] [--svg | --png] [--gnuplot PATH]\n"
	  "             [--require-plots] [--min-step PCT] [--commit-url URL]", report_options },
	{ "history", cmd_history, "list the change points of each case over the history of a run",
	  "bnbench history [RUN|latest|LABEL] [--history N | --since YYYY-MM-DD] [--min-step PCT]\n"
	  "             [--commit-url URL]", history_options },
	{ "help", cmd_help, "show help for a command", "bnbench help [COMMAND]", help_options },
	{ NULL, NULL, NULL, NULL, NULL }
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
	va_start(ap, fmt);
	log_vmsg(LOG_ERROR, fmt, ap);
	va_end(ap);
}

void warn_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vmsg(LOG_WARN, fmt, ap);
	va_end(ap);
}

static const struct cli_option global_options[] = {
	{ "plugin-dir", 'P', "DIR", "load the plugins of DIR (else BNBENCH_PLUGIN_PATH, then the installed ones)", 0 },
	{ "db", 'd', "FILE", "the results database (else BNBENCH_DB, then results/bnbench.db)", 0 },
	{ "verbose", 'v', NULL, "say more", CLI_SHORT },
	CLI_OPT_COLOR,
	{ "help", 'h', NULL, "show this help", CLI_SHORT },
	{ "version", 'V', NULL, "print the version", CLI_SHORT },
	CLI_OPT_END
};

const struct cli_option help_options[] = {
	CLI_OPT_HELP,
	CLI_OPT_END
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: bnbench [--plugin-dir DIR] [--db FILE] [-v] [--color WHEN] COMMAND [ARGS]\n"
		"       bnbench --help | --version\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "\noptions:\n");
	cli_help_options(out, global_options);
	fprintf(out, "\n'bnbench help COMMAND' shows a command's options; see bnbench(1).\n");
}

int cmd_help(int argc, char **argv, const struct global_opts *g)
{
	const struct command *c;
	const char *name = NULL;

	(void)g;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			cli_help(stdout, command_find("help"));
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
	cli_help(stdout, c);
	return EXIT_OK;
}

/* Messages on stderr: the progress line is erased first, so they never share a line with it, and redrawn after. */
static void log_to_stderr(enum log_level level, const char *msg, void *arg)
{
	int shown = term_progress_clear();

	(void)arg;
	fprintf(stderr, "bnbench: %s%s\n", level == LOG_WARN ? "warning: " : "", msg);
	if (shown)
		term_progress_redraw();
}

/*
 * Standard output goes through this writer so that the reason of a failed
 * write (a full disk, a closed pipe) is kept: stdio keeps only that one failed.
 */
static int stdout_errno;

static ssize_t stdout_write(void *cookie, const char *buf, size_t n)
{
	size_t done = 0;

	(void)cookie;
	while (done < n) {
		ssize_t w = write(STDOUT_FILENO, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!stdout_errno)
				stdout_errno = w < 0 ? errno : EIO;
			return done ? (ssize_t)done : -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

static void stdout_wrap(void)
{
	cookie_io_functions_t io = { .write = stdout_write };
	FILE *f = fopencookie(NULL, "w", io);

	if (!f)
		return;
	setvbuf(f, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
	stdout = f;
}

/* A write to standard output that failed, found when it is flushed and closed, fails the command. */
static int close_stdout(int rc)
{
	int failed = ferror(stdout) || fflush(stdout) != 0;

	failed |= fclose(stdout) != 0;
	if (!failed)
		return rc;
	die_msg("error writing to stdout: %s", strerror(stdout_errno ? stdout_errno : EIO));
	return rc == EXIT_OK || rc == EXIT_INCONCLUSIVE || rc == EXIT_REGRESSION ? EXIT_USAGE : rc;
}

int main(int argc, char **argv)
{
	struct global_opts g = { 0 };
	const struct command *cmd;
	int c;

	stdout_wrap();
	log_set_hook(log_to_stderr, NULL);
	/* Stop at the command name: its options are its own. */
	while ((c = cli_getopt(argc, argv, NULL, global_options)) != -1) {
		switch (c) {
		case CLI_KEY_COLOR:
			if (cli_common_opt(NULL, c, optarg, NULL))
				return EXIT_USAGE;
			break;
		case 'P': g.plugin_dir = optarg; break;
		case 'd': g.db_path = optarg; break;
		case 'v': g.verbose++; break;
		case 'h': usage(stdout); return close_stdout(EXIT_OK);
		case 'V': printf("bnbench %s\n", PACKAGE_VERSION); return close_stdout(EXIT_OK);
		default: return EXIT_USAGE;   /* cli_getopt said why */
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
	return close_stdout(cmd->fn(argc - first, argv + first, &g));
}
