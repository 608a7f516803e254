/* The scale passes with SSE4.1 (see act.h). */
#include <smmintrin.h>

#include "act.h"
#include "ternary.h"
#include "absmax.h"

#define ROUND_NEAREST (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)

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

/* clamp(rint(x * s), -128, 127); the bounds are integers, so clamping before rint is the same. */
static inline __m128i quant4(const float *x, __m128 s)
{
	__m128 r = _mm_round_ps(_mm_mul_ps(_mm_loadu_ps(x), s), ROUND_NEAREST);
	r = _mm_min_ps(_mm_max_ps(r, _mm_set1_ps(-128.0f)), _mm_set1_ps(127.0f));
	return _mm_cvtps_epi32(r);
}

float sse_act_quantize(const float *x, uint64_t k, int8_t *q)
{
	float s_a = bnb_act_scale_of(absmax(x, k));
	__m128 s = _mm_set1_ps(s_a);
	uint64_t i = 0;

	for (; i + 16 <= k; i += 16) {
		/* The values are already in int8 range: the saturating packs keep them. */
		__m128i lo = _mm_packs_epi32(quant4(x + i, s), quant4(x + i + 4, s));
		__m128i hi = _mm_packs_epi32(quant4(x + i + 8, s), quant4(x + i + 12, s));
		_mm_storeu_si128((__m128i *)(q + i), _mm_packs_epi16(lo, hi));
	}
	for (; i < k; i++)
		q[i] = bnb_act_quant1(x[i], s_a);
	return s_a;
}
