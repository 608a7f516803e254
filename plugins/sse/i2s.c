/*
 * I2S kernels with SSSE3/SSE4.1 (bnbench-formats(7): TERNARIZATION, I2S, OPERATIONS).
 *
 * Block layout: byte p of a 32-byte block holds the codes of elements p, p+32,
 * p+64 and p+96 (bits 7:6 .. 1:0), so each 16-byte half of a block decodes
 * into four vectors of 16 codes, each lined up with 16 consecutive activations.
 */
#include <smmintrin.h>

#include "act.h"
#include "kernels.h"

#define ROUND_NEAREST (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)

/* ---- quantize ---------------------------------------------------------- */

/* t = clamp(rint(w / alpha), -1, 1) as a float: true division, ties to even. */
static inline __m128 ternary4(const float *w, __m128 alpha)
{
	__m128 r = _mm_round_ps(_mm_div_ps(_mm_loadu_ps(w), alpha), ROUND_NEAREST);
	return _mm_min_ps(_mm_max_ps(r, _mm_set1_ps(-1.0f)), _mm_set1_ps(1.0f));
}

/*
 * Bytes p..p+3 of a block starting at w: sum of (t_f + 1) << (6 - 2f) over the
 * four fields, i.e. 64 t0 + 16 t1 + 4 t2 + t3 + 85, exact in float.
 */
static inline __m128i pack4(const float *w, __m128 alpha)
{
	__m128 b = _mm_add_ps(ternary4(w + 96, alpha), _mm_set1_ps(85.0f));
	b = _mm_add_ps(_mm_mul_ps(ternary4(w + 64, alpha), _mm_set1_ps(4.0f)), b);
	b = _mm_add_ps(_mm_mul_ps(ternary4(w + 32, alpha), _mm_set1_ps(16.0f)), b);
	b = _mm_add_ps(_mm_mul_ps(ternary4(w, alpha), _mm_set1_ps(64.0f)), b);
	return _mm_cvtps_epi32(b);
}

static void quantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k;
	float alpha = sse_alpha(s->x, n);
	__m128 va = _mm_set1_ps(alpha);

	for (uint64_t blk = 0; blk < n / 128; blk++) {
		const float *w = s->x + blk * 128;
		for (int p = 0; p < 32; p += 16) {
			__m128i ab = _mm_packs_epi32(pack4(w + p, va), pack4(w + p + 4, va));
			__m128i cd = _mm_packs_epi32(pack4(w + p + 8, va), pack4(w + p + 12, va));
			_mm_storeu_si128((__m128i *)(void *)(s->out + blk * 32 + p), _mm_packus_epi16(ab, cd));
		}
	}
	bnb_write_tail(s->out + n / 4, alpha);
}

/* ---- dequantize -------------------------------------------------------- */

/* (float)(c - 1) * alpha for the 2-bit field at `shift` of each int32 lane, as the reference. */
static inline __m128 decode4(__m128i b, int shift, __m128 alpha)
{
	__m128i c = _mm_and_si128(_mm_srl_epi32(b, _mm_cvtsi32_si128(shift)), _mm_set1_epi32(3));
	return _mm_mul_ps(_mm_cvtepi32_ps(_mm_sub_epi32(c, _mm_set1_epi32(1))), alpha);
}

static void dequantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k;
	__m128 alpha = _mm_set1_ps(bnb_read_tail(s->packed + n / 4));
	float *y = (float *)(void *)s->out;

	for (uint64_t blk = 0; blk < n / 128; blk++) {
		const uint8_t *src = s->packed + blk * 32;
		float *dst = y + blk * 128;
		for (int p = 0; p < 32; p += 4) {
			int32_t word;
			memcpy(&word, src + p, sizeof word);
			__m128i b = _mm_cvtepu8_epi32(_mm_cvtsi32_si128(word));
			_mm_storeu_ps(dst + p, decode4(b, 6, alpha));
			_mm_storeu_ps(dst + p + 32, decode4(b, 4, alpha));
			_mm_storeu_ps(dst + p + 64, decode4(b, 2, alpha));
			_mm_storeu_ps(dst + p + 96, decode4(b, 0, alpha));
		}
	}
}

/* ---- gemv -------------------------------------------------------------- */

#define simd_act_quantize sse_act_quantize
#include "i2s-gemv.h"

/* ---- kernel table ------------------------------------------------------ */

static int setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return simd_setup(c, in, state, bnb_i2s_bytes, gemv_setup);
}

SIMD_KERNELS(i2s, SIMD_GEMV_I2S_FEATURES, SIMD_I2S_TEXT);
