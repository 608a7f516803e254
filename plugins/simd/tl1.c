/*
 * TL1 kernels (bnbench-formats(7): TERNARIZATION, TL1, OPERATIONS), written
 * once over the plugin's vector layer, tl-lut.h: ternarization and packing of
 * runs of weights (tl1_pack_run), their decoding (tl1_decode_run), and the
 * gemv pieces.  The gemv works by table lookup: per call, one table of
 * t0 q0 + t1 q1 per activation pair, then byte shuffles on the 4-bit pair
 * indices of a tile of rows.  Tables and tiles are described in tl-tiles.h,
 * the exact accumulation in each tl-lut.h.  A vector layer may instead
 * decode the indices to weights and multiply (TL_DOT, chosen at setup:
 * avx512/tl-dot.h), with tiles of its own.
 */
#include "kernels.h"

#define TL_TILE_ROWS SIMD_TL1_TILE_ROWS
#include "tl-lut.h"
#include "tl-gemv.h"

static void quantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k;
	float alpha = simd_alpha(s->x, n);

	/* Rows are k/4 bytes and k % 4 == 0, so the rows pack as one run of n/4 bytes. */
	tl1_pack_run(s->x, n, tl_fvec_of(alpha), s->out);
	bnb_write_tail(s->out + n / 4, alpha);
}

static void dequantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k;

	tl1_decode_run(s->packed, n, tl_dscale_of(bnb_read_tail(s->packed + n / 4)),
	               (float *)(void *)s->out);
}

/* Step 1 of gemv: q, qb and s_a, and the tables.  gemv_rows needs it first. */
static void gemv_prepare(struct tl_gemv *g)
{
#ifdef TL_DOT
	if (g->dot) {
		tl_dot_prepare(g, 0);
		return;
	}
#endif
	g->s_a = tl_activations(g);
	tl1_build_tables(g->qb, g->base.k / 2, g->lut);
}

/*
 * Steps 2 and 3 of gemv for the output rows r0..r1-1 (r0 < r1 <= M), after
 * gemv_prepare.  Ranges that run at the same time must not share a tile:
 * r0 and r1 multiples of GEMV_ROWS_ALIGN, or r1 = M.
 */
#define GEMV_ROWS_ALIGN TL_TILE_ROWS
static void gemv_rows(struct tl_gemv *g, uint64_t r0, uint64_t r1)
{
#ifdef TL_DOT
	if (g->dot)   /* the vector layer's decoding kernel (tl-dot.h) */
		tl1_dot_rows(g, r0 / TL_DOT_ROWS, (r1 + TL_DOT_ROWS - 1) / TL_DOT_ROWS);
#endif
	if (!g->dot)
		tl1_gemv_tiles(g, r0 / TL_TILE_ROWS, (r1 + TL_TILE_ROWS - 1) / TL_TILE_ROWS,
		               tl1_columns_of(g));
	tl_outputs(g->isum + r0, r1 - r0, g->s_a, g->alpha, (float *)(void *)g->base.out + r0);
}

static int gemv_setup(const char *name, const struct bnb_case *c, const struct bnb_inputs *in,
                      void **state)
{
#ifdef TL_DOT
	if (tl_dot())
		return tl_dot_setup(name, 0, c, in, state);
#endif
	int st = tl1_gemv_setup(name, c, in, state);
	return tl_gemv_choose(st, st == BNB_OK ? *state : NULL);
}

static int setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return simd_setup(c, in, state, bnb_tl1_bytes, gemv_setup);
}

SIMD_KERNELS(tl1, SIMD_FEATURES, SIMD_TL1_TEXT);
