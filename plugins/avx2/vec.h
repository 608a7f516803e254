/*
 * The avx2 vector layer: the integer and float vectors of this plugin and the
 * handful of operations (plugins/simd/vec-ops.h) that plugins/simd writes its
 * shared pieces with.
 */
#ifndef BNB_AVX2_VEC_H
#define BNB_AVX2_VEC_H

#include <immintrin.h>
#include <stdint.h>

typedef __m256i vi;
typedef __m256 vf;

#define VI_BYTES 32
#define VF_LANES 8

#define VEC_P _mm256
#define VEC_SI si256
#include "vec-ops.h"

static inline int32_t vi_hsum32(vi v)
{
	__m128i h = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(1, 0, 3, 2)));
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(2, 3, 0, 1)));
	return _mm_cvtsi128_si32(h);
}

static inline int64_t vi_hsum64(vi v)
{
	__m128i h = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
	return _mm_cvtsi128_si64(h) + _mm_extract_epi64(h, 1);
}

static inline float vf_hmax(vf m)
{
	__m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
	h = _mm_max_ps(h, _mm_movehl_ps(h, h));
	h = _mm_max_ss(h, _mm_shuffle_ps(h, h, 1));
	return _mm_cvtss_f32(h);
}

/* rint: to nearest, ties to even, no exceptions. */
static inline vf vf_rint(vf v)
{
	return _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}

#endif
