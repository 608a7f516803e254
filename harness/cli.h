/* Pieces several commands share: the database path, the signals of a run. */
#ifndef BNB_CLI_H
#define BNB_CLI_H

#include <signal.h>
#include <stdio.h>

#include "commands.h"
#include "compare.h"
#include "model.h"
#include "plan.h"
#include "runner.h"
#include "store.h"
#include "suite-override.h"
#include "util.h"

#include <stdint.h>

#define CLI_DEFAULT_DB "results/bnbench.db"

/* The database: --db, else BNBENCH_DB, else results/bnbench.db. */
const char *cli_db_path(const struct global_opts *g);
/* Open it; for the default path with STORE_CREATE, its results/ folder is created. */
int cli_open_store(const struct global_opts *g, unsigned flags, struct store **out, struct bnb_err *e);

/* Table entries for every command (struct cli_option in commands.h). */
#define CLI_OPT_HELP { "help", 'h', NULL, "show this help", CLI_SHORT }
/* Options several commands share, handled by cli_common_opt(). */
enum {
	CLI_KEY_COLOR = 256, CLI_KEY_WARMUP, CLI_KEY_MIN_TIME, CLI_KEY_MAX_TIME, CLI_KEY_MIN_SAMPLES, CLI_KEY_TARGET_CI,
	CLI_KEY_SEED
};
#define CLI_OPT_COLOR { "color", CLI_KEY_COLOR, "WHEN", "colour the results: auto (on a terminal), always or never", 0 }
#define CLI_OPT_QUIET { "quiet", 'q', NULL, "no progress line and no line per case", CLI_SHORT }
#define CLI_OPTS_SETTINGS \
	{ "warmup", CLI_KEY_WARMUP, "DURATION", "warm-up of every case, over the suite's (500ms)", 0 }, \
	{ "min-time", CLI_KEY_MIN_TIME, "DURATION", "least sampling time of every case, over the suite's", 0 }, \
	{ "max-time", CLI_KEY_MAX_TIME, "DURATION", "sampling time cap of every case, over the suite's", 0 }, \
	{ "min-samples", CLI_KEY_MIN_SAMPLES, "N", "least samples of every case, over the suite's", 0 }, \
	{ "target-ci", CLI_KEY_TARGET_CI, "PCT", "stop sampling once the 95% CI is this narrow (1%)", 0 }, \
	{ "seed", CLI_KEY_SEED, "N", "seed of the generated inputs, over the suite's", 0 }
#define CLI_OPT_END { NULL, 0, NULL, NULL, 0 }

/*
 * getopt_long() over `opts` for the command `cmd` (NULL: the global options,
 * which stop at the command name), with errors in bnbench's words:
 * "bnbench: run: unknown option '--lable' (did you mean '--label'?)", a
 * missing argument, an argument to an option that takes none.  Returns the
 * option's key, -1 at the end, or '?' after printing such an error.
 */
int cli_getopt(int argc, char **argv, const char *cmd, const struct cli_option *opts);
/* --quiet: no progress line and no line per case (set by cli_common_opt). */
extern int cli_quiet;
struct suite_overrides;
/*
 * --color, --quiet and the settings (into `ov`, which may be NULL for a
 * command without them): EXIT_OK, EXIT_USAGE after a message, or -1 when
 * `key` is none of them.
 */
int cli_common_opt(const char *cmd, int key, const char *arg, struct suite_overrides *ov);
/* Show the progress line: stderr is a terminal and no --quiet. */
int cli_progress(void);
/*
 * -o FILE: the format given by --format (`format`), else from FILE's extension
 * (.json, .csv, .md or .txt), else "table"; FILE must be writable.  NULL after
 * a message.
 */
const char *cli_output_format(const char *cmd, const char *path, const char *format);
/* The same for compare, gate and ab: their format (table, markdown or json) into *fmt; EXIT_OK or EXIT_USAGE. */
int cli_compare_output(const char *cmd, const char *path, const char *format, int *fmt);
/* Open -o FILE for writing (NULL path: stdout); NULL after a message. */
FILE *cli_output_open(const char *cmd, const char *path);
/* Close what cli_output_open() opened; a failed write is reported: EXIT_OK or EXIT_RUNTIME. */
int cli_output_close(const char *cmd, const char *path, FILE *f);

/* A command's usage, summary and options, as 'bnbench help COMMAND' prints them. */
void cli_help(FILE *f, const struct command *c);
/* The options of a table as help lists them: "  -l, --label L   help". */
void cli_help_options(FILE *f, const struct cli_option *opts);

/* --cpu N: a CPU number in this process's affinity mask; errors say which CPUs are allowed. */
int cli_parse_cpu(const char *text, int *cpu, struct bnb_err *e);

