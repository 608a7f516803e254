/*
 * The avx512 vector layer for TL2 (plugins/simd/tl2.c): 96-weight blocks packed
 * (tl2_pack96) and decoded (tl2_decode96), the triple tables, and the lookups
 * of one block of a tile (tl2_block).  tl-lut.h comes first.
 */
#ifndef BNB_AVX512_TL2_OPS_H
#define BNB_AVX512_TL2_OPS_H

/* How the tiles hold the signs (tl-tiles.h). */
#define TL2_SIGNS TL2_SIGN_MASKS

/* ---- quantize ---------------------------------------------------------- */

/*
 * Index and sign bytes of 96 weights.  The 96 codes are 24 dwords, and each
 * 12 bytes (3 dwords) hold 4 triples: the dword permutes put 12-byte groups
 * g = 0..7 into 128-bit lanes, vpshufb spreads each triple (c0, c1, c2) over
 * a dword, and vpmaddubsw + vpmaddwd give s = 9 c0 + 3 c1 + c2 = v + 13.
 */
static inline void tl2_pack96(const float *w, __m512 alpha, uint8_t *idx, uint8_t *sign)
{
	const __m512i spread = _mm512_broadcast_i32x4(
		_mm_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1));
	const __m512i weights = _mm512_set1_epi32(0x00010309); /* bytes 9, 3, 1, 0 */
	const __m512i ones = _mm512_set1_epi16(1);
	/* Bytes of each 8 in reverse, so that movemask puts triple j at bit 7 - j % 8. */
	const __m256i reverse = _mm256_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
	                                         7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
	__m512i a = tl_codes(w, alpha, 64), b = tl_codes(w + 64, alpha, 32);
	__m512i g0 = _mm512_permutexvar_epi32(
		_mm512_setr_epi32(0, 1, 2, 0, 3, 4, 5, 0, 6, 7, 8, 0, 9, 10, 11, 0), a);
	__m512i g1 = _mm512_permutex2var_epi32(
		a, _mm512_setr_epi32(12, 13, 14, 0, 15, 16, 17, 0, 18, 19, 20, 0, 21, 22, 23, 0), b);
	__m512i s0 = _mm512_madd_epi16(_mm512_maddubs_epi16(_mm512_shuffle_epi8(g0, spread), weights),
	                               ones);
	__m512i s1 = _mm512_madd_epi16(_mm512_maddubs_epi16(_mm512_shuffle_epi8(g1, spread), weights),
	                               ones);
	__m256i v = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm512_cvtepi32_epi8(s0)),
	                                    _mm512_cvtepi32_epi8(s1), 1);
	v = _mm256_sub_epi8(v, _mm256_set1_epi8(13));

	/* Index bytes: |v| of triples 2b, 2b+1 as 16 |v_2b| + |v_2b+1|. */
	__m256i pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(v), _mm256_set1_epi16(0x0110));
	_mm_storeu_si128((__m128i *)(void *)idx, _mm256_cvtepi16_epi8(pairs));
	uint32_t bits = (uint32_t)_mm256_movemask_epi8(_mm256_shuffle_epi8(v, reverse));
	memcpy(sign, &bits, sizeof bits);
}

/* ---- dequantize -------------------------------------------------------- */

/* The signs of 32 triples: the mask of the negative ones. */
typedef __mmask32 tl2_sign_set;

static inline tl2_sign_set tl2_signs_of(__m256i sel, __m256i bit)
{
	return _mm256_test_epi8_mask(sel, bit);
}

/* t negated under the mask. */
static inline __m256i tl2_negate(__m256i t, tl2_sign_set neg)
{
	return _mm256_mask_sub_epi8(t, neg, _mm256_setzero_si256(), t);
}

#include "tl2-avx2.h"

/* ---- gemv -------------------------------------------------------------- */

/*
 * One lookup of a TL2 tile column: `idx` holds 64 rows' |v| of one triple,
 * `t` is its table, and bit i of `neg` is row i's sign of v.  Both halves of
 * a negative lookup are negated: -(32 h + l) = 32 (-h) + (-l).  The sums never
 * overflow (see tl2_flush).
 */
static inline void tl2_lookup(__m512i idx, __mmask64 neg, const uint8_t *t, __m512i *l8,
                              __m512i *h8)
{
	const __m512i zero = _mm512_setzero_si512();
	__m512i l = _mm512_shuffle_epi8(tl_table_l(t), idx);
	__m512i h = _mm512_shuffle_epi8(tl_table_h(t), idx);
	*l8 = _mm512_add_epi8(*l8, _mm512_mask_sub_epi8(l, neg, zero, l));
	*h8 = _mm512_add_epi8(*h8, _mm512_mask_sub_epi8(h, neg, zero, h));
}

