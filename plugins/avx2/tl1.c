/*
 * TL1 kernels with AVX2 (FORMATS.md sections 1, 3 and 5).  The gemv works by
 * table lookup: per call, one table of t0 q0 + t1 q1 per activation pair, then
 * vpshufb on the 4-bit pair indices of 32 rows at a time.  Tables and tiles
 * are described in tl-tiles.h, the exact accumulation in tl-lut.h.
 */

/* 64-row tiles: two 32-byte halves per column, each table load serves both. */
#define TL_TILE_ROWS 64

#include "tl-lut.h"

static void quantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k;
	float alpha = avx2_alpha(s->x, n);
	__m256 va = _mm256_set1_ps(alpha);

	/* Rows are k/4 bytes and k % 4 == 0, so the rows pack as one run of n/4 bytes. */
	for (uint64_t i = 0; i < n; i += 32)
		_mm_storel_epi64((__m128i *)(void *)(s->out + i / 4),
		                 tl1_pack32(tl_codes32(s->x + i, va)));
	bnb_write_tail(s->out + n / 4, alpha);
}

static void dequantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k;
	__m256 alpha = _mm256_set1_ps(bnb_read_tail(s->packed + n / 4));
	float *y = (float *)(void *)s->out;

	for (uint64_t i = 0; i < n; i += 32)
		tl1_decode32(s->packed + i / 4, y + i, alpha);
}

static void gemv(struct bnb_kernel_state *s)
{
	struct tl_gemv *g = (struct tl_gemv *)s;   /* s is its first member */
	float alpha = bnb_read_tail(s->packed + s->m * bnb_tl1_row_bytes(s->k));
	float s_a = tl_activations(g);

	tl1_build_tables(g->qb, s->k / 2, g->lut);
	tl1_gemv_tiles(g, tl1_columns);
	tl_outputs(g->isum, s->m, s_a, alpha, (float *)(void *)s->out);
}

/* ---- kernel table ------------------------------------------------------ */

static int quantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_kernel_setup("avx2 tl1 quantize", BNB_OP_QUANTIZE, c, in,
	                        bnb_tl1_bytes(c->m, c->k), state);
}

static int dequantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_kernel_setup("avx2 tl1 dequantize", BNB_OP_DEQUANTIZE, c, in,
	                        bnb_tl1_bytes(c->m, c->k), state);
}

static int gemv_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return tl1_gemv_setup("avx2 tl1 gemv", c, in, state);
}

static int run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	(void)elapsed_ns;
	return bnb_kernel_run(state, iterations, quantize, dequantize, gemv);
}

const struct bnb_kernel avx2_tl1_quantize = AVX2_KERNEL("tl1", "quantize", quantize_setup,
	run, "avx2 tl1 quantize: double |w| sum, vdivps, pair indices by vpmaddubsw");
const struct bnb_kernel avx2_tl1_dequantize = AVX2_KERNEL("tl1", "dequantize", dequantize_setup,
	run, "avx2 tl1 dequantize: vpshufb digit tables, t * alpha");
const struct bnb_kernel avx2_tl1_gemv = AVX2_KERNEL("tl1", "gemv", gemv_setup, run,
	"avx2 tl1 gemv: per-pair tables, vpshufb lookups for 64-row tiles, exact int8/16/32 sums");
