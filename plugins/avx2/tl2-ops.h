/*
 * The avx2 vector layer for TL2 (plugins/simd/tl2.c): 96-weight blocks packed
 * (tl2_pack96) and decoded (tl2_decode96), the triple tables, and the lookups
 * of one block of a tile (tl2_block).  tl-lut.h comes first.
 */
#ifndef BNB_AVX2_TL2_OPS_H
#define BNB_AVX2_TL2_OPS_H

/* How the tiles hold the signs (tl-tiles.h). */
#define TL2_SIGNS TL2_SIGN_COLUMNS

/* ---- quantize ---------------------------------------------------------- */

static inline __m256i tl_dwords(__m256i v, __m256i idx)
{
	return _mm256_permutevar8x32_epi32(v, idx);
}

/*
 * Index and sign bytes of 96 weights.  The 96 codes are 24 dwords, and each
 * 12 bytes (3 dwords) hold 4 triples: the dword permutes put 12-byte groups
 * g = 0..7 into 128-bit lanes, vpshufb spreads each triple (c0, c1, c2) over
 * a dword, and vpmaddubsw + vpmaddwd give s = 9 c0 + 3 c1 + c2 = v + 13.
 */
static inline void tl2_pack96(const float *w, __m256 alpha, uint8_t *idx, uint8_t *sign)
{
	const __m256i spread = _mm256_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1,
	                                        0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1);
	const __m256i weights = _mm256_set1_epi32(0x00010309); /* bytes 9, 3, 1, 0 */
	const __m256i ones = _mm256_set1_epi16(1);
	const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
	/* Bytes of each 8 in reverse, so that movemask puts triple j at bit 7 - j % 8. */
	const __m256i reverse = _mm256_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
	                                         7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
	__m256i c0 = tl_codes32(w, alpha), c1 = tl_codes32(w + 32, alpha);
	__m256i c2 = tl_codes32(w + 64, alpha);
	__m256i g[4], s[4];

	/* Group g is dwords 3g..3g+2 of the 24: groups 2 and 5 straddle two code vectors. */
	g[0] = tl_dwords(c0, _mm256_setr_epi32(0, 1, 2, 0, 3, 4, 5, 0));
	g[1] = _mm256_blend_epi32(tl_dwords(c0, _mm256_setr_epi32(6, 7, 0, 0, 0, 0, 0, 0)),
	                          tl_dwords(c1, _mm256_setr_epi32(0, 0, 0, 0, 1, 2, 3, 0)), 0xf4);
	g[2] = _mm256_blend_epi32(tl_dwords(c1, _mm256_setr_epi32(4, 5, 6, 0, 7, 0, 0, 0)),
	                          tl_dwords(c2, _mm256_setr_epi32(0, 0, 0, 0, 0, 0, 1, 0)), 0xe0);
	g[3] = tl_dwords(c2, _mm256_setr_epi32(2, 3, 4, 0, 5, 6, 7, 0));
	for (int i = 0; i < 4; i++)
		s[i] = _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_shuffle_epi8(g[i], spread), weights),
		                         ones);
	__m256i v = _mm256_packs_epi16(_mm256_packs_epi32(s[0], s[1]), _mm256_packs_epi32(s[2], s[3]));
	v = _mm256_sub_epi8(_mm256_permutevar8x32_epi32(v, order), _mm256_set1_epi8(13));

	/* Index bytes: |v| of triples 2b, 2b+1 as 16 |v_2b| + |v_2b+1|. */
	__m256i pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(v), _mm256_set1_epi16(0x0110));
	_mm_storeu_si128((__m128i *)(void *)idx,
	                 _mm_packus_epi16(_mm256_castsi256_si128(pairs),
	                                  _mm256_extracti128_si256(pairs, 1)));
	uint32_t bits = (uint32_t)_mm256_movemask_epi8(_mm256_shuffle_epi8(v, reverse));
	memcpy(sign, &bits, sizeof bits);
}

/* ---- dequantize -------------------------------------------------------- */

/* The signs of 32 triples: -1 where negative, else 1, for vpsignb. */
typedef __m256i tl2_sign_set;

static inline tl2_sign_set tl2_signs_of(__m256i sel, __m256i bit)
{
	return _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_and_si256(sel, bit), bit),
	                       _mm256_set1_epi8(1));
}

/* vpsignb negates or keeps. */
static inline __m256i tl2_negate(__m256i t, tl2_sign_set sg)
{
	return _mm256_sign_epi8(t, sg);
}

#include "tl2-avx2.h"

/* ---- gemv -------------------------------------------------------------- */

