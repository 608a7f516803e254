/*
 * The I2S gemv of the sse and avx2 plugins (bnbench-formats(7): I2S,
 * OPERATIONS), written once over the plugin's vec.h; included by their
 * i2s.c, which defines simd_act_quantize (the I8_S activations).  The rows
 * are in tiles of VI_BYTES / 4 rows, one per int32 lane (i2s-tiles.h), and
 * gemv_prepare stores each 4 activations a group meets in a field as a whole
 * vector (qx), so that the loop loads them: a broadcast from memory takes the
 * shuffle unit (Zen 4), a load does not.
 *
 * The kernel works on the codes c = t + 1 in {0, 1, 2}: maddubs multiplies
 * unsigned codes by signed activations, and sum t*q = sum c*q - sum q.
 *
 * Decoding a group v takes one 16-bit shift: v holds the fields 2 and 3 of
 * each byte in bits 3:2 and 1:0, v >> 4 the fields 0 and 1 (the bits shifted
 * in from the neighbouring byte land above bit 3 and are masked off).
 * Masking with 0x0C leaves 4c, with 0x03 leaves c, so a group adds to two
 * int16 sums: s4 (4 times the part of fields 0 and 2) and s1 (fields 1, 3).
 *
 * Range (c <= 2, -128 <= q <= 127): a maddubs lane adds two products, so a
 * group moves an s4 lane by at most 2 * 2 * 8 * 128 = 4096 and an s1 lane by
 * 1024.  After FLUSH_GROUPS = 8 groups (one block) s4 is within
 * [-32768, 32512], and both are widened to the int32 sum of their row and
 * scaled back to the plain sum.
 */
#ifndef BNB_SIMD_I2S_GEMV_H
#define BNB_SIMD_I2S_GEMV_H

#include "vec.h"

#define I2S_TILE_ROWS (VI_BYTES / 4)
#include "i2s-tiles.h"

#define FLUSH_GROUPS 8
/* Tiles per pass: 2 tiles' 6 sums, the 4 broadcasts and the 2 masks leave 4 of 16 registers. */
#define PASS_TILES 2

/* 4 activation bytes in every dword. */
static inline vi act4(const int8_t *q)
{
	int32_t v;
	memcpy(&v, q, sizeof v);
	return vi_set1_32(v);
}

/* The int16 sums of one tile between flushes. */
struct tile_acc {
	vi s4, s1;
};

static inline struct tile_acc acc_zero(void)
{
	struct tile_acc r = { vi_zero(), vi_zero() };
	return r;
}

/* One group (VI_BYTES bytes at w) of a tile against its fields' activations a0..a3. */
static inline struct tile_acc dot_group(struct tile_acc r, const uint8_t *w, vi a0, vi a1, vi a2,
                                        vi a3)
{
	const vi m12 = vi_set1_8(0x0c), m3 = vi_set1_8(0x03);
	vi v = vi_load(w), h = vi_srli16(v, 4);
	vi p0 = vi_maddubs(vi_and(h, m12), a0);
	vi p1 = vi_maddubs(vi_and(h, m3), a1);
	vi p2 = vi_maddubs(vi_and(v, m12), a2);
	vi p3 = vi_maddubs(vi_and(v, m3), a3);
	r.s4 = vi_add16(r.s4, vi_add16(p0, p2));
	r.s1 = vi_add16(r.s1, vi_add16(p1, p3));
	return r;
}

/*
 * The int32 sums at p plus (s4 + 4 s1) / 4 per row (the two int16 of a row's
 * dword); an exact shift.  In memory: they change once a block, and the 16
 * registers of avx2 are taken by the loop.
 */
static inline void flush(struct tile_acc r, int32_t *p)
{
	vi x = vi_add32(vi_madd(r.s4, vi_set1_16(1)), vi_madd(r.s1, vi_set1_16(4)));
	vi_store(p, vi_add32(vi_load(p), vi_srai32(x, 2)));
}

/*
 * sum c*q of the rows of `nt` (1 or PASS_TILES) consecutive tiles at w
 * (`tile_bytes` apart) into sums[0..nt * I2S_TILE_ROWS), row by row.
 */
