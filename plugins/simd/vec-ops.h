/*
 * The operations of the vector layer, written once: each plugin's vec.h
 * defines the vector types vi and vf, VEC_P (the intrinsics' prefix: _mm,
 * _mm256, _mm512) and VEC_SI (the integer suffix: si128, ...), then includes
 * this.  plugins/simd writes its shared pieces with these.
 */
#ifndef BNB_SIMD_VEC_OPS_H
#define BNB_SIMD_VEC_OPS_H

#include <stdint.h>

#define VEC_CAT_(a, b) a##b
#define VEC_CAT(a, b) VEC_CAT_(a, b)
#define VEC_(name) VEC_CAT(VEC_P, name)          /* VEC_(_add_epi16): _mm256_add_epi16 */
#define VEC_SI_(name) VEC_CAT(VEC_(name), VEC_SI) /* VEC_SI_(_and_): _mm256_and_si256 */

static inline vi vi_load(const void *p) { return VEC_SI_(_loadu_)((const vi *)p); }
static inline void vi_store(void *p, vi v) { VEC_SI_(_storeu_)((vi *)p, v); }
static inline vi vi_zero(void) { return VEC_SI_(_setzero_)(); }
static inline vi vi_set1_8(int8_t x) { return VEC_(_set1_epi8)((char)x); }
static inline vi vi_set1_16(int16_t x) { return VEC_(_set1_epi16)(x); }
static inline vi vi_set1_32(int32_t x) { return VEC_(_set1_epi32)(x); }
static inline vi vi_and(vi a, vi b) { return VEC_SI_(_and_)(a, b); }
static inline vi vi_xor(vi a, vi b) { return VEC_SI_(_xor_)(a, b); }
static inline vi vi_add16(vi a, vi b) { return VEC_(_add_epi16)(a, b); }
static inline vi vi_add32(vi a, vi b) { return VEC_(_add_epi32)(a, b); }
static inline vi vi_add64(vi a, vi b) { return VEC_(_add_epi64)(a, b); }
static inline vi vi_sub32(vi a, vi b) { return VEC_(_sub_epi32)(a, b); }
static inline vi vi_srli16(vi a, int n) { return VEC_(_srli_epi16)(a, n); }
static inline vi vi_srai32(vi a, int n) { return VEC_(_srai_epi32)(a, n); }
static inline vi vi_unpacklo8(vi a, vi b) { return VEC_(_unpacklo_epi8)(a, b); }
static inline vi vi_unpackhi8(vi a, vi b) { return VEC_(_unpackhi_epi8)(a, b); }
/* Unsigned bytes of a times signed bytes of b, adjacent pairs summed (saturating) to int16. */
static inline vi vi_maddubs(vi a, vi b) { return VEC_(_maddubs_epi16)(a, b); }
static inline vi vi_madd(vi a, vi b) { return VEC_(_madd_epi16)(a, b); }
/* Sums of each 8 unsigned bytes, as int64 lanes. */
static inline vi vi_sad0(vi a) { return VEC_(_sad_epu8)(a, vi_zero()); }

static inline vf vf_zero(void) { return VEC_(_setzero_ps)(); }
static inline vf vf_load(const float *p) { return VEC_(_loadu_ps)(p); }
static inline vf vf_set1(float x) { return VEC_(_set1_ps)(x); }
static inline vf vf_abs(vf v) { return VEC_(_andnot_ps)(vf_set1(-0.0f), v); }
/* b where a is NaN (the second operand), as the scalar `if (a > m)` keeps m. */
static inline vf vf_max(vf a, vf b) { return VEC_(_max_ps)(a, b); }
static inline vf vf_min(vf a, vf b) { return VEC_(_min_ps)(a, b); }
/* Rounded to nearest even, as the current rounding mode is. */
static inline vi vi_of_f32(vf v) { return VEC_(_cvtps_epi32)(v); }
static inline vf vf_of_i32(vi v) { return VEC_(_cvtepi32_ps)(v); }
static inline vf vf_div(vf a, vf b) { return VEC_(_div_ps)(a, b); }
static inline vf vf_mul(vf a, vf b) { return VEC_(_mul_ps)(a, b); }
static inline void vf_store(float *p, vf v) { VEC_(_storeu_ps)(p, v); }

#endif
