/* I8_S activation quantization with AVX-512 F/BW/VL (see act.h). */
#include <immintrin.h>

#include "act.h"
#include "ternary.h"

#define ROUND_NEAREST (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)

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
	float amax = absmax(x, k);
	if (amax < 1e-5f)
		amax = 1e-5f;
	float s_a = 127.0f / amax;
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
