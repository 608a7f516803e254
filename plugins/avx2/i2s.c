/*
 * I2S kernels with AVX2 (FORMATS.md sections 1, 2 and 5).
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

/*
 * The kernel works on the codes c = t + 1 in {0, 1, 2}: maddubs multiplies
 * unsigned codes by signed activations, and sum t*q = sum c*q - sum q.
 *
 * Decoding takes one 16-bit shift per block: v holds the fields of elements
 * p+64 and p+96 in bits 3:2 and 1:0, v >> 4 those of p and p+32 (the bits
 * shifted in from the neighbouring byte land above bit 3 and are masked off).
 * Masking with 0x0C leaves 4c, with 0x03 leaves c, so a block adds to two
 * int16 sums: s4 (4 times the part of fields 0 and 2) and s1 (fields 1, 3).
 *
 * Range (c <= 2, |q| <= 128): a maddubs lane adds two products, so a block
 * moves an s4 lane by at most 2 * 2 * 8 * 128 = 4096 and an s1 lane by 1024.
 * After FLUSH_BLOCKS = 8 blocks (1024 weights) s4 is within [-32768, 32512],
 * and both are widened to int32 and scaled back to the plain sum.
 */
#define FLUSH_BLOCKS 8

static inline __m256i load32(const void *p)
{
	return _mm256_loadu_si256((const __m256i *)p);
}

/* The 128 activations of one block, fields 0..3 (elements 0-31, 32-63, 64-95, 96-127). */
struct act_block {
	__m256i f0, f1, f2, f3;
};

static inline struct act_block load_act(const int8_t *q)
{
	struct act_block a = { load32(q), load32(q + 32), load32(q + 64), load32(q + 96) };
	return a;
}

/* One 32-byte block of weights against its activations, added to s4 and s1. */
static inline void dot_block(const uint8_t *w, const struct act_block *a, __m256i *s4, __m256i *s1)
{
	const __m256i m12 = _mm256_set1_epi8(0x0c), m3 = _mm256_set1_epi8(0x03);
	__m256i v = load32(w), h = _mm256_srli_epi16(v, 4);
	__m256i p0 = _mm256_maddubs_epi16(_mm256_and_si256(h, m12), a->f0);
	__m256i p1 = _mm256_maddubs_epi16(_mm256_and_si256(h, m3), a->f1);
	__m256i p2 = _mm256_maddubs_epi16(_mm256_and_si256(v, m12), a->f2);
	__m256i p3 = _mm256_maddubs_epi16(_mm256_and_si256(v, m3), a->f3);
	*s4 = _mm256_add_epi16(*s4, _mm256_add_epi16(p0, p2));
	*s1 = _mm256_add_epi16(*s1, _mm256_add_epi16(p1, p3));
}

/* acc + (s4 + 4 s1) / 4 in int32 lanes; an exact shift, as every lane is a multiple of 4. */
static inline __m256i flush(__m256i acc, __m256i s4, __m256i s1)
{
	__m256i x = _mm256_add_epi32(_mm256_madd_epi16(s4, _mm256_set1_epi16(1)),
	                             _mm256_madd_epi16(s1, _mm256_set1_epi16(4)));
	return _mm256_add_epi32(acc, _mm256_srai_epi32(x, 2));
}

static inline int32_t hsum32(__m256i v)
{
	__m128i h = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(1, 0, 3, 2)));
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(2, 3, 0, 1)));
	return _mm_cvtsi128_si32(h);
}

/*
 * sum c*q for rows w0 and w1.  Two rows per pass share each activation load
 * and keep every accumulator in a register (more rows spill on AVX2's 16).
 */
static void dot_rows2(const uint8_t *w0, const uint8_t *w1, const int8_t *q, uint64_t nblk,
                      int32_t out[2])
{
	__m256i acc0 = _mm256_setzero_si256(), acc1 = acc0;

	for (uint64_t b0 = 0; b0 < nblk; b0 += FLUSH_BLOCKS) {
		uint64_t end = b0 + FLUSH_BLOCKS < nblk ? b0 + FLUSH_BLOCKS : nblk;
		__m256i a4 = _mm256_setzero_si256(), a1 = a4, b4 = a4, b1 = a4;
		for (uint64_t b = b0; b < end; b++) {
			struct act_block a = load_act(q + b * 128);
			dot_block(w0 + b * 32, &a, &a4, &a1);
			dot_block(w1 + b * 32, &a, &b4, &b1);
		}
		acc0 = flush(acc0, a4, a1);
		acc1 = flush(acc1, b4, b1);
	}
	out[0] = hsum32(acc0);
	out[1] = hsum32(acc1);
}

/* sum c*q for one row. */
static int32_t dot_row(const uint8_t *w, const int8_t *q, uint64_t nblk)
{
	__m256i acc = _mm256_setzero_si256();
	for (uint64_t b0 = 0; b0 < nblk; b0 += FLUSH_BLOCKS) {
		uint64_t end = b0 + FLUSH_BLOCKS < nblk ? b0 + FLUSH_BLOCKS : nblk;
		__m256i s4 = _mm256_setzero_si256(), s1 = s4;
		for (uint64_t b = b0; b < end; b++) {
			struct act_block a = load_act(q + b * 128);
			dot_block(w + b * 32, &a, &s4, &s1);
		}
		acc = flush(acc, s4, s1);
	}
	return hsum32(acc);
}

/* sum of q: psadbw adds bytes as unsigned, so bias them by 128 first. */
static int32_t sum_q(const int8_t *q, uint64_t k)
{
	const __m256i bias = _mm256_set1_epi8((char)0x80);
	__m256i acc = _mm256_setzero_si256();
	uint64_t i = 0;
	for (; i + 32 <= k; i += 32) {
		__m256i v = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(const void *)(q + i)), bias);
		acc = _mm256_add_epi64(acc, _mm256_sad_epu8(v, _mm256_setzero_si256()));
	}
	__m128i h = _mm_add_epi64(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
	int64_t sum = _mm_cvtsi128_si64(h) + _mm_extract_epi64(h, 1) - 128 * (int64_t)i;
	for (; i < k; i++)
		sum += q[i];
	return (int32_t)(uint32_t)sum;
}

static void gemv(struct bnb_kernel_state *s)
{
	size_t row_bytes = bnb_i2s_row_bytes(s->k);
	uint64_t nblk = s->k / 128, i = 0;
	float alpha = bnb_read_tail(s->packed + s->m * row_bytes);
	float s_a = avx2_act_quantize(s->x, s->k, s->q);
	int32_t qsum = sum_q(s->q, s->k);
	float *y = (float *)(void *)s->out;

	for (; i + 2 <= s->m; i += 2) {
		int32_t d[2];
		const uint8_t *w = s->packed + i * row_bytes;
		dot_rows2(w, w + row_bytes, s->q, nblk, d);
		y[i] = bnb_gemv_out(bnb_codes_isum(d[0], qsum), s_a, alpha);
		y[i + 1] = bnb_gemv_out(bnb_codes_isum(d[1], qsum), s_a, alpha);
	}
	for (; i < s->m; i++)
		y[i] = bnb_gemv_out(bnb_codes_isum(dot_row(s->packed + i * row_bytes, s->q, nblk),
		                                   qsum), s_a, alpha);
}

/* ---- kernel table ------------------------------------------------------ */

static int setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return simd_setup(c, in, state, bnb_i2s_bytes, NULL);
}

SIMD_KERNELS(i2s, SIMD_GEMV_I2S_FEATURES, SIMD_I2S_TEXT);
