/* Unit tests: harness/compare.c, the classification rule and the matching of cases. */
#include "config.h"

#include "compare.h"
#include "process-pool.h"
#include "tap.h"

#include <math.h>

#define N 40

static double noise(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (double)(*s >> 11) / 9007199254740992.0;
}

/* A case with N samples around `center`, spread +/- `spread` (a fraction). */
static void make_case(struct case_result *c, double *buf, const char *name, const char *backend, const char *params,
                      double center, double spread, uint64_t seed)
{
	memset(c, 0, sizeof *c);
	c->name = (char *)name;
	c->op = (char *)"dequantize";
	c->scheme = (char *)"i2s";
	c->backend = (char *)backend;
	c->params = (char *)params;
	c->m = 1;
	c->k = 1024;
	c->status = CASE_OK;
	c->threshold = 0.05;
	for (size_t i = 0; i < N; i++)
		buf[i] = center * (1 + spread * (2 * noise(&seed) - 1));
	c->samples = buf;
	c->n_samples = N;
	stats_summarize(buf, N, &c->stats);
}

static enum compare_class classify(double ratio, double lo, double hi, double p)
{
	struct stats_compare st = { ratio, lo, hi, p, 0 };
	return compare_classify(&st, 0.05);
}

static void test_rule(void)
{
	is_int(classify(1.10, 1.08, 1.12, 0.001), CMP_REGRESSED, "whole CI above 1 + t, p < 0.05: regressed");
	is_int(classify(1.10, 1.08, 1.12, 0.2), CMP_INCONCLUSIVE, "whole CI above 1 + t, p >= 0.05: inconclusive");
	is_int(classify(0.90, 0.88, 0.92, 0.001), CMP_IMPROVED, "whole CI below 1 - t, p < 0.05: improved");
	is_int(classify(0.90, 0.88, 0.92, 0.06), CMP_INCONCLUSIVE, "whole CI below 1 - t, p >= 0.05: inconclusive");
	is_int(classify(1.00, 0.98, 1.02, 0.5), CMP_UNCHANGED, "CI inside the band: unchanged");
	is_int(classify(1.02, 1.01, 1.03, 0.001), CMP_UNCHANGED, "significant but inside the band: unchanged");
	is_int(classify(1.05, 1.03, 1.07, 0.001), CMP_INCONCLUSIVE, "CI across 1 + t: inconclusive");
	is_int(classify(0.95, 0.93, 0.97, 0.001), CMP_INCONCLUSIVE, "CI across 1 - t: inconclusive");
	is_int(classify(1.00, 0.90, 1.10, 0.5), CMP_INCONCLUSIVE, "CI wider than the band: inconclusive");
	is_int(classify(1.06, 1.05, 1.07, 0.001), CMP_INCONCLUSIVE, "CI starting exactly at 1 + t: not beyond it");
	is_int(classify(1.10, NAN, NAN, NAN), CMP_INCONCLUSIVE, "no CI (no samples): inconclusive");
}

static const struct compare_row *row_of(const struct compare_result *r, const char *name)
{
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct case_result *c = r->rows[i].run ? r->rows[i].run : r->rows[i].base;
		if (strcmp(c->name, name) == 0)
			return &r->rows[i];
	}
	return NULL;
}

