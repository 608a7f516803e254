/* The avx2 plugin's kernels, one file per scheme. */
#ifndef BNB_AVX2_KERNELS_H
#define BNB_AVX2_KERNELS_H

#include <bnbench/plugin.h>

/* Features every kernel of this plugin needs. */
#define AVX2_FEATURES (BNB_FEAT_AVX | BNB_FEAT_AVX2 | BNB_FEAT_FMA)

/* i2s */
/* tl1, tl2 */

#endif
