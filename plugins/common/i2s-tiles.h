/*
 * The tiles of the SIMD i2s gemv kernels (bnbench-formats(7): I2S,
 * OPERATIONS): their state and setup.  The including file defines
 * I2S_TILE_ROWS, the rows of a tile (its vector's int32 lanes), first.
 *
 * Setup copies the rows into tiles of I2S_TILE_ROWS rows: group j of a tile is
 * 4 * I2S_TILE_ROWS bytes, dword i the bytes 4j..4j+3 of the tile's row i.
 * It is a pure transposition (same bits, same count, rows past M zero), as the
 * tl kernels' tiles (tl-tiles.h).  A vector of a group then holds one row per
 * int32 lane, so the kernel's sums come out one row per lane with no
 * horizontal sums, and the 4 activations a dword meets in one field are the
 * same for all its rows, one broadcast: byte p of a 32-byte block holds
 * elements p, p+32, p+64 and p+96, so group j meets elements
 * 128 (j / 8) + 32 f + 4 (j % 8) + 0..3 of field f.
 */
#ifndef BNB_I2S_TILES_H
#define BNB_I2S_TILES_H

#include "kernel-state.h"

#ifndef I2S_TILE_ROWS
#error "define I2S_TILE_ROWS before including i2s-tiles.h"
#endif

/* The state of an i2s gemv kernel: the common one, the tiles and the prepared activations. */
struct i2s_gemv {
	struct bnb_kernel_state base;
	uint8_t *tiles;              /* ceil(M / I2S_TILE_ROWS) tiles of K / 16 groups */
	float alpha;                 /* of the weights, from the buffer's tail */
	float s_a;                   /* set with q by the kernel's gemv_prepare */
	int32_t qsum;                /* sum of q, likewise */
	int8_t *qx;                  /* where the kernel asks for it: q expanded, act_bytes a group */
	size_t qx_bytes;
};

/* A thread's view of an i2s gemv state (bnb_kernel_state.view): its own q and qx. */
static inline int i2s_gemv_view(const struct bnb_kernel_state *s, struct bnb_kernel_state **out)
{
	const struct i2s_gemv *g = (const struct i2s_gemv *)(const void *)s;
	struct i2s_gemv *v = (struct i2s_gemv *)(void *)bnb_kernel_view_of(s, sizeof *g);

	if (v && g->qx && !(v->qx = bnb_kernel_alloc(&v->base, g->qx_bytes))) {
		bnb_kernel_teardown(v);
		v = NULL;
	}
	*out = v ? &v->base : NULL;
	return v ? BNB_OK : bnb_kernel_nomem(s);
}

/* Bytes of one tile. */
static inline size_t i2s_tile_bytes(uint64_t k)
{
	return bnb_i2s_row_bytes(k) * I2S_TILE_ROWS;
}

/* The activations of field f (0..3) that group j meets, 4 bytes for every row. */
static inline const int8_t *i2s_group_act(const int8_t *q, uint64_t j, int f)
{
	return q + (j / 8) * 128 + 32 * f + 4 * (j % 8);
}

/*
 * Setup of an i2s gemv kernel: the common state, the tiles and, unless
 * `act_bytes` is 0, qx (4 * act_bytes bytes a group).
 */
static inline int i2s_gemv_setup_qx(const char *name, const struct bnb_case *c,
                                    const struct bnb_inputs *in, size_t act_bytes, void **state)
{
	size_t row_bytes = bnb_i2s_row_bytes(c->k);
	uint64_t ntiles = (c->m + I2S_TILE_ROWS - 1) / I2S_TILE_ROWS;
	struct i2s_gemv *g;
	void *p;
	int st = bnb_kernel_setup_state(sizeof *g, name, BNB_OP_GEMV, c, in,
	                                bnb_i2s_bytes(c->m, c->k), &p);

	if (st != BNB_OK)
		return st;
	g = p;
	if (ntiles <= SIZE_MAX / i2s_tile_bytes(c->k))
		g->tiles = bnb_kernel_alloc(&g->base, (size_t)ntiles * i2s_tile_bytes(c->k));
	g->base.view = i2s_gemv_view;
	if (act_bytes && c->k / 16 <= SIZE_MAX / 4 / act_bytes) {
		g->qx_bytes = (size_t)(c->k / 16) * 4 * act_bytes;
		g->qx = bnb_kernel_alloc(&g->base, g->qx_bytes);
	}
	if (!g->tiles || (act_bytes && !g->qx)) {
		st = bnb_kernel_nomem(&g->base);
		bnb_kernel_teardown(g);
		return st;
	}
	for (uint64_t r = 0; r < c->m; r++) {
		uint8_t *tile = g->tiles + (r / I2S_TILE_ROWS) * i2s_tile_bytes(c->k);
		for (uint64_t j = 0; j < row_bytes / 4; j++)
			memcpy(tile + (j * I2S_TILE_ROWS + r % I2S_TILE_ROWS) * 4,
			       in->packed + r * row_bytes + 4 * j, 4);
	}
	g->alpha = bnb_read_tail(in->packed + c->m * row_bytes);
	*state = g;
	return BNB_OK;
}

static inline int i2s_gemv_setup(const char *name, const struct bnb_case *c,
                                 const struct bnb_inputs *in, void **state)
{
	return i2s_gemv_setup_qx(name, c, in, 0, state);
}

/*
 * The rows of tile t that lie in r0..r1-1, as the lanes lo..hi-1 of its
 * vector (the caller's range overlaps the tile).
 */
static inline void i2s_tile_lanes(uint64_t t, uint64_t r0, uint64_t r1, unsigned *lo,
                                  unsigned *hi)
{
	uint64_t first = t * I2S_TILE_ROWS;
	*lo = r0 > first ? (unsigned)(r0 - first) : 0;
	*hi = r1 - first < I2S_TILE_ROWS ? (unsigned)(r1 - first) : I2S_TILE_ROWS;
}

#endif
