/*
 * TL1 kernels with AVX-512 F/BW/VL (FORMATS.md sections 1, 3 and 5).  The gemv works by
 * table lookup: per call, one table of t0 q0 + t1 q1 per activation pair, then
 * vpshufb on the 4-bit pair indices of 64 rows at a time.  Tables, tiles and
 * the exact accumulation are described in tl-lut.h.
 */
#include "tl-lut.h"

/*
 * Columns (bytes of a row) per chunk: the tables of a chunk (two per column,
 * 16 KiB) stay in L1 while every tile goes over them.
 */
#define CHUNK_COLS (16384 / (2 * TL_TABLE_BYTES))

static void quantize(struct tl_state *s)
{
	uint64_t n = s->m * s->k;
	float alpha = tl_alpha(s->x, n);
	__m512 va = _mm512_set1_ps(alpha);

	/* Rows are k/4 bytes and k % 4 == 0, so the rows pack as one run of n/4 bytes. */
	for (uint64_t i = 0; i < n; i += 64)
		_mm_storeu_si128((__m128i *)(void *)(s->out + i / 4), tl1_pack64(tl_codes(s->x + i, va, 64)));
	bnb_write_tail(s->out + n / 4, alpha);
}

static void dequantize(struct tl_state *s)
{
	uint64_t n = s->m * s->k;
	__m512 table = tl_float_table(bnb_read_tail(s->packed + n / 4));
	float *y = (float *)(void *)s->out;

	for (uint64_t i = 0; i < n; i += 64)
		tl1_decode64(s->packed + i / 4, y + i, table);
}

/*
 * Tiles are stored chunk by chunk: all tiles' columns c0..c1 of a chunk, tile
 * after tile, so that each pass over a chunk reads one contiguous run.
 */
static void gemv(struct tl_state *s)
{
	uint64_t cols = s->k / 4;
	float alpha = bnb_read_tail(s->packed + s->m * cols);
	float s_a = tl_activations(s);
	const uint8_t *w = s->tiles;

	tl1_build_tables(s->qb, s->k / 2, s->lut);
	for (uint64_t c0 = 0; c0 < cols; c0 += CHUNK_COLS) {
		uint64_t c1 = c0 + CHUNK_COLS < cols ? c0 + CHUNK_COLS : cols;
		for (uint64_t t = 0; t < s->ntiles; t++) {
			int32_t *isum = s->isum + t * TL_TILE_ROWS;
			if (c0 == 0)
				tl_sums_set(isum, tl1_bias(cols));
			/* k % 128 == 0: whole blocks of 32 columns. */
			for (uint64_t c = c0; c < c1; c += 32, w += 32 * TL_TILE_ROWS)
				tl1_columns(w, s->lut + c * 2 * TL_TABLE_BYTES, 32, isum);
		}
	}
	tl_outputs(s->isum, s->m, s_a, alpha, (float *)(void *)s->out);
}

/* ---- kernel table ------------------------------------------------------ */

static int quantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return tl_setup("avx512 tl1 quantize", "quantize", c, in, bnb_tl1_bytes(c->m, c->k), 0, 0,
	                state);
}

static int dequantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return tl_setup("avx512 tl1 dequantize", "dequantize", c, in, bnb_tl1_bytes(c->m, c->k), 0,
	                0, state);
}

static int gemv_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	uint64_t cols = c->k / 4;
	int st = tl_setup("avx512 tl1 gemv", "gemv", c, in, bnb_tl1_bytes(c->m, c->k),
	                  (size_t)cols * TL_TILE_ROWS, (size_t)(c->k / 2) * TL_TABLE_BYTES, state);
	if (st != BNB_OK)
		return st;
	struct tl_state *s = *state;
	uint8_t *dst = s->tiles;
	for (uint64_t c0 = 0; c0 < cols; c0 += CHUNK_COLS) {
		uint64_t width = c0 + CHUNK_COLS < cols ? CHUNK_COLS : cols - c0;
		for (uint64_t r0 = 0; r0 < s->m; r0 += TL_TILE_ROWS, dst += width * TL_TILE_ROWS) {
			uint64_t rows = s->m - r0 < TL_TILE_ROWS ? s->m - r0 : TL_TILE_ROWS;
			tl_transpose(in->packed + r0 * cols + c0, cols, rows, width, dst);
		}
	}
	return BNB_OK;
}

static int quantize_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	(void)elapsed_ns;
	for (uint64_t it = 0; it < iterations; it++)
		quantize(state);
	return BNB_OK;
}

static int dequantize_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	(void)elapsed_ns;
	for (uint64_t it = 0; it < iterations; it++)
		dequantize(state);
	return BNB_OK;
}

static int gemv_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	(void)elapsed_ns;
	for (uint64_t it = 0; it < iterations; it++)
		gemv(state);
	return BNB_OK;
}

#define AVX512_TL1_KERNEL(op_name, setup_fn, run_fn, text)                          \
	{ .struct_size = sizeof(struct bnb_kernel), .op = op_name, .scheme = "tl1", \
	  .backend = "avx512", .features = AVX512_FEATURES, .summary = text,        \
	  .setup = setup_fn, .run = run_fn, .output = tl_output,                    \
	  .teardown = tl_teardown }

const struct bnb_kernel avx512_tl1_quantize = AVX512_TL1_KERNEL("quantize", quantize_setup,
	quantize_run, "avx512 tl1 quantize: double |w| sum, vdivps, pair indices by vpmaddubsw");
const struct bnb_kernel avx512_tl1_dequantize = AVX512_TL1_KERNEL("dequantize", dequantize_setup,
	dequantize_run, "avx512 tl1 dequantize: vpshufb digit tables, vpermps of {0, alpha, -alpha}");
const struct bnb_kernel avx512_tl1_gemv = AVX512_TL1_KERNEL("gemv", gemv_setup, gemv_run,
	"avx512 tl1 gemv: per-pair tables, vpshufb lookups for 64-row tiles, exact int8/16/32 sums");
