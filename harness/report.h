/* bnbench report: a run, its baseline and history as gnuplot plots, markdown, CSV and HTML. */
#ifndef BNB_REPORT_H
#define BNB_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "changepoint.h"
#include "compare.h"
#include "model.h"
#include "store.h"
#include "util.h"

/* What a report of a run without a measured case says. */
#define REPORT_NOTHING "No case of this run was measured: each failed, errored or was skipped."

/* History windows longer than this keep only their newest runs. */
#define REPORT_HISTORY_MAX 200

enum report_format { REPORT_HTML = 0, REPORT_MARKDOWN, REPORT_CSV };

struct report_opts {
	const char *run_spec;      /* RUN: id, "latest" or label */
	const char *baseline;      /* --baseline NAME, or NULL */
	size_t history_n;          /* --history N; 0: none */
	uint64_t since_ns;         /* --since DATE (UTC midnight); 0: none */
	const char *out_dir;
	enum report_format format;
	int svg;
	const char *gnuplot;       /* --gnuplot, BNBENCH_GNUPLOT, or NULL for PATH */
	int require_plots;
	double min_step;           /* --min-step: the smallest change point (fraction); NAN: each case's threshold */
	const char *commit_url;    /* --commit-url, or NULL: from the git remote "origin" */
};

/* A stored run with its cases (and their samples). */
struct report_run {
	struct run_info info;
	struct case_result *cases;
	size_t n_cases;
};

/* One case against its counterpart in another run. */
struct report_change {
	const struct case_result *cur, *base;
	double ratio, ratio_low, ratio_high;   /* median time cur / base, bootstrap 95% CI */
	enum compare_class cls;                /* regressed, improved, unchanged or inconclusive */
};

/* A regression between two consecutive runs of the history. */
struct report_regression {
	size_t run;                  /* index into report.hist of the newer run */
	struct report_change change;
};

/* A measured case of the run: its page, its baseline counterpart and its history. */
struct report_case {
	const struct case_result *c;
	const struct case_result *base;      /* the baseline's case, or NULL */
	const struct report_change *change;  /* against the baseline, or NULL */
	char *page;                          /* its page: "case-quantize-i2s-avx2-65536.html" */
	size_t *runs, n_runs;                /* the history runs (indexes into report.hist) that measured it */
	struct changepoint *cps;             /* change points; cps[i].at indexes runs */
	size_t n_cps;
};

/* Histories shorter than this get no plot. */
#define REPORT_HISTORY_MIN_PLOT 3

struct report {
	struct report_run run;
	/* the measured cases of run, in report order */
	struct report_case *cases;
	size_t n_cases;
	char *commit_url;                /* "https://host/owner/repo" (commit links: URL/commit/SHA), or NULL */
	/* --baseline */
	char *base_name;
	struct report_run base;
	int has_base, base_criterion;    /* base_criterion: imported Criterion run (source "criterion") */
	struct report_change *changes;   /* cases of run matched in base, in run order */
	size_t n_changes;
	/* --history / --since: oldest first, the report's run last */
	struct report_run *hist;
	size_t n_hist;
	size_t hist_dropped;             /* older runs left out beyond REPORT_HISTORY_MAX */
	/* the cases of run followed through the history: per op and scheme, its largest size */
	const struct case_result **tracked;
	size_t n_tracked;
	struct report_regression *regs;
	size_t n_regs;
};

/* Sections of the report, in document order. */
enum report_section { SEC_CASES = 0, SEC_THROUGHPUT, SEC_GEMV, SEC_SPEEDUP, SEC_BASELINE, SEC_HISTORY, SEC_COUNT };
const char *report_section_title(enum report_section s);

/* A table of formatted cells. */
struct report_table {
	enum report_section section;
	char *title;         /* heading above it */
	char *caption;       /* a note below the heading, or NULL */
	size_t n_cols, n_rows, cap_rows;
	char **head;         /* n_cols */
	char *align;         /* 'l' or 'r' per column */
	char **cells;        /* n_rows x n_cols */
	char **links;        /* n_rows x n_cols: a cell's link in HTML, or NULL; NULL: none at all */
	size_t page;         /* as report_chart.page */
};

