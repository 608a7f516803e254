/*
 * The sse vector layer for TL2 (plugins/simd/tl2.c): 96-weight blocks packed
 * (tl2_pack96) and decoded (tl2_decode96), the triple tables, and the lookups
 * of one block of a tile (tl2_block).  tl-lut.h comes first.
 */
#ifndef BNB_SSE_TL2_OPS_H
#define BNB_SSE_TL2_OPS_H

/* How the tiles hold the signs (tl-tiles.h). */
#define TL2_SIGNS TL2_SIGN_COLUMNS

/* ---- quantize ---------------------------------------------------------- */

/*
 * |v| and signs of 16 triples from 4 groups of 12 codes (4 triples each): pshufb
 * spreads each triple (c0, c1, c2) over a dword, and pmaddubsw + pmaddwd give
 * s = 9 c0 + 3 c1 + c2 = v + 13.  Returns the 16 values v.
 */
static inline __m128i tl2_values16(__m128i g0, __m128i g1, __m128i g2, __m128i g3)
{
	const __m128i spread = _mm_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1);
	const __m128i weights = _mm_set1_epi32(0x00010309); /* bytes 9, 3, 1, 0 */
	const __m128i ones = _mm_set1_epi16(1);
	__m128i s0 = _mm_madd_epi16(_mm_maddubs_epi16(_mm_shuffle_epi8(g0, spread), weights), ones);
	__m128i s1 = _mm_madd_epi16(_mm_maddubs_epi16(_mm_shuffle_epi8(g1, spread), weights), ones);
	__m128i s2 = _mm_madd_epi16(_mm_maddubs_epi16(_mm_shuffle_epi8(g2, spread), weights), ones);
	__m128i s3 = _mm_madd_epi16(_mm_maddubs_epi16(_mm_shuffle_epi8(g3, spread), weights), ones);
	__m128i v = _mm_packs_epi16(_mm_packs_epi32(s0, s1), _mm_packs_epi32(s2, s3));
	return _mm_sub_epi8(v, _mm_set1_epi8(13));
}

/* Index bytes (8) and sign bytes (2) of the 16 values v. */
static inline void tl2_store16(__m128i v, uint8_t *idx, uint8_t *sign)
{
	/* Bytes of each 8 in reverse, so that movemask puts triple j at bit 7 - j % 8. */
	const __m128i reverse = _mm_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
	/* |v| of triples 2b, 2b+1 as 16 |v_2b| + |v_2b+1|. */
	__m128i pairs = _mm_maddubs_epi16(_mm_abs_epi8(v), _mm_set1_epi16(0x0110));
	_mm_storel_epi64((__m128i *)(void *)idx, _mm_packus_epi16(pairs, pairs));
	uint16_t bits = (uint16_t)_mm_movemask_epi8(_mm_shuffle_epi8(v, reverse));
	memcpy(sign, &bits, sizeof bits);
}

/*
 * Index and sign bytes of 96 weights.  Group g of 4 triples is codes
 * 12 g .. 12 g + 11; palignr cuts it out of the 16-code vectors.
 */
static inline void tl2_pack96(const float *w, __m128 alpha, uint8_t *idx, uint8_t *sign)
{
	__m128i c[6];
	for (int i = 0; i < 6; i++)
		c[i] = tl_codes16(w + 16 * i, alpha);
	tl2_store16(tl2_values16(c[0], _mm_alignr_epi8(c[1], c[0], 12), _mm_alignr_epi8(c[2], c[1], 8),
	                         _mm_alignr_epi8(c[3], c[2], 4)),
	            idx, sign);
	tl2_store16(tl2_values16(c[3], _mm_alignr_epi8(c[4], c[3], 12), _mm_alignr_epi8(c[5], c[4], 8),
	                         _mm_srli_si128(c[5], 4)),
	            idx + 8, sign + 2);
}

/* ---- dequantize -------------------------------------------------------- */

