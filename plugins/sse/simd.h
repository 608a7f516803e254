/* The sse plugin: its name, features, tile shapes and kernel summaries (plugins/simd). */
#define SIMD_BACKEND "sse"
#define SIMD_FEATURES (BNB_FEAT_SSSE3 | BNB_FEAT_SSE41)
#define SIMD_GEMV_I2S_FEATURES SIMD_FEATURES
#define SIMD_SUMMARY "SSSE3/SSE4.1 kernels for i2s, tl1 and tl2"
/* 16-row tiles: one 16-byte vector per column. */
#define SIMD_TL1_TILE_ROWS 16
#define SIMD_TL2_TILE_ROWS 16
#define SIMD_I2S_TEXT "double |w| sum, divps + roundps, 16 bytes per pack",   \
	"shift + mask, (c - 1) * alpha",                                           \
	"4-row tiles, one shift + masks, pmaddubsw on codes t+1, no horizontal sums"
#define SIMD_TL1_TEXT "double |w| sum, divps, pair indices by pmaddubsw",     \
	"pshufb digit tables, t * alpha",                                          \
	"per-pair tables, pshufb lookups for 16-row tiles, exact int8/16/32 sums"
#define SIMD_TL2_TEXT "double |w| sum, divps, triple values by pmaddubsw",    \
	"pshufb digit tables, psignb, t * alpha",                                  \
	"per-triple tables, pshufb lookups + psignb for 16-row tiles, exact sums"