static void test_runs(void)
{
	static double bs[6][N], rs[7][N], again[2][N];
	struct case_result base[6], run[7], re[2];
	struct run_info br, rr;
	struct env_entry benv[] = { { (char *)"cpu.model", (char *)"A" }, { (char *)"plugin.x", (char *)"1" },
	                            { (char *)"git.commit", (char *)"c1" }, { (char *)"plugin.gone", (char *)"1" } };
	struct env_entry renv[] = { { (char *)"cpu.model", (char *)"B" }, { (char *)"plugin.x", (char *)"2" },
	                            { (char *)"git.commit", (char *)"c2" } };
	struct compare_opts per_case = { 0 }, given = { 0.20 };
	struct compare_result res, res2;
	const struct compare_row *r;

	memset(&br, 0, sizeof br);
	memset(&rr, 0, sizeof rr);
	br.id = 1;
	br.source = (char *)"bnbench";
	br.env = benv;
	br.n_env = 4;
	rr.id = 2;
	rr.source = (char *)"bnbench";
	rr.env = renv;
	rr.n_env = 3;
	make_case(&base[0], bs[0], "slower", "x", "", 100, 0.01, 1);
	make_case(&base[1], bs[1], "faster", "y", "", 100, 0.01, 2);
	make_case(&base[2], bs[2], "same", "z", "", 100, 0.01, 3);
	make_case(&base[3], bs[3], "gone", "w", "", 100, 0.01, 4);
	make_case(&base[4], bs[4], "broken", "v", "", 100, 0.01, 5);
	make_case(&base[5], bs[5], "tolerant", "u", "", 100, 0.01, 6);
	make_case(&run[0], rs[0], "slower", "x", "", 110, 0.01, 11);
	make_case(&run[1], rs[1], "faster", "y", "", 90, 0.01, 12);
	make_case(&run[2], rs[2], "same", "z", "", 100, 0.01, 13);
	make_case(&run[3], rs[3], "new", "t", "", 100, 0.01, 14);
	make_case(&run[4], rs[4], "broken", "v", "", 100, 0.01, 15);
	run[4].status = CASE_FAILED;
	make_case(&run[5], rs[5], "tolerant", "u", "", 110, 0.01, 16);
	run[5].threshold = 0.2;
	make_case(&run[6], rs[6], "same", "z", "unroll=4", 200, 0.01, 17);

	compare_runs(&br, base, 6, &rr, run, 7, &per_case, &res);
	is_int(res.matched, 5, "cases match by identity, params included");
	is_int(res.rows[0].cls, CMP_REGRESSED, "regressions sort first");
	is_int(res.counts[CMP_REGRESSED], 1, "one regressed");
	is_int(res.counts[CMP_IMPROVED], 1, "one improved");
	is_int(res.counts[CMP_UNCHANGED], 2, "two unchanged");
	is_int(res.counts[CMP_NOT_OK], 1, "a failed case is not compared");
	is_int(res.counts[CMP_ONLY_BASE], 1, "one only in the baseline");
	is_int(res.counts[CMP_ONLY_RUN], 2, "two only in the run (a new case, other params)");
	r = row_of(&res, "slower");
	ok(r && r->cls == CMP_REGRESSED && r->st.ratio > 1.08 && r->st.ratio < 1.12, "+10%% is regressed");
	ok(r && r->st.ratio_low < r->st.ratio && r->st.ratio < r->st.ratio_high, "ratio inside its CI");
	r = row_of(&res, "faster");
	ok(r && r->cls == CMP_IMPROVED, "-10%% is improved");
	r = row_of(&res, "tolerant");
	ok(r && r->cls == CMP_UNCHANGED && r->threshold == 0.2, "the run's per-case threshold applies");
	is_int(res.n_geomean, 4, "geometric mean over the compared cases");
	is_double(res.geomean, pow(1.1 * 0.9 * 1.0 * 1.1, 0.25), 0.01, "geometric mean of the ratios");
	is_int(compare_verdict(&res, 0), VERDICT_REGRESSED, "a regression: exit 1");
	is_int(res.n_env, 2, "env: cpu.model and plugin.x differ; git.commit and one-sided keys ignored");
	ok(res.n_env == 2 && strcmp(res.env[0].key, "cpu.model") == 0 && strcmp(res.env[1].key, "plugin.x") == 0,
	   "env differences named");

	compare_runs(&br, base, 6, &rr, run, 7, &per_case, &res2);
	r = row_of(&res2, "slower");
	ok(r && r->st.ratio_low == row_of(&res, "slower")->st.ratio_low &&
	   r->st.ratio_high == row_of(&res, "slower")->st.ratio_high, "the bootstrap is repeatable");
	compare_free(&res2);

	/* The gate measures a regressed case again: noise when it does not regress again. */
	make_case(&re[0], again[0], "slower", "x", "", 100, 0.01, 21);
	compare_recheck((struct compare_row *)row_of(&res, "slower"), &re[0]);
	compare_update(&res);
	r = row_of(&res, "slower");
	ok(r && r->recheck == RECHECK_NOISE && r->cls == CMP_UNCHANGED && r->cls_first == CMP_REGRESSED,
	   "regressed, then unchanged when measured again: noise");
	is_int(compare_verdict(&res, 0), VERDICT_PASS, "noise alone: exit 0");
	compare_free(&res);

	compare_runs(&br, base, 6, &rr, run, 7, &per_case, &res);
	make_case(&re[1], again[1], "slower", "x", "", 111, 0.01, 22);
	compare_recheck((struct compare_row *)row_of(&res, "slower"), &re[1]);
	r = row_of(&res, "slower");
	ok(r && r->recheck == RECHECK_CONFIRMED && r->cls == CMP_REGRESSED, "regressed again: confirmed");
	compare_free(&res);

	compare_runs(&br, base, 6, &rr, run, 7, &given, &res);
	is_int(res.counts[CMP_REGRESSED] + res.counts[CMP_IMPROVED], 0, "a given threshold of 20% overrides");
	compare_free(&res);
}