/*
 * 48 weights from 8 index bytes and 2 sign bytes.  Digit tables give the
 * balanced-ternary digits of |v|; negating them gives those of -v.  The three
 * digit vectors are interleaved into weight order by pshufb, 16 weights a step.
 */
static inline void tl2_decode48(const uint8_t *idx, const uint8_t *sign, float *y, __m128 alpha)
{
	/* Digits t0, t1, t2 of v = 0..13 (9 t0 + 3 t1 + t2 = v). */
	const __m128i d0 = _mm_setr_epi8(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0);
	const __m128i d1 = _mm_setr_epi8(0, 0, 1, 1, 1, -1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0);
	const __m128i d2 = _mm_setr_epi8(0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0);
	/* Sign byte j/8 to byte j, and the bit of triple j: 0x80 >> j % 8. */
	const __m128i spread = _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
	const __m128i bit = _mm_set1_epi64x((long long)0x0102040810204080ull);
	__m128i n = tl_nibbles16(idx);
	int16_t sbits;
	memcpy(&sbits, sign, sizeof sbits);
	__m128i neg = _mm_and_si128(_mm_shuffle_epi8(_mm_set1_epi16(sbits), spread), bit);
	/* -1 where negative, else 1: psignb negates or keeps. */
	__m128i sg = _mm_or_si128(_mm_cmpeq_epi8(neg, bit), _mm_set1_epi8(1));
	__m128i t0 = _mm_sign_epi8(_mm_shuffle_epi8(d0, n), sg);
	__m128i t1 = _mm_sign_epi8(_mm_shuffle_epi8(d1, n), sg);
	__m128i t2 = _mm_sign_epi8(_mm_shuffle_epi8(d2, n), sg);

	for (int o = 0; o < 3; o++) {
		__m128i t = _mm_or_si128(_mm_or_si128(_mm_shuffle_epi8(t0, tl_load(tl2_pick[o][0])),
		                                      _mm_shuffle_epi8(t1, tl_load(tl2_pick[o][1]))),
		                         _mm_shuffle_epi8(t2, tl_load(tl2_pick[o][2])));
		tl_store_floats16(y + 16 * o, t, alpha);
	}
}

/* 96 weights: two halves of 48. */
static inline void tl2_decode96(const uint8_t *idx, const uint8_t *sign, float *y, __m128 alpha)
{
	tl2_decode48(idx, sign, y, alpha);
	tl2_decode48(idx + 8, sign + 2, y + 48, alpha);
}

/* ---- gemv -------------------------------------------------------------- */

/*
 * TL2 tables of `triples` triples: entry |v| = 0..13 is d0 q0 + d1 q1 + d2 q2
 * for the digits of |v|.  |e| <= 384, so h = e >> 5 lies in -12..12 (unbiased:
 * the sign is applied after the lookup).
 */
