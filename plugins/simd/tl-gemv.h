/*
 * The gemv pieces of tl1.c and tl2.c written once over the plugin's vec.h and
 * tl-lut.h (tl1_column, tl_widen; TL1_HALVES vectors of rows per tile
 * column; and where it defines TL_VBMI, tl1_column_vbmi): the TL1 columns of
 * one tile into its int32 sums (also the two_k remainder of tl2), and the
 * outputs.
 */
#ifndef BNB_SIMD_TL_GEMV_H
#define BNB_SIMD_TL_GEMV_H

/*
 * TL1 accumulation.  With h biased every half is unsigned: a flush unit of 4
 * columns (8 lookups) sums l to at most 8*31 = 248 and h + 8 to at most
 * 8*16 = 128 in uint8.  vpmaddubsw of the interleaved (l, h) bytes with the
 * signed pairs (1, 32) gives l + 32 h <= 4344 per row, and 8 units (32
 * columns) stay below 65536 in uint16.  Every lookup adds a bias of 8*32, so
 * a tile's sums start at -256 per lookup (tl1_bias).
 */
static inline void tl1_flush(vi l8, vi h8, vi *lo, vi *hi)
{
	const vi coef = vi_set1_16(0x2001); /* bytes 1, 32 */
	*lo = vi_add16(*lo, vi_maddubs(vi_unpacklo8(l8, h8), coef));
	*hi = vi_add16(*hi, vi_maddubs(vi_unpackhi8(l8, h8), coef));
}

/* The lookups of one TL1 column into the uint8 sums (tl1_column of tl-lut.h). */
typedef void tl1_column_fn(const uint8_t *w, const uint8_t *t, vi *l8, vi *h8);

/*
 * `cols` TL1 columns (a multiple of 4, at most 32) of one tile into its int32
 * sums, with `column`; inlined into tl1_columns (and tl1_columns_vbmi).
 */
static inline __attribute__((always_inline)) void
tl1_columns_with(const uint8_t *w, const uint8_t *t, uint64_t cols, int32_t *isum,
                 tl1_column_fn *column)
{
	vi lo[TL1_HALVES], hi[TL1_HALVES];
	for (int i = 0; i < TL1_HALVES; i++)
		lo[i] = hi[i] = vi_zero();
	for (uint64_t c = 0; c < cols; c += 4, w += 4 * TL_TILE_ROWS, t += 8 * TL_TABLE_BYTES) {
		vi l8[TL1_HALVES], h8[TL1_HALVES];
		for (int i = 0; i < TL1_HALVES; i++)
			l8[i] = h8[i] = vi_zero();
		column(w, t, l8, h8);
		column(w + TL_TILE_ROWS, t + 2 * TL_TABLE_BYTES, l8, h8);
		column(w + 2 * TL_TILE_ROWS, t + 4 * TL_TABLE_BYTES, l8, h8);
		column(w + 3 * TL_TILE_ROWS, t + 6 * TL_TABLE_BYTES, l8, h8);
		for (int i = 0; i < TL1_HALVES; i++)
			tl1_flush(l8[i], h8[i], &lo[i], &hi[i]);
	}
	for (int i = 0; i < TL1_HALVES; i++)
		tl_widen(isum + TL_TILE_ROWS / TL1_HALVES * i, lo[i], hi[i], 0);
}

static void tl1_columns(const uint8_t *w, const uint8_t *t, uint64_t cols, int32_t *isum)
{
	tl1_columns_with(w, t, cols, isum, tl1_column);
}

typedef void tl1_columns_fn(const uint8_t *w, const uint8_t *t, uint64_t cols, int32_t *isum);

#ifdef TL_VBMI
/* tl1_columns with the vector layer's VBMI lookups, for CPUs that tl_vbmi() accepts. */
static TL_VBMI void tl1_columns_vbmi(const uint8_t *w, const uint8_t *t, uint64_t cols,
                                     int32_t *isum)
{
	tl1_columns_with(w, t, cols, isum, tl1_column_vbmi);
}
#endif

/*
 * After a tl gemv setup that returned `st`: the lookups for this CPU (the
 * vector layer's VBMI ones where it has them and tl_vbmi() accepts).
 */
static inline int tl_gemv_choose(int st, void *state)
{
#ifdef TL_VBMI
	if (st == BNB_OK)
		((struct tl_gemv *)state)->vbmi = tl_vbmi();
#endif
	(void)state;
	return st;
}

/* tl1_columns_vbmi where setup chose the VBMI lookups, else tl1_columns. */
static inline tl1_columns_fn *tl1_columns_of(const struct tl_gemv *g)
{
#ifdef TL_VBMI
	if (g->vbmi)
		return tl1_columns_vbmi;
#endif
	(void)g;
	return tl1_columns;
}

/* y = ((float)isum / s_a) * alpha (bnbench-formats(7), OPERATIONS, gemv step 3), VF_LANES rows at a time. */
static inline void tl_outputs(const int32_t *isum, uint64_t m, float s_a, float alpha, float *y)
{
	vf vs = vf_set1(s_a), va = vf_set1(alpha);
	uint64_t i = 0;
	for (; i + VF_LANES <= m; i += VF_LANES)
		vf_store(y + i, vf_mul(vf_div(vf_of_i32(vi_load(isum + i)), vs), va));
	for (; i < m; i++)
		y[i] = bnb_gemv_out(isum[i], s_a, alpha);
}

#endif
