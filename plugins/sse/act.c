/* The scale passes with SSE4.1 (see act.h). */
#include <smmintrin.h>

#include "act.h"
#include "ternary.h"
#include "act-ops.h"

float sse_alpha(const float *w, uint64_t n)
{
	const __m128 sign = _mm_set1_ps(-0.0f);
	__m128d s0 = _mm_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
	uint64_t i = 0;

	for (; i + 8 <= n; i += 8) {
		__m128 a = _mm_andnot_ps(sign, _mm_loadu_ps(w + i));
		__m128 b = _mm_andnot_ps(sign, _mm_loadu_ps(w + i + 4));
		s0 = _mm_add_pd(s0, _mm_cvtps_pd(a));
		s1 = _mm_add_pd(s1, _mm_cvtps_pd(_mm_movehl_ps(a, a)));
		s2 = _mm_add_pd(s2, _mm_cvtps_pd(b));
		s3 = _mm_add_pd(s3, _mm_cvtps_pd(_mm_movehl_ps(b, b)));
	}
	__m128d t = _mm_add_pd(_mm_add_pd(s0, s1), _mm_add_pd(s2, s3));
	double sum = _mm_cvtsd_f64(_mm_add_sd(t, _mm_unpackhi_pd(t, t)));
	for (; i < n; i++)
		sum += fabs((double)w[i]);
	return bnb_alpha_from_sum(sum, n);
}

float sse_act_quantize(const float *x, uint64_t k, int8_t *q)
{
	float s_a = bnb_act_scale_of(absmax(x, k));
	__m128 s = _mm_set1_ps(s_a);
	uint64_t i = 0;

	for (; i + 16 <= k; i += 16) {
		/* The values are already in int8 range: the saturating packs keep them. */
		__m128i lo = _mm_packs_epi32(act_quant(x + i, s), act_quant(x + i + 4, s));
		__m128i hi = _mm_packs_epi32(act_quant(x + i + 8, s), act_quant(x + i + 12, s));
		_mm_storeu_si128((__m128i *)(q + i), _mm_packs_epi16(lo, hi));
	}
	for (; i < k; i++)
		q[i] = bnb_act_quant1(x[i], s_a);
	return s_a;
}