static void tl2_build_tables(const uint8_t *qb, uint64_t triples, uint8_t *lut)
{
	/* Per 16-bit lane v: the bytes (d0, d1), the bytes (d2, 0), and 128 (d0 + d1 + d2). */
	const __m128i d01a = _mm_setr_epi8(0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, -1, 1, -1, 1, -1);
	const __m128i d01b = _mm_setr_epi8(1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
	const __m128i d2a = _mm_setr_epi8(0, 0, 1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 1, 0);
	const __m128i d2b = _mm_setr_epi8(-1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 1, 0, 0, 0, 0, 0);
	const __m128i bias_a = _mm_setr_epi16(0, 128, 0, 128, 256, -128, 0, 128);
	const __m128i bias_b = _mm_setr_epi16(0, 128, 256, 128, 256, 384, 0, 0);
	for (uint64_t j = 0; j < triples; j++) {
		__m128i q01 = tl_pair(qb + 3 * j), q2 = tl_pair(qb + 3 * j + 2);
		__m128i ea = _mm_add_epi16(_mm_maddubs_epi16(q01, d01a), _mm_maddubs_epi16(q2, d2a));
		__m128i eb = _mm_add_epi16(_mm_maddubs_epi16(q01, d01b), _mm_maddubs_epi16(q2, d2b));
		tl_store_table(lut + TL_TABLE_BYTES * j, _mm_sub_epi16(ea, bias_a),
		               _mm_sub_epi16(eb, bias_b), 0);
	}
}

/*
 * One lookup of a TL2 tile column: `idx` holds 16 rows' |v| of one triple,
 * `t` is its table, and the top bit of each byte of `sg` is the row's sign
 * of v.  psignb negates both halves of a negative lookup:
 * -(32 h + l) = 32 (-h) + (-l).  OR 1 keeps psignb from zeroing where the
 * sign byte is 0.  The sums never saturate (see tl2_flush); saturating adds
 * keep the compiler from regrouping them (see tl1_column).
 */
static inline void tl2_lookup(__m128i idx, __m128i sg, const uint8_t *t, __m128i *l8,
                              __m128i *h8)
{
	sg = _mm_or_si128(sg, _mm_set1_epi8(1));
	*l8 = _mm_adds_epi8(*l8, _mm_sign_epi8(_mm_shuffle_epi8(tl_table_l(t), idx), sg));
	*h8 = _mm_adds_epi8(*h8, _mm_sign_epi8(_mm_shuffle_epi8(tl_table_h(t), idx), sg));
}

/*
 * TL2 accumulation (signed): a flush unit of 2 columns (4 lookups) sums l to
 * within +-124 and h to within +-48 in int8; pmaddubsw of the pairs (1, 32)
 * with the interleaved (l, h) bytes gives l + 32 h within +-1660, and a block
 * (8 units) stays within +-13280 in int16.
 */
static inline void tl2_flush(__m128i l8, __m128i h8, __m128i *lo, __m128i *hi)
{
	const __m128i coef = _mm_set1_epi16(0x2001); /* bytes 1, 32 */
	*lo = _mm_add_epi16(*lo, _mm_maddubs_epi16(coef, _mm_unpacklo_epi8(l8, h8)));
	*hi = _mm_add_epi16(*hi, _mm_maddubs_epi16(coef, _mm_unpackhi_epi8(l8, h8)));
}

/*
 * A flush unit: two columns of a TL2 tile (byte i of a column holds row i's
 * |v| of triple j, high nibble, and of j+1) and their 4 tables at `t`.  The
 * top bit of each byte of *sg is the row's sign of triple j, the next bits
 * those of the triples after it; *sg moves on by 4 bits.
 */
static inline void tl2_unit(const uint8_t *w, const uint8_t *t, __m128i *sg, __m128i *lo,
                            __m128i *hi)
{
	__m128i l8 = _mm_setzero_si128(), h8 = l8, s = *sg, hn, ln;

	for (int c = 0; c < 2; c++) {
		tl_nibbles(w + c * TL_TILE_ROWS, &hn, &ln);
		tl2_lookup(hn, s, t + 2 * c * TL_TABLE_BYTES, &l8, &h8);
		s = _mm_add_epi8(s, s);
		tl2_lookup(ln, s, t + (2 * c + 1) * TL_TABLE_BYTES, &l8, &h8);
		s = _mm_add_epi8(s, s);
	}
	*sg = s;
	tl2_flush(l8, h8, lo, hi);
}

/* One block of one tile (16 index columns, 4 sign columns) into the tile's int32 sums. */
static inline void tl2_block(const uint8_t *w, const uint8_t *t, int32_t *isum)
{
	__m128i lo = _mm_setzero_si128(), hi = lo;
	for (int sb = 0; sb < 4; sb++) {
		__m128i sg = tl_load(w + (16 + sb) * TL_TILE_ROWS);
		tl2_unit(w + 4 * sb * TL_TILE_ROWS, t + 8 * sb * TL_TABLE_BYTES, &sg, &lo, &hi);
		tl2_unit(w + (4 * sb + 2) * TL_TILE_ROWS, t + (8 * sb + 4) * TL_TABLE_BYTES, &sg, &lo,
		         &hi);
	}
	tl_widen(isum, lo, hi, 1);
}

#endif
