/* Input data generation (bnbench-formats(7), INPUT DATA). */
#include "config.h"

#include "inputs.h"

#include <math.h>

uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t inputs_stream(uint64_t m, uint64_t k, unsigned which)
{
	struct rng r = { m * UINT64_C(0x100000001b3) ^ k };
	return rng_next(&r) + which;
}

void inputs_fill(float *x, size_t n, enum suite_distribution dist, uint64_t seed, uint64_t stream)
{
	struct rng r = { seed ^ (stream * UINT64_C(0xd1b54a32d192ed03)) };

	switch (dist) {
	case SUITE_DIST_NORMAL:
		/* Box-Muller, both values of each pair. */
		for (size_t i = 0; i < n; i += 2) {
			double u1 = 1.0 - rng_unit(&r), u2 = rng_unit(&r);
			double rad = sqrt(-2.0 * log(u1)), th = 2.0 * M_PI * u2;
			x[i] = (float)(rad * cos(th));
			if (i + 1 < n)
				x[i + 1] = (float)(rad * sin(th));
		}
		break;
	case SUITE_DIST_UNIFORM:
		for (size_t i = 0; i < n; i++)
			x[i] = (float)(2.0 * rng_unit(&r) - 1.0);
		break;
	case SUITE_DIST_LAPLACE:
		/* Inverse CDF with scale 1: u in (-1/2, 1/2). */
		for (size_t i = 0; i < n; i++) {
			double u = rng_unit(&r) - 0.5;
			double a = fabs(u) >= 0.5 ? 0.4999999999 : fabs(u);
			x[i] = (float)(u < 0 ? log(1.0 - 2.0 * a) : -log(1.0 - 2.0 * a));
		}
		break;
	case SUITE_DIST_RAMP:
		/* The input of the BitNet-rs Criterion benchmark. */
		for (size_t i = 0; i < n; i++)
			x[i] = ((float)i - (float)n / 2.0f) / ((float)n / 4.0f);
		break;
	}
}
