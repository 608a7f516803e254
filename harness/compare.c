/* Comparing two runs case by case. */
#include "config.h"

#include "compare.h"
#include "term.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "process-pool.h"
#include "util.h"

#define COMPARE_SEED UINT64_C(0x626e62656e636831)

/* Env keys whose difference makes timings hard to compare (plus every plugin.NAME). */
static const char *const env_keys[] = { "cpu.model", "bnbench.version", "bnbench.cflags" };

const char *compare_class_name(enum compare_class c)
{
	static const char *const names[] = { "regressed", "not compared", "inconclusive", "unstable", "improved",
	                                     "unchanged", "only in baseline", "only in run" };
	return c < CMP_N_CLASSES ? names[c] : "unknown";
}

/* The verdict against another tool's baseline, where the ratio is a speed-up. */
static const char *foreign_name(enum compare_class c)
{
	switch (c) {
	case CMP_REGRESSED: return "slower";
	case CMP_IMPROVED: return "faster";
	case CMP_UNCHANGED: return "similar";
	default: return compare_class_name(c);
	}
}

/* Names for machine-readable output. */
static const char *class_id(const struct compare_result *res, enum compare_class c)
{
	static const char *const ids[] = { "regressed", "not_compared", "inconclusive", "unstable", "improved",
	                                   "unchanged", "only_in_baseline", "only_in_run" };
	if (res->foreign && (c == CMP_REGRESSED || c == CMP_IMPROVED || c == CMP_UNCHANGED))
		return foreign_name(c);
	return ids[c];
}

static const char *row_class_name(const struct compare_result *res, const struct compare_row *r)
{
	return res->foreign ? foreign_name(r->cls) : compare_class_name(r->cls);
}

/* Regressed and broken cases bad, improved good, the undecided a warning. */
static enum term_tone class_tone(enum compare_class c)
{
	switch (c) {
	case CMP_REGRESSED: case CMP_NOT_OK: return TONE_BAD;
	case CMP_IMPROVED: return TONE_GOOD;
	case CMP_INCONCLUSIVE: case CMP_UNSTABLE: return TONE_WARN;
	default: return TONE_NONE;
	}
}

enum compare_class compare_classify(const struct stats_compare *st, double t)
{
	if (!(st->ratio_low <= st->ratio_high) || !isfinite(st->ratio_low) || !isfinite(st->ratio_high))
		return CMP_INCONCLUSIVE;
	if (st->p_value < COMPARE_P_MAX && st->ratio_low > 1 + t)
		return CMP_REGRESSED;
	if (st->p_value < COMPARE_P_MAX && st->ratio_high < 1 - t)
		return CMP_IMPROVED;
	if (st->ratio_low >= 1 - t && st->ratio_high <= 1 + t)
		return CMP_UNCHANGED;
	return CMP_INCONCLUSIVE;
}

static uint64_t name_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

/* new against base; a side without raw samples gives the ratio of medians only. */
static void compare_cases(const struct case_result *base, const struct case_result *c, struct stats_compare *st)
{
	if (base->n_samples && c->n_samples) {
		stats_compare(base->samples, base->n_samples, c->samples, c->n_samples, COMPARE_RESAMPLES,
		              COMPARE_SEED ^ name_hash(c->name), st);
		return;
	}
	st->ratio_low = st->ratio_high = st->p_value = st->u = NAN;
	st->ratio = base->stats.median > 0 ? c->stats.median / base->stats.median : NAN;
}

static double case_threshold(const struct compare_opts *o, const struct case_result *base,
                             const struct case_result *c)
{
	if (o->threshold > 0)
		return o->threshold;
	if (c && c->threshold > 0)
		return c->threshold;
	if (base && base->threshold > 0)
		return base->threshold;
	return COMPARE_DEFAULT_THRESHOLD;
}

static void classify_row(struct compare_row *r)
{
	if (r->base->status != CASE_OK || r->run->status != CASE_OK) {
		r->cls = CMP_NOT_OK;
		return;
	}
	compare_cases(r->base, r->run, &r->st);
	r->cls = compare_classify(&r->st, r->threshold);
	r->process_spread = process_spread_larger(r->base, r->run);
	r->within_spread = (r->cls == CMP_REGRESSED || r->cls == CMP_IMPROVED) &&
	                   process_spread_covers(r->process_spread, r->st.ratio);
	if (r->within_spread)
		r->cls = CMP_INCONCLUSIVE;
}

