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

int cli_compare_status(const struct compare_result *res, int fail_on_inconclusive)
{
	switch (compare_verdict(res, fail_on_inconclusive)) {
	case VERDICT_REGRESSED: return EXIT_REGRESSION;
	case VERDICT_INCONCLUSIVE: return EXIT_INCONCLUSIVE;
	case VERDICT_PASS: break;
	}
	return EXIT_OK;
}
