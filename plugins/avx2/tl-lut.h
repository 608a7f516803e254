/*
 * The avx2 vector layer of the TL1 and TL2 kernels (plugins/simd/tl1.c and
 * tl2.c; bnbench-formats(7): TERNARIZATION, TL1, TL2, OPERATIONS):
 * ternarization to codes, TL1 pair packing and decoding, and the table builds
 * and lookups of the gemv kernels.  Their state, the tiles and the table
 * layout are in tl-tiles.h.
 *
 * vpshufb looks 32 indices up in the 16-byte table of one pair (or triple),
 * broadcast to both 128-bit lanes, so tiles have 32 rows, or 64 for tl1 (two
 * 32-row halves share each table load).  A vector of indices is looked up
 * twice, in the l and in the h half of the table.
 *
 * Accumulation.  A few lookups are summed in int8 (the flush units of
 * tl1_flush, in tl-gemv.h, and tl2-ops.h), then vpmaddubsw with the byte pairs (1, 32) against
 * the interleaved (l, h) sums gives each row's l + 32*h as int16; a block of
 * 32 columns (tl1) or 96 weights (tl2) of those is summed in 16 bits, and then
 * widened to int32.
 */
#ifndef BNB_AVX2_TL_LUT_H
#define BNB_AVX2_TL_LUT_H

#include <immintrin.h>

/* Rows of a gemv tile, 32 or 64: set by the including driver from simd.h. */
#if !defined(TL_TILE_ROWS) || (TL_TILE_ROWS != 32 && TL_TILE_ROWS != 64)
#error "define TL_TILE_ROWS as 32 or 64 before including tl-lut.h"
#endif

#include "act.h"
#include "tl-tiles.h"
#include "vec.h"
#include "tl-avx2.h"

static inline __m256i tl_load(const void *p)
{
	return _mm256_loadu_si256((const __m256i *)p);
}

static inline void tl_store(void *p, __m256i v)
{
	_mm256_storeu_si256((__m256i *)p, v);
}

/* ---- quantize ---------------------------------------------------------- */

/*
 * t = clamp(rint(w / alpha), -1, 1) of 8 weights as int32.  After the true
 * division, rint(r) is positive exactly when r > 0.5 (0.5 itself rounds to
 * the even 0) and negative when r < -0.5; a NaN compares false both ways and
 * gives 0, as in bnb_ternary.  The masks are -1 where true: t = lt - gt.
 */
static inline __m256i tl_ternary8(const float *w, __m256 alpha)
{
	__m256 r = _mm256_div_ps(_mm256_loadu_ps(w), alpha);
	__m256 gt = _mm256_cmp_ps(r, _mm256_set1_ps(0.5f), _CMP_GT_OQ);
	__m256 lt = _mm256_cmp_ps(r, _mm256_set1_ps(-0.5f), _CMP_LT_OQ);
	return _mm256_sub_epi32(_mm256_castps_si256(lt), _mm256_castps_si256(gt));
}

/* Codes c = t + 1 (0, 1, 2) of 32 consecutive weights, as bytes in order. */
static inline __m256i tl_codes32(const float *w, __m256 alpha)
{
	/* The packs work per 128-bit lane; this puts the four 32-bit groups back in order. */
	const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
	__m256i ab = _mm256_packs_epi32(tl_ternary8(w, alpha), tl_ternary8(w + 8, alpha));
	__m256i cd = _mm256_packs_epi32(tl_ternary8(w + 16, alpha), tl_ternary8(w + 24, alpha));
	__m256i t = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(ab, cd), order);
	return _mm256_add_epi8(t, _mm256_set1_epi8(1));
}

/*
 * TL1 bytes of 32 codes (TL1): byte = (3 c0 + c1) << 4 | (3 c2 + c3)
 * = 48 c0 + 16 c1 + 3 c2 + c3 over each 4 codes, since idx = 3 t0 + t1 + 4 =
 * 3 c0 + c1.  Returns the 8 bytes in the low half.
 */
static inline __m128i tl1_pack32(__m256i codes)
{
	const __m256i weights = _mm256_set1_epi32(0x01031030); /* bytes 48, 16, 3, 1 */
	__m256i v = _mm256_madd_epi16(_mm256_maddubs_epi16(codes, weights), _mm256_set1_epi16(1));
	__m128i p = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
	return _mm_packus_epi16(p, p);
}

/* ---- dequantize -------------------------------------------------------- */

/* Stores 16 floats t * alpha for the 16 ternary bytes of t (the reference's (float)t * alpha). */
static inline void tl_store_floats16(float *y, __m128i t, __m256 alpha)
{
	_mm256_storeu_ps(y, _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(t)), alpha));
	_mm256_storeu_ps(y + 8, _mm256_mul_ps(_mm256_cvtepi32_ps(
		_mm256_cvtepi8_epi32(_mm_srli_si128(t, 8))), alpha));
}

/* ---- the ops of plugins/simd/tl1.c and tl2.c ------------------------------ */

typedef __m256 tl_fvec;      /* alpha, for quantize */
typedef __m256 tl_dscale;    /* alpha, for dequantize */

#include "tl1-decode32.h"

static inline float simd_alpha(const float *x, uint64_t n) { return avx2_alpha(x, n); }
static inline tl_fvec tl_fvec_of(float alpha) { return _mm256_set1_ps(alpha); }
static inline tl_dscale tl_dscale_of(float alpha) { return _mm256_set1_ps(alpha); }

