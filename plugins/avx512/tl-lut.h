/*
 * The avx512 vector layer of the TL1 and TL2 kernels (plugins/simd/tl1.c and
 * tl2.c; bnbench-formats(7): TERNARIZATION, TL1, TL2, OPERATIONS):
 * ternarization to codes, TL1 pair packing and decoding, and the table builds
 * and lookups of the gemv kernels.  Their state, the tiles and the table
 * layout are in tl-tiles.h.
 *
 * vpshufb looks 64 indices up in the 16-byte table of one pair (or triple),
 * broadcast to the four 128-bit lanes, so tiles have 64 rows; tl2-ops.h holds
 * their signs as one 64-bit mask per triple (TL2_SIGN_MASKS).
 */
#ifndef BNB_AVX512_TL_LUT_H
#define BNB_AVX512_TL_LUT_H

#include <immintrin.h>


/*
 * Each half of a table is stored four times over, a whole vector: loaded
 * as it is, where vbroadcasti32x4 from memory would take a cycle of the
 * shuffle unit that the lookups need (Zen 4).
 */
#define TL_TABLE_BYTES 128

#include "act.h"
#include "tl-tiles.h"
#include "vec.h"
#include "tl-avx2.h"

static inline __m512i tl_load(const void *p)
{
	return _mm512_loadu_si512(p);
}

/*
 * A 64-byte load kept in a register: GCC would otherwise fold it into each
 * of its uses, and a Zen 4 core loads one 64-byte vector a cycle.  Always
 * inlined: clang keeps it out of line in the VBMI functions (tl1_column_vbmi).
 */
static inline __attribute__((always_inline)) __m512i tl_load_reg(const void *p)
{
	__m512i v = _mm512_loadu_si512(p);
#if defined(__GNUC__)
	__asm__("" : "+v"(v));
#endif
	return v;
}

static inline void tl_store(void *p, __m512i v)
{
	_mm512_storeu_si512(p, v);
}

/* ---- quantize ---------------------------------------------------------- */

/*
 * t = clamp(rint(w / alpha), -1, 1) of 16 weights as masks: after the true
 * division, rint(r) is positive exactly when r > 0.5 (0.5 itself rounds to
 * the even 0) and negative when r < -0.5; a NaN compares false both ways and
 * gives 0, as in bnb_ternary.
 */
static inline void tl_ternary16(const float *w, __m512 alpha, uint64_t *pos, uint64_t *neg,
                                int shift)
{
	__m512 r = _mm512_div_ps(_mm512_loadu_ps(w), alpha);
	*pos |= (uint64_t)_mm512_cmp_ps_mask(r, _mm512_set1_ps(0.5f), _CMP_GT_OQ) << shift;
	*neg |= (uint64_t)_mm512_cmp_ps_mask(r, _mm512_set1_ps(-0.5f), _CMP_LT_OQ) << shift;
}

/* Codes c = t + 1 (0, 1, 2) of `n` (16, 32, 48 or 64) consecutive weights, as bytes in order. */
static inline __m512i tl_codes(const float *w, __m512 alpha, int n)
{
	uint64_t pos = 0, neg = 0;
	for (int i = 0; i < n; i += 16)
		tl_ternary16(w + i, alpha, &pos, &neg, i);
	__m512i c = _mm512_mask_blend_epi8(pos, _mm512_set1_epi8(1), _mm512_set1_epi8(2));
	return _mm512_mask_blend_epi8(neg, c, _mm512_setzero_si512());
}

/*
 * TL1 bytes of 64 codes (TL1): byte = (3 c0 + c1) << 4 | (3 c2 + c3)
 * = 48 c0 + 16 c1 + 3 c2 + c3 over each 4 codes, since idx = 3 t0 + t1 + 4 =
 * 3 c0 + c1.
 */
static inline __m128i tl1_pack64(__m512i codes)
{
	const __m512i weights = _mm512_set1_epi32(0x01031030); /* bytes 48, 16, 3, 1 */
	__m512i v = _mm512_madd_epi16(_mm512_maddubs_epi16(codes, weights), _mm512_set1_epi16(1));
	return _mm512_cvtepi32_epi8(v);
}

/* ---- dequantize -------------------------------------------------------- */

/*
 * Floats t * alpha by table: vpermps picks by the low 4 bits of each lane, and
 * t sign-extended to int32 has low bits 0, 1 or 15 for t = 0, 1, -1.
 */
static inline __m512 tl_float_table(float alpha)
{
	return _mm512_setr_ps(0.0f * alpha, 1.0f * alpha, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f,
	                      0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, -1.0f * alpha);
}

/* Stores 16 floats t * alpha for the 16 ternary bytes of t. */
static inline void tl_store_floats16(float *y, __m128i t, __m512 table)
{
	_mm512_storeu_ps(y, _mm512_permutexvar_ps(_mm512_cvtepi8_epi32(t), table));
}