static int row_order(const void *pa, const void *pb)
{
	const struct compare_row *a = pa, *b = pb;
	const struct case_result *ca = a->run ? a->run : a->base, *cb = b->run ? b->run : b->base;
	int c;

	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	/* The worst first: largest slow-down, or largest speed-up. */
	if (a->cls == CMP_REGRESSED && a->st.ratio != b->st.ratio)
		return a->st.ratio > b->st.ratio ? -1 : 1;
	if (a->cls == CMP_IMPROVED && a->st.ratio != b->st.ratio)
		return a->st.ratio < b->st.ratio ? -1 : 1;
	c = strcmp(ca->name ? ca->name : "", cb->name ? cb->name : "");
	return c ? c : strcmp(ca->params ? ca->params : "", cb->params ? cb->params : "");
}

static void add_env_diff(struct compare_env_diff **v, size_t *n, const char *key, const char *b, const char *r)
{
	if (!b || !r || strcmp(b, r) == 0)
		return;
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].key = key;
	(*v)[*n].base = b;
	(*v)[*n].run = r;
	(*n)++;
}

size_t compare_env_diffs(const struct run_info *b, const struct run_info *r, struct compare_env_diff **out)
{
	size_t n = 0;

	*out = NULL;
	for (size_t i = 0; i < sizeof env_keys / sizeof env_keys[0]; i++)
		add_env_diff(out, &n, env_keys[i], run_env_get(b, env_keys[i]), run_env_get(r, env_keys[i]));
	for (size_t i = 0; i < b->n_env; i++)
		if (strncmp(b->env[i].key, "plugin.", 7) == 0)
			add_env_diff(out, &n, b->env[i].key, b->env[i].value, run_env_get(r, b->env[i].key));
	return n;
}

void compare_update(struct compare_result *res)
{
	double *ratios = xcalloc(res->n_rows ? res->n_rows : 1, sizeof *ratios);

	qsort(res->rows, res->n_rows, sizeof *res->rows, row_order);
	memset(res->counts, 0, sizeof res->counts);
	res->n_geomean = 0;
	for (size_t i = 0; i < res->n_rows; i++) {
		const struct compare_row *r = &res->rows[i];
		res->counts[r->cls]++;
		if (r->cls != CMP_NOT_OK && r->base && r->run && r->st.ratio > 0 && isfinite(r->st.ratio))
			ratios[res->n_geomean++] = r->st.ratio;
	}
	res->geomean = stats_geomean(ratios, res->n_geomean);
	free(ratios);
}

static struct compare_row *add_row(struct compare_result *res, const struct case_result *base,
                                   const struct case_result *c, const struct compare_opts *o)
{
	struct compare_row *r = &res->rows[res->n_rows++];

	memset(r, 0, sizeof *r);
	r->base = base;
	r->run = c;
	r->threshold = case_threshold(o, base, c);
	r->process_spread = NAN;
	r->st.ratio = r->st.ratio_low = r->st.ratio_high = r->st.p_value = r->st.u = NAN;
	r->st_again = r->st;
	if (base && c) {
		res->matched++;
		classify_row(r);
	} else {
		r->cls = base ? CMP_ONLY_BASE : CMP_ONLY_RUN;
	}
	r->cls_first = r->cls;
	return r;
}

void compare_runs(const struct run_info *base_run, const struct case_result *base, size_t nb,
                  const struct run_info *run, const struct case_result *cases, size_t n,
                  const struct compare_opts *o, struct compare_result *out)
{
	char *used = xcalloc(nb ? nb : 1, 1);

	memset(out, 0, sizeof *out);
	out->base_run = base_run;
	out->run = run;
	out->foreign = base_run->source && strcmp(base_run->source, "bnbench") != 0 && *base_run->source;
	out->given_threshold = o->threshold > 0;
	out->rows = xcalloc(nb + n + 1, sizeof *out->rows);
	for (size_t i = 0; i < n; i++) {
		const struct case_result *match = NULL;
		for (size_t j = 0; j < nb && !match; j++) {
			/* Another tool's case stands for every backend; ours match once. */
			/* Another tool's case names the job, not the implementation. */
			int same = out->foreign ? case_same_job(&base[j], &cases[i])
			                        : !used[j] && case_same(&base[j], &cases[i]);
			if (same) {
				match = &base[j];
				used[j] = 1;
			}
		}
		add_row(out, match, &cases[i], o);
	}
	for (size_t j = 0; j < nb; j++)
		if (!used[j])
			add_row(out, &base[j], NULL, o);
	free(used);
	out->n_env = compare_env_diffs(base_run, run, &out->env);
	compare_update(out);
}

