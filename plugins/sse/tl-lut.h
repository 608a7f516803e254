/*
 * The sse vector layer of the TL1 and TL2 kernels (plugins/simd/tl1.c and
 * tl2.c; bnbench-formats(7): TERNARIZATION, TL1, TL2, OPERATIONS):
 * ternarization to codes, TL1 pair packing and decoding, and the table builds
 * and lookups of the gemv kernels.  Their state, the tiles and the table
 * layout are in tl-tiles.h.
 *
 * pshufb looks 16 indices up in the 16-byte table of one pair (or triple), so
 * tiles have 16 rows.
 */
#ifndef BNB_SSE_TL_LUT_H
#define BNB_SSE_TL_LUT_H

#include <immintrin.h>


#include "act.h"
#include "tl-tiles.h"
#include "vec.h"

static inline __m128i tl_load(const void *p)
{
	return _mm_loadu_si128((const __m128i *)p);
}

static inline void tl_store(void *p, __m128i v)
{
	_mm_storeu_si128((__m128i *)p, v);
}

/* ---- quantize ---------------------------------------------------------- */

/*
 * t = clamp(rint(w / alpha), -1, 1) of 4 weights as int32.  After the true
 * division, rint(r) is positive exactly when r > 0.5 (0.5 itself rounds to
 * the even 0) and negative when r < -0.5; a NaN compares false both ways and
 * gives 0, as in bnb_ternary.  The masks are -1 where true: t = lt - gt.
 */
static inline __m128i tl_ternary4(const float *w, __m128 alpha)
{
	__m128 r = _mm_div_ps(_mm_loadu_ps(w), alpha);
	__m128 gt = _mm_cmpgt_ps(r, _mm_set1_ps(0.5f));
	__m128 lt = _mm_cmplt_ps(r, _mm_set1_ps(-0.5f));
	return _mm_sub_epi32(_mm_castps_si128(lt), _mm_castps_si128(gt));
}

/* Codes c = t + 1 (0, 1, 2) of 16 consecutive weights, as bytes in order. */
static inline __m128i tl_codes16(const float *w, __m128 alpha)
{
	__m128i ab = _mm_packs_epi32(tl_ternary4(w, alpha), tl_ternary4(w + 4, alpha));
	__m128i cd = _mm_packs_epi32(tl_ternary4(w + 8, alpha), tl_ternary4(w + 12, alpha));
	return _mm_add_epi8(_mm_packs_epi16(ab, cd), _mm_set1_epi8(1));
}

/*
 * TL1 bytes of 32 codes (TL1): byte = (3 c0 + c1) << 4 | (3 c2 + c3)
 * = 48 c0 + 16 c1 + 3 c2 + c3 over each 4 codes, since idx = 3 t0 + t1 + 4 =
 * 3 c0 + c1.  Returns the 8 bytes in the low half.
 */
static inline __m128i tl1_pack32(__m128i c0, __m128i c1)
{
	const __m128i weights = _mm_set1_epi32(0x01031030); /* bytes 48, 16, 3, 1 */
	const __m128i ones = _mm_set1_epi16(1);
	__m128i a = _mm_madd_epi16(_mm_maddubs_epi16(c0, weights), ones);
	__m128i b = _mm_madd_epi16(_mm_maddubs_epi16(c1, weights), ones);
	__m128i p = _mm_packs_epi32(a, b);
	return _mm_packus_epi16(p, p);
}

/* ---- dequantize -------------------------------------------------------- */

/* Stores 16 floats t * alpha for the 16 ternary bytes of t (the reference's (float)t * alpha). */
static inline void tl_store_floats16(float *y, __m128i t, __m128 alpha)
{
	for (int i = 0; i < 4; i++, t = _mm_srli_si128(t, 4))
		_mm_storeu_ps(y + 4 * i, _mm_mul_ps(_mm_cvtepi32_ps(_mm_cvtepi8_epi32(t)), alpha));
}

/* ---- the ops of plugins/simd/tl1.c and tl2.c ------------------------------ */

typedef __m128 tl_fvec;      /* alpha, for quantize */
typedef __m128 tl_dscale;    /* alpha, for dequantize */

#include "tl1-decode32.h"

static inline float simd_alpha(const float *x, uint64_t n) { return sse_alpha(x, n); }
static inline tl_fvec tl_fvec_of(float alpha) { return _mm_set1_ps(alpha); }
static inline tl_dscale tl_dscale_of(float alpha) { return _mm_set1_ps(alpha); }

/* TL1 bytes of n weights (n % 32 == 0): n/4 bytes at out. */
static inline void tl1_pack_run(const float *w, uint64_t n, tl_fvec va, uint8_t *out)
{
	for (uint64_t i = 0; i < n; i += 32)
		_mm_storel_epi64((__m128i *)(void *)(out + i / 4),
		                 tl1_pack32(tl_codes16(w + i, va), tl_codes16(w + i + 16, va)));
}

/* n weights t * alpha (n % 32 == 0) from n/4 TL1 bytes. */
static inline void tl1_decode_run(const uint8_t *p, uint64_t n, tl_dscale alpha, float *y)
{
	for (uint64_t i = 0; i < n; i += 32)
		tl1_decode32(p + i / 4, y + i, alpha);
}

/* ---- gemv -------------------------------------------------------------- */

/* One vector of rows per tile column. */
#define TL1_HALVES 1

