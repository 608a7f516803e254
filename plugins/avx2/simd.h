/* The avx2 plugin: its name, features, tile shapes and kernel summaries (plugins/simd). */
#define SIMD_BACKEND "avx2"
#define SIMD_FEATURES (BNB_FEAT_AVX | BNB_FEAT_AVX2 | BNB_FEAT_FMA)
#define SIMD_GEMV_I2S_FEATURES SIMD_FEATURES
#define SIMD_SUMMARY "AVX2+FMA kernels for i2s, tl1 and tl2"
/* 64-row tl1 tiles: two 32-byte halves per column, each table load serves both. */
#define SIMD_TL1_TILE_ROWS 64
/*
 * 32-row tl2 tiles: one 32-byte vector per column (64-row tiles need more
 * registers than there are with the signs, and run slower).
 */
#define SIMD_TL2_TILE_ROWS 32
#define SIMD_I2S_TEXT "double |w| sum, vdivps + vroundps, 32 bytes per block", \
	"shift + vpermilps lookup of {-alpha, 0, alpha}",                         \
	"8-row tiles, one shift + masks, vpmaddubsw on codes t+1, no horizontal sums"
#define SIMD_TL1_TEXT "double |w| sum, vdivps, pair indices by vpmaddubsw",   \
	"vpshufb digit tables, t * alpha",                                         \
	"per-pair tables, vpshufb lookups for 64-row tiles, exact int8/16/32 sums"
#define SIMD_TL2_TEXT "double |w| sum, vdivps, triple values by vpmaddubsw",  \
	"vpshufb digit tables, vpsignb, t * alpha",                                \
	"per-triple tables, vpshufb lookups + vpsignb for 32-row tiles, exact sums"