/*
 * 16 TL1 bytes (64 weights) -> 64 floats t * alpha.  The unpacks interleave
 * t0 and t1 per 128-bit lane: lo holds weights 0-15 and 32-47, hi 16-31 and 48-63.
 */
static inline void tl1_decode64(const uint8_t *p, float *y, __m512 table)
{
	/* t0 = idx / 3 - 1 and t1 = idx % 3 - 1 for idx 0..8. */
	const __m256i t0 = _mm256_setr_epi8(-1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
	                                    -1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
	const __m256i t1 = _mm256_setr_epi8(-1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0, 0, 0, 0, 0, 0,
	                                    -1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0, 0, 0, 0, 0, 0);
	__m256i n = tl_nibbles32(p);
	__m256i a = _mm256_shuffle_epi8(t0, n), b = _mm256_shuffle_epi8(t1, n);
	__m256i lo = _mm256_unpacklo_epi8(a, b), hi = _mm256_unpackhi_epi8(a, b);
	tl_store_floats16(y, _mm256_castsi256_si128(lo), table);
	tl_store_floats16(y + 16, _mm256_castsi256_si128(hi), table);
	tl_store_floats16(y + 32, _mm256_extracti128_si256(lo, 1), table);
	tl_store_floats16(y + 48, _mm256_extracti128_si256(hi, 1), table);
}

/* ---- the ops of plugins/simd/tl1.c and tl2.c ------------------------------ */

typedef __m512 tl_fvec;      /* alpha, for quantize */
typedef __m512 tl_dscale;    /* the float table of tl_float_table, for dequantize */

static inline float simd_alpha(const float *x, uint64_t n) { return avx512_alpha(x, n); }
static inline tl_fvec tl_fvec_of(float alpha) { return _mm512_set1_ps(alpha); }
static inline tl_dscale tl_dscale_of(float alpha) { return tl_float_table(alpha); }

/* TL1 bytes of n weights (n % 32 == 0): n/4 bytes at out, 64 weights at a time. */
static inline void tl1_pack_run(const float *w, uint64_t n, tl_fvec va, uint8_t *out)
{
	uint64_t i = 0;
	for (; i + 64 <= n; i += 64)
		_mm_storeu_si128((__m128i *)(void *)(out + i / 4), tl1_pack64(tl_codes(w + i, va, 64)));
	if (i < n)   /* 32 more weights: 8 bytes */
		_mm_mask_storeu_epi8(out + i / 4, (__mmask16)0xff, tl1_pack64(tl_codes(w + i, va, 32)));
}

/* n weights t * alpha (n % 32 == 0) from n/4 TL1 bytes, 64 at a time. */
static inline void tl1_decode_run(const uint8_t *p, uint64_t n, tl_dscale table, float *y)
{
	uint64_t i = 0;
	for (; i + 64 <= n; i += 64)
		tl1_decode64(p + i / 4, y + i, table);
	if (i < n) {   /* 32 more weights: decode 64 weights' worth into a buffer */
		uint8_t b[16] = { 0 };
		float tail[64];
		memcpy(b, p + i / 4, 8);
		tl1_decode64(b, tail, table);
		memcpy(y + i, tail, 32 * sizeof(float));
	}
}

/* ---- gemv -------------------------------------------------------------- */

/* One vector of rows per tile column. */
#define TL1_HALVES 1

/* Activations: q (I8_S), and qb = q + 128 as unsigned for the table builds; returns s_a. */
static inline float tl_activations(struct tl_gemv *g)
{
	struct bnb_kernel_state *s = &g->base;
	float s_a = avx512_act_quantize(s->x, s->k, s->q);
	const __m512i bias = _mm512_set1_epi8((char)0x80);
	uint64_t i = 0;
	for (; i + 64 <= s->k; i += 64)
		tl_store(g->qb + i, _mm512_xor_si512(tl_load(s->q + i), bias));
	for (; i < s->k; i += 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(s->q + i));
		_mm256_storeu_si256((__m256i *)(void *)(g->qb + i),
		                    _mm256_xor_si256(v, _mm256_set1_epi8((char)0x80)));
	}
	return s_a;
}

/*
 * Stores the table of the int16 entries e (lanes 0..15): l = e & 31 of the 16
 * entries, then h = (e >> 5) + hbias.
 */
static inline void tl_store_table(uint8_t *dst, __m256i e, int hbias)
{
	__m256i l = _mm256_and_si256(e, _mm256_set1_epi16(31));
	__m256i h = _mm256_add_epi16(_mm256_srai_epi16(e, 5), _mm256_set1_epi16((short)hbias));
	_mm512_store_si512(dst, _mm512_broadcast_i32x4(_mm256_cvtepi16_epi8(l)));
	_mm512_store_si512(dst + 64, _mm512_broadcast_i32x4(_mm256_cvtepi16_epi8(h)));
}