/*
 * TL2 accumulation (signed): a flush unit of 2 columns (4 lookups) sums l to
 * within +-124 and h to within +-48 in int8; vpmaddubsw of the pairs (1, 32)
 * with the interleaved (l, h) bytes gives l + 32 h within +-1660, and a block
 * (8 units) stays within +-13280 in int16.
 */
static inline void tl2_flush(__m512i l8, __m512i h8, __m512i *lo, __m512i *hi)
{
	const __m512i coef = _mm512_set1_epi16(0x2001); /* bytes 1, 32 */
	*lo = _mm512_add_epi16(*lo, _mm512_maddubs_epi16(coef, _mm512_unpacklo_epi8(l8, h8)));
	*hi = _mm512_add_epi16(*hi, _mm512_maddubs_epi16(coef, _mm512_unpackhi_epi8(l8, h8)));
}

static inline __mmask64 tl2_signs(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return (__mmask64)v;
}

/* tl2_lookup with vpermb (tl1_column_vbmi): idx may hold anything in bits 4..7. */
static inline TL_VBMI void tl2_lookup_vbmi(__m512i idx, __mmask64 neg, const uint8_t *t,
                                           __m512i *l8, __m512i *h8)
{
	const __m512i zero = _mm512_setzero_si512();
	__m512i l = tl_lookup_vbmi(t, idx), h = tl_lookup_vbmi(t + 64, idx);
	*l8 = _mm512_add_epi8(*l8, _mm512_mask_sub_epi8(l, neg, zero, l));
	*h8 = _mm512_add_epi8(*h8, _mm512_mask_sub_epi8(h, neg, zero, h));
}

/*
 * A flush unit: two columns of a TL2 tile (byte i of a column holds row i's
 * |v| of triple j, high nibble, and of j+1), their 4 tables at `t` and their
 * 4 sign masks at `sg`.  With `vbmi`, the lookups of tl2_lookup_vbmi, which
 * need no masked nibbles.
 */
static inline __attribute__((always_inline)) void
tl2_unit(const uint8_t *w, const uint8_t *t, const uint8_t *sg, __m512i *lo, __m512i *hi,
         int vbmi)
{
	__m512i l8 = _mm512_setzero_si512(), h8 = l8, hn, ln;

	for (int c = 0; c < 2; c++) {
		const uint8_t *tc = t + 2 * c * TL_TABLE_BYTES;
		__mmask64 n0 = tl2_signs(sg + 16 * c), n1 = tl2_signs(sg + 16 * c + 8);
		if (vbmi) {
			ln = tl_load_reg(w + c * TL_TILE_ROWS);
			hn = _mm512_srli_epi16(ln, 4);
			tl2_lookup_vbmi(hn, n0, tc, &l8, &h8);
			tl2_lookup_vbmi(ln, n1, tc + TL_TABLE_BYTES, &l8, &h8);
		} else {
			tl_nibbles(w + c * TL_TILE_ROWS, &hn, &ln);
			tl2_lookup(hn, n0, tc, &l8, &h8);
			tl2_lookup(ln, n1, tc + TL_TABLE_BYTES, &l8, &h8);
		}
	}
	tl2_flush(l8, h8, lo, hi);
}

/* One block of one tile (16 index columns, 32 sign masks) into the tile's int32 sums. */
static inline __attribute__((always_inline)) void
tl2_block_with(const uint8_t *w, const uint8_t *t, int32_t *isum, int vbmi)
{
	const uint8_t *sg = w + 16 * TL_TILE_ROWS;
	__m512i lo = _mm512_setzero_si512(), hi = lo;
	for (int c = 0; c < 16; c += 2)
		tl2_unit(w + c * TL_TILE_ROWS, t + 2 * c * TL_TABLE_BYTES, sg + 16 * c, &lo, &hi, vbmi);
	tl_widen(isum, lo, hi, 1);
}

static void tl2_block(const uint8_t *w, const uint8_t *t, int32_t *isum)
{
	tl2_block_with(w, t, isum, 0);
}

/* tl2_block with VBMI, for CPUs that tl_vbmi() accepts. */
static TL_VBMI void tl2_block_vbmi(const uint8_t *w, const uint8_t *t, int32_t *isum)
{
	tl2_block_with(w, t, isum, 1);
}

#endif
