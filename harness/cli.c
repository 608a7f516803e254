/* Pieces several commands share. */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int cli_measure_opt(const char *cmd, int opt, const char *arg, double *threshold, int *cpu, uint64_t *timeout_ns)
{
	uint64_t v;

	switch (opt) {
	case 't':
		if (parse_percent(arg, threshold) || !(*threshold > 0 && *threshold < 1)) {
			die_msg("%s: invalid --threshold '%s' (a percentage such as 5%%)", cmd, arg);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	case 'c':
		if (parse_u64(arg, &v) || v > 4095) {
			die_msg("%s: invalid --cpu '%s'", cmd, arg);
			return EXIT_USAGE;
		}
		*cpu = (int)v;
		return EXIT_OK;
	case 'T':
		if (parse_duration_ns(arg, timeout_ns) || !*timeout_ns) {
			die_msg("%s: invalid --timeout '%s' (a duration such as 30s)", cmd, arg);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	}
	return EXIT_USAGE;
}

int cli_check_writable(const char *path, struct bnb_err *e)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct stat st;
	int rc = BNB_OK;

	if (!*path)
		rc = err_set(e, BNB_EINVAL, "'': empty file name");
	else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		rc = err_set(e, BNB_EINVAL, "%s: is a directory", path);
	if (slash)
		*slash = '\0';
	if (!rc && (stat(slash ? (*dir ? dir : "/") : ".", &st) != 0 || !S_ISDIR(st.st_mode)))
		rc = err_set(e, BNB_ENOTFOUND, "%s: cannot write: no such directory", path);
	else if (!rc && access(slash ? (*dir ? dir : "/") : ".", W_OK) != 0)
		rc = err_set(e, BNB_EIO, "%s: cannot write: %s", path, strerror(errno));
	free(dir);
	return rc;
}

int cli_run_cases(struct runner *x, const size_t *idx, size_t n)
{
	struct cli_signals sig;
	int rc;

	cli_signals_catch(&sig);
	rc = idx ? runner_cases(x, idx, n) : runner_all(x);
	cli_signals_restore(&sig);
	if (x->sink_failed)
		die_msg("%s", x->err.msg);
	return rc;
}