/*
 * One lookup of a TL2 tile column: `idx` holds 32 rows' |v| of one triple,
 * `t` is its table, and the top bit of each byte of `sg` is the row's sign
 * of v.  vpsignb negates both halves of a negative lookup:
 * -(32 h + l) = 32 (-h) + (-l).  OR 1 keeps vpsignb from zeroing where the
 * sign byte is 0.
 */
static inline void tl2_lookup(__m256i idx, __m256i sg, const uint8_t *t, __m256i *l8,
                              __m256i *h8)
{
	sg = _mm256_or_si256(sg, _mm256_set1_epi8(1));
	*l8 = _mm256_add_epi8(*l8, _mm256_sign_epi8(_mm256_shuffle_epi8(tl_table_l(t), idx), sg));
	*h8 = _mm256_add_epi8(*h8, _mm256_sign_epi8(_mm256_shuffle_epi8(tl_table_h(t), idx), sg));
}

/*
 * TL2 accumulation (signed): a flush unit of 2 columns (4 lookups) sums l to
 * within +-124 and h to within +-48 in int8; vpmaddubsw of the pairs (1, 32)
 * with the interleaved (l, h) bytes gives l + 32 h within +-1660, and a block
 * (8 units) stays within +-13280 in int16.
 */
static inline void tl2_flush(__m256i l8, __m256i h8, __m256i *lo, __m256i *hi)
{
	const __m256i coef = _mm256_set1_epi16(0x2001); /* bytes 1, 32 */
	*lo = _mm256_add_epi16(*lo, _mm256_maddubs_epi16(coef, _mm256_unpacklo_epi8(l8, h8)));
	*hi = _mm256_add_epi16(*hi, _mm256_maddubs_epi16(coef, _mm256_unpackhi_epi8(l8, h8)));
}

/*
 * A flush unit: two columns of a TL2 tile (byte i of a column holds row i's
 * |v| of triples j, high nibble, and j+1) and their 4 tables at `t`.  The top
 * bit of each byte of *sg is row i's sign of triple j, the next bits those of
 * the triples after it; *sg moves on by 4 bits.
 */
static inline void tl2_unit(const uint8_t *w, const uint8_t *t, __m256i *sg, __m256i *lo,
                            __m256i *hi)
{
	__m256i l8 = _mm256_setzero_si256(), h8 = l8, s = *sg, hn, ln;

	tl_nibbles(w, &hn, &ln);
	tl2_lookup(hn, s, t, &l8, &h8);
	s = _mm256_add_epi8(s, s);
	tl2_lookup(ln, s, t + TL_TABLE_BYTES, &l8, &h8);
	s = _mm256_add_epi8(s, s);
	tl_nibbles(w + TL_TILE_ROWS, &hn, &ln);
	tl2_lookup(hn, s, t + 2 * TL_TABLE_BYTES, &l8, &h8);
	s = _mm256_add_epi8(s, s);
	tl2_lookup(ln, s, t + 3 * TL_TABLE_BYTES, &l8, &h8);
	*sg = _mm256_add_epi8(s, s);
	tl2_flush(l8, h8, lo, hi);
}

/* Four columns (8 triples) sharing sign column `sc`: two flush units. */
static inline void tl2_quad(const uint8_t *w, const uint8_t *sc, const uint8_t *t, __m256i *lo,
                            __m256i *hi)
{
	__m256i sg = tl_load(sc);
	tl2_unit(w, t, &sg, lo, hi);
	tl2_unit(w + 2 * TL_TILE_ROWS, t + 4 * TL_TABLE_BYTES, &sg, lo, hi);
}

/* One block of one tile (16 index columns, 4 sign columns) into the tile's int32 sums. */
static inline void tl2_block(const uint8_t *w, const uint8_t *t, int32_t *isum)
{
	const uint8_t *sc = w + 16 * TL_TILE_ROWS;
	__m256i lo = _mm256_setzero_si256(), hi = lo;
	tl2_quad(w, sc, t, &lo, &hi);
	tl2_quad(w + 4 * TL_TILE_ROWS, sc + TL_TILE_ROWS, t + 8 * TL_TABLE_BYTES, &lo, &hi);
	tl2_quad(w + 8 * TL_TILE_ROWS, sc + 2 * TL_TILE_ROWS, t + 16 * TL_TABLE_BYTES, &lo, &hi);
	tl2_quad(w + 12 * TL_TILE_ROWS, sc + 3 * TL_TILE_ROWS, t + 24 * TL_TABLE_BYTES, &lo, &hi);
	tl_widen(isum, lo, hi, 1);
}

#endif
