/*
 * I2S kernels with AVX2 (bnbench-formats(7): TERNARIZATION, I2S, OPERATIONS).
 *
 * Block layout: byte p of a 32-byte block holds the codes of elements p, p+32,
 * p+64 and p+96 (bits 7:6 .. 1:0), so one 32-byte load decodes into four
 * vectors of 32 codes, each lined up with 32 consecutive activations.
 */
#include <immintrin.h>

#include "act.h"
#include "kernels.h"

#define ROUND_NEAREST (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)

/* ---- quantize ---------------------------------------------------------- */

/* t = clamp(rint(w / alpha), -1, 1) as a float: true division, ties to even. */
static inline __m256 ternary8(const float *w, __m256 alpha)
{
	__m256 r = _mm256_round_ps(_mm256_div_ps(_mm256_loadu_ps(w), alpha), ROUND_NEAREST);
	return _mm256_min_ps(_mm256_max_ps(r, _mm256_set1_ps(-1.0f)), _mm256_set1_ps(1.0f));
}

/*
 * Bytes p..p+7 of a block starting at w: sum of (t_f + 1) << (6 - 2f) over the
 * four fields, i.e. 64 t0 + 16 t1 + 4 t2 + t3 + 85, exact in float.
 */
static inline __m256i pack8(const float *w, __m256 alpha)
{
	__m256 b = _mm256_add_ps(ternary8(w + 96, alpha), _mm256_set1_ps(85.0f));
	b = _mm256_fmadd_ps(ternary8(w + 64, alpha), _mm256_set1_ps(4.0f), b);
	b = _mm256_fmadd_ps(ternary8(w + 32, alpha), _mm256_set1_ps(16.0f), b);
	b = _mm256_fmadd_ps(ternary8(w, alpha), _mm256_set1_ps(64.0f), b);
	return _mm256_cvtps_epi32(b);
}

static void quantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k;
	float alpha = avx2_alpha(s->x, n);
	__m256 va = _mm256_set1_ps(alpha);
	/* The packs work per 128-bit lane; this puts the four 32-bit groups back in order. */
	const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);

	for (uint64_t blk = 0; blk < n / 128; blk++) {
		const float *w = s->x + blk * 128;
		__m256i ab = _mm256_packs_epi32(pack8(w, va), pack8(w + 8, va));
		__m256i cd = _mm256_packs_epi32(pack8(w + 16, va), pack8(w + 24, va));
		__m256i v = _mm256_permutevar8x32_epi32(_mm256_packus_epi16(ab, cd), order);
		_mm256_storeu_si256((__m256i *)(void *)(s->out + blk * 32), v);
	}
	bnb_write_tail(s->out + n / 4, alpha);
}

/* ---- dequantize -------------------------------------------------------- */

static void dequantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k;
	float alpha = bnb_read_tail(s->packed + n / 4);
	/* vpermilps picks by the low 2 bits of a lane: code c -> (c - 1) * alpha, as decoded. */
	__m128 lut4 = _mm_setr_ps(-1.0f * alpha, 0.0f * alpha, 1.0f * alpha, 2.0f * alpha);
	__m256 lut = _mm256_set_m128(lut4, lut4);
	float *y = (float *)(void *)s->out;

	for (uint64_t blk = 0; blk < n / 128; blk++) {
		const uint8_t *src = s->packed + blk * 32;
		float *dst = y + blk * 128;
		for (int p = 0; p < 32; p += 8) {
			__m256i b = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)(src + p)));
			_mm256_storeu_ps(dst + p, _mm256_permutevar_ps(lut, _mm256_srli_epi32(b, 6)));
			_mm256_storeu_ps(dst + p + 32, _mm256_permutevar_ps(lut, _mm256_srli_epi32(b, 4)));
			_mm256_storeu_ps(dst + p + 64, _mm256_permutevar_ps(lut, _mm256_srli_epi32(b, 2)));
			_mm256_storeu_ps(dst + p + 96, _mm256_permutevar_ps(lut, b));
		}
	}
}

/* ---- gemv -------------------------------------------------------------- */

#define simd_act_quantize avx2_act_quantize
#include "i2s-gemv.h"

/* ---- kernel table ------------------------------------------------------ */

static int setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return simd_setup(c, in, state, bnb_i2s_bytes, gemv_setup);
}

SIMD_KERNELS(i2s, SIMD_GEMV_I2S_FEATURES, SIMD_I2S_TEXT);
