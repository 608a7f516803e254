/* Printing runs. */
#include "config.h"

#include "output.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decode-rate.h"
#include "export-json.h"
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

int output_latency_percentiles(const struct case_result *c, double p[3])
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

/* "  noisy: CI 4.2% of the median, target 1%" for a noisy case, else "". */
static void noisy_note(char *buf, size_t len, const struct case_result *c)
{
	if (case_noisy(c))
		snprintf(buf, len, "  noisy: CI %.3g%% of the median, target %.3g%%", 100 * stats_ci_rel_width(&c->stats),
		         100 * c->target_ci);
	else
		buf[0] = '\0';
}

/* "  ±4.1% between 3 processes" for a case measured in several worker processes, else "". */
/* "12.34 GB/s", or "- GB/s" for a case that moves no bytes it can name, 6 wide. */
static const char *fmt_gbps(char *buf, size_t len, double gbps)
{
	if (isfinite(gbps))
		snprintf(buf, len, "%6.2f GB/s", gbps);
	else
		snprintf(buf, len, "%6s GB/s", "-");
	return buf;
}

static const char *fmt_spread(char *buf, size_t len, const struct case_result *c)
{
	buf[0] = '\0';
	if (case_processes(c) > 1 && isfinite(c->process_spread))
		snprintf(buf, len, "  \u00b1%.1f%% between %u processes", c->process_spread * 100, case_processes(c));
	return buf;
}

