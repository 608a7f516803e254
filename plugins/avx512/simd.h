/* The avx512 plugin: its name, features, tile shapes and kernel summaries (plugins/simd). */
#define SIMD_BACKEND "avx512"
#define SIMD_FEATURES (BNB_FEAT_AVX512F | BNB_FEAT_AVX512BW | BNB_FEAT_AVX512VL)
/* The one kernel of this plugin that needs more than SIMD_FEATURES. */
#define SIMD_GEMV_I2S_FEATURES (SIMD_FEATURES | BNB_FEAT_AVX512VNNI)
#define SIMD_SUMMARY "AVX-512 F/BW/VL kernels for i2s, tl1 and tl2 (VNNI for i2s gemv, VBMI and VNNI if present for tl gemv)"
/*
 * 64-row tiles: one 64-byte vector per tile column; tl2 holds the signs as
 * one 64-bit mask per triple (TL2_SIGN_MASKS).
 */
#define SIMD_TL1_TILE_ROWS 64
#define SIMD_TL2_TILE_ROWS 64
#define SIMD_I2S_TEXT "double |w| sum, vdivps + vrndscaleps, 16 bytes per pack", \
	"shift + vpermilps lookup of {-alpha, 0, alpha}",                            \
	"16-row tiles, masks only, vpdpbusd on codes t+1, no horizontal sums"
#define SIMD_TL1_TEXT "double |w| sum, vdivps, pair indices by vpmaddubsw",   \
	"vpshufb digit tables, vpermps of {0, alpha, -alpha}",                     \
	"vpermb decoding + vpdpbusd (VBMI+VNNI), else per-pair table lookups, exact sums"
#define SIMD_TL2_TEXT "double |w| sum, vdivps, triple values by vpmaddubsw",  \
	"vpshufb digit tables, masked negation, vpermps",                          \
	"vpermb decoding + vpdpbusd (VBMI+VNNI), else per-triple table lookups, masked signs"
