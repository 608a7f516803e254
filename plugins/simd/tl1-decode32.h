/*
 * TL1 decoding of 32 weights in 128-bit steps, shared by the sse and avx2
 * plugins; their tl-lut.h defines tl_dscale and tl_store_floats16 first.
 */
#ifndef BNB_SIMD_TL1_DECODE32_H
#define BNB_SIMD_TL1_DECODE32_H

/*
 * 8 bytes of 4-bit indices -> 16 index bytes in order, the high nibble of
 * each byte first.
 */
static inline __m128i tl_nibbles16(const uint8_t *p)
{
	__m128i x = _mm_cvtepu8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)p));
	__m128i hi = _mm_srli_epi16(x, 4);
	__m128i lo = _mm_slli_epi16(_mm_and_si128(x, _mm_set1_epi16(15)), 8);
	return _mm_or_si128(hi, lo);
}

/* 8 TL1 bytes (32 weights) -> 32 floats t * alpha. */
static inline void tl1_decode32(const uint8_t *p, float *y, tl_dscale alpha)
{
	/* t0 = idx / 3 - 1 and t1 = idx % 3 - 1 for idx 0..8. */
	const __m128i t0 = _mm_setr_epi8(-1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
	const __m128i t1 = _mm_setr_epi8(-1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0, 0, 0, 0, 0, 0);
	__m128i n = tl_nibbles16(p);
	__m128i a = _mm_shuffle_epi8(t0, n), b = _mm_shuffle_epi8(t1, n);
	tl_store_floats16(y, _mm_unpacklo_epi8(a, b), alpha);
	tl_store_floats16(y + 16, _mm_unpackhi_epi8(a, b), alpha);
}

#endif
