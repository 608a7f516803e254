/*
 * The avx512 vector layer: the integer and float vectors of this plugin and the
 * handful of operations (plugins/simd/vec-ops.h) that plugins/simd writes its
 * shared pieces with.
 */
#ifndef BNB_AVX512_VEC_H
#define BNB_AVX512_VEC_H

#include <immintrin.h>
#include <stdint.h>

typedef __m512i vi;
typedef __m512 vf;

#define VI_BYTES 64
#define VF_LANES 16

#define VEC_P _mm512
#define VEC_SI si512
#include "vec-ops.h"

static inline int32_t vi_hsum32(vi v)
{
	return _mm512_reduce_add_epi32(v);
}

static inline int64_t vi_hsum64(vi v)
{
	return _mm512_reduce_add_epi64(v);
}

#endif
