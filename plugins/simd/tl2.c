/*
 * TL2 kernels (bnbench-formats(7): TERNARIZATION, TL2, OPERATIONS), written
 * once over the plugin's vector layer: tl-lut.h (shared with tl1) and
 * tl2-ops.h (blocks of 96 weights: tl2_pack96, tl2_decode96, the triple
 * tables and the lookups of one tile block).  The gemv works by table lookup:
 * per call, one table of the 14 values d0 q0 + d1 q1 + d2 q2 per activation
 * triple (d the digits of |v|), byte shuffles on the 4-bit |v| indices of a
 * tile of rows, and the sign of v applied to the looked-up value.  Tables and
 * tiles are described in tl-tiles.h, the exact accumulation in each tl-lut.h.
 * A vector layer may instead decode the indices to weights and multiply
 * (TL_DOT, chosen at setup: avx512/tl-dot.h), with tiles of its own.
 */
#include "kernels.h"

#define TL_TILE_ROWS SIMD_TL2_TILE_ROWS
#include "tl-lut.h"
#include "tl-gemv.h"
#include "tl2-ops.h"

static void quantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k, k = s->k, three_k = bnb_tl2_three_k(k);
	size_t row_bytes = bnb_tl2_row_bytes(k);
	float alpha = simd_alpha(s->x, n);
	tl_fvec va = tl_fvec_of(alpha);

	for (uint64_t i = 0; i < s->m; i++) {
		const float *w = s->x + i * k;
		uint8_t *row = s->out + i * row_bytes;
		uint8_t *sign = row + bnb_tl2_sign_offset(k), *pairs = row + bnb_tl2_pair_offset(k);
		for (uint64_t b = 0; b < three_k / TL2_BLOCK; b++)
			tl2_pack96(w + b * TL2_BLOCK, va, row + 16 * b, sign + 4 * b);
		tl1_pack_run(w + three_k, k - three_k, va, pairs);
	}
	bnb_write_tail(s->out + s->m * row_bytes, alpha);
}

static void dequantize(struct bnb_kernel_state *s)
{
	uint64_t k = s->k, three_k = bnb_tl2_three_k(k);
	size_t row_bytes = bnb_tl2_row_bytes(k);
	tl_dscale scale = tl_dscale_of(bnb_read_tail(s->packed + s->m * row_bytes));

	for (uint64_t i = 0; i < s->m; i++) {
		const uint8_t *row = s->packed + i * row_bytes;
		const uint8_t *sign = row + bnb_tl2_sign_offset(k), *pairs = row + bnb_tl2_pair_offset(k);
		float *y = (float *)(void *)s->out + i * k;
		for (uint64_t b = 0; b < three_k / TL2_BLOCK; b++)
			tl2_decode96(row + 16 * b, sign + 4 * b, y + b * TL2_BLOCK, scale);
		tl1_decode_run(pairs, k - three_k, scale, y + three_k);
	}
}

/* Step 1 of gemv: q, qb and s_a, and the tables.  gemv_rows needs it first. */
static void gemv_prepare(struct tl_gemv *g)
{
	uint64_t k = g->base.k, three_k = bnb_tl2_three_k(k);

#ifdef TL_DOT
	if (g->dot) {
		tl_dot_prepare(g, three_k);
		return;
	}
#endif
	g->s_a = tl_activations(g);
	tl2_build_tables(g->qb, three_k / 3, g->lut);
	tl1_build_tables(g->qb + three_k, (k - three_k) / 2, tl2_pair_tables(g));
}

/*
 * Steps 2 and 3 of gemv for the output rows r0..r1-1 (r0 < r1 <= M), after
 * gemv_prepare.  Ranges that run at the same time must not share a tile:
 * r0 and r1 multiples of GEMV_ROWS_ALIGN, or r1 = M.
 */
#define GEMV_ROWS_ALIGN TL_TILE_ROWS
static void gemv_rows(struct tl_gemv *g, uint64_t r0, uint64_t r1)
{
	void (*block)(const uint8_t *w, const uint8_t *t, int32_t *isum) = tl2_block;

#ifdef TL_VBMI
	if (g->vbmi)   /* the vector layer's VBMI lookups (tl-lut.h) */
		block = tl2_block_vbmi;
#endif
#ifdef TL_DOT
	if (g->dot)   /* the vector layer's decoding kernel (tl-dot.h) */
		tl2_dot_rows(g, r0 / TL_DOT_ROWS, (r1 + TL_DOT_ROWS - 1) / TL_DOT_ROWS);
#endif
	if (!g->dot)
		tl2_gemv_tiles(g, r0 / TL_TILE_ROWS, (r1 + TL_TILE_ROWS - 1) / TL_TILE_ROWS, block,
		               tl1_columns_of(g));
	tl_outputs(g->isum + r0, r1 - r0, g->s_a, g->alpha, (float *)(void *)g->base.out + r0);
}

static int gemv_setup(const char *name, const struct bnb_case *c, const struct bnb_inputs *in,
                      void **state)
{
#ifdef TL_DOT
	if (tl_dot())
		return tl_dot_setup(name, 1, c, in, state);
#endif
	int st = tl2_gemv_setup(name, TL2_SIGNS, c, in, state);
	return tl_gemv_choose(st, st == BNB_OK ? *state : NULL);
}

static int setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return simd_setup(c, in, state, bnb_tl2_bytes, gemv_setup);
}

SIMD_KERNELS(tl2, SIMD_FEATURES, SIMD_TL2_TEXT);