enum chart_kind {
	CHART_LINES,      /* numeric x (log), one line with error bars per series */
	CHART_BARS,       /* x categories, a bar per series (histogram style) */
	CHART_CHANGE,     /* x categories, one bar each coloured by verdict, with whiskers */
	CHART_HISTORY,    /* x runs, a line and CI band per series, regressions and change points marked */
	CHART_DIST,       /* the samples of each series as a density (kernel density estimate) */
	CHART_ORDER       /* the samples of each series in the order they were taken */
};

/* chart_point.mark of a history point */
enum { MARK_REGRESSION = 1, MARK_CHANGE = 2 };

struct chart_point {
	size_t cat;       /* category index (bars, change, history) */
	double x;         /* numeric x (lines) */
	double y, lo, hi; /* lo/hi NAN: no error bar */
	int mark;         /* change: enum compare_class; history: a regression here */
};

struct chart_series {
	char *title;
	struct chart_point *pts;
	size_t n, cap;
};

struct report_chart {
	enum report_section section;
	enum chart_kind kind;
	char *name;                 /* file stem: throughput-quantize-i2s */
	char *title, *xlabel, *ylabel;
	char *subtitle;             /* a second title line in the image, may be NULL */
	char *unit;                 /* of y, for the CSV */
	char *caption;              /* shown under the image, may be NULL */
	double ref_y;               /* a reference line (1 for speed-ups, 0 for changes); NAN: none */
	int logy;                   /* log scale y (speed-ups spanning decades) */
	char **cats;
	size_t n_cats;
	struct chart_series *series;
	size_t n_series;
	char *image;                /* file name once rendered, else NULL */
	size_t page;                /* 0: index.html; i + 1: the page of report.cases[i] */
};

struct report_doc {
	struct report_chart *charts;
	size_t n_charts;
	struct report_table *tables;
	size_t n_tables;
};

/* The run's headline facts (run, suite, label, commit, ...): values to free. */
struct report_fact {
	const char *key;
	char *value;
};

/* YYYY-MM-DD as ns since the epoch at 00:00 UTC; -1 if malformed. */
int report_parse_date(const char *s, uint64_t *out);
/* report.c: load what the options ask for (and nothing more). */
int report_load(struct store *s, const struct report_opts *o, struct report *r, struct bnb_err *e);
void report_free(struct report *r);
void report_doc_free(struct report_doc *d);
/* The case of `run` with the same op, scheme, backend, shape and params as `c`, or NULL. */
const struct case_result *report_find_case(const struct report_run *run, const struct case_result *c);
/* The case of an imported (Criterion) run doing c's job: same op, scheme in any case, and size. */
const struct case_result *report_find_foreign(const struct report_run *base, const struct case_result *c);
/* A run's x label in history plots: "12 1a2b3c4 label". */
char *report_run_tag(const struct run_info *run);
int report_backend_rank(const char *backend);               /* scalar, sse, avx2, avx512, cuda, others */
/* Stable sort by op, then scheme (each in order of first appearance in run), size, backend. */
void report_sort_cases(const struct report_run *run, const struct case_result **v, size_t n);
/* The measured (ok) cases of run, sorted so; *n of them.  Free the array. */
const struct case_result **report_sorted_cases(const struct report_run *run, size_t *n);
/* Append s to sb as a file-name-safe stem: letters, digits, '-' and '_'; others become '-'. */
void report_stem_add(struct strbuf *sb, const char *s);
char *report_shape(const struct case_result *c);            /* "65536" or "2560x6912" */
void report_fmt_time3(char *buf, size_t len, double ns);    /* "1.63 ms", "889 us" */
void report_fmt_rate3(char *buf, size_t len, double per_s, const char *unit);  /* "629 Kelem/s" */
/* Scale for a set of rates: the largest of 1, 1e3, 1e6, 1e9, 1e12 not above max; prefix in *prefix. */
double report_rate_scale(double max, const char **prefix);

/*
 * "https://host/path" from a git remote URL: http(s) only, without user
 * information, a trailing ".git" or "/"; NULL for any other remote.
 */
