/* The scale passes with AVX-512 F/BW/VL (see act.h). */
#include <immintrin.h>

#include "act.h"
#include "ternary.h"

#define ROUND_NEAREST (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)

float avx512_alpha(const float *w, uint64_t n)
{
	__m512d s0 = _mm512_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
	uint64_t i = 0;

	for (; i + 32 <= n; i += 32) {
		__m256 a0 = _mm256_loadu_ps(w + i), a1 = _mm256_loadu_ps(w + i + 8);
		__m256 b0 = _mm256_loadu_ps(w + i + 16), b1 = _mm256_loadu_ps(w + i + 24);
		s0 = _mm512_add_pd(s0, _mm512_abs_pd(_mm512_cvtps_pd(a0)));
		s1 = _mm512_add_pd(s1, _mm512_abs_pd(_mm512_cvtps_pd(a1)));
		s2 = _mm512_add_pd(s2, _mm512_abs_pd(_mm512_cvtps_pd(b0)));
		s3 = _mm512_add_pd(s3, _mm512_abs_pd(_mm512_cvtps_pd(b1)));
	}
	double sum = _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(s0, s1), _mm512_add_pd(s2, s3)));
	for (; i < n; i++)
		sum += fabs((double)w[i]);
	return bnb_alpha_from_sum(sum, n);
}

/* Mask of the first n (< 16) lanes. */
static inline __mmask16 head_mask(uint64_t n)
{
	return (__mmask16)((1u << n) - 1u);
}

/*
 * max |x| over x[0..k).  _mm512_max_ps(a, m) returns m when a is NaN, so a
 * NaN is skipped exactly as the scalar `if (a > amax)` skips it; the masked
 * tail loads zeros, which never raise the maximum.
 */
static float absmax(const float *x, uint64_t k)
{
	__m512 m0 = _mm512_setzero_ps(), m1 = m0, m2 = m0, m3 = m0;
	uint64_t i = 0;

	for (; i + 64 <= k; i += 64) {
		m0 = _mm512_max_ps(_mm512_abs_ps(_mm512_loadu_ps(x + i)), m0);
		m1 = _mm512_max_ps(_mm512_abs_ps(_mm512_loadu_ps(x + i + 16)), m1);
		m2 = _mm512_max_ps(_mm512_abs_ps(_mm512_loadu_ps(x + i + 32)), m2);
		m3 = _mm512_max_ps(_mm512_abs_ps(_mm512_loadu_ps(x + i + 48)), m3);
	}
	for (; i + 16 <= k; i += 16)
		m0 = _mm512_max_ps(_mm512_abs_ps(_mm512_loadu_ps(x + i)), m0);
	if (i < k)
		m1 = _mm512_max_ps(_mm512_abs_ps(_mm512_maskz_loadu_ps(head_mask(k - i), x + i)), m1);
	m0 = _mm512_max_ps(_mm512_max_ps(m0, m1), _mm512_max_ps(m2, m3));
	return _mm512_reduce_max_ps(m0);
}

/* clamp(rint(x * s), -128, 127); the bounds are integers, so clamping before rint is the same. */
static inline __m128i quant16(__m512 x, __m512 s)
{
	__m512 r = _mm512_roundscale_ps(_mm512_mul_ps(x, s), ROUND_NEAREST);
	r = _mm512_min_ps(_mm512_max_ps(r, _mm512_set1_ps(-128.0f)), _mm512_set1_ps(127.0f));
	return _mm512_cvtepi32_epi8(_mm512_cvtps_epi32(r));
}

float avx512_act_quantize(const float *x, uint64_t k, int8_t *q)
{
	float s_a = bnb_act_scale_of(absmax(x, k));
	__m512 s = _mm512_set1_ps(s_a);
	uint64_t i = 0;

	for (; i + 64 <= k; i += 64) {
		_mm_storeu_si128((__m128i *)(q + i), quant16(_mm512_loadu_ps(x + i), s));
		_mm_storeu_si128((__m128i *)(q + i + 16), quant16(_mm512_loadu_ps(x + i + 16), s));
		_mm_storeu_si128((__m128i *)(q + i + 32), quant16(_mm512_loadu_ps(x + i + 32), s));
		_mm_storeu_si128((__m128i *)(q + i + 48), quant16(_mm512_loadu_ps(x + i + 48), s));
	}
	for (; i + 16 <= k; i += 16)
		_mm_storeu_si128((__m128i *)(q + i), quant16(_mm512_loadu_ps(x + i), s));
	if (i < k) {
		__mmask16 m = head_mask(k - i);
		_mm_mask_storeu_epi8(q + i, m, quant16(_mm512_maskz_loadu_ps(m, x + i), s));
	}
	return s_a;
}
