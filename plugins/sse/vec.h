/*
 * The sse vector layer: the integer and float vectors of this plugin and the
 * handful of operations (plugins/simd/vec-ops.h) that plugins/simd writes its
 * shared pieces with.
 */
#ifndef BNB_SSE_VEC_H
#define BNB_SSE_VEC_H

#include <smmintrin.h>
#include <stdint.h>

typedef __m128i vi;
typedef __m128 vf;

#define VI_BYTES 16
#define VF_LANES 4

#define VEC_P _mm
#define VEC_SI si128
#include "vec-ops.h"

static inline int32_t vi_hsum32(vi v)
{
	v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(1, 0, 3, 2)));
	v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(2, 3, 0, 1)));
	return _mm_cvtsi128_si32(v);
}

static inline int64_t vi_hsum64(vi v)
{
	return _mm_cvtsi128_si64(v) + _mm_extract_epi64(v, 1);
}

static inline float vf_hmax(vf m)
{
	m = _mm_max_ps(m, _mm_movehl_ps(m, m));
	m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
	return _mm_cvtss_f32(m);
}

/* rint: to nearest, ties to even, no exceptions. */
static inline vf vf_rint(vf v)
{
	return _mm_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}

#endif