char *report_commit_url_base(const char *remote);
/* The commit's web page (URL/commit/SHA), or NULL without a URL or a hexadecimal commit. */
char *report_commit_link(const struct report *r, const char *sha);
/* `git remote get-url origin` in the current folder, or NULL. */
char *report_git_origin(void);

/* report-chart.c: the charts of a report. */
void report_charts_build(const struct report *r, struct report_doc *d);
/* The chart named prefix-a-b (made file-name safe), made empty if new (*created set then). */
struct report_chart *report_chart_get(struct report_doc *d, enum report_section sec, enum chart_kind kind,
                                      const char *prefix, const char *a, const char *b, int *created);
size_t report_chart_cat(struct report_chart *ch, const char *label);
struct chart_series *report_chart_series(struct report_chart *ch, const char *title);
void report_series_add(struct chart_series *s, size_t cat, double x, double y, double lo, double hi, int mark);
/* Whether compare found c regressed in history run `run` against the one before. */
int report_regressed_at(const struct report *r, size_t run, const struct case_result *c);

/* report-table.c: the tables, and the markdown and CSV documents. */
void report_tables_build(const struct report *r, struct report_doc *d);
struct report_table *report_table_new(struct report_doc *d, enum report_section sec, char *title,
                                      const char *const *head, size_t n_cols);
/* Append a row of n_cols cells, which the table takes over. */
void report_table_row(struct report_table *t, char **cells);
/* Link cell `col` of the last row to `url` (taken over; NULL: none). */
void report_table_link(struct report_table *t, size_t col, char *url);
/* Formatted, to free: "1.63 ms", "629 Kelem/s", "3.14" (three significant digits), "+9.1%", "+2.0% .. +4.1%". */
char *report_time3(double ns);
char *report_rate3(double per_s, const char *unit);
char *report_num3(double v);
char *report_pct(double ratio);
char *report_pct_ci(double lo, double hi);
size_t report_facts(const struct report *r, struct report_fact *out, size_t max);
void report_markdown(const struct report *r, const struct report_doc *d, struct strbuf *out);
void report_csv(const struct report_doc *d, struct strbuf *out);

/* report-case.c: the charts of each case's page, and the change-point table. */
void report_case_charts_build(const struct report *r, struct report_doc *d);
void report_case_tables_build(const struct report *r, struct report_doc *d);
/* A case's label: "quantize/i2s/avx2/65536", with its threads when more than one. */
char *report_case_label(const struct case_result *c);

/* report-html.c: index.html; plot_note (may be NULL) says why plots are missing. */
void report_html(const struct report *r, const struct report_doc *d, const char *plot_note,
                 struct strbuf *out);
/* report-page.c: the page of report.cases[i]. */
void report_html_case(const struct report *r, const struct report_doc *d, size_t i, struct strbuf *out);
/* report-html.c: shared by the pages. */
void report_html_esc(struct strbuf *out, const char *s);
void report_html_head(struct strbuf *out, const char *title);
void report_html_figure(struct strbuf *out, const struct report_chart *ch);
void report_html_table(struct strbuf *out, const struct report_table *t);

/* report-plot.c */
/*
 * Write NAME.dat and NAME.gp of every chart into `dir` and, with a gnuplot,
 * draw them (report_gnuplot_draw).  *failed counts the charts without an
 * image; gnuplot's messages, and why a chart failed, are added to `warnings`,
 * a line each.  Errors: writing a file (BNB_EIO).
 */
int report_plots_write(struct report_doc *d, const char *dir, const char *gnuplot, int svg,
                       size_t *failed, struct strbuf *warnings, struct bnb_err *e);

/* report-gnuplot.c */
/*
 * The gnuplot program, as an absolute path: `explicit_path` (--gnuplot or
 * BNBENCH_GNUPLOT) if given, else "gnuplot" on PATH.  NULL if not found or
 * not executable.
 */
char *report_gnuplot_find(const char *explicit_path);
/*
 * Run gnuplot on the charts' scripts with `dir` as its working directory; set
 * each chart's image, and add gnuplot's messages and failures to `warnings`.
 */
void report_gnuplot_draw(struct report_doc *d, const char *dir, const char *gnuplot, int svg,
                         struct strbuf *warnings);

#endif
