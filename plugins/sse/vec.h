/*
 * The sse vector layer: the integer and float vectors of this plugin and the
 * handful of operations that plugins/simd writes its shared pieces with.
 */
#ifndef BNB_SSE_VEC_H
#define BNB_SSE_VEC_H

#include <smmintrin.h>
#include <stdint.h>

typedef __m128i vi;
typedef __m128 vf;

#define VI_BYTES 16
#define VF_LANES 4

static inline vi vi_load(const void *p) { return _mm_loadu_si128((const __m128i *)p); }
static inline void vi_store(void *p, vi v) { _mm_storeu_si128((__m128i *)p, v); }
static inline vi vi_zero(void) { return _mm_setzero_si128(); }
static inline vi vi_set1_8(int8_t x) { return _mm_set1_epi8((char)x); }
static inline vi vi_set1_16(int16_t x) { return _mm_set1_epi16(x); }
static inline vi vi_and(vi a, vi b) { return _mm_and_si128(a, b); }
static inline vi vi_xor(vi a, vi b) { return _mm_xor_si128(a, b); }
static inline vi vi_add16(vi a, vi b) { return _mm_add_epi16(a, b); }
static inline vi vi_add32(vi a, vi b) { return _mm_add_epi32(a, b); }
static inline vi vi_add64(vi a, vi b) { return _mm_add_epi64(a, b); }
static inline vi vi_srli16(vi a, int n) { return _mm_srli_epi16(a, n); }
static inline vi vi_srai32(vi a, int n) { return _mm_srai_epi32(a, n); }
static inline vi vi_unpacklo8(vi a, vi b) { return _mm_unpacklo_epi8(a, b); }
static inline vi vi_unpackhi8(vi a, vi b) { return _mm_unpackhi_epi8(a, b); }
/* Unsigned bytes of a times signed bytes of b, adjacent pairs summed (saturating) to int16. */
static inline vi vi_maddubs(vi a, vi b) { return _mm_maddubs_epi16(a, b); }
static inline vi vi_madd(vi a, vi b) { return _mm_madd_epi16(a, b); }
/* Sums of each 8 unsigned bytes, as int64 lanes. */
static inline vi vi_sad0(vi a) { return _mm_sad_epu8(a, _mm_setzero_si128()); }

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

static inline vf vf_set1(float x) { return _mm_set1_ps(x); }
static inline vf vf_of_i32(vi v) { return _mm_cvtepi32_ps(v); }
static inline vf vf_div(vf a, vf b) { return _mm_div_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm_mul_ps(a, b); }
static inline void vf_store(float *p, vf v) { _mm_storeu_ps(p, v); }

#endif
