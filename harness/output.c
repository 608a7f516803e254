/* Printing runs. */
#include "config.h"

#include "output.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decode-rate.h"
#include "roofline.h"
#include "term.h"
#include "util.h"

int output_format_parse(const char *s)
{
	static const char *const names[] = { "table", "json", "csv", "markdown" };
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* p50, p90, p99 of the raw samples of a measured case without a scheme (a request's latency). */
static int latency_percentiles(const struct case_result *c, double p[3])
{
	double *sorted;

	if (c->status != CASE_OK || !c->n_samples || strcmp(case_unit(c), "op") != 0)
		return 0;
	sorted = xmalloc(c->n_samples * sizeof *sorted);
	memcpy(sorted, c->samples, c->n_samples * sizeof *sorted);
	qsort(sorted, c->n_samples, sizeof *sorted, cmp_double);
	p[0] = stats_quantile_sorted(sorted, c->n_samples, 0.50);
	p[1] = stats_quantile_sorted(sorted, c->n_samples, 0.90);
	p[2] = stats_quantile_sorted(sorted, c->n_samples, 0.99);
	free(sorted);
	return 1;
}

/* "  ±4.1% between 3 processes" for a case measured in several worker processes, else "". */
static const char *fmt_spread(char *buf, size_t len, const struct case_result *c)
{
	buf[0] = '\0';
	if (case_processes(c) > 1 && isfinite(c->process_spread))
		snprintf(buf, len, "  \u00b1%.1f%% between %u processes", c->process_spread * 100, case_processes(c));
	return buf;
}

void output_case_line(FILE *f, const struct case_result *c)
{
	char med[32], lo[32], hi[32], rate[48], pct[3][32], spread[64];
	double p[3];

	if (c->status != CASE_OK) {
		fprintf(f, "%-34s %-7s %s\n", c->name, case_status_name(c->status), c->detail ? c->detail : "");
		return;
	}
	fmt_time_ns(med, sizeof med, c->stats.median);
	fmt_time_ns(lo, sizeof lo, c->stats.ci_low);
	fmt_time_ns(hi, sizeof hi, c->stats.ci_high);
	fmt_rate(rate, sizeof rate, case_throughput(c), case_unit(c));
	if (latency_percentiles(c, p)) {
		for (int i = 0; i < 3; i++)
			fmt_time_ns(pct[i], sizeof pct[i], p[i]);
		fprintf(f, "%-34s %10s [%s, %s]  %14s  p50 %s  p90 %s  p99 %s  n=%zu%s  %s\n", c->name, med, lo, hi,
		        rate, pct[0], pct[1], pct[2], c->n_samples, fmt_spread(spread, sizeof spread, c),
		        c->detail ? c->detail : "");
		return;
	}
	fprintf(f, "%-34s %10s [%s, %s]  %14s  %6.2f GB/s  n=%zu%s  %s\n", c->name, med, lo, hi, rate,
	        case_gbps(c), c->n_samples, fmt_spread(spread, sizeof spread, c), c->detail ? c->detail : "");
}

/* Speed-up over the run's scalar case of the same op, scheme, shape and parameters, or NAN. */
static double vs_scalar(const struct case_result *c, const struct case_result *cases, size_t n)
{
	if (c->status != CASE_OK || !c->scheme)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		const struct case_result *s = &cases[i];
		if (s->status == CASE_OK && strcmp(s->backend, "scalar") == 0 && case_same_work(s, c))
			return s->stats.median / c->stats.median;
	}
	return NAN;
}

/* The roofline cell: c's share of the bandwidth its footprint allows, as a percentage. */
static void roof_cell(char *buf, size_t len, double fraction)
{
	if (isfinite(fraction))
		snprintf(buf, len, fraction < 0.0995 ? "%.1f%%" : "%.0f%%", fraction * 100);
	else
		snprintf(buf, len, "-");
}

/* roof: the roofline fraction, or NULL for a run without a roofline column. */
static void table_row(FILE *f, int md, const struct case_result *c, double speedup, const double *roof)
{
	char med[32], ci[80], lo[32], hi[32], rate[48], gb[32], up[32], rf[16] = "", spread[64];

	if (c->status == CASE_OK) {
		fmt_time_ns(med, sizeof med, c->stats.median);
		fmt_time_ns(lo, sizeof lo, c->stats.ci_low);
		fmt_time_ns(hi, sizeof hi, c->stats.ci_high);
		snprintf(ci, sizeof ci, "%s - %s", lo, hi);
		fmt_rate(rate, sizeof rate, case_throughput(c), case_unit(c));
		snprintf(gb, sizeof gb, "%.2f", case_gbps(c));
	} else {
		snprintf(med, sizeof med, "-");
		snprintf(ci, sizeof ci, "-");
		snprintf(rate, sizeof rate, "-");
		snprintf(gb, sizeof gb, "-");
	}
	if (isfinite(speedup))
		snprintf(up, sizeof up, "%.1fx", speedup);
	else
		snprintf(up, sizeof up, "-");
	if (roof)
		roof_cell(rf, sizeof rf, *roof);
	fmt_spread(spread, sizeof spread, c);
	if (md)
		fprintf(f, "| %s | %s | %s | %s | %s |%s%s%s %s | %s%s |\n", c->name, med, ci, rate, gb, roof ? " " : "", rf,
		        roof ? " |" : "", up, case_status_name(c->status), spread);
	else
		fprintf(f, "%-34s  %10s  %-23s  %16s  %8s  %*s%s%9s  %s%s%s%s\n", c->name, med, ci, rate, gb, roof ? 8 : 0, rf,
		        roof ? "  " : "", up, term_on(f, output_case_tone(c)), case_status_name(c->status),
		        term_off(f, output_case_tone(c)), spread);
}

enum term_tone output_case_tone(const struct case_result *c)
{
	switch (c->status) {
	case CASE_FAILED: case CASE_ERROR: return TONE_BAD;
	case CASE_SKIPPED: return TONE_DIM;
	default: return case_noisy(c) ? TONE_WARN : TONE_NONE;
	}
}

void output_summary(FILE *f, int md, const struct run_info *run, const struct case_result *cases, size_t n)
{
	size_t counts[4] = { 0, 0, 0, 0 };

	for (size_t i = 0; i < n; i++)
		counts[cases[i].status]++;
	fprintf(f, "%zu ok, %zu failed, %zu errors, %zu skipped\n", counts[CASE_OK], counts[CASE_FAILED],
	        counts[CASE_ERROR], counts[CASE_SKIPPED]);
	decode_rate_print(f, md, run, cases, n);
}

static void output_table(FILE *f, int md, const struct run_info *run, const struct case_result *cases, size_t n)
{
	int roofed = roofline_any(cases, n);   /* the ROOF column only in runs with a membw case */

	if (md) {
		fprintf(f, "| case | median | 95%% CI | throughput | GB/s |%s vs scalar | status |\n",
		        roofed ? " roofline |" : "");
		fprintf(f, "|---|---:|---:|---:|---:|%s---:|---|\n", roofed ? "---:|" : "");
	} else {
		fprintf(f, "%-34s  %10s  %-23s  %16s  %8s  %*s%s%9s  %s\n", "CASE", "MEDIAN", "95% CI", "THROUGHPUT",
		        "GB/s", roofed ? 8 : 0, roofed ? "ROOFLINE" : "", roofed ? "  " : "", "VS SCALAR", "STATUS");
	}
	for (size_t i = 0; i < n && !ferror(f); i++) {   /* a failed write (disk full) ends it */
		double roof = roofline_fraction(&cases[i], cases, n);
		table_row(f, md, &cases[i], vs_scalar(&cases[i], cases, n), roofed ? &roof : NULL);
	}
	fputs(md ? "\n" : "", f);
	output_summary(f, md, run, cases, n);
}

static void csv_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void output_csv(FILE *f, const struct run_info *run, const struct case_result *cases, size_t n)
{
	int latency = 0;   /* latency columns only in runs that have such cases */
	double p[3];

	for (size_t i = 0; i < n && !latency; i++)
		latency = strcmp(case_unit(&cases[i]), "op") == 0;
	fprintf(f, "run,case,group,op,scheme,backend,m,k,params,status,median_ns,ci_low_ns,ci_high_ns,"
	           "mean_ns,stddev_ns,mad_ns,min_ns,max_ns,samples,iters_per_sample,throughput_per_s,unit,"
	           "gb_per_s,roofline,boundary_elems,detail%s\n", latency ? ",p50_ns,p90_ns,p99_ns" : "");
	for (size_t i = 0; i < n && !ferror(f); i++) {
		const struct case_result *c = &cases[i];
		double roof = roofline_fraction(c, cases, n);
		fprintf(f, "%" PRId64 ",", run->id);
		csv_str(f, c->name);
		fputc(',', f);
		csv_str(f, c->group);
		fprintf(f, ",%s,%s,%s,%" PRIu64 ",%" PRIu64 ",", c->op, c->scheme ? c->scheme : "", c->backend, c->m, c->k);
		csv_str(f, c->params);
		fprintf(f, ",%s,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%zu,%" PRIu64 ",%.6g,%s,%.4f,",
		        case_status_name(c->status), c->stats.median, c->stats.ci_low, c->stats.ci_high,
		        c->stats.mean, c->stats.stddev, c->stats.mad, c->stats.min, c->stats.max, c->n_samples,
		        c->iters_per_sample, c->status == CASE_OK ? case_throughput(c) : 0.0, case_unit(c),
		        c->status == CASE_OK ? case_gbps(c) : 0.0);
		if (isfinite(roof))
			fprintf(f, "%.4f", roof);
		fprintf(f, ",%" PRIu64 ",", c->boundary_elems);
		csv_str(f, c->detail);
		if (latency && latency_percentiles(c, p))
			fprintf(f, ",%.3f,%.3f,%.3f", p[0], p[1], p[2]);
		else if (latency)
			fputs(",,,", f);
		fputc('\n', f);
	}
}

static void json_num(struct strbuf *sb, const char *key, double v, int last)
{
	if (isfinite(v))
		sb_addf(sb, "\"%s\": %.17g%s", key, v, last ? "" : ", ");
	else
		sb_addf(sb, "\"%s\": null%s", key, last ? "" : ", ");
}

static void output_json(FILE *f, const struct run_info *run, const struct case_result *cases, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	double p[3];

	sb_addf(&sb, "{\n  \"run\": {\"id\": %" PRId64 ", \"suite\": ", run->id);
	sb_add_json_str(&sb, run->suite);
	sb_adds(&sb, ", \"label\": ");
	if (run->label)
		sb_add_json_str(&sb, run->label);
	else
		sb_adds(&sb, "null");
	sb_addf(&sb, ", \"status\": \"%s\", \"started_ns\": %" PRIu64 ", \"host\": ", run_status_name(run->status),
	        run->started_ns);
	sb_add_json_str(&sb, run->host);
	sb_adds(&sb, ", \"env\": {");
	for (size_t i = 0; i < run->n_env; i++) {
		sb_adds(&sb, i ? ", " : "");
		sb_add_json_str(&sb, run->env[i].key);
		sb_adds(&sb, ": ");
		sb_add_json_str(&sb, run->env[i].value);
	}
	sb_adds(&sb, "}},\n  \"cases\": [");
	for (size_t i = 0; i < n; i++) {
		const struct case_result *c = &cases[i];
		sb_adds(&sb, i ? ",\n    {" : "\n    {");
		sb_adds(&sb, "\"name\": ");
		sb_add_json_str(&sb, c->name);
		sb_adds(&sb, ", \"group\": ");
		sb_add_json_str(&sb, c->group);
		sb_addf(&sb, ", \"op\": \"%s\", \"scheme\": ", c->op);
		sb_add_json_str(&sb, c->scheme);
		sb_addf(&sb, ", \"backend\": \"%s\", \"m\": %" PRIu64 ", \"k\": %" PRIu64 ", \"params\": ", c->backend,
		        c->m, c->k);
		sb_add_json_str(&sb, c->params);
		sb_addf(&sb, ", \"status\": \"%s\", \"detail\": ", case_status_name(c->status));
		sb_add_json_str(&sb, c->detail);
		sb_addf(&sb, ", \"samples\": %zu, \"iters_per_sample\": %" PRIu64 ", \"processes\": %u, ", c->n_samples,
		        c->iters_per_sample, case_processes(c));
		json_num(&sb, "process_spread", c->process_spread, 0);
		json_num(&sb, "median_ns", c->stats.median, 0);
		json_num(&sb, "ci_low_ns", c->stats.ci_low, 0);
		json_num(&sb, "ci_high_ns", c->stats.ci_high, 0);
		json_num(&sb, "mean_ns", c->stats.mean, 0);
		json_num(&sb, "stddev_ns", c->stats.stddev, 0);
		json_num(&sb, "mad_ns", c->stats.mad, 0);
		json_num(&sb, "min_ns", c->stats.min, 0);
		json_num(&sb, "max_ns", c->stats.max, 0);
		if (latency_percentiles(c, p)) {
			json_num(&sb, "p50_ns", p[0], 0);
			json_num(&sb, "p90_ns", p[1], 0);
			json_num(&sb, "p99_ns", p[2], 0);
		}
		sb_addf(&sb, "\"unit\": \"%s\", ", case_unit(c));
		json_num(&sb, "throughput_per_s", c->status == CASE_OK ? case_throughput(c) : NAN, 0);
		json_num(&sb, "gb_per_s", c->status == CASE_OK ? case_gbps(c) : NAN, 0);
		json_num(&sb, "roofline", roofline_fraction(c, cases, n), 1);
		sb_adds(&sb, "}");
	}
	sb_adds(&sb, "\n  ]\n}\n");
	fputs(sb_str(&sb), f);
	sb_free(&sb);
}

void output_run(FILE *f, enum output_format fmt, const struct run_info *run,
                const struct case_result *cases, size_t n)
{
	switch (fmt) {
	case OUT_TABLE: output_table(f, 0, run, cases, n); break;
	case OUT_MARKDOWN: output_table(f, 1, run, cases, n); break;
	case OUT_CSV: output_csv(f, run, cases, n); break;
	case OUT_JSON: output_json(f, run, cases, n); break;
	}
}

void output_show(FILE *f, enum output_format fmt, const char *prefix, const struct run_info *run,
                 const struct case_result *cases, size_t n, int show_env)
{
	if (fmt == OUT_TABLE) {
		fprintf(f, "%srun %" PRId64 ": suite %s, %s", prefix ? prefix : "", run->id,
		        run->suite ? run->suite : "-", run_status_name(run->status));
		if (run->label)
			fprintf(f, ", label %s", run->label);
		if (run->git_commit)
			fprintf(f, ", commit %.12s%s", run->git_commit, run->git_dirty ? " (dirty)" : "");
		fprintf(f, ", host %s, source %s\n", run->host && *run->host ? run->host : "-",
		        run->source && *run->source ? run->source : "-");
		for (size_t i = 0; show_env && i < run->n_env; i++)
			fprintf(f, "  %-24s %s\n", run->env[i].key, run->env[i].value);
		fprintf(f, "\n");
	}
	output_run(f, fmt, run, cases, n);
}