/* Activations: q (I8_S), and qb = q + 128 as unsigned for the table builds; returns s_a. */
static inline float tl_activations(struct tl_gemv *g)
{
	struct bnb_kernel_state *s = &g->base;
	float s_a = sse_act_quantize(s->x, s->k, s->q);
	const __m128i bias = _mm_set1_epi8((char)0x80);
	for (uint64_t i = 0; i < s->k; i += 16)
		tl_store(g->qb + i, _mm_xor_si128(tl_load(s->q + i), bias));
	return s_a;
}

/*
 * Stores the table of the int16 entries e0 (entries 0..7) and e1 (8..15):
 * l = e & 31 of the 16 entries, then h = (e >> 5) + hbias.
 */
static inline void tl_store_table(uint8_t *dst, __m128i e0, __m128i e1, int hbias)
{
	const __m128i low5 = _mm_set1_epi16(31), hb = _mm_set1_epi16((short)hbias);
	tl_store(dst, _mm_packs_epi16(_mm_and_si128(e0, low5), _mm_and_si128(e1, low5)));
	tl_store(dst + 16, _mm_packs_epi16(_mm_add_epi16(_mm_srai_epi16(e0, 5), hb),
	                                   _mm_add_epi16(_mm_srai_epi16(e1, 5), hb)));
}

/*
 * A pair of biased activations (q0 + 128, q1 + 128) broadcast to all 16-bit
 * lanes; pmaddubsw with signed digits (d0, d1) then gives d0 q0 + d1 q1 +
 * 128 (d0 + d1).
 */
static inline __m128i tl_pair(const uint8_t *qb)
{
	int16_t v;
	memcpy(&v, qb, sizeof v);
	return _mm_set1_epi16(v);
}

/*
 * TL1 tables of `pairs` pairs: entry idx = 3 t0 + t1 + 4 is e = t0 q0 + t1 q1,
 * its h stored as h + TL1_HBIAS.
 */
static inline void tl1_build_tables(const uint8_t *qb, uint64_t pairs, uint8_t *lut)
{
	/* Per 16-bit lane idx: the bytes (t0, t1), and 128 (t0 + t1); 0 past idx 8. */
	const __m128i digits0 = _mm_setr_epi8(-1, -1, -1, 0, -1, 1, 0, -1, 0, 0, 0, 1, 1, -1, 1, 0);
	const __m128i digits1 = _mm_setr_epi8(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	const __m128i bias0 = _mm_setr_epi16(-256, -128, 0, -128, 0, 128, 0, 128);
	const __m128i bias1 = _mm_setr_epi16(256, 0, 0, 0, 0, 0, 0, 0);
	for (uint64_t p = 0; p < pairs; p++) {
		__m128i q = tl_pair(qb + 2 * p);
		tl_store_table(lut + TL_TABLE_BYTES * p,
		               _mm_sub_epi16(_mm_maddubs_epi16(q, digits0), bias0),
		               _mm_sub_epi16(_mm_maddubs_epi16(q, digits1), bias1), TL1_HBIAS);
	}
}

/* The 4-bit indices of a tile column: high nibbles (first pair) and low nibbles. */
static inline void tl_nibbles(const uint8_t *w, __m128i *hn, __m128i *ln)
{
	const __m128i low4 = _mm_set1_epi8(15);
	__m128i v = tl_load(w);
	*hn = _mm_and_si128(_mm_srli_epi16(v, 4), low4);
	*ln = _mm_and_si128(v, low4);
}

static inline __m128i tl_table_l(const uint8_t *t)
{
	return _mm_load_si128((const __m128i *)(const void *)t);
}

static inline __m128i tl_table_h(const uint8_t *t)
{
	return _mm_load_si128((const __m128i *)(const void *)(t + 16));
}

/*
 * One column of a TL1 tile: byte i holds row i's indices of pairs p (high
 * nibble) and p+1 (low); `t` is the table of pair p, the next one follows.
 * Adds the l and biased h halves of both lookups to the uint8 sums.  The sums
 * never saturate (see tl1_flush); saturating adds are used because they do
 * not reassociate, so the compiler keeps one running sum instead of
 * regrouping the lookups into a tree that needs more registers.
 */
static inline void tl1_column(const uint8_t *w, const uint8_t *t, __m128i *l8, __m128i *h8)
{
	const uint8_t *u = t + TL_TABLE_BYTES;
	__m128i hn, ln;
	tl_nibbles(w, &hn, &ln);
	*l8 = _mm_adds_epu8(*l8, _mm_shuffle_epi8(tl_table_l(t), hn));
	*h8 = _mm_adds_epu8(*h8, _mm_shuffle_epi8(tl_table_h(t), hn));
	*l8 = _mm_adds_epu8(*l8, _mm_shuffle_epi8(tl_table_l(u), ln));
	*h8 = _mm_adds_epu8(*h8, _mm_shuffle_epi8(tl_table_h(u), ln));
}

/*
 * int16 sums of the tile's rows into their int32 sums in memory.  The unpacks
 * of a flush pair row i's l and h bytes: lo holds rows 0-7, hi rows 8-15.
 */
static inline __m128i tl_widen8(__m128i v, int sign)
{
	return sign ? _mm_cvtepi16_epi32(v) : _mm_cvtepu16_epi32(v);
}

static inline void tl_widen(int32_t *isum, __m128i lo, __m128i hi, int sign)
{
	__m128i *p = (__m128i *)(void *)isum;
	p[0] = _mm_add_epi32(p[0], tl_widen8(lo, sign));
	p[1] = _mm_add_epi32(p[1], tl_widen8(_mm_srli_si128(lo, 8), sign));
	p[2] = _mm_add_epi32(p[2], tl_widen8(hi, sign));
	p[3] = _mm_add_epi32(p[3], tl_widen8(_mm_srli_si128(hi, 8), sign));
}

#endif
