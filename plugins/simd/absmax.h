/*
 * max |x| over x[0..k), for the I8_S activation scale of the sse and avx2
 * plugins (their act.c), written once over vec.h.  vf_max(a, m) returns m
 * when a is NaN, so a NaN is skipped exactly as the scalar `if (a > amax)`
 * skips it.
 */
#ifndef BNB_SIMD_ABSMAX_H
#define BNB_SIMD_ABSMAX_H

#include <math.h>

#include "vec.h"

static float absmax(const float *x, uint64_t k)
{
	vf m0 = vf_zero(), m1 = m0, m2 = m0, m3 = m0;
	uint64_t i = 0;

	for (; i + 4 * VF_LANES <= k; i += 4 * VF_LANES) {
		m0 = vf_max(vf_abs(vf_load(x + i)), m0);
		m1 = vf_max(vf_abs(vf_load(x + i + VF_LANES)), m1);
		m2 = vf_max(vf_abs(vf_load(x + i + 2 * VF_LANES)), m2);
		m3 = vf_max(vf_abs(vf_load(x + i + 3 * VF_LANES)), m3);
	}
	float amax = vf_hmax(vf_max(vf_max(m0, m1), vf_max(m2, m3)));
	for (; i < k; i++) {
		float a = fabsf(x[i]);
		if (a > amax)
			amax = a;
	}
	return amax;
}

#endif
