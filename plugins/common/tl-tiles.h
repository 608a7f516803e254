/*
 * The portable part of the SIMD tl1 and tl2 gemv kernels (bnbench-formats(7):
 * TL1, TL2, OPERATIONS): their state, the layout of their lookup tables, the weight tiles that
 * setup builds, and the walk of gemv over the tiles.  The backend's tl-lut.h
 * defines TL_TILE_ROWS before including this, and does the lookups with its
 * own intrinsics (passed in as `columns` and `block`).
 *
 * Weight tiles.  A byte shuffle looks a vector of indices up in the 16-byte
 * table of one pair (or triple), so the indices of one vector must all belong
 * to the same pair position, in different rows.  Setup therefore copies the
 * row-major buffer into tiles of TL_TILE_ROWS rows: for each column (byte
 * position) of the rows, the TL_TILE_ROWS bytes of that column, byte i from
 * row i of the tile (TL2 signs may instead be one mask per triple, bit i from
 * row i: TL2_SIGN_MASKS).  It is a pure transposition (same bits, same count,
 * rows past M zero), the counterpart of the weight permutation bitnet.cpp does
 * when it converts a model; every run still reads each weight byte once.
 *
 * Table layout.  Entry e of a table is an exact int16 (|e| <= 3*128), split as
 * e = 32*h + l with l = e & 31 in 0..31 and h = e >> 5 (arithmetic) in -12..12,
 * so both halves fit int8 and several lookups can be summed in int8 before
 * they are widened.  One table is 32 bytes: l of entries 0..15, then h of
 * entries 0..15 (TL1 stores h + TL1_HBIAS); unused entries are 0.  A backend
 * may instead store each 16-byte half repeated to fill its vector, and say so
 * by defining TL_TABLE_BYTES (the bytes of one table) first.  Tables of
 * consecutive pairs (triples) are consecutive.
 */
#ifndef BNB_TL_TILES_H
#define BNB_TL_TILES_H

#include "kernel-state.h"

#if !defined(TL_TILE_ROWS) || (TL_TILE_ROWS != 16 && TL_TILE_ROWS != 32 && TL_TILE_ROWS != 64)
#error "define TL_TILE_ROWS as 16, 32 or 64 before including tl-tiles.h"
#endif

/* Bytes of one table: l of the 16 entries, then h. */
#ifndef TL_TABLE_BYTES
#define TL_TABLE_BYTES 32
#endif

/*
 * TL1 entries are e = t0 q0 + t1 q1 with |e| <= 256, so h = e >> 5 lies in
 * -8..8; it is stored biased, h + 8, which makes both halves unsigned.
 */
#define TL1_HBIAS 8

/*
 * TL1 columns (bytes of a row) per chunk: the tables of a chunk (two per
 * column, 16 KiB) stay in L1 while every tile goes over them.
 */
#define TL1_CHUNK_COLS (16384 / (2 * TL_TABLE_BYTES))

/* A 96-weight block of a TL2 row: 16 index bytes (32 triples) and 4 sign bytes. */
#define TL2_BLOCK 96

/* TL2 blocks per chunk: the tables of a chunk (32 triples a block, 16 KiB) stay in L1. */
#define TL2_CHUNK_BLOCKS (16384 / (32 * TL_TABLE_BYTES))

/* Tile bytes of one TL2 block: 16 index columns, then the signs (4 columns' worth). */
#define TL2_BLOCK_TILE_BYTES (20 * TL_TILE_ROWS)

/* The state of a tl1 or tl2 gemv kernel. */
struct tl_gemv {
	struct bnb_kernel_state base;
	uint64_t ntiles;             /* tiles of TL_TILE_ROWS rows */
	uint8_t *tiles;              /* the weights in tile order */
	uint8_t *qb;                 /* q + 128, as unsigned bytes */
	uint8_t *lut;                /* one table per pair or triple */
	size_t lut_bytes;
	int32_t *isum;               /* ntiles * TL_TILE_ROWS dot products */
	int vbmi;                    /* use the vector layer's VBMI lookups (tl_gemv_choose) */
	int dot;                     /* tiles and kernel of the vector layer's tl-dot.h, if any */
	int32_t qsum;                /* sum of q, for the dot kernel */
	float alpha;                 /* of the weights, from the buffer's tail */
	float s_a;                   /* set with q, qb and the tables by the kernel's gemv_prepare */
};