static void test_inconclusive(void)
{
	static double b[N], n[N];
	struct case_result base, run;
	struct run_info br, rr;
	struct compare_opts o = { 0 };
	struct compare_result res;

	memset(&br, 0, sizeof br);
	memset(&rr, 0, sizeof rr);
	make_case(&base, b, "noisy", "x", "", 100, 0.3, 31);
	make_case(&run, n, "noisy", "x", "", 105, 0.3, 32);
	compare_runs(&br, &base, 1, &rr, &run, 1, &o, &res);
	is_int(res.rows[0].cls, CMP_INCONCLUSIVE, "noise wider than the threshold: inconclusive");
	is_int(compare_verdict(&res, 0), VERDICT_PASS, "inconclusive: exit 0");
	is_int(compare_verdict(&res, 1), VERDICT_INCONCLUSIVE, "inconclusive, when asked: exit 3");
	compare_free(&res);
}

/* Against another tool's baseline: matched by op, scheme and size; speed-ups never fail. */
static void test_foreign(void)
{
	static double b[N], n1[N], n2[N];
	struct case_result base, run[2];
	struct run_info br, rr;
	struct compare_opts o = { 0 };
	struct compare_result res;
	const struct compare_row *r;

	memset(&br, 0, sizeof br);
	memset(&rr, 0, sizeof rr);
	br.source = (char *)"criterion";
	make_case(&base, b, "dequantize/i2s/criterion/1024", "criterion", "", 100, 0.01, 41);
	base.scheme = (char *)"I2S";
	make_case(&run[0], n1, "dequantize/i2s/scalar/1024", "scalar", "", 200, 0.01, 42);
	make_case(&run[1], n2, "dequantize/i2s/avx2/1024", "avx2", "", 25, 0.01, 43);
	compare_runs(&br, &base, 1, &rr, run, 2, &o, &res);
	ok(res.foreign, "a criterion baseline is foreign");
	is_int(res.matched, 2, "every backend matches the one imported case");
	is_int(res.counts[CMP_ONLY_BASE], 0, "the imported case is used");
	r = row_of(&res, "dequantize/i2s/avx2/1024");
	ok(r && fabs(1 / r->st.ratio - 4) < 0.1, "speed-up of avx2 over the imported implementation: 4x");
	is_int(compare_verdict(&res, 0), VERDICT_PASS, "slower than another tool is no regression");
	compare_free(&res);
}

/* The table of a comparison as text (the caller frees it). */
static char *printed(const struct compare_result *res, enum compare_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	compare_print(f, fmt, res, 0);
	fclose(f);
	return buf;
}

/* Beyond a factor of 2 a change is a factor, not a percentage ("-100.0%" for 80,125x). */
static void test_change_column(void)
{
	static double b[3][N], n[3][N];
	struct case_result base[3], run[3];
	struct run_info br, rr;
	struct compare_opts o = { 0 };
	struct compare_result res;
	char *text;

	memset(&br, 0, sizeof br);
	memset(&rr, 0, sizeof rr);
	make_case(&base[0], b[0], "fast", "x", "", 80125, 0, 51);
	make_case(&run[0], n[0], "fast", "x", "", 1, 0, 52);
	make_case(&base[1], b[1], "slow", "y", "", 100, 0.01, 53);
	make_case(&run[1], n[1], "slow", "y", "", 340, 0.01, 54);
	make_case(&base[2], b[2], "same", "z", "", 100, 0.01, 55);
	make_case(&run[2], n[2], "same", "z", "", 112, 0.01, 56);
	compare_runs(&br, base, 3, &rr, run, 3, &o, &res);
	text = printed(&res, COMPARE_TABLE);
	ok(strstr(text, "80125x faster") != NULL, "an 80,125x speed-up shows as '80125x faster'");
	ok(strstr(text, "-100.0%") == NULL, "not as -100.0%%");
	ok(strstr(text, "3.4x slower") != NULL, "a 3.4x slow-down shows as '3.4x slower'");
	ok(strstr(text, "+12.0%") != NULL || strstr(text, "+11.9%") != NULL || strstr(text, "+12.1%") != NULL,
	   "within a factor of 2: a percentage");
	free(text);
	text = printed(&res, COMPARE_JSON);
	ok(strstr(text, "\"change_pct\": -99.99") != NULL, "json keeps change_pct");
	free(text);
	compare_free(&res);
}

