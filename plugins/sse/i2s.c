/*
 * I2S kernels with SSSE3/SSE4.1 (FORMATS.md sections 1, 2 and 5).
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

/*
 * The kernel works on the codes c = t + 1 in {0, 1, 2}: maddubs multiplies
 * unsigned codes by signed activations, and sum t*q = sum c*q - sum q.
 *
 * Decoding takes one 16-bit shift per 16 bytes: v holds the fields of elements
 * p+64 and p+96 in bits 3:2 and 1:0, v >> 4 those of p and p+32 (the bits
 * shifted in from the neighbouring byte land above bit 3 and are masked off).
 * Masking with 0x0C leaves 4c, with 0x03 leaves c, so a block adds to two
 * int16 sums: s4 (4 times the part of fields 0 and 2) and s1 (fields 1, 3).
 *
 * Range (c <= 2, |q| <= 128): a maddubs lane adds two products and a block
 * adds two halves, so a block moves an s4 lane by at most 2 * 2 * 2 * 8 * 128
 * = 8192 and an s1 lane by 2048.  After FLUSH_BLOCKS = 4 blocks (512 weights)
 * s4 is within [-32768, 32512], and both are widened to int32 and scaled back
 * to the plain sum.
 */
#define FLUSH_BLOCKS 4

static inline __m128i load16(const void *p)
{
	return _mm_loadu_si128((const __m128i *)p);
}

/* Half h (0 or 1) of one block's activations, fields 0..3. */
struct act_half {
	__m128i f0, f1, f2, f3;
};

static inline struct act_half load_act(const int8_t *q)
{
	struct act_half a = { load16(q), load16(q + 32), load16(q + 64), load16(q + 96) };
	return a;
}

/* 16 bytes of weights against their activations, added to s4 and s1. */
static inline void dot_half(const uint8_t *w, const struct act_half *a, __m128i *s4, __m128i *s1)
{
	const __m128i m12 = _mm_set1_epi8(0x0c), m3 = _mm_set1_epi8(0x03);
	__m128i v = load16(w), h = _mm_srli_epi16(v, 4);
	__m128i p0 = _mm_maddubs_epi16(_mm_and_si128(h, m12), a->f0);
	__m128i p1 = _mm_maddubs_epi16(_mm_and_si128(h, m3), a->f1);
	__m128i p2 = _mm_maddubs_epi16(_mm_and_si128(v, m12), a->f2);
	__m128i p3 = _mm_maddubs_epi16(_mm_and_si128(v, m3), a->f3);
	*s4 = _mm_add_epi16(*s4, _mm_add_epi16(p0, p2));
	*s1 = _mm_add_epi16(*s1, _mm_add_epi16(p1, p3));
}

/* acc + (s4 + 4 s1) / 4 in int32 lanes; an exact shift, as every lane is a multiple of 4. */
static inline __m128i flush(__m128i acc, __m128i s4, __m128i s1)
{
	__m128i x = _mm_add_epi32(_mm_madd_epi16(s4, _mm_set1_epi16(1)),
	                          _mm_madd_epi16(s1, _mm_set1_epi16(4)));
	return _mm_add_epi32(acc, _mm_srai_epi32(x, 2));
}

static inline int32_t hsum32(__m128i h)
{
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(1, 0, 3, 2)));
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(2, 3, 0, 1)));
	return _mm_cvtsi128_si32(h);
}

/* sum c*q for rows w0 and w1, which share each activation load. */
static void dot_rows2(const uint8_t *w0, const uint8_t *w1, const int8_t *q, uint64_t nblk,
                      int32_t out[2])
{
	__m128i acc0 = _mm_setzero_si128(), acc1 = acc0;

	for (uint64_t b0 = 0; b0 < nblk; b0 += FLUSH_BLOCKS) {
		uint64_t end = b0 + FLUSH_BLOCKS < nblk ? b0 + FLUSH_BLOCKS : nblk;
		__m128i a4 = _mm_setzero_si128(), a1 = a4, b4 = a4, b1 = a4;
		for (uint64_t b = b0; b < end; b++) {
			for (int h = 0; h < 32; h += 16) {
				struct act_half a = load_act(q + b * 128 + h);
				dot_half(w0 + b * 32 + h, &a, &a4, &a1);
				dot_half(w1 + b * 32 + h, &a, &b4, &b1);
			}
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
	__m128i acc = _mm_setzero_si128();
	for (uint64_t b0 = 0; b0 < nblk; b0 += FLUSH_BLOCKS) {
		uint64_t end = b0 + FLUSH_BLOCKS < nblk ? b0 + FLUSH_BLOCKS : nblk;
		__m128i s4 = _mm_setzero_si128(), s1 = s4;
		for (uint64_t b = b0; b < end; b++) {
			for (int h = 0; h < 32; h += 16) {
				struct act_half a = load_act(q + b * 128 + h);
				dot_half(w + b * 32 + h, &a, &s4, &s1);
			}
		}
		acc = flush(acc, s4, s1);
	}
	return hsum32(acc);
}

/* sum of q: psadbw adds bytes as unsigned, so bias them by 128 first. */
static int32_t sum_q(const int8_t *q, uint64_t k)
{
	const __m128i bias = _mm_set1_epi8((char)0x80);
	__m128i acc = _mm_setzero_si128();
	uint64_t i = 0;
	for (; i + 16 <= k; i += 16)
		acc = _mm_add_epi64(acc, _mm_sad_epu8(_mm_xor_si128(load16(q + i), bias),
		                                      _mm_setzero_si128()));
	int64_t sum = _mm_cvtsi128_si64(acc) + _mm_extract_epi64(acc, 1) - 128 * (int64_t)i;
	for (; i < k; i++)
		sum += q[i];
	return (int32_t)(uint32_t)sum;
}

static void gemv(struct bnb_kernel_state *s)
{
	size_t row_bytes = bnb_i2s_row_bytes(s->k);
	uint64_t nblk = s->k / 128, i = 0;
	float alpha = bnb_read_tail(s->packed + s->m * row_bytes);
	float s_a = sse_act_quantize(s->x, s->k, s->q);
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
