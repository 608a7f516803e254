/* bnbench history: the change points of each case of a run over its history window. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "report.h"

const struct cli_option history_options[] = {
	CLI_OPTS_HISTORY,
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int parse_opts(int argc, char **argv, struct report_opts *o)
{
	int c, rc;

	memset(o, 0, sizeof *o);
	o->run_spec = "latest";
	o->min_step = NAN;
	while ((c = cli_getopt(argc, argv, "history", history_options)) != -1) {
		if ((rc = cli_history_opt("history", c, optarg, o)) >= 0) {
			if (rc)
				return rc;
		} else if (c == 'h') {
			cli_help(stdout, command_find("history"));
			return -1;
		} else {
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_run_arg("history", argc, argv, o)))
		return rc;
	if (!o->history_n && !o->since_ns)
		o->history_n = REPORT_HISTORY_MAX;
	return EXIT_OK;
}

static size_t width(size_t w, const char *s)
{
	size_t n = strlen(s);
	return n > w ? n : w;
}

/* A table of the change points: case, the run and commit that start the new level, the levels, the step. */
static void print_changes(const struct report *r)
{
	size_t wc = strlen("CASE"), wr = strlen("FROM RUN"), total = 0;

	for (size_t i = 0; i < r->n_cases; i++) {
		const struct report_case *rc = &r->cases[i];
		for (size_t j = 0; j < rc->n_cps; j++) {
			char *label = report_case_label(rc->c), *tag = report_run_tag(&r->hist[rc->runs[rc->cps[j].at]].info);
			wc = width(wc, label);
			wr = width(wr, tag);
			free(label);
			free(tag);
			total++;
		}
	}
	if (total)
		printf("%-*s  %-*s  %-12s  %9s  %9s  %7s\n", (int)wc, "CASE", (int)wr, "FROM RUN", "COMMIT", "BEFORE",
		       "AFTER", "STEP");
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct report_case *rc = &r->cases[i];
		for (size_t j = 0; j < rc->n_cps; j++) {
			const struct changepoint *cp = &rc->cps[j];
			const struct run_info *run = &r->hist[rc->runs[cp->at]].info;
			char *label = report_case_label(rc->c), *tag = report_run_tag(run);
			char *link = report_commit_link(r, run->git_commit), *step = report_pct(1 + cp->step);
			char before[32], after[32];
			report_fmt_time3(before, sizeof before, cp->before);
			report_fmt_time3(after, sizeof after, cp->after);
			printf("%-*s  %-*s  %-12.12s  %9s  %9s  %7s%s%s\n", (int)wc, label, (int)wr, tag,
			       run->git_commit && *run->git_commit ? run->git_commit : "-", before, after, step,
			       link ? "  " : "", link ? link : "");
			free(label);
			free(tag);
			free(link);
			free(step);
		}
	}
	printf("%zu change point%s in %zu case%s over %zu run%s", total, total == 1 ? "" : "s", r->n_cases,
	       r->n_cases == 1 ? "" : "s", r->n_hist, r->n_hist == 1 ? "" : "s");
	if (r->n_hist)
		printf(" (%" PRId64 " to %" PRId64 ")", r->hist[0].info.id, r->hist[r->n_hist - 1].info.id);
	printf(".\n");
}

int cmd_history(int argc, char **argv, const struct global_opts *g)
{
	struct report_opts o;
	struct report r;
	struct store *s;
	struct bnb_err e = { 0, "" };
	int rc = parse_opts(argc, argv, &o), status;

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (cli_open_store(g, STORE_READONLY, &s, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	status = report_load(s, &o, &r, &e);
	store_close(s);
	if (status != BNB_OK) {
		die_msg("%s", e.msg);
		report_free(&r);
		return EXIT_USAGE;
	}
	if (r.hist_dropped)
		warn_msg("history: %zu older runs left out (at most %d runs are read)", r.hist_dropped, REPORT_HISTORY_MAX);
	printf("Run %" PRId64 ", suite %s on host %s:\n", r.run.info.id, r.run.info.suite ? r.run.info.suite : "-",
	       r.run.info.host ? r.run.info.host : "-");
	print_changes(&r);
	report_free(&r);
	return EXIT_OK;
}