/* A side measured in several processes: a change no larger than their spread is no regression. */
static void test_process_spread(void)
{
	static double b[4][N], n[4][N];
	struct case_result base[4], run[4];
	struct run_info br, rr;
	struct compare_opts o = { 0 };
	struct compare_result res;
	const struct compare_row *r;
	char *text;

	memset(&br, 0, sizeof br);
	memset(&rr, 0, sizeof rr);
	/* 20% slower, the run's processes 30% apart: within the spread */
	make_case(&base[0], b[0], "within", "a", "", 100, 0.01, 61);
	make_case(&run[0], n[0], "within", "a", "", 120, 0.01, 62);
	run[0].processes = 3;
	run[0].process_spread = 0.30;
	/* 50% slower, the baseline's processes 30% apart: beyond it */
	make_case(&base[1], b[1], "beyond", "b", "", 100, 0.01, 63);
	make_case(&run[1], n[1], "beyond", "b", "", 150, 0.01, 64);
	base[1].processes = 2;
	base[1].process_spread = 0.30;
	/* 20% faster (1/0.8 - 1 = 25%), the larger spread 30%: within */
	make_case(&base[2], b[2], "faster", "c", "", 100, 0.01, 65);
	make_case(&run[2], n[2], "faster", "c", "", 80, 0.01, 66);
	base[2].processes = 2;
	base[2].process_spread = 0.10;
	run[2].processes = 2;
	run[2].process_spread = 0.30;
	/* one process on each side: a spread stored with it means nothing */
	make_case(&base[3], b[3], "single", "d", "", 100, 0.01, 67);
	make_case(&run[3], n[3], "single", "d", "", 120, 0.01, 68);
	run[3].processes = 1;
	run[3].process_spread = 0.30;
	compare_runs(&br, base, 4, &rr, run, 4, &o, &res);
	r = row_of(&res, "within");
	ok(r && r->cls == CMP_INCONCLUSIVE && r->within_spread, "+20%% within a 30%% process spread: inconclusive");
	ok(r && fabs(r->process_spread - 0.30) < 1e-12, "the row carries the spread");
	r = row_of(&res, "beyond");
	ok(r && r->cls == CMP_REGRESSED && !r->within_spread, "+50%% beyond a 30%% process spread: regressed");
	r = row_of(&res, "faster");
	ok(r && r->cls == CMP_INCONCLUSIVE && r->within_spread, "a speed-up within the larger spread: inconclusive");
	r = row_of(&res, "single");
	ok(r && r->cls == CMP_REGRESSED && isnan(r->process_spread), "one process per side: no spread, regressed");
	is_int(compare_verdict(&res, 0), VERDICT_REGRESSED, "the verdict: only the regression beyond the spread");
	text = printed(&res, COMPARE_TABLE);
	ok(strstr(text, "inconclusive  within process spread (\u00b130.0%)") != NULL, "the table says why");
	free(text);
	text = printed(&res, COMPARE_JSON);
	ok(strstr(text, "\"process_spread\": 0.29999") && strstr(text, "\"within_process_spread\": true"),
	   "json: the spread and the verdict's reason");
	free(text);
	compare_free(&res);
	ok(process_spread_covers(0.25, 1.25) && !process_spread_covers(0.25, 1.26) && process_spread_covers(0.25, 0.8) &&
	   !process_spread_covers(NAN, 1.01), "covers: ratio - 1 or 1/ratio - 1, at most the spread");
}

int main(void)
{
	test_rule();
	test_runs();
	test_inconclusive();
	test_foreign();
	test_change_column();
	test_process_spread();
	return tap_done();
}