/* A thread's view of a tl gemv state (bnb_kernel_state.view): its own q, qb and tables. */
static inline int tl_gemv_view(const struct bnb_kernel_state *s, struct bnb_kernel_state **out)
{
	const struct tl_gemv *g = (const struct tl_gemv *)(const void *)s;
	struct tl_gemv *v = (struct tl_gemv *)(void *)bnb_kernel_view_of(s, sizeof *g);

	if (v && (!(v->qb = bnb_kernel_alloc(&v->base, (size_t)s->k + 64)) ||
	          !(v->lut = bnb_kernel_alloc(&v->base, g->lut_bytes)))) {
		bnb_kernel_teardown(v);
		v = NULL;
	}
	*out = v ? &v->base : NULL;
	return v ? BNB_OK : bnb_kernel_nomem(s);
}

/*
 * Setup of a tl gemv kernel: the common state, then tiles (`tile_bytes` a
 * tile), tables (`lut_bytes` in all), qb and the sums.  The caller fills the
 * tiles.
 */
static inline int tl_gemv_setup(const char *name, const struct bnb_case *c,
                                const struct bnb_inputs *in, size_t buffer_bytes,
                                size_t tile_bytes, size_t lut_bytes, struct tl_gemv **gp)
{
	struct tl_gemv *g;
	void *p;
	int st = bnb_kernel_setup_state(sizeof *g, name, BNB_OP_GEMV, c, in, buffer_bytes, &p);

	if (st != BNB_OK)
		return st;
	g = p;
	g->base.view = tl_gemv_view;
	g->ntiles = (c->m + TL_TILE_ROWS - 1) / TL_TILE_ROWS;
	if (g->ntiles <= SIZE_MAX / tile_bytes) {
		g->tiles = bnb_kernel_alloc(&g->base, (size_t)g->ntiles * tile_bytes);
		/* 64 spare bytes: a table build may read one byte past k. */
		g->qb = bnb_kernel_alloc(&g->base, (size_t)c->k + 64);
		g->lut = bnb_kernel_alloc(&g->base, lut_bytes);
		g->lut_bytes = lut_bytes;
		g->isum = bnb_kernel_alloc(&g->base,
		                           (size_t)g->ntiles * TL_TILE_ROWS * sizeof(int32_t));
	}
	if (!g->tiles || !g->qb || !g->lut || !g->isum) {
		st = bnb_kernel_nomem(&g->base);
		bnb_kernel_teardown(g);
		return st;
	}
	g->alpha = bnb_read_tail(in->packed + buffer_bytes - BNB_TAIL_BYTES);
	*gp = g;
	return BNB_OK;
}

/* Copies `cols` bytes of each of the tile's rows (rows `row_bytes` apart) into tile columns. */
static inline void tl_transpose(const uint8_t *src, size_t row_bytes, uint64_t rows,
                                uint64_t cols, uint8_t *dst)
{
	for (uint64_t c = 0; c < cols; c++)
		for (uint64_t i = 0; i < rows; i++)
			dst[c * TL_TILE_ROWS + i] = src[i * row_bytes + c];
}

/* Sets a tile's int32 sums to v. */
static inline void tl_sums_set(int32_t *isum, int32_t v)
{
	for (int i = 0; i < TL_TILE_ROWS; i++)
		isum[i] = v;
}

/*
 * Every TL1 lookup adds the bias of its h half, TL1_HBIAS * 32 = 256, and a
 * column takes two lookups: a tile's sums over `cols` columns start at minus
 * that.
 */
static inline int32_t tl1_bias(uint64_t cols)
{
	return -(int32_t)(2 * 256 * cols);
}

/* ---- tl1 --------------------------------------------------------------- */

/*
 * Setup of a tl1 gemv.  Tiles are stored chunk by chunk: all tiles' columns
 * c0..c1 of a chunk, tile after tile, so that each pass of tl1_gemv_tiles
 * over a chunk reads one contiguous run.
 */
static inline int tl1_gemv_setup(const char *name, const struct bnb_case *c,
                                 const struct bnb_inputs *in, void **state)
{
	uint64_t cols = c->k / 4;
	struct tl_gemv *g;
	int st = tl_gemv_setup(name, c, in, bnb_tl1_bytes(c->m, c->k), (size_t)cols * TL_TILE_ROWS,
	                       (size_t)(c->k / 2) * TL_TABLE_BYTES, &g);

	if (st != BNB_OK)
		return st;
	uint8_t *dst = g->tiles;
	for (uint64_t c0 = 0; c0 < cols; c0 += TL1_CHUNK_COLS) {
		uint64_t width = c0 + TL1_CHUNK_COLS < cols ? TL1_CHUNK_COLS : cols - c0;
		for (uint64_t r0 = 0; r0 < c->m; r0 += TL_TILE_ROWS, dst += width * TL_TILE_ROWS) {
			uint64_t rows = c->m - r0 < TL_TILE_ROWS ? c->m - r0 : TL_TILE_ROWS;
			tl_transpose(in->packed + r0 * cols + c0, cols, rows, width, dst);
		}
	}
	*state = g;
	return BNB_OK;
}

