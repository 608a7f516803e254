/* The avx512 plugin's kernels, one file per scheme. */
#ifndef BNB_AVX512_KERNELS_H
#define BNB_AVX512_KERNELS_H

#include <bnbench/plugin.h>

/* Features every kernel of this plugin needs. */
#define AVX512_FEATURES (BNB_FEAT_AVX512F | BNB_FEAT_AVX512BW | BNB_FEAT_AVX512VL)

/* i2s */
/* tl1, tl2 */

#endif
