/* Pieces several commands share. */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *cli_db_path(const struct global_opts *g)
{
	const char *env = getenv("BNBENCH_DB");

	if (g->db_path)
		return g->db_path;
	if (env && *env)
		return env;
	return CLI_DEFAULT_DB;
}

int cli_open_store(const struct global_opts *g, unsigned flags, struct store **out, struct bnb_err *e)
{
	const char *path = cli_db_path(g);

	if ((flags & STORE_CREATE) && strcmp(path, CLI_DEFAULT_DB) == 0 && mkdir("results", 0777) != 0 &&
	    errno != EEXIST)
		return err_set(e, BNB_EIO, "results: cannot create the folder: %s", strerror(errno));
	return store_open(path, flags, out, e);
}

volatile int cli_stop;

static void on_signal(int sig)
{
	(void)sig;
	cli_stop = 1;
}

void cli_signals_catch(struct cli_signals *saved)
{
	struct sigaction sa;

	cli_stop = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &saved->old_int);
	sigaction(SIGTERM, &sa, &saved->old_term);
}

void cli_signals_restore(const struct cli_signals *saved)
{
	sigaction(SIGINT, &saved->old_int, NULL);
	sigaction(SIGTERM, &saved->old_term, NULL);
}

int cli_compare_status(const struct compare_result *res, int fail_on_inconclusive)
{
	switch (compare_verdict(res, fail_on_inconclusive)) {
	case VERDICT_REGRESSED: return EXIT_REGRESSION;
	case VERDICT_INCONCLUSIVE: return EXIT_INCONCLUSIVE;
	case VERDICT_PASS: break;
	}
	return EXIT_OK;
}
