/*
 * The TL1 columns of one tile into its int32 sums, written once over the
 * plugin's tl-lut.h (tl_vi, tl1_column, tl1_flush, tl_widen; TL1_HALVES
 * vectors of rows per tile column).  Used by tl1.c and, for the two_k
 * remainder, tl2.c.
 */
#ifndef BNB_SIMD_TL1_COLUMNS_H
#define BNB_SIMD_TL1_COLUMNS_H

/* `cols` TL1 columns (a multiple of 4, at most 32) of one tile into its int32 sums. */
static inline void tl1_columns(const uint8_t *w, const uint8_t *t, uint64_t cols, int32_t *isum)
{
	tl_vi lo[TL1_HALVES], hi[TL1_HALVES];
	for (int i = 0; i < TL1_HALVES; i++)
		lo[i] = hi[i] = tl_vi_zero();
	for (uint64_t c = 0; c < cols; c += 4, w += 4 * TL_TILE_ROWS, t += 8 * TL_TABLE_BYTES) {
		tl_vi l8[TL1_HALVES], h8[TL1_HALVES];
		for (int i = 0; i < TL1_HALVES; i++)
			l8[i] = h8[i] = tl_vi_zero();
		tl1_column(w, t, l8, h8);
		tl1_column(w + TL_TILE_ROWS, t + 2 * TL_TABLE_BYTES, l8, h8);
		tl1_column(w + 2 * TL_TILE_ROWS, t + 4 * TL_TABLE_BYTES, l8, h8);
		tl1_column(w + 3 * TL_TILE_ROWS, t + 6 * TL_TABLE_BYTES, l8, h8);
		for (int i = 0; i < TL1_HALVES; i++)
			tl1_flush(l8[i], h8[i], &lo[i], &hi[i]);
	}
	for (int i = 0; i < TL1_HALVES; i++)
		tl_widen(isum + TL_TILE_ROWS / TL1_HALVES * i, lo[i], hi[i], 0);
}


#endif