static inline void dot_tiles(const uint8_t *w, size_t tile_bytes, const int8_t *qx,
                             uint64_t ngroups, int nt, int32_t *sums)
{
	for (int i = 0; i < nt; i++)
		vi_store(sums + i * I2S_TILE_ROWS, vi_zero());
	for (uint64_t j0 = 0; j0 < ngroups; j0 += FLUSH_GROUPS) {
		struct tile_acc r0 = acc_zero(), r1 = r0;
		for (uint64_t j = j0; j < j0 + FLUSH_GROUPS; j++) {
			const int8_t *a = qx + j * 4 * VI_BYTES;
			vi a0 = vi_load(a), a1 = vi_load(a + VI_BYTES);
			vi a2 = vi_load(a + 2 * VI_BYTES), a3 = vi_load(a + 3 * VI_BYTES);
			r0 = dot_group(r0, w + j * VI_BYTES, a0, a1, a2, a3);
			if (nt > 1)
				r1 = dot_group(r1, w + tile_bytes + j * VI_BYTES, a0, a1, a2, a3);
		}
		flush(r0, sums);
		if (nt > 1)
			flush(r1, sums + I2S_TILE_ROWS);
	}
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

/* Step 1 of gemv: q, s_a, sum q and qx from x.  gemv_rows needs it first. */
static void gemv_prepare(struct i2s_gemv *g)
{
	struct bnb_kernel_state *s = &g->base;
	g->s_a = simd_act_quantize(s->x, s->k, s->q);
	g->qsum = sum_q(s->q, s->k);
	for (uint64_t j = 0; j < s->k / 16; j++)
		for (int f = 0; f < 4; f++)
			vi_store(g->qx + (j * 4 + (uint64_t)f) * VI_BYTES, act4(i2s_group_act(s->q, j, f)));
}

static int gemv_setup(const char *name, const struct bnb_case *c, const struct bnb_inputs *in,
                      void **state)
{
	return i2s_gemv_setup_qx(name, c, in, VI_BYTES, state);
}

/*
 * The outputs of tile t, sums = its sum c*q, that lie in rows r0..r1-1:
 * y_i = ((float)(cq_i - qsum) / s_a) * alpha as bnb_gemv_out.
 */
static inline void tile_out(const struct i2s_gemv *g, uint64_t t, const int32_t *sums,
                            uint64_t r0, uint64_t r1, float *y)
{
	float v[I2S_TILE_ROWS];
	unsigned lo, hi;
	vi isum = vi_sub32(vi_load(sums), vi_set1_32(g->qsum));
	vf_store(v, vf_mul(vf_div(vf_of_i32(isum), vf_set1(g->s_a)), vf_set1(g->alpha)));
	i2s_tile_lanes(t, r0, r1, &lo, &hi);
	memcpy(y + t * I2S_TILE_ROWS + lo, v + lo, (hi - lo) * sizeof(float));
}

/*
 * Steps 2 and 3 of gemv for the output rows r0..r1-1 (r0 < r1 <= M), after
 * gemv_prepare: reads only their tiles and writes only their outputs, so
 * any disjoint ranges may run at the same time (GEMV_ROWS_ALIGN 1).
 */
#define GEMV_ROWS_ALIGN 1
static void gemv_rows(const struct i2s_gemv *g, uint64_t r0, uint64_t r1)
{
	uint64_t k = g->base.k, ngroups = k / 16, t = r0 / I2S_TILE_ROWS;
	uint64_t t1 = (r1 + I2S_TILE_ROWS - 1) / I2S_TILE_ROWS;
	size_t tile_bytes = i2s_tile_bytes(k);
	float *y = (float *)(void *)g->base.out;
	int32_t sums[PASS_TILES * I2S_TILE_ROWS];

	for (; t + PASS_TILES <= t1; t += PASS_TILES) {
		dot_tiles(g->tiles + t * tile_bytes, tile_bytes, g->qx, ngroups, PASS_TILES, sums);
		for (int i = 0; i < PASS_TILES; i++)
			tile_out(g, t + (uint64_t)i, sums + i * I2S_TILE_ROWS, r0, r1, y);
	}
	for (; t < t1; t++) {
		dot_tiles(g->tiles + t * tile_bytes, tile_bytes, g->qx, ngroups, 1, sums);
		tile_out(g, t, sums, r0, r1, y);
	}
}

#endif
