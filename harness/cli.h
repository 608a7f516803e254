/* Pieces several commands share: the database path, the signals of a run. */
#ifndef BNB_CLI_H
#define BNB_CLI_H

#include <signal.h>

#include "commands.h"
#include "compare.h"
#include "model.h"
#include "plan.h"
#include "runner.h"
#include "store.h"
#include "util.h"

#include <stdint.h>

#define CLI_DEFAULT_DB "results/bnbench.db"

/* The database: --db, else BNBENCH_DB, else results/bnbench.db. */
const char *cli_db_path(const struct global_opts *g);
/* Open it; for the default path with STORE_CREATE, its results/ folder is created. */
int cli_open_store(const struct global_opts *g, unsigned flags, struct store **out, struct bnb_err *e);

struct option;
/*
 * getopt_long() for the command `cmd` (NULL: the global options), with errors in
 * bnbench's words: "bnbench: run: unknown option '--lable' (did you mean
 * '--label'?)", a missing argument, an argument to an option that takes none.
 * Returns what getopt_long() returns, '?' after printing such an error.
 */
int cli_getopt(int argc, char **argv, const char *cmd, const char *shortopts, const struct option *longopts);

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
