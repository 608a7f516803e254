/*
 * The I2S gemv of the sse and avx2 plugins (bnbench-formats(7): I2S,
 * OPERATIONS), written once over the plugin's vec.h; included by their
 * i2s.c, which defines simd_act_quantize (the I8_S activations).
 *
 * The kernel works on the codes c = t + 1 in {0, 1, 2}: maddubs multiplies
 * unsigned codes by signed activations, and sum t*q = sum c*q - sum q.
 *
 * A 32-byte block is read in parts of VI_BYTES.  Decoding takes one 16-bit
 * shift per part: v holds the fields of elements p+64 and p+96 in bits 3:2
 * and 1:0, v >> 4 those of p and p+32 (the bits shifted in from the
 * neighbouring byte land above bit 3 and are masked off).  Masking with 0x0C
 * leaves 4c, with 0x03 leaves c, so a part adds to two int16 sums: s4 (4
 * times the part of fields 0 and 2) and s1 (fields 1, 3).
 *
 * Range (c <= 2, |q| <= 128): a maddubs lane adds two products, so a part
 * moves an s4 lane by at most 2 * 2 * 8 * 128 = 4096 and an s1 lane by 1024,
 * a block by 32 / VI_BYTES times that.  After FLUSH_BLOCKS = VI_BYTES / 4
 * blocks s4 is within [-32768, 32512], and both are widened to int32 and
 * scaled back to the plain sum.
 */
#ifndef BNB_SIMD_I2S_GEMV_H
#define BNB_SIMD_I2S_GEMV_H

#include "kernel-state.h"
#include "vec.h"

#define FLUSH_BLOCKS (VI_BYTES / 4)

/* VI_BYTES activations of each of a block's fields 0..3 (elements 0-31, 32-63, 64-95, 96-127). */
struct act_part {
	vi f0, f1, f2, f3;
};

static inline struct act_part load_act(const int8_t *q)
{
	struct act_part a = { vi_load(q), vi_load(q + 32), vi_load(q + 64), vi_load(q + 96) };
	return a;
}

/* VI_BYTES bytes of weights against their activations, added to s4 and s1. */
static inline void dot_part(const uint8_t *w, const struct act_part *a, vi *s4, vi *s1)
{
	const vi m12 = vi_set1_8(0x0c), m3 = vi_set1_8(0x03);
	vi v = vi_load(w), h = vi_srli16(v, 4);
	vi p0 = vi_maddubs(vi_and(h, m12), a->f0);
	vi p1 = vi_maddubs(vi_and(h, m3), a->f1);
	vi p2 = vi_maddubs(vi_and(v, m12), a->f2);
	vi p3 = vi_maddubs(vi_and(v, m3), a->f3);
	*s4 = vi_add16(*s4, vi_add16(p0, p2));
	*s1 = vi_add16(*s1, vi_add16(p1, p3));
}

/* acc + (s4 + 4 s1) / 4 in int32 lanes; an exact shift, as every lane is a multiple of 4. */
static inline vi flush(vi acc, vi s4, vi s1)
{
	vi x = vi_add32(vi_madd(s4, vi_set1_16(1)), vi_madd(s1, vi_set1_16(4)));
	return vi_add32(acc, vi_srai32(x, 2));
}

/* sum c*q for rows w0 and w1, which share each activation load. */
static void dot_rows2(const uint8_t *w0, const uint8_t *w1, const int8_t *q, uint64_t nblk,
                      int32_t out[2])
{
	vi acc0 = vi_zero(), acc1 = acc0;

	for (uint64_t b0 = 0; b0 < nblk; b0 += FLUSH_BLOCKS) {
		uint64_t end = b0 + FLUSH_BLOCKS < nblk ? b0 + FLUSH_BLOCKS : nblk;
		vi a4 = vi_zero(), a1 = a4, b4 = a4, b1 = a4;
		for (uint64_t b = b0; b < end; b++) {
			for (int h = 0; h < 32; h += VI_BYTES) {
				struct act_part a = load_act(q + b * 128 + h);
				dot_part(w0 + b * 32 + h, &a, &a4, &a1);
				dot_part(w1 + b * 32 + h, &a, &b4, &b1);
			}
		}
		acc0 = flush(acc0, a4, a1);
		acc1 = flush(acc1, b4, b1);
	}
	out[0] = vi_hsum32(acc0);
	out[1] = vi_hsum32(acc1);
}

/* sum c*q for one row. */
static int32_t dot_row(const uint8_t *w, const int8_t *q, uint64_t nblk)
{
	vi acc = vi_zero();
	for (uint64_t b0 = 0; b0 < nblk; b0 += FLUSH_BLOCKS) {
		uint64_t end = b0 + FLUSH_BLOCKS < nblk ? b0 + FLUSH_BLOCKS : nblk;
		vi s4 = vi_zero(), s1 = s4;
		for (uint64_t b = b0; b < end; b++) {
			for (int h = 0; h < 32; h += VI_BYTES) {
				struct act_part a = load_act(q + b * 128 + h);
				dot_part(w + b * 32 + h, &a, &s4, &s1);
			}
		}
		acc = flush(acc, s4, s1);
	}
	return vi_hsum32(acc);
}

/* sum of q: sad adds bytes as unsigned, so bias them by 128 first. */
static int32_t sum_q(const int8_t *q, uint64_t k)
{
	const vi bias = vi_set1_8(-128);
	vi acc = vi_zero();
	uint64_t i = 0;
	for (; i + VI_BYTES <= k; i += VI_BYTES)
		acc = vi_add64(acc, vi_sad0(vi_xor(vi_load(q + i), bias)));
	int64_t sum = vi_hsum64(acc) - 128 * (int64_t)i;
	for (; i < k; i++)
		sum += q[i];
	return (int32_t)(uint32_t)sum;
}

/* A gemv's rows are split among threads by 16 (a cache line of outputs, whole row pairs). */
#define GEMV_SPLIT_ROWS 16

static void gemv_prepare(struct bnb_kernel_state *s)
{
	s->alpha = bnb_read_tail(s->packed + s->m * bnb_i2s_row_bytes(s->k));
	s->s_a = simd_act_quantize(s->x, s->k, s->q);
	s->qsum = sum_q(s->q, s->k);
}

static void gemv_rows(struct bnb_kernel_state *s, uint64_t r0, uint64_t r1)
{
	size_t row_bytes = bnb_i2s_row_bytes(s->k);
	uint64_t nblk = s->k / 128, i = r0;
	float alpha = s->alpha, s_a = s->s_a;
	int32_t qsum = s->qsum;
	float *y = (float *)(void *)s->out;

	for (; i + 2 <= r1; i += 2) {
		int32_t d[2];
		const uint8_t *w = s->packed + i * row_bytes;
		dot_rows2(w, w + row_bytes, s->q, nblk, d);
		y[i] = bnb_gemv_out(bnb_codes_isum(d[0], qsum), s_a, alpha);
		y[i + 1] = bnb_gemv_out(bnb_codes_isum(d[1], qsum), s_a, alpha);
	}
	for (; i < r1; i++)
		y[i] = bnb_gemv_out(bnb_codes_isum(dot_row(s->packed + i * row_bytes, s->q, nblk),
		                                   qsum), s_a, alpha);
}

#endif
