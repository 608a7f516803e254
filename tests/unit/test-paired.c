/* Unit tests: harness/paired.c, the paired A/B statistics and the ABBA sampling. */
#include "config.h"

#include "paired.h"
#include "tap.h"

#include <math.h>
#include <string.h>

/*
 * Two-sided exact sign-test p-values and the 95% order-statistic interval of
 * the median, from python3 with exact binomial sums:
 *   from math import comb
 *   p = lambda k, n: min(1, 2 * sum(comb(n, i) for i in range(min(k, n - k) + 1)) / 2**n)
 *   # interval: the largest k with sum(comb(n, i) for i in range(k)) / 2**n <= 0.025,
 *   # as 0-based indices (k - 1, n - k) into the sorted values
 */
static const struct { size_t k, n; double p; } sign_tests[] = {
	{ 0, 10, 0.001953125 }, { 1, 10, 0.021484375 }, { 2, 10, 0.109375 }, { 5, 10, 1.0 },
	{ 3, 20, 0.0025768280029296875 }, { 15, 20, 0.04138946533203125 }, { 30, 50, 0.20263875106454066 },
	{ 0, 6, 0.03125 }, { 1, 6, 0.21875 },
};
static const struct { size_t n, lo, hi; } intervals[] = {
	{ 6, 0, 5 }, { 10, 1, 8 }, { 20, 5, 14 }, { 50, 17, 32 }, { 101, 40, 60 },
};

static void test_sign_test(void)
{
	for (size_t i = 0; i < sizeof sign_tests / sizeof sign_tests[0]; i++) {
		double got = paired_sign_test_p(sign_tests[i].k, sign_tests[i].n);
		ok(fabs(got - sign_tests[i].p) < 1e-12, "sign test p(%zu of %zu) = %.17g (got %.17g)", sign_tests[i].k,
		   sign_tests[i].n, sign_tests[i].p, got);
	}
}

/* Ratios 1.00, 1.01, ... in a shuffled order: the CI is two known order statistics. */
static void test_summary(void)
{
	for (size_t t = 0; t < sizeof intervals / sizeof intervals[0]; t++) {
		size_t n = intervals[t].n;
		double base[128], cand[128], want_median;
		struct paired_summary s;

		for (size_t i = 0; i < n; i++) {
			size_t r = (i * 37 + 11) % n;   /* a permutation of 0..n-1 (37 is prime to every n here) */
			base[i] = 200.0 + (double)i;
			cand[i] = base[i] * (1.0 + 0.01 * (double)r);
		}
		paired_summarize(base, cand, n, &s);
		want_median = n % 2 ? 1.0 + 0.01 * (double)(n / 2) : 1.0 + 0.01 * ((double)n / 2 - 0.5);
		ok(fabs(s.ratio - want_median) < 1e-12, "n %zu: median ratio %.4f (got %.4f)", n, want_median, s.ratio);
		ok(fabs(s.ratio_low - (1.0 + 0.01 * (double)intervals[t].lo)) < 1e-12 &&
		   fabs(s.ratio_high - (1.0 + 0.01 * (double)intervals[t].hi)) < 1e-12,
		   "n %zu: CI = ratios %zu and %zu of the sorted (got %.4f, %.4f)", n, intervals[t].lo, intervals[t].hi,
		   s.ratio_low, s.ratio_high);
		is_int((int)s.above, (int)n - 1, "n: pairs above 1");
		is_int((int)s.below, 0, "n: pairs below 1 (one tie at exactly 1)");
	}
}

static void test_classify(void)
{
	struct paired_summary s = { 20, 1.2, 1.15, 1.25, 20, 0, 0 };

	is_int(paired_classify(&s, 0.05), PAIRED_REGRESSED, "CI above 1 + threshold: regressed");
	is_int(paired_classify(&s, 0.2), PAIRED_INCONCLUSIVE, "CI across 1 + threshold: inconclusive");
	s.ratio = 0.8, s.ratio_low = 0.75, s.ratio_high = 0.85;
	is_int(paired_classify(&s, 0.05), PAIRED_IMPROVED, "CI below 1 - threshold: improved");
	s.ratio = 1.0, s.ratio_low = 0.97, s.ratio_high = 1.04;
	is_int(paired_classify(&s, 0.05), PAIRED_UNCHANGED, "CI inside the band: unchanged");
	s.ratio_low = 0.94;
	is_int(paired_classify(&s, 0.05), PAIRED_INCONCLUSIVE, "CI across 1 - threshold: inconclusive");
	s.ratio_low = NAN;
	is_int(paired_classify(&s, 0.05), PAIRED_INCONCLUSIVE, "no CI: inconclusive");
}

/* A fake self-timed kernel: A costs 1000 ns per iteration, B 2000; every call is logged. */
static struct { int side; uint64_t iters; } calls[4096];
static size_t n_calls;

static int fake_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	int side = *(int *)state;

	if (n_calls < sizeof calls / sizeof calls[0]) {
		calls[n_calls].side = side;
		calls[n_calls++].iters = iterations;
	}
	*elapsed_ns = iterations * (side == 0 ? 1000u : 2000u);
	return BNB_OK;
}

static void test_measure(void)
{
	struct plugin_kernel pk;
	struct kernel_inst a, b;
	int side_a = 0, side_b = 1;
	struct measure_cfg cfg = { 0, 0, 2000000000u, 10, 0.01, 1000000u, 0 };
	struct paired_result r;
	struct bnb_err e = { 0, "" };
	size_t first, abba = 1, same_iters = 1;

	memset(&pk, 0, sizeof pk);
	pk.k.run = fake_run;
	pk.k.flags = BNB_KERNEL_SELF_TIMED;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.pk = b.pk = &pk;
	a.state = &side_a;
	b.state = &side_b;
	is_int(measure_paired(&a, &b, &cfg, &r, &e), BNB_OK, "measure_paired");
	is_int((int)r.n, 10, "exact ratios: stops at min_samples pairs");
	is_int((int)r.iters_per_sample, 1000, "one iteration count, from the faster side: 1 ms / 1000 ns");
	for (size_t i = 0; i < r.n; i++)
		ok(r.cand[i] / r.base[i] == 2.0 && r.base[i] == 1000.0, "pair %zu: ratio 2", i);
	first = n_calls - 2 * r.n;
	for (size_t i = 0; i < 2 * r.n; i++) {
		/* A B B A A B B A ...: position i runs B when (i + 1) / 2 is odd. */
		int want = ((i + 1) / 2) % 2;
		abba &= calls[first + i].side == want;
		same_iters &= calls[first + i].iters == r.iters_per_sample;
	}
	ok(abba, "samples in ABBA order");
	ok(same_iters, "both sides run the same iteration count");
	free(r.base);
	free(r.cand);
}

int main(void)
{
	test_sign_test();
	test_summary();
	test_classify();
	test_measure();
	return tap_done();
}