/*
 * Tiles t0..t1-1 of a tl1 gemv into their int32 sums: `columns` looks up
 * `cols` columns of one tile, w, in their tables, t (two per column).  Only
 * those tiles' sums are written, so disjoint ranges may run at the same time.
 */
static inline void tl1_gemv_tiles(struct tl_gemv *g, uint64_t t0, uint64_t t1,
                                  void (*columns)(const uint8_t *w, const uint8_t *t,
                                                  uint64_t cols, int32_t *isum))
{
	uint64_t cols = g->base.k / 4;

	for (uint64_t c0 = 0; c0 < cols; c0 += TL1_CHUNK_COLS) {
		uint64_t c1 = c0 + TL1_CHUNK_COLS < cols ? c0 + TL1_CHUNK_COLS : cols;
		/* The chunk: every tile's columns c0..c1-1, tile after tile. */
		const uint8_t *chunk = g->tiles + c0 * g->ntiles * TL_TILE_ROWS;
		for (uint64_t t = t0; t < t1; t++) {
			const uint8_t *w = chunk + t * (c1 - c0) * TL_TILE_ROWS;
			int32_t *isum = g->isum + t * TL_TILE_ROWS;
			if (c0 == 0)
				tl_sums_set(isum, tl1_bias(cols));
			/* k % 128 == 0: whole blocks of 32 columns. */
			for (uint64_t c = c0; c < c1; c += 32, w += 32 * TL_TILE_ROWS)
				columns(w, g->lut + c * 2 * TL_TABLE_BYTES, 32, isum);
		}
	}
}

/* ---- tl2 --------------------------------------------------------------- */

/*
 * Byte shuffles that interleave the digit vectors t0, t1, t2 of 16 triples
 * into weight order: weight 16 o + i (o = 0..2) is digit (16 o + i) % 3 of
 * triple (16 o + i) / 3; tl2_pick[o][d] picks digit d's bytes, -1 elsewhere.
 */
static const int8_t tl2_pick[3][3][16] = {
	{ { 0, -1, -1, 1, -1, -1, 2, -1, -1, 3, -1, -1, 4, -1, -1, 5 },
	  { -1, 0, -1, -1, 1, -1, -1, 2, -1, -1, 3, -1, -1, 4, -1, -1 },
	  { -1, -1, 0, -1, -1, 1, -1, -1, 2, -1, -1, 3, -1, -1, 4, -1 } },
	{ { -1, -1, 6, -1, -1, 7, -1, -1, 8, -1, -1, 9, -1, -1, 10, -1 },
	  { 5, -1, -1, 6, -1, -1, 7, -1, -1, 8, -1, -1, 9, -1, -1, 10 },
	  { -1, 5, -1, -1, 6, -1, -1, 7, -1, -1, 8, -1, -1, 9, -1, -1 } },
	{ { -1, 11, -1, -1, 12, -1, -1, 13, -1, -1, 14, -1, -1, 15, -1, -1 },
	  { -1, -1, 11, -1, -1, 12, -1, -1, 13, -1, -1, 14, -1, -1, 15, -1 },
	  { 10, -1, -1, 11, -1, -1, 12, -1, -1, 13, -1, -1, 14, -1, -1, 15 } },
};

/* How the tiles hold the 4 sign bytes of a TL2 block. */
enum tl2_signs {
	TL2_SIGN_COLUMNS,            /* 4 tile columns, as the index bytes */
	TL2_SIGN_MASKS               /* 32 masks of 8 bytes, one per triple (64-row tiles) */
};

/*
 * The 4 sign bytes of a block of each of the tile's rows -> 32 masks (one per
 * triple j, bit i from row i), 8 bytes each, little-endian.
 */
static inline void tl2_sign_masks(const uint8_t *src, size_t row_bytes, uint64_t rows,
                                  uint8_t *dst)
{
	for (int j = 0; j < 32; j++) {
		uint64_t mask = 0;
		for (uint64_t i = 0; i < rows; i++)
			mask |= (uint64_t)(src[i * row_bytes + j / 8] >> (7 - j % 8) & 1) << i;
		for (int b = 0; b < 8; b++)
			dst[8 * j + b] = (uint8_t)(mask >> 8 * b);
	}
}

/* The TL1 tables of the two_k remainder, after the three_k/3 tables of triples. */
static inline uint8_t *tl2_pair_tables(struct tl_gemv *g)
{
	return g->lut + (bnb_tl2_three_k(g->base.k) / 3) * TL_TABLE_BYTES;
}

/*
 * Setup of a tl2 gemv.  Tiles are stored chunk by chunk: all tiles' blocks of
 * a chunk, tile after tile (each block's 16 index columns, then its signs),
 * so that each pass of tl2_gemv_tiles over a chunk reads one contiguous run;
 * the last chunk also holds the TL1 columns of the two_k remainder.
 */