/* The l and h halves of a table, in all four lanes. */
static inline __m512i tl_table_l(const uint8_t *t)
{
	return _mm512_load_si512(t);
}

static inline __m512i tl_table_h(const uint8_t *t)
{
	return _mm512_load_si512(t + 64);
}

/*
 * The 4-bit indices of a tile column: high nibbles (first pair) and low
 * nibbles.  v >> 4 is done as a multiply-high, which keeps the shuffle units
 * (shared by shifts and vpshufb) free for the lookups.
 */
static inline void tl_nibbles(const uint8_t *w, __m512i *hn, __m512i *ln)
{
	const __m512i low4 = _mm512_set1_epi8(15);
	__m512i v = tl_load_reg(w);
	*hn = _mm512_and_si512(_mm512_mulhi_epu16(v, _mm512_set1_epi16(1 << 12)), low4);
	*ln = _mm512_and_si512(v, low4);
}

/*
 * One column of a TL1 tile: byte i holds row i's indices of pairs p (high
 * nibble) and p+1 (low); `t` is the table of pair p, the next one follows.
 * Adds the l and biased h halves of both lookups to the uint8 sums, which
 * never overflow (see tl1_flush).
 */
static inline void tl1_column(const uint8_t *w, const uint8_t *t, __m512i *l8, __m512i *h8)
{
	const uint8_t *u = t + TL_TABLE_BYTES;
	__m512i hn, ln;
	tl_nibbles(w, &hn, &ln);
	*l8 = _mm512_add_epi8(*l8, _mm512_shuffle_epi8(tl_table_l(t), hn));
	*h8 = _mm512_add_epi8(*h8, _mm512_shuffle_epi8(tl_table_h(t), hn));
	*l8 = _mm512_add_epi8(*l8, _mm512_shuffle_epi8(tl_table_l(u), ln));
	*h8 = _mm512_add_epi8(*h8, _mm512_shuffle_epi8(tl_table_h(u), ln));
}

/*
 * The lookups with AVX512-VBMI, chosen at setup (tl_vbmi): vpermb reads 6
 * bits of an index where vpshufb reads 4 and a zeroing bit 7, and a table
 * half is the same 16 bytes four times over, so bits 4 and 5 pick the same
 * entry whatever they hold.  The indices then need no masking: the low nibble
 * is the byte as it is, the high one a 16-bit shift by 4.
 */
#define TL_VBMI __attribute__((target("avx512vbmi")))

static inline int tl_vbmi(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512vbmi") && !bnb_cpu_disabled("avx512vbmi");
}

static inline TL_VBMI __m512i tl_lookup_vbmi(const uint8_t *half, __m512i idx)
{
	return _mm512_permutexvar_epi8(idx, _mm512_load_si512(half));
}

/* tl1_column with vpermb. */
static inline TL_VBMI void tl1_column_vbmi(const uint8_t *w, const uint8_t *t, __m512i *l8,
                                           __m512i *h8)
{
	const uint8_t *u = t + TL_TABLE_BYTES;
	__m512i ln = tl_load_reg(w), hn = _mm512_srli_epi16(ln, 4);
	*l8 = _mm512_add_epi8(*l8, tl_lookup_vbmi(t, hn));
	*h8 = _mm512_add_epi8(*h8, tl_lookup_vbmi(t + 64, hn));
	*l8 = _mm512_add_epi8(*l8, tl_lookup_vbmi(u, ln));
	*h8 = _mm512_add_epi8(*h8, tl_lookup_vbmi(u + 64, ln));
}

/*
 * int16 sums of a tile into its int32 sums in memory.  The unpacks of a flush
 * pair row i's l and h bytes per 128-bit lane: lane j of lo holds rows
 * 16 j + 0..7, lane j of hi rows 16 j + 8..15.  `sign` selects sign or zero
 * extension.
 */
static inline void tl_widen(int32_t *isum, __m512i lo, __m512i hi, int sign)
{
	/* Lanes in row order: [lo.0 hi.0 lo.1 hi.1] and [lo.2 hi.2 lo.3 hi.3]. */
	__m512i a = _mm512_permutex2var_epi64(lo, _mm512_setr_epi64(0, 1, 8, 9, 2, 3, 10, 11), hi);
	__m512i b = _mm512_permutex2var_epi64(lo, _mm512_setr_epi64(4, 5, 12, 13, 6, 7, 14, 15), hi);
	__m256i parts[4] = { _mm512_castsi512_si256(a), _mm512_extracti64x4_epi64(a, 1),
	                     _mm512_castsi512_si256(b), _mm512_extracti64x4_epi64(b, 1) };
	for (int i = 0; i < 4; i++) {
		__m512i w = sign ? _mm512_cvtepi16_epi32(parts[i]) : _mm512_cvtepu16_epi32(parts[i]);
		tl_store(isum + 16 * i, _mm512_add_epi32(tl_load(isum + 16 * i), w));
	}
}

#include "tl-dot.h"

#endif
