/* bnbench report: gnuplot plots, an HTML page, markdown and CSV of a run, its baseline and history. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "report.h"

#define DEFAULT_DIR "results/report"
#define INSTALL_HINT "install it with 'apt-get install gnuplot-nox' or pass --gnuplot PATH"

static int mkdir_p(const char *path, struct bnb_err *e)
{
	char *p = xstrdup(path);
	struct stat st;
	int status = BNB_OK;

	for (char *q = p + 1; ; q++) {
		char c = *q;
		if (c != '/' && c != '\0')
			continue;
		*q = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			status = err_set(e, BNB_EIO, "%s: cannot create folder: %s", p, strerror(errno));
		*q = c;
		if (status != BNB_OK || c == '\0')
			break;
	}
	if (status == BNB_OK && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)))
		status = err_set(e, BNB_EIO, "%s: not a folder", path);
	free(p);
	return status;
}

const struct cli_option report_options[] = {
	{ "baseline", 'b', "NAME", "compare with this baseline", 0 },
	{ "output", 'o', "DIR", "the folder to write (default results/report)", CLI_SHORT },
	{ "format", 'f', "FORMAT", "only html, markdown or csv", CLI_SHORT },
	{ "svg", 's', NULL, "plots as SVG", 0 },
	{ "png", 'p', NULL, "plots as PNG (default)", 0 },
	{ "gnuplot", 'g', "PATH", "the gnuplot program", 0 },
	{ "require-plots", 'r', NULL, "fail when gnuplot is missing", 0 },
	CLI_OPTS_HISTORY,
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int parse_opts(int argc, char **argv, struct report_opts *o)
{
	int c, rc;

	memset(o, 0, sizeof *o);
	o->min_step = NAN;
	o->run_spec = "latest";
	o->out_dir = DEFAULT_DIR;
	o->gnuplot = getenv("BNBENCH_GNUPLOT");
	while ((c = cli_getopt(argc, argv, "report", report_options)) != -1) {
		if ((rc = cli_history_opt("report", c, optarg, o)) >= 0) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'b': o->baseline = optarg; break;
		case 'o': o->out_dir = optarg; break;
		case 'f':
			if (strcmp(optarg, "html") == 0)
				o->format = REPORT_HTML;
			else if (strcmp(optarg, "markdown") == 0)
				o->format = REPORT_MARKDOWN;
			else if (strcmp(optarg, "csv") == 0)
				o->format = REPORT_CSV;
			else {
				die_msg("report: unknown format '%s' (html, markdown or csv)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 's': o->svg = 1; break;
		case 'p': o->svg = 0; break;
		case 'g': o->gnuplot = optarg; break;
		case 'r': o->require_plots = 1; break;
		case 'h': cli_help(stdout, command_find("report")); return -1;
		default: return EXIT_USAGE;
		}
	}
	if ((rc = cli_run_arg("report", argc, argv, o)))
		return rc;
	if (!*o->out_dir) {
		die_msg("report: empty output folder");
		return EXIT_USAGE;
	}
	if (o->gnuplot && !*o->gnuplot)
		o->gnuplot = NULL;
	return EXIT_OK;
}

static int write_doc(const char *dir, const char *name, const struct strbuf *sb, struct bnb_err *e)
{
	char *path = xasprintf("%s/%s", dir, name);
	int status = file_write_atomic(path, sb_str(sb), sb->len, e);
	free(path);
	return status;
}

/*
 * Write the plots' scripts and draw them: BNB_OK, the status of a write error
 * (in e), or -1 where --require-plots is not met.  *note: why plots are missing.
 */