static inline int tl2_gemv_setup(const char *name, enum tl2_signs signs,
                                 const struct bnb_case *c, const struct bnb_inputs *in,
                                 void **state)
{
	uint64_t k = c->k, three_k = bnb_tl2_three_k(k), nblk = three_k / TL2_BLOCK;
	uint64_t tail_cols = (k - three_k) / 4;
	size_t row_bytes = bnb_tl2_row_bytes(k);
	struct tl_gemv *g;
	/* three_k/3 tables of triples, then two_k/2 tables of pairs. */
	int st = tl_gemv_setup(name, c, in, bnb_tl2_bytes(c->m, k), row_bytes * TL_TILE_ROWS,
	                       (size_t)(three_k / 3 + (k - three_k) / 2) * TL_TABLE_BYTES, &g);

	if (st != BNB_OK)
		return st;
	uint8_t *dst = g->tiles;
	for (uint64_t b0 = 0; b0 < nblk; b0 += TL2_CHUNK_BLOCKS) {
		uint64_t b1 = b0 + TL2_CHUNK_BLOCKS < nblk ? b0 + TL2_CHUNK_BLOCKS : nblk;
		for (uint64_t r0 = 0; r0 < c->m; r0 += TL_TILE_ROWS) {
			uint64_t rows = c->m - r0 < TL_TILE_ROWS ? c->m - r0 : TL_TILE_ROWS;
			const uint8_t *src = in->packed + r0 * row_bytes;
			const uint8_t *sign = src + bnb_tl2_sign_offset(k);
			const uint8_t *pairs = src + bnb_tl2_pair_offset(k);
			for (uint64_t b = b0; b < b1; b++, dst += TL2_BLOCK_TILE_BYTES) {
				uint8_t *sign_dst = dst + 16 * TL_TILE_ROWS;
				tl_transpose(src + 16 * b, row_bytes, rows, 16, dst);
				if (signs == TL2_SIGN_MASKS)
					tl2_sign_masks(sign + 4 * b, row_bytes, rows, sign_dst);
				else
					tl_transpose(sign + 4 * b, row_bytes, rows, 4, sign_dst);
			}
			if (b1 == nblk && tail_cols) {
				tl_transpose(pairs, row_bytes, rows, tail_cols, dst);
				dst += tail_cols * TL_TILE_ROWS;
			}
		}
	}
	*state = g;
	return BNB_OK;
}

/*
 * Tiles t0..t1-1 of a tl2 gemv into their int32 sums: `block` looks up one
 * block of one tile, w, in its tables, t (32 of them); `columns` the `cols`
 * TL1 columns of the two_k remainder.  Only those tiles' sums are written, so
 * disjoint ranges may run at the same time.
 */
static inline void tl2_gemv_tiles(struct tl_gemv *g, uint64_t t0, uint64_t t1,
                                  void (*block)(const uint8_t *w, const uint8_t *t,
                                                int32_t *isum),
                                  void (*columns)(const uint8_t *w, const uint8_t *t,
                                                  uint64_t cols, int32_t *isum))
{
	uint64_t k = g->base.k, three_k = bnb_tl2_three_k(k), nblk = three_k / TL2_BLOCK;
	uint64_t tail_cols = (k - three_k) / 4;
	const uint8_t *tail_tables = tl2_pair_tables(g);

	/* k >= 128, so there is at least one block. */
	for (uint64_t b0 = 0; b0 < nblk; b0 += TL2_CHUNK_BLOCKS) {
		uint64_t b1 = b0 + TL2_CHUNK_BLOCKS < nblk ? b0 + TL2_CHUNK_BLOCKS : nblk;
		/* The chunk: every tile's blocks b0..b1-1 (and in the last, its two_k columns). */
		size_t tile_bytes = (b1 - b0) * TL2_BLOCK_TILE_BYTES +
		                    (b1 == nblk ? tail_cols * TL_TILE_ROWS : 0);
		const uint8_t *chunk = g->tiles + b0 * TL2_BLOCK_TILE_BYTES * g->ntiles;
		for (uint64_t t = t0; t < t1; t++) {
			const uint8_t *w = chunk + t * tile_bytes;
			int32_t *isum = g->isum + t * TL_TILE_ROWS;
			if (b0 == 0)
				tl_sums_set(isum, tl1_bias(tail_cols));
			for (uint64_t b = b0; b < b1; b++, w += TL2_BLOCK_TILE_BYTES)
				block(w, g->lut + b * 32 * TL_TABLE_BYTES, isum);
			if (b1 == nblk && tail_cols)
				columns(w, tail_tables, tail_cols, isum);
		}
	}
}

#endif