void compare_recheck(struct compare_row *r, const struct case_result *again)
{
	struct compare_row tmp = *r;

	r->cls_first = r->cls;
	if (again->status != CASE_OK) {
		r->recheck = RECHECK_CONFIRMED;
		return;
	}
	tmp.run = again;
	classify_row(&tmp);
	r->st_again = tmp.st;
	r->recheck = tmp.cls == CMP_REGRESSED ? RECHECK_CONFIRMED : RECHECK_NOISE;
	r->cls = tmp.cls;
}

const char *compare_env_line(const struct compare_result *res, const struct compare_env_diff *d, char *buf,
                             size_t len)
{
	snprintf(buf, len, "%s is '%s' in baseline '%s' (run %" PRId64 ") and '%s' in run %" PRId64, d->key, d->base,
	         res->baseline ? res->baseline : "-", res->base_run->id, d->run, res->run->id);
	return buf;
}

enum compare_verdict compare_verdict(const struct compare_result *res, int fail_on_inconclusive)
{
	if (!res->foreign && res->counts[CMP_REGRESSED])
		return VERDICT_REGRESSED;
	if (fail_on_inconclusive && (res->counts[CMP_INCONCLUSIVE] || res->counts[CMP_UNSTABLE]))
		return VERDICT_INCONCLUSIVE;
	return VERDICT_PASS;
}

void compare_free(struct compare_result *res)
{
	free(res->rows);
	free(res->env);
	free(res->pair_bases);
	memset(res, 0, sizeof *res);
}

/* ---- printing ---- */

