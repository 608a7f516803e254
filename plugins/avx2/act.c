/* The scale passes with AVX2 (see act.h). */
#include <immintrin.h>

#include "act.h"
#include "ternary.h"
#include "act-ops.h"

float avx2_alpha(const float *w, uint64_t n)
{
	const __m256 sign = _mm256_set1_ps(-0.0f);
	__m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
	uint64_t i = 0;

	for (; i + 16 <= n; i += 16) {
		__m256 a = _mm256_andnot_ps(sign, _mm256_loadu_ps(w + i));
		__m256 b = _mm256_andnot_ps(sign, _mm256_loadu_ps(w + i + 8));
		s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(a)));
		s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps(a, 1)));
		s2 = _mm256_add_pd(s2, _mm256_cvtps_pd(_mm256_castps256_ps128(b)));
		s3 = _mm256_add_pd(s3, _mm256_cvtps_pd(_mm256_extractf128_ps(b, 1)));
	}
	__m256d t = _mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3));
	__m128d h = _mm_add_pd(_mm256_castpd256_pd128(t), _mm256_extractf128_pd(t, 1));
	double sum = _mm_cvtsd_f64(_mm_add_sd(h, _mm_unpackhi_pd(h, h)));
	for (; i < n; i++)
		sum += fabs((double)w[i]);
	return bnb_alpha_from_sum(sum, n);
}

float avx2_act_quantize(const float *x, uint64_t k, int8_t *q)
{
	float s_a = bnb_act_scale_of(absmax(x, k));
	__m256 s = _mm256_set1_ps(s_a);
	/* The packs work per 128-bit lane; this puts the four 32-bit groups back in order. */
	const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
	uint64_t i = 0;

	for (; i + 32 <= k; i += 32) {
		__m256i ab = _mm256_packs_epi32(act_quant(x + i, s), act_quant(x + i + 8, s));
		__m256i cd = _mm256_packs_epi32(act_quant(x + i + 16, s), act_quant(x + i + 24, s));
		__m256i v = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(ab, cd), order);
		_mm256_storeu_si256((__m256i *)(q + i), v);
	}
	for (; i < k; i++)
		q[i] = bnb_act_quant1(x[i], s_a);
	return s_a;
}
