/* The sse plugin's kernels, one file per scheme. */
#ifndef BNB_SSE_KERNELS_H
#define BNB_SSE_KERNELS_H

#include <bnbench/plugin.h>

/* Features every kernel of this plugin needs. */
#define SSE_FEATURES (BNB_FEAT_SSSE3 | BNB_FEAT_SSE41)

/* i2s */
/* tl1, tl2 */

#endif