int compare_format_parse(const char *s)
{
	static const char *const names[] = { "table", "markdown", "json", "junit" };
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static const struct case_result *row_case(const struct compare_row *r)
{
	return r->run ? r->run : r->base;
}

static int compared(const struct compare_row *r)
{
	return r->base && r->run && r->cls != CMP_NOT_OK;
}

static void fmt_p(char *buf, size_t len, double p)
{
	if (!isfinite(p))
		snprintf(buf, len, "-");
	else if (p < 0.001)
		snprintf(buf, len, "<0.001");
	else
		snprintf(buf, len, "%.3f", p);
}

/* "1.502 [1.490, 1.514]", or the speed-up base/new against another tool. */
static void fmt_ratio(char *buf, size_t len, const struct stats_compare *st, int speedup)
{
	double v = speedup ? 1 / st->ratio : st->ratio;
	double lo = speedup ? 1 / st->ratio_high : st->ratio_low, hi = speedup ? 1 / st->ratio_low : st->ratio_high;

	if (!isfinite(v))
		snprintf(buf, len, "-");
	else if (!isfinite(lo) || !isfinite(hi))
		snprintf(buf, len, "%.3f", v);
	else
		snprintf(buf, len, "%.3f [%.3f, %.3f]", v, lo, hi);
}

/*
 * "+12.3%" within a factor of 2; beyond it a percentage misleads (an
 * 80,125x speed-up is "-100.0%"), so "80125x faster" or "3.4x slower".
 */
static void fmt_change(char *buf, size_t len, double ratio)
{
	double factor = ratio < 1 ? 1 / ratio : ratio;

	if (!isfinite(ratio) || !(ratio > 0))
		snprintf(buf, len, "-");
	else if (factor <= 2)
		snprintf(buf, len, "%+.1f%%", (ratio - 1) * 100);
	else
		snprintf(buf, len, factor < 10 ? "%.1fx %s" : "%.0fx %s", factor, ratio < 1 ? "faster" : "slower");
}

static const char *recheck_name(enum compare_recheck r)
{
	return r == RECHECK_CONFIRMED ? "confirmed" : r == RECHECK_UNSTABLE ? "unstable" : "noise";
}

/* Why a row was not compared, or what the gate found; "" if nothing. */
static void fmt_note(char *buf, size_t len, const struct compare_row *r)
{
	char again[64];

	buf[0] = '\0';
	if (r->cls == CMP_NOT_OK) {
		const struct case_result *bad = r->run->status != CASE_OK ? r->run : r->base;
		snprintf(buf, len, "%s %s%s%s", bad == r->run ? "run:" : "baseline:", case_status_name(bad->status),
		         bad->detail && *bad->detail ? ": " : "", bad->detail ? bad->detail : "");
	} else if (r->recheck) {
		fmt_ratio(again, sizeof again, &r->st_again, 0);
		snprintf(buf, len, "%s (measured again: %s)", recheck_name(r->recheck), again);
	} else if (r->within_spread) {
		snprintf(buf, len, "within process spread (\u00b1%.1f%%)", r->process_spread * 100);
	}
}

static void case_label(char *buf, size_t len, const struct compare_row *r)
{
	const struct case_result *c = row_case(r);
	int params = c->params && *c->params;

	snprintf(buf, len, "%s%s%s%s", c->name ? c->name : "-", params ? " (" : "", params ? c->params : "",
	         params ? ")" : "");
}

static void print_header(FILE *f, const struct compare_result *res, int md)
{
	const struct run_info *b = res->base_run, *r = res->run;

	if (res->base_plugins) {
		fprintf(f, "%spaired a/b run %" PRId64 " (suite %s%s%s): candidate plugins against the base plugins in %s\n",
		        md ? "**bnbench** " : "", r->id, r->suite ? r->suite : "-", r->label ? ", label " : "",
		        r->label ? r->label : "", res->base_plugins);
		if (res->given_threshold && res->n_rows)
			fprintf(f, "%sthreshold %.3g%% for every case\n", md ? "\n" : "", res->rows[0].threshold * 100);
		fputs("\n", f);
		return;
	}
	fprintf(f, "%scomparing run %" PRId64 " (suite %s%s%s) with baseline '%s' (run %" PRId64 ", suite %s%s%s)\n",
	        md ? "**bnbench** " : "", r->id, r->suite ? r->suite : "-", r->label ? ", label " : "",
	        r->label ? r->label : "", res->baseline ? res->baseline : "-", b->id, b->suite ? b->suite : "-",
	        res->foreign ? ", imported from " : "", res->foreign ? b->source : "");
	if (res->given_threshold && res->n_rows)
		fprintf(f, "%sthreshold %.3g%% for every case\n", md ? "\n" : "", res->rows[0].threshold * 100);
	if (res->foreign)
		fprintf(f, "%snote: the baseline was measured by another implementation with other encodings "
		           "(BitNet-rs's I2S/TL1/TL2 are per-block absmax 2-bit codes, bnbench's are the bitnet.cpp "
		           "encodings; bnbench-formats(7), OTHER ENCODINGS): each speed-up (baseline median / run median) compares "
		           "the same job done by different encodings\n", md ? "\n" : "");
	fputs("\n", f);
}

static void print_table(FILE *f, const struct compare_result *res, int md)
{
	char name[160], bm[32], rm[32], ch[32], ratio[64], p[16], th[16], note[600];
	int fr = res->foreign;

	print_header(f, res, md);
	if (md) {
		fprintf(f, "| case | %s | %s | change | %s [95%% CI] | p | threshold | result | note |\n",
		        res->base_plugins ? "base" : "baseline", res->base_plugins ? "candidate" : "run",
		        fr ? "speed-up" : "ratio");
		fprintf(f, "|---|---:|---:|---:|---:|---:|---:|---|---|\n");
	} else {
		fprintf(f, "%-34s  %10s  %10s  %13s  %-24s  %6s  %6s  %s\n", "CASE", res->base_plugins ? "BASE" : "BASELINE",
		        res->base_plugins ? "CANDIDATE" : "RUN", "CHANGE",
		        fr ? "SPEED-UP [95% CI]" : "RATIO [95% CI]", "P", "THRESH", "RESULT");
	}
	for (size_t i = 0; i < res->n_rows; i++) {
		const struct compare_row *r = &res->rows[i];
		case_label(name, sizeof name, r);
		fmt_time_ns(bm, sizeof bm, r->base && r->base->status == CASE_OK ? r->base->stats.median : NAN);
		fmt_time_ns(rm, sizeof rm, r->run && r->run->status == CASE_OK ? r->run->stats.median : NAN);
		fmt_change(ch, sizeof ch, compared(r) ? r->st.ratio : NAN);
		if (compared(r))
			fmt_ratio(ratio, sizeof ratio, &r->st, fr);
		else
			snprintf(ratio, sizeof ratio, "-");
		fmt_p(p, sizeof p, compared(r) ? r->st.p_value : NAN);
		snprintf(th, sizeof th, "%.3g%%", r->threshold * 100);
		fmt_note(note, sizeof note, r);
		if (md)
			fprintf(f, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, bm, rm, ch, ratio, p, th,
			        row_class_name(res, r), note);
		else
			fprintf(f, "%-34s  %10s  %10s  %13s  %-24s  %6s  %6s  %s%s%s%s%s\n", name, bm, rm, ch, ratio, p, th,
			        term_on(f, class_tone(r->cls)), row_class_name(res, r), term_off(f, class_tone(r->cls)),
			        *note ? "  " : "", note);
	}
	fputs(md ? "\n" : "", f);
}

/* Against another tool: the geometric mean of the speed-ups of each backend. */
static void print_speedups(FILE *f, const struct compare_result *res, int md)
{
	double *v = xcalloc(res->n_rows + 1, sizeof *v);

	for (size_t i = 0; i < res->n_rows; i++) {
		const char *be = res->rows[i].run ? res->rows[i].run->backend : NULL;
		size_t n = 0, seen = 0;
		if (!be || !compared(&res->rows[i]))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = res->rows[j].run && compared(&res->rows[j]) && strcmp(res->rows[j].run->backend, be) == 0;
		if (seen)
			continue;
		for (size_t j = i; j < res->n_rows; j++)
			if (res->rows[j].run && compared(&res->rows[j]) && strcmp(res->rows[j].run->backend, be) == 0 &&
			    res->rows[j].st.ratio > 0)
				v[n++] = 1 / res->rows[j].st.ratio;
		fprintf(f, "%sbackend %s: geometric mean speed-up %.3fx over %zu cases\n", md ? "- " : "", be,
		        stats_geomean(v, n), n);
	}
	free(v);
}

static void print_summary(FILE *f, const struct compare_result *res, int md, int gate)
{
	size_t confirmed = 0, noise = 0, unstable = 0;
	char change[32];

	if (res->foreign)
		print_speedups(f, res, md);
	else if (res->n_geomean) {
		fmt_change(change, sizeof change, res->geomean);
		fprintf(f, "geometric mean of %zu ratios: %.3f (%s)\n", res->n_geomean, res->geomean, change);
	}
	if (md)
		fputs("\n", f);
	if (res->base_plugins)
		fprintf(f, "%zu regressed, %zu not compared, %zu inconclusive, %zu unstable, %zu improved, %zu unchanged\n",
		        res->counts[CMP_REGRESSED], res->counts[CMP_NOT_OK], res->counts[CMP_INCONCLUSIVE],
		        res->counts[CMP_UNSTABLE], res->counts[CMP_IMPROVED], res->counts[CMP_UNCHANGED]);
	else
		fprintf(f, "%zu %s, %zu not compared, %zu inconclusive, %zu %s, %zu %s, %zu only in baseline, %zu only in run\n",
		        res->counts[CMP_REGRESSED], res->foreign ? "slower" : "regressed", res->counts[CMP_NOT_OK],
		        res->counts[CMP_INCONCLUSIVE], res->counts[CMP_IMPROVED], res->foreign ? "faster" : "improved",
		        res->counts[CMP_UNCHANGED], res->foreign ? "similar" : "unchanged", res->counts[CMP_ONLY_BASE],
		        res->counts[CMP_ONLY_RUN]);
	compare_print_noisy(f, res);
	if (!gate)
		return;
	for (size_t i = 0; i < res->n_rows; i++) {
		confirmed += res->rows[i].recheck == RECHECK_CONFIRMED;
		noise += res->rows[i].recheck == RECHECK_NOISE;
		unstable += res->rows[i].recheck == RECHECK_UNSTABLE;
	}
	if (md)
		fputs("\n", f);
	fprintf(f, "gate: %zu regressed at first, measured again: %zu confirmed, %zu %s\n", confirmed + noise + unstable,
	        confirmed, res->base_plugins ? unstable : noise, res->base_plugins ? "unstable" : "noise");
	for (int pass = RECHECK_CONFIRMED; pass <= RECHECK_UNSTABLE; pass++)
		for (size_t i = 0; i < res->n_rows; i++)
			if (res->rows[i].recheck == (enum compare_recheck)pass)
				fprintf(f, "%s%s: %s\n", md ? "- " : "  ", recheck_name(res->rows[i].recheck),
				        row_case(&res->rows[i])->name);
}

static void json_num(struct strbuf *sb, const char *key, double v)
{
	if (isfinite(v))
		sb_addf(sb, ", \"%s\": %.17g", key, v);
	else
		sb_addf(sb, ", \"%s\": null", key);
}

static void json_stats(struct strbuf *sb, const char *prefix, const struct stats_compare *st, int foreign)
{
	char key[64];

	snprintf(key, sizeof key, "%sratio", prefix);
	json_num(sb, key, st->ratio);
	snprintf(key, sizeof key, "%sratio_ci_low", prefix);
	json_num(sb, key, st->ratio_low);
	snprintf(key, sizeof key, "%sratio_ci_high", prefix);
	json_num(sb, key, st->ratio_high);
	snprintf(key, sizeof key, "%sp_value", prefix);
	json_num(sb, key, st->p_value);
	if (foreign)
		json_num(sb, "speedup", 1 / st->ratio);
}

static void json_row(struct strbuf *sb, const struct compare_result *res, const struct compare_row *r)
{
	const struct case_result *c = row_case(r);
	char note[600];

	sb_adds(sb, "{\"name\": ");
	sb_add_json_str(sb, c->name);
	sb_adds(sb, ", \"op\": ");
	sb_add_json_str(sb, c->op);
	sb_adds(sb, ", \"scheme\": ");
	sb_add_json_str(sb, c->scheme);
	sb_adds(sb, ", \"backend\": ");
	sb_add_json_str(sb, c->backend);
	sb_addf(sb, ", \"m\": %" PRIu64 ", \"k\": %" PRIu64 ", \"params\": ", c->m, c->k);
	sb_add_json_str(sb, c->params);
	sb_addf(sb, ", \"result\": \"%s\"", class_id(res, r->cls));
	json_num(sb, "threshold", r->threshold);
	json_num(sb, "baseline_median_ns", r->base && r->base->status == CASE_OK ? r->base->stats.median : NAN);
	json_num(sb, "run_median_ns", r->run && r->run->status == CASE_OK ? r->run->stats.median : NAN);
	json_stats(sb, "", &r->st, res->foreign);
	json_num(sb, "change_pct", compared(r) ? (r->st.ratio - 1) * 100 : NAN);
	json_num(sb, "process_spread", r->process_spread);
	if (r->within_spread)
		sb_adds(sb, ", \"within_process_spread\": true");
	if (r->recheck) {
		sb_addf(sb, ", \"recheck\": \"%s\", \"first_result\": \"%s\"", recheck_name(r->recheck),
		        class_id(res, r->cls_first));
		json_stats(sb, "again_", &r->st_again, 0);
	}
	compare_json_noisy(sb, r);
	fmt_note(note, sizeof note, r);
	if (r->cls == CMP_NOT_OK) {
		sb_adds(sb, ", \"note\": ");
		sb_add_json_str(sb, note);
	}
	sb_adds(sb, "}");
}

static void json_run(struct strbuf *sb, const struct run_info *r)
{
	sb_addf(sb, "{\"id\": %" PRId64 ", \"suite\": ", r->id);
	sb_add_json_str(sb, r->suite);
	sb_adds(sb, ", \"label\": ");
	if (r->label)
		sb_add_json_str(sb, r->label);
	else
		sb_adds(sb, "null");
	sb_adds(sb, ", \"source\": ");
	sb_add_json_str(sb, r->source);
	sb_adds(sb, "}");
}

static void print_json(FILE *f, const struct compare_result *res)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, "{\n  \"baseline\": ");
	sb_add_json_str(&sb, res->baseline);
	sb_adds(&sb, ",\n  \"baseline_run\": ");
	json_run(&sb, res->base_run);
	sb_adds(&sb, ",\n  \"run\": ");
	json_run(&sb, res->run);
	sb_addf(&sb, ",\n  \"foreign\": %s", res->foreign ? "true" : "false");
	sb_adds(&sb, ",\n  \"env_differences\": [");
	for (size_t i = 0; i < res->n_env; i++) {
		sb_adds(&sb, i ? ", {\"key\": " : "{\"key\": ");
		sb_add_json_str(&sb, res->env[i].key);
		sb_adds(&sb, ", \"baseline\": ");
		sb_add_json_str(&sb, res->env[i].base);
		sb_adds(&sb, ", \"run\": ");
		sb_add_json_str(&sb, res->env[i].run);
		sb_adds(&sb, "}");
	}
	sb_adds(&sb, "],\n  \"counts\": {");
	for (int c = 0; c < CMP_N_CLASSES; c++) {
		sb_addf(&sb, "%s\"%s\": %zu", c ? ", " : "", class_id(res, (enum compare_class)c), res->counts[c]);
	}
	sb_addf(&sb, "},\n  \"compared\": %zu", res->n_geomean);
	json_num(&sb, "geomean_ratio", res->geomean);
	sb_adds(&sb, ",\n  \"cases\": [");
	for (size_t i = 0; i < res->n_rows; i++) {
		sb_adds(&sb, i ? ",\n    " : "\n    ");
		json_row(&sb, res, &res->rows[i]);
	}
	sb_adds(&sb, "\n  ]\n}\n");
	fputs(sb_str(&sb), f);
	sb_free(&sb);
}