static int plots(const struct report_opts *o, struct report_doc *d, char **note, struct bnb_err *e)
{
	char *gnuplot = report_gnuplot_find(o->gnuplot);
	struct strbuf warnings = STRBUF_INIT;
	size_t failed = 0;
	int status, found = gnuplot != NULL;

	*note = NULL;
	if (!gnuplot) {
		char *msg = o->gnuplot ? xasprintf("gnuplot not found at '%s': " INSTALL_HINT, o->gnuplot)
		                       : xstrdup("gnuplot not found: " INSTALL_HINT);
		if (o->require_plots)
			die_msg("%s", msg);
		else
			warn_msg("%s (the report has no plots; its .gp scripts are written)", msg);
		*note = xasprintf("No plots: %s. The gnuplot scripts (.gp) and their data (.dat) are in this folder: "
		                  "run 'gnuplot NAME.gp' there to draw them.", msg);
		free(msg);
	}
	status = report_plots_write(d, o->out_dir, gnuplot, o->svg, &failed, &warnings, e);
	for (const char *p = sb_str(&warnings); *p;) {
		size_t len = strcspn(p, "\n");
		warn_msg("%.*s", (int)len, p);
		p += len + (p[len] == '\n');
	}
	if (status == BNB_OK && found && failed && !*note)
		*note = xasprintf("%zu of %zu plots could not be drawn (see the warnings of bnbench report).", failed,
		                  d->n_charts);
	sb_free(&warnings);
	free(gnuplot);
	if (status != BNB_OK)
		return status;
	if (o->require_plots && (!found || failed)) {
		if (failed)
			die_msg("report: %zu of %zu plots failed (--require-plots)", failed, d->n_charts);
		return -1;
	}
	return BNB_OK;
}

int cmd_report(int argc, char **argv, const struct global_opts *g)
{
	struct report_opts o;
	struct report r;
	struct report_doc d = { 0 };
	struct store *s;
	struct strbuf doc = STRBUF_INIT;
	struct bnb_err e = { 0, "" };
	char *note = NULL;
	size_t drawn = 0;
	int rc = parse_opts(argc, argv, &o), plots_rc = 0, status;

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (cli_open_store(g, STORE_READONLY, &s, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	status = report_load(s, &o, &r, &e);
	store_close(s);
	if (status == BNB_OK)
		status = mkdir_p(o.out_dir, &e);
	if (status != BNB_OK) {
		die_msg("%s", e.msg);
		report_free(&r);
		return EXIT_USAGE;
	}
	if (r.hist_dropped)
		warn_msg("history: %zu older runs left out (at most %d runs are shown)", r.hist_dropped,
		         REPORT_HISTORY_MAX);
	report_charts_build(&r, &d);
	report_tables_build(&r, &d);
	if (o.format != REPORT_CSV) {
		plots_rc = plots(&o, &d, &note, &e);
		if (plots_rc > 0)
			status = plots_rc;
	}
	if (status == BNB_OK) {
		report_csv(&d, &doc);
		status = write_doc(o.out_dir, "report.csv", &doc, &e);
	}
	if (status == BNB_OK && o.format != REPORT_CSV) {
		sb_reset(&doc);
		report_markdown(&r, &d, &doc);
		status = write_doc(o.out_dir, "report.md", &doc, &e);
	}
	if (status == BNB_OK && o.format == REPORT_HTML) {
		sb_reset(&doc);
		report_html(&r, &d, note, &doc);
		status = write_doc(o.out_dir, "index.html", &doc, &e);
	}
	for (size_t i = 0; status == BNB_OK && o.format == REPORT_HTML && i < r.n_cases; i++) {
		sb_reset(&doc);
		report_html_case(&r, &d, i, &doc);
		status = write_doc(o.out_dir, r.cases[i].page, &doc, &e);
	}
	for (size_t i = 0; i < d.n_charts; i++)
		drawn += d.charts[i].image != NULL;
	if (status != BNB_OK) {
		die_msg("%s", e.msg);
		rc = EXIT_USAGE;
	} else {
		printf("%s/%s: run %lld, %zu plots, %zu tables\n", o.out_dir,
		       o.format == REPORT_HTML ? "index.html" : o.format == REPORT_MARKDOWN ? "report.md" : "report.csv",
		       (long long)r.run.info.id, drawn, d.n_tables);
		rc = plots_rc ? EXIT_USAGE : EXIT_OK;
	}
	free(note);
	sb_free(&doc);
	report_doc_free(&d);
	report_free(&r);
	return rc;
}
