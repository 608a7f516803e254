/* Unit tests: harness/changepoint.c on synthetic histories. */
#include "config.h"

#include "changepoint.h"
#include "tap.h"

#include <math.h>
#include <stdint.h>

static uint64_t rng = 1;

/* Uniform in [-1, 1) from a 64-bit LCG (Knuth's MMIX constants): the same series on every machine. */
static double noise(void)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (double)(rng >> 11) / (double)(1ull << 52) - 1.0;
}

/* Point i: level * (1 + jitter * noise), its CI +-ci of the median. */
static void fill(struct cp_point *p, size_t n, const double *level, double jitter, double ci)
{
	for (size_t i = 0; i < n; i++) {
		double m = level[i] * (1 + jitter * noise());
		p[i] = (struct cp_point){ m, m * (1 - ci), m * (1 + ci) };
	}
}

static void test_clean_step(void)
{
	double level[20];
	struct cp_point p[20];
	struct changepoint cp[20];
	size_t n;

	for (size_t i = 0; i < 20; i++)
		level[i] = i < 12 ? 1000 : 1090;   /* a 9% step at run 12 */
	rng = 7;
	fill(p, 20, level, 0.01, 0.005);
	n = changepoints_find(p, 20, 0.02, cp);
	is_int(n, 1, "a clean 9% step: one change point");
	is_int(n ? cp[0].at : 99, 12, "at the first run of the new level");
	is_double(n ? cp[0].step : 0, 0.09, 0.015, "its step is about +9%");
	ok(n && cp[0].before > 980 && cp[0].before < 1020 && cp[0].after > 1070 && cp[0].after < 1110,
	   "the levels on each side");
	ok(n && cp[0].z >= CHANGEPOINT_Z, "its z is at least the threshold");
}

static void test_flat(void)
{
	double level[30];
	struct cp_point p[30];
	struct changepoint cp[30];
	size_t found = 0;

	for (size_t i = 0; i < 30; i++)
		level[i] = 500;
	for (uint64_t seed = 1; seed <= 50; seed++) {
		size_t n;
		rng = seed;
		fill(p, 30, level, 0.04, 0.01);   /* +-4% between runs, CIs of +-1% */
		n = changepoints_find(p, 30, 0.02, cp);
		found += n;
	}
	is_int(found, 0, "a flat series with 4% noise between runs: no change point in 50 series");
}

static void test_two_steps(void)
{
	double level[30];
	struct cp_point p[30];
	struct changepoint cp[30];
	size_t n;

	for (size_t i = 0; i < 30; i++)
		level[i] = i < 10 ? 1000 : i < 21 ? 1200 : 1050;
	rng = 3;
	fill(p, 30, level, 0.015, 0.01);
	n = changepoints_find(p, 30, 0.02, cp);
	is_int(n, 2, "two steps: two change points");
	is_int(n > 0 ? cp[0].at : 99, 10, "the first at run 10");
	is_int(n > 1 ? cp[1].at : 99, 21, "the second at run 21");
	ok(n > 1 && cp[0].step > 0.15 && cp[1].step < -0.08, "up by about 20%%, then down by about 12%%");
}

static void test_robust(void)
{
	double level[15];
	struct cp_point p[15];
	struct changepoint cp[15];

	for (size_t i = 0; i < 15; i++)
		level[i] = i == 7 ? 3000 : 1000;   /* one run three times slower */
	rng = 11;
	fill(p, 15, level, 0.01, 0.01);
	is_int(changepoints_find(p, 15, 0.02, cp), 0, "one outlying run is no change point");

	for (size_t i = 0; i < 15; i++)
		level[i] = i < 8 ? 1000 : 1015;
	rng = 5;
	fill(p, 15, level, 0.002, 0.002);
	is_int(changepoints_find(p, 15, 0.02, cp), 0, "a 1.5% step below a 2% minimum is not listed");
	is_int(changepoints_find(p, 15, 0.01, cp), 1, "the same step with a 1% minimum is");

	for (size_t i = 0; i < 15; i++)
		level[i] = i < 8 ? 1000 : 1100;
	rng = 5;
	fill(p, 15, level, 0.002, 0.30);   /* the runs' own CIs are +-30%: a 10% step is within them */
	is_int(changepoints_find(p, 15, 0.02, cp), 0, "a step well inside the runs' CIs is not significant");

	for (size_t i = 0; i < 3; i++)
		p[i] = (struct cp_point){ i < 2 ? 100.0 : 200.0, NAN, NAN };
	is_int(changepoints_find(p, 3, 0.02, cp), 0, "three runs: no level of two runs on each side");
	for (size_t i = 0; i < 4; i++)
		p[i] = (struct cp_point){ i < 2 ? 100.0 : 200.0, NAN, NAN };
	is_int(changepoints_find(p, 4, 0.02, cp), 1, "four exact runs, two on each side of a doubling: one");
	is_int(changepoints_find(p, 0, 0.02, cp), 0, "an empty series: none");
}

int main(void)
{
	test_clean_step();
	test_flat();
	test_two_steps();
	test_robust();
	return tap_done();
}