void output_case_line(FILE *f, const struct case_result *c)
{
	char med[32], lo[32], hi[32], rate[48], pct[3][32], noisy[96], spread[64], gb[32];
	double p[3];

	if (c->status != CASE_OK) {
		fprintf(f, "%-34s %-7s %s\n", c->name, case_status_name(c->status), c->detail ? c->detail : "");
		return;
	}
	fmt_time_ns(med, sizeof med, c->stats.median);
	fmt_time_ns(lo, sizeof lo, c->stats.ci_low);
	fmt_time_ns(hi, sizeof hi, c->stats.ci_high);
	fmt_rate(rate, sizeof rate, case_throughput(c), case_unit(c));
	noisy_note(noisy, sizeof noisy, c);
	if (output_latency_percentiles(c, p)) {
		for (int i = 0; i < 3; i++)
			fmt_time_ns(pct[i], sizeof pct[i], p[i]);
		fprintf(f, "%-34s %10s [%s, %s]  %14s  p50 %s  p90 %s  p99 %s  n=%zu%s  %s%s\n", c->name, med, lo, hi,
		        rate, pct[0], pct[1], pct[2], c->n_samples, fmt_spread(spread, sizeof spread, c),
		        c->detail ? c->detail : "", noisy);
		return;
	}
	fprintf(f, "%-34s %10s [%s, %s]  %14s  %s  n=%zu%s  %s%s\n", c->name, med, lo, hi, rate,
	        fmt_gbps(gb, sizeof gb, case_gbps(c)), c->n_samples, fmt_spread(spread, sizeof spread, c),
	        c->detail ? c->detail : "", noisy);
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
	char med[32], ci[80], lo[32], hi[32], rate[48], gb[32], up[32], rf[16] = "", spread[64], outl[32];

	if (c->status == CASE_OK) {
		fmt_time_ns(med, sizeof med, c->stats.median);
		fmt_time_ns(lo, sizeof lo, c->stats.ci_low);
		fmt_time_ns(hi, sizeof hi, c->stats.ci_high);
		snprintf(ci, sizeof ci, "%s - %s", lo, hi);
		fmt_rate(rate, sizeof rate, case_throughput(c), case_unit(c));
		if (isfinite(case_gbps(c)))
			snprintf(gb, sizeof gb, "%.2f", case_gbps(c));
		else
			snprintf(gb, sizeof gb, "-");
		snprintf(outl, sizeof outl, "%zu", case_outliers(c));
	} else {
		snprintf(med, sizeof med, "-");
		snprintf(ci, sizeof ci, "-");
		snprintf(rate, sizeof rate, "-");
		snprintf(gb, sizeof gb, "-");
		snprintf(outl, sizeof outl, "-");
	}
	if (isfinite(speedup))
		snprintf(up, sizeof up, "%.1fx", speedup);
	else
		snprintf(up, sizeof up, "-");
	if (roof)
		roof_cell(rf, sizeof rf, *roof);
	fmt_spread(spread, sizeof spread, c);
	if (md)
		fprintf(f, "| %s | %s | %s | %s | %s |%s%s%s %s | %s | %s%s |\n", c->name, med, ci, rate, gb, roof ? " " : "",
		        rf, roof ? " |" : "", up, outl, case_display_status(c), spread);
	else
		fprintf(f, "%-34s  %10s  %-23s  %16s  %8s  %*s%s%9s  %5s  %s%s%s%s\n", c->name, med, ci, rate, gb,
		        roof ? 8 : 0, rf, roof ? "  " : "", up, outl, term_on(f, output_case_tone(c)), case_display_status(c),
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
	size_t counts[4] = { 0, 0, 0, 0 }, noisy = 0;

	for (size_t i = 0; i < n; i++) {
		counts[cases[i].status]++;
		noisy += case_noisy(&cases[i]);
	}
	fprintf(f, "%zu ok, %zu noisy, %zu failed, %zu errors, %zu skipped\n", counts[CASE_OK] - noisy, noisy,
	        counts[CASE_FAILED], counts[CASE_ERROR], counts[CASE_SKIPPED]);
	decode_rate_print(f, md, run, cases, n);
}

static void output_table(FILE *f, int md, const struct run_info *run, const struct case_result *cases, size_t n)
{
	int roofed = roofline_any(cases, n);   /* the ROOF column only in runs with a membw case */

	if (md) {
		fprintf(f, "| case | median | 95%% CI | throughput | GB/s |%s vs scalar | outliers | status |\n",
		        roofed ? " roofline |" : "");
		fprintf(f, "|---|---:|---:|---:|---:|%s---:|---:|---|\n", roofed ? "---:|" : "");
	} else {
		fprintf(f, "%-34s  %10s  %-23s  %16s  %8s  %*s%s%9s  %5s  %s\n", "CASE", "MEDIAN", "95% CI", "THROUGHPUT",
		        "GB/s", roofed ? 8 : 0, roofed ? "ROOFLINE" : "", roofed ? "  " : "", "VS SCALAR", "OUTL", "STATUS");
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
	           "gb_per_s,roofline,boundary_elems,detail,threads,processes,process_spread,target_ci,outliers%s\n",
	        latency ? ",p50_ns,p90_ns,p99_ns" : "");
	for (size_t i = 0; i < n && !ferror(f); i++) {
		const struct case_result *c = &cases[i];
		double roof = roofline_fraction(c, cases, n);
		fprintf(f, "%" PRId64 ",", run->id);
		csv_str(f, c->name);
		fputc(',', f);
		csv_str(f, c->group);
		fprintf(f, ",%s,%s,%s,%" PRIu64 ",%" PRIu64 ",", c->op, c->scheme ? c->scheme : "", c->backend, c->m, c->k);
		csv_str(f, c->params);
		fprintf(f, ",%s,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%zu,%" PRIu64 ",%.6g,%s,",
		        case_display_status(c), c->stats.median, c->stats.ci_low, c->stats.ci_high,
		        c->stats.mean, c->stats.stddev, c->stats.mad, c->stats.min, c->stats.max, c->n_samples,
		        c->iters_per_sample, c->status == CASE_OK ? case_throughput(c) : 0.0, case_unit(c));
		if (c->status == CASE_OK && isfinite(case_gbps(c)))
			fprintf(f, "%.4f", case_gbps(c));
		fputc(',', f);
		if (isfinite(roof))
			fprintf(f, "%.4f", roof);
		fprintf(f, ",%" PRIu64 ",", c->boundary_elems);
		csv_str(f, c->detail);
		fprintf(f, ",%u,%u,", case_threads(c), case_processes(c));
		if (isfinite(c->process_spread))
			fprintf(f, "%.6g", c->process_spread);
		fputc(',', f);
		if (isfinite(c->target_ci))
			fprintf(f, "%.6g", c->target_ci);
		fprintf(f, ",%zu", case_outliers(c));
		if (latency && output_latency_percentiles(c, p))
			fprintf(f, ",%.3f,%.3f,%.3f", p[0], p[1], p[2]);
		else if (latency)
			fputs(",,,", f);
		fputc('\n', f);
	}
}

void output_run(FILE *f, enum output_format fmt, int samples, const struct run_info *run,
                const struct case_result *cases, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	switch (fmt) {
	case OUT_TABLE: output_table(f, 0, run, cases, n); break;
	case OUT_MARKDOWN: output_table(f, 1, run, cases, n); break;
	case OUT_CSV: output_csv(f, run, cases, n); break;
	case OUT_JSON:
		export_json_write(&sb, run, cases, n, samples);
		fputs(sb_str(&sb), f);
		sb_free(&sb);
		break;
	}
}

void output_show(FILE *f, enum output_format fmt, int samples, const char *prefix, const struct run_info *run,
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
	output_run(f, fmt, samples, run, cases, n);
}
