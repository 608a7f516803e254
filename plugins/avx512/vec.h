/*
 * The avx512 vector layer: the integer and float vectors of this plugin and the
 * handful of operations that plugins/simd writes its shared pieces with.
 */
#ifndef BNB_AVX512_VEC_H
#define BNB_AVX512_VEC_H

#include <immintrin.h>
#include <stdint.h>

typedef __m512i vi;
typedef __m512 vf;

#define VI_BYTES 64
#define VF_LANES 16

static inline vi vi_load(const void *p) { return _mm512_loadu_si512((const __m512i *)p); }
static inline void vi_store(void *p, vi v) { _mm512_storeu_si512((__m512i *)p, v); }
static inline vi vi_zero(void) { return _mm512_setzero_si512(); }
static inline vi vi_set1_8(int8_t x) { return _mm512_set1_epi8((char)x); }
static inline vi vi_set1_16(int16_t x) { return _mm512_set1_epi16(x); }
static inline vi vi_and(vi a, vi b) { return _mm512_and_si512(a, b); }
static inline vi vi_xor(vi a, vi b) { return _mm512_xor_si512(a, b); }
static inline vi vi_add16(vi a, vi b) { return _mm512_add_epi16(a, b); }
static inline vi vi_add32(vi a, vi b) { return _mm512_add_epi32(a, b); }
static inline vi vi_add64(vi a, vi b) { return _mm512_add_epi64(a, b); }
static inline vi vi_srli16(vi a, int n) { return _mm512_srli_epi16(a, n); }
static inline vi vi_srai32(vi a, int n) { return _mm512_srai_epi32(a, n); }
static inline vi vi_unpacklo8(vi a, vi b) { return _mm512_unpacklo_epi8(a, b); }
static inline vi vi_unpackhi8(vi a, vi b) { return _mm512_unpackhi_epi8(a, b); }
/* Unsigned bytes of a times signed bytes of b, adjacent pairs summed (saturating) to int16. */
static inline vi vi_maddubs(vi a, vi b) { return _mm512_maddubs_epi16(a, b); }
static inline vi vi_madd(vi a, vi b) { return _mm512_madd_epi16(a, b); }
/* Sums of each 8 unsigned bytes, as int64 lanes. */
static inline vi vi_sad0(vi a) { return _mm512_sad_epu8(a, _mm512_setzero_si512()); }

static inline int32_t vi_hsum32(vi v)
{
	return _mm512_reduce_add_epi32(v);
}

static inline int64_t vi_hsum64(vi v)
{
	return _mm512_reduce_add_epi64(v);
}

static inline vf vf_set1(float x) { return _mm512_set1_ps(x); }
static inline vf vf_of_i32(vi v) { return _mm512_cvtepi32_ps(v); }
static inline vf vf_div(vf a, vf b) { return _mm512_div_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm512_mul_ps(a, b); }
static inline void vf_store(float *p, vf v) { _mm512_storeu_ps(p, v); }

#endif