/* TL1 bytes of n weights (n % 32 == 0): n/4 bytes at out. */
static inline void tl1_pack_run(const float *w, uint64_t n, tl_fvec va, uint8_t *out)
{
	for (uint64_t i = 0; i < n; i += 32)
		_mm_storel_epi64((__m128i *)(void *)(out + i / 4), tl1_pack32(tl_codes32(w + i, va)));
}

/* n weights t * alpha (n % 32 == 0) from n/4 TL1 bytes. */
static inline void tl1_decode_run(const uint8_t *p, uint64_t n, tl_dscale alpha, float *y)
{
	for (uint64_t i = 0; i < n; i += 32)
		tl1_decode32(p + i / 4, y + i, alpha);
}

/* ---- gemv -------------------------------------------------------------- */

/* Activations: q (I8_S), and qb = q + 128 as unsigned for the table builds; returns s_a. */
static inline float tl_activations(struct tl_gemv *g)
{
	struct bnb_kernel_state *s = &g->base;
	float s_a = avx2_act_quantize(s->x, s->k, s->q);
	const __m256i bias = _mm256_set1_epi8((char)0x80);
	for (uint64_t i = 0; i < s->k; i += 32)
		tl_store(g->qb + i, _mm256_xor_si256(tl_load(s->q + i), bias));
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
	/* packs gives [l0-7 h0-7 | l8-15 h8-15]; the permute puts the l and h halves together. */
	__m256i v = _mm256_packs_epi16(l, h);
	tl_store(dst, _mm256_permute4x64_epi64(v, _MM_SHUFFLE(3, 1, 2, 0)));
}

/* The l and h halves of a table, in both lanes. */
static inline __m256i tl_table_l(const uint8_t *t)
{
	return _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)(const void *)t));
}

static inline __m256i tl_table_h(const uint8_t *t)
{
	return _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)(const void *)(t + 16)));
}

/*
 * The 4-bit indices of 32 bytes of a tile column: high nibbles (first pair)
 * and low nibbles.  v >> 4 is done as a multiply-high, which keeps the
 * shuffle ports free for the lookups.
 */
static inline void tl_nibbles(const uint8_t *w, __m256i *hn, __m256i *ln)
{
	const __m256i low4 = _mm256_set1_epi8(15);
	__m256i v = tl_load(w);
	*hn = _mm256_and_si256(_mm256_mulhi_epu16(v, _mm256_set1_epi16(1 << 12)), low4);
	*ln = _mm256_and_si256(v, low4);
}

/*
 * int16 sums of 32 rows into their int32 sums in memory.  The unpacks of a
 * flush pair row i's l and h bytes: lo holds rows 0-7 and 16-23, hi rows 8-15
 * and 24-31.  `sign` selects sign or zero extension.
 */
static inline __m256i tl_widen16(__m128i v, int sign)
{
	return sign ? _mm256_cvtepi16_epi32(v) : _mm256_cvtepu16_epi32(v);
}

static inline void tl_widen(int32_t *isum, __m256i lo, __m256i hi, int sign)
{
	__m256i *p = (__m256i *)(void *)isum;
	p[0] = _mm256_add_epi32(p[0], tl_widen16(_mm256_castsi256_si128(lo), sign));
	p[1] = _mm256_add_epi32(p[1], tl_widen16(_mm256_castsi256_si128(hi), sign));
	p[2] = _mm256_add_epi32(p[2], tl_widen16(_mm256_extracti128_si256(lo, 1), sign));
	p[3] = _mm256_add_epi32(p[3], tl_widen16(_mm256_extracti128_si256(hi, 1), sign));
}

/*
 * TL1 tiles are TL1_HALVES halves of 32 rows (simd.h: tl1 uses 64-row tiles, so that
 * each table load serves 64 lookups; tl2 uses 32-row tiles for its two_k
 * columns).
 */
#define TL1_HALVES (TL_TILE_ROWS / 32)

/*
 * Lookups of the indices of each half in table `t`, added to the uint8 sums.
 * The sums never saturate (see tl1_flush); saturating adds are used because
 * they do not reassociate, so the compiler keeps one running sum instead of
 * regrouping the lookups into a tree that needs more registers.
 */
static inline void tl1_lookup(const __m256i *idx, const uint8_t *t, __m256i *l8, __m256i *h8)
{
	__m256i tl = tl_table_l(t), th = tl_table_h(t);
	for (int i = 0; i < TL1_HALVES; i++) {
		l8[i] = _mm256_adds_epu8(l8[i], _mm256_shuffle_epi8(tl, idx[i]));
		h8[i] = _mm256_adds_epu8(h8[i], _mm256_shuffle_epi8(th, idx[i]));
	}
}

/*
 * One column of a TL1 tile: byte i holds row i's indices of pairs p (high
 * nibble) and p+1 (low); `t` is the table of pair p, the next one follows.
 */
static inline void tl1_column(const uint8_t *w, const uint8_t *t, __m256i *l8, __m256i *h8)
{
	__m256i hn[TL1_HALVES], ln[TL1_HALVES];
	for (int i = 0; i < TL1_HALVES; i++)
		tl_nibbles(w + 32 * i, &hn[i], &ln[i]);
	tl1_lookup(hn, t, l8, h8);
	tl1_lookup(ln, t + TL_TABLE_BYTES, l8, h8);
}

#endif
