/*
 * Pieces of the I8_S activation quantization of the sse and avx2 plugins
 * (their act.c), written once over vec.h.
 */
#ifndef BNB_SIMD_ACT_OPS_H
#define BNB_SIMD_ACT_OPS_H

#include <math.h>

#include "vec.h"

/*
 * max |x| over x[0..k).  vf_max(a, m) returns m when a is NaN, so a NaN is
 * skipped exactly as the scalar `if (a > amax)` skips it.
 */
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

/* clamp(rint(x * s), -128, 127); the bounds are integers, so clamping before rint is the same. */
static inline vi act_quant(const float *x, vf s)
{
	vf r = vf_rint(vf_mul(vf_load(x), s));
	return vi_of_f32(vf_min(vf_max(r, vf_set1(-128.0f)), vf_set1(127.0f)));
}

#endif
