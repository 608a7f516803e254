/*
 * 256-bit pieces that the avx2 and avx512 plugins share (both build with
 * -mavx2): the table builds of the tl gemv kernels and the TL2 decoding of
 * 96 weights (tl2-avx2.h).  The plugin's tl-lut.h defines tl_store_table.
 */
#ifndef BNB_SIMD_TL_AVX2_H
#define BNB_SIMD_TL_AVX2_H

#include <immintrin.h>
#include <string.h>

/* Stores the table of the int16 entries e: the plugin's own (tl-lut.h). */
static inline void tl_store_table(uint8_t *dst, __m256i e, int hbias);

/*
 * 16 bytes of 4-bit indices -> 32 index bytes in order, the high nibble of
 * each byte first.
 */
static inline __m256i tl_nibbles32(const uint8_t *p)
{
	__m256i x = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)p));
	__m256i hi = _mm256_srli_epi16(x, 4);
	__m256i lo = _mm256_slli_epi16(_mm256_and_si256(x, _mm256_set1_epi16(15)), 8);
	return _mm256_or_si256(hi, lo);
}

/*
 * A pair of biased activations (q0 + 128, q1 + 128) broadcast to all 16-bit
 * lanes; vpmaddubsw with signed digits (d0, d1) then gives d0 q0 + d1 q1 +
 * 128 (d0 + d1).
 */
static inline __m256i tl_pair(const uint8_t *qb)
{
	int16_t v;
	memcpy(&v, qb, sizeof v);
	return _mm256_set1_epi16(v);
}

/*
 * TL1 tables of `pairs` pairs: entry idx = 3 t0 + t1 + 4 is e = t0 q0 + t1 q1,
 * its h stored as h + TL1_HBIAS.
 */
static inline void tl1_build_tables(const uint8_t *qb, uint64_t pairs, uint8_t *lut)
{
	/* Per 16-bit lane idx: the bytes (t0, t1), and 128 (t0 + t1); 0 past idx 8. */
	const __m256i digits = _mm256_setr_epi8(-1, -1, -1, 0, -1, 1, 0, -1, 0, 0, 0, 1, 1, -1, 1, 0,
	                                        1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	const __m256i bias = _mm256_setr_epi16(-256, -128, 0, -128, 0, 128, 0, 128, 256,
	                                       0, 0, 0, 0, 0, 0, 0);
	for (uint64_t p = 0; p < pairs; p++) {
		__m256i e = _mm256_maddubs_epi16(tl_pair(qb + 2 * p), digits);
		tl_store_table(lut + TL_TABLE_BYTES * p, _mm256_sub_epi16(e, bias), TL1_HBIAS);
	}
}

#endif
