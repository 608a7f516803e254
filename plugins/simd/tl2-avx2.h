/*
 * TL2 pieces that the avx2 and avx512 plugins share (256-bit code, see
 * tl-avx2.h): the triple tables and the decoding of 96 weights, which
 * negates digits with the plugin's tl2_signs_of and tl2_negate and stores
 * floats with its
 * tl_store_floats16 (tl-lut.h, tl2-ops.h).
 */
#ifndef BNB_SIMD_TL2_AVX2_H
#define BNB_SIMD_TL2_AVX2_H

#include "tl-avx2.h"

/* A 16-byte vpshufb pattern in both lanes. */
static inline __m256i tl_pick(const int8_t *p)
{
	return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)p));
}

/*
 * 96 weights from 16 index bytes and 4 sign bytes.  Digit tables give the
 * balanced-ternary digits of |v|; negating them gives those of -v.  The three
 * digit vectors (triples 0-15 in lane 0, 16-31 in lane 1) are interleaved into
 * weight order by vpshufb, 16 weights per lane and step.
 */
static inline void tl2_decode96(const uint8_t *idx, const uint8_t *sign, float *y, tl_dscale alpha)
{
	/* Digits t0, t1, t2 of v = 0..13 (9 t0 + 3 t1 + t2 = v). */
	const __m256i d0 = _mm256_setr_epi8(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0,
	                                    0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0);
	const __m256i d1 = _mm256_setr_epi8(0, 0, 1, 1, 1, -1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0,
	                                    0, 0, 1, 1, 1, -1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0);
	const __m256i d2 = _mm256_setr_epi8(0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0,
	                                    0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0);
	/* Sign byte j/8 to byte j, and the bit of triple j: 0x80 >> j % 8. */
	const __m256i spread = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
	                                        2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
	const __m256i bit = _mm256_set1_epi64x((long long)0x0102040810204080ull);
	__m256i n = tl_nibbles32(idx);
	int32_t sbits;
	memcpy(&sbits, sign, sizeof sbits);
	/* Byte j: the sign byte of triple j, whose bit is bit's byte j. */
	tl2_sign_set sg = tl2_signs_of(_mm256_shuffle_epi8(_mm256_set1_epi32(sbits), spread), bit);
	__m256i t0 = tl2_negate(_mm256_shuffle_epi8(d0, n), sg);
	__m256i t1 = tl2_negate(_mm256_shuffle_epi8(d1, n), sg);
	__m256i t2 = tl2_negate(_mm256_shuffle_epi8(d2, n), sg);

	for (int o = 0; o < 3; o++) {
		__m256i t = _mm256_or_si256(_mm256_or_si256(_mm256_shuffle_epi8(t0, tl_pick(tl2_pick[o][0])),
		                                            _mm256_shuffle_epi8(t1, tl_pick(tl2_pick[o][1]))),
		                            _mm256_shuffle_epi8(t2, tl_pick(tl2_pick[o][2])));
		tl_store_floats16(y + 16 * o, _mm256_castsi256_si128(t), alpha);
		tl_store_floats16(y + 48 + 16 * o, _mm256_extracti128_si256(t, 1), alpha);
	}
}

/*
 * TL2 tables of `triples` triples: entry |v| = 0..13 is d0 q0 + d1 q1 + d2 q2
 * for the digits of |v|.  |e| <= 384, so h = e >> 5 lies in -12..12 (unbiased:
 * the sign is applied after the lookup).
 */
static void tl2_build_tables(const uint8_t *qb, uint64_t triples, uint8_t *lut)
{
	/* Per 16-bit lane v: the bytes (d0, d1), the bytes (d2, 0), and 128 (d0 + d1 + d2). */
	const __m256i d01 = _mm256_setr_epi8(0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, -1, 1, -1, 1, -1,
	                                     1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
	const __m256i d2 = _mm256_setr_epi8(0, 0, 1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 1, 0,
	                                    -1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 1, 0, 0, 0, 0, 0);
	const __m256i bias = _mm256_setr_epi16(0, 128, 0, 128, 256, -128, 0, 128, 0, 128, 256, 128,
	                                       256, 384, 0, 0);
	for (uint64_t j = 0; j < triples; j++) {
		__m256i e = _mm256_add_epi16(_mm256_maddubs_epi16(tl_pair(qb + 3 * j), d01),
		                             _mm256_maddubs_epi16(tl_pair(qb + 3 * j + 2), d2));
		tl_store_table(lut + TL_TABLE_BYTES * j, _mm256_sub_epi16(e, bias), 0);
	}
}

#endif