static void xml_str(FILE *f, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	sb_add_xml_str(&sb, s);
	fputs(sb_str(&sb), f);
	sb_free(&sb);
}

/* A testcase per compared case; failures: regressions and cases that no longer pass. */
static void print_junit(FILE *f, const struct compare_result *res)
{
	size_t tests = 0, failures = 0, skipped = 0;
	char ratio[64], p[16], note[600];

	for (size_t i = 0; i < res->n_rows; i++) {
		const struct compare_row *r = &res->rows[i];
		int broken = r->cls == CMP_NOT_OK && (r->run->status == CASE_FAILED || r->run->status == CASE_ERROR);
		tests += compared(r) || r->cls == CMP_NOT_OK;
		failures += (r->cls == CMP_REGRESSED && !res->foreign) || broken;
		skipped += r->cls == CMP_NOT_OK && !broken;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites name=\"bnbench\" tests=\"%zu\" failures=\"%zu\">\n", tests, failures);
	fprintf(f, "  <testsuite name=\"%s", res->base_plugins ? "base plugins " : "baseline ");
	xml_str(f, res->base_plugins ? res->base_plugins : res->baseline);
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n", tests, failures, skipped);
	for (size_t i = 0; i < res->n_rows; i++) {
		const struct compare_row *r = &res->rows[i];
		if (!compared(r) && r->cls != CMP_NOT_OK)
			continue;
		fprintf(f, "    <testcase classname=\"bnbench.%s\" name=\"", r->run->op);
		case_label(note, sizeof note, r);
		xml_str(f, note);
		fmt_ratio(ratio, sizeof ratio, &r->st, res->foreign);
		fmt_p(p, sizeof p, r->st.p_value);
		fmt_note(note, sizeof note, r);
		if (r->cls == CMP_NOT_OK) {
			int broken = r->run->status == CASE_FAILED || r->run->status == CASE_ERROR;
			fprintf(f, "\">\n      <%s message=\"", broken ? "failure" : "skipped");
			xml_str(f, note);
			fprintf(f, "\"/>\n    </testcase>\n");
		} else if (r->cls == CMP_REGRESSED && !res->foreign) {
			char msg[800];
			snprintf(msg, sizeof msg, "regressed %+.1f%%: ratio %s, p %s, threshold %.3g%%%s%s",
			         (r->st.ratio - 1) * 100, ratio, p, r->threshold * 100, *note ? "; " : "", note);
			fputs("\">\n      <failure message=\"", f);
			xml_str(f, msg);
			fprintf(f, "\"/>\n    </testcase>\n");
		} else {
			char msg[800];
			snprintf(msg, sizeof msg, "%s: ratio %s, p %s%s%s", row_class_name(res, r), ratio, p,
			         *note ? "; " : "", note);
			fputs("\">\n      <system-out>", f);
			xml_str(f, msg);
			fputs("</system-out>\n    </testcase>\n", f);
		}
	}
	fprintf(f, "  </testsuite>\n</testsuites>\n");
}

void compare_print(FILE *f, enum compare_format fmt, const struct compare_result *res, int gate)
{
	switch (fmt) {
	case COMPARE_TABLE:
	case COMPARE_MARKDOWN:
		print_table(f, res, fmt == COMPARE_MARKDOWN);
		print_summary(f, res, fmt == COMPARE_MARKDOWN, gate);
		break;
	case COMPARE_JSON: print_json(f, res); break;
	case COMPARE_JUNIT: print_junit(f, res); break;
	}
}