/* The exit status of a comparison (bnbench(1)): compare_verdict() as 0, 1 or 3. */
int cli_compare_status(const struct compare_result *res, int fail_on_inconclusive);

/* --format of compare, gate and ab: table, markdown or json; else a message and EXIT_USAGE. */
int cli_compare_format(const char *cmd, const char *arg, int *format);
/* Can a file be written at `path` (its folder exists and is writable)?  Checked before measuring. */
int cli_check_writable(const char *path, struct bnb_err *e);
/* --threshold ('t'), --cpu ('c') and --timeout ('T') of a measuring command: EXIT_OK or EXIT_USAGE. */
int cli_measure_opt(const char *cmd, int opt, const char *arg, double *threshold, int *cpu, uint64_t *timeout_ns);
/* --threads LIST into f (the counts allocated; free f->threads); EXIT_OK or EXIT_USAGE after a message. */
int cli_threads_opt(const char *cmd, const char *arg, struct plan_filter *f);
/* What ab and gate share: what to measure, and how to show the comparison. */
struct cli_measure {
	const char *label;
	struct plan_filter filter;
	struct suite_overrides overrides;
	const char *format_name, *output;   /* --format, -o FILE */
	int format, cpu;                    /* enum compare_format; -1: no pinning */
	double threshold;
	uint64_t timeout_ns;
};
#define CLI_OPTS_MEASURE \
	{ "threshold", 't', "PCT", "the change that counts as a regression (default 5%)", CLI_SHORT }, \
	{ "label", 'l', "L", "a label stored with the run", CLI_SHORT }, \
	{ "format", 'f', "FORMAT", "table (default), markdown or json", CLI_SHORT }, \
	{ "output", 'o', "FILE", "write the comparison to FILE (format from its extension without --format)", CLI_SHORT }, \
	{ "op", 'p', "LIST", "only these ops (comma-separated)", 0 }, \
	{ "scheme", 's', "LIST", "only these schemes", 0 }, \
	{ "backend", 'b', "LIST", "only these backends", 0 }, \
	{ "filter", 'F', "GLOB", "only the cases whose name matches", 0 }, \
	{ "threads", 'H', "LIST", "thread counts for kernels that use threads (1,2,...), over the suite's", 0 }, \
	{ "cpu", 'c', "N", "pin the workers to CPU N", 0 }, \
	{ "timeout", 'T', "DURATION", "time allowed per case before its worker is killed", 0 }, \
	CLI_OPTS_SETTINGS, CLI_OPT_QUIET, CLI_OPT_COLOR
/*
 * An option of CLI_OPTS_MEASURE into m (cli_measure_init first): EXIT_OK,
 * EXIT_USAGE after a message, or -1 when `key` is none of them.
 */
void cli_measure_init(struct cli_measure *m);
int cli_measure_parse(const char *cmd, int key, const char *arg, struct cli_measure *m);
/*
 * After the options: the one SUITE argument (`usage` is the command's short
 * usage for the message), then the filter's overrides and the format.
 */
int cli_measure_finish(const char *cmd, const char *usage, int argc, char **argv, const char **suite,
                       struct cli_measure *m);
/* What report and history share: which runs make the history, and how change points are listed. */
#define CLI_OPTS_HISTORY \
	{ "history", 'H', "N", "the last N runs of the suite (2 or more)", 0 }, \
	{ "since", 'S', "YYYY-MM-DD", "the runs of the suite since that day", 0 }, \
	{ "min-step", 'm', "PCT", "the smallest change point listed (default: each case's threshold)", 0 }, \
	{ "commit-url", 'u', "URL", "link commits to URL/commit/SHA (default: from the git remote origin)", 0 }
struct report_opts;
/* An option of CLI_OPTS_HISTORY into o: EXIT_OK, EXIT_USAGE after a message, or -1 when `key` is none of them. */
int cli_history_opt(const char *cmd, int key, const char *arg, struct report_opts *o);
/* After the options: at most one RUN argument, into o->run_spec; EXIT_OK or EXIT_USAGE. */
int cli_run_arg(const char *cmd, int argc, char **argv, struct report_opts *o);
/* While a run measures: SIGINT and SIGTERM set cli_stop (the engine's stop flag) instead of killing. */
extern volatile int cli_stop;
struct cli_signals {
	struct sigaction old_int, old_term;
};
void cli_signals_catch(struct cli_signals *saved);
void cli_signals_restore(const struct cli_signals *saved);

/* Measure cases idx[0..n) (NULL: all) with SIGINT/SIGTERM caught; a failing sink is reported. */
int cli_run_cases(struct runner *x, const size_t *idx, size_t n);

#endif
