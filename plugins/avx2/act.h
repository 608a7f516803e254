/*
 * The two scale passes of the avx2 plugin, shared by all its kernels: the
 * weights' alpha (quantize, bnbench-formats(7), TERNARIZATION) and bitnet.cpp's I8_S
 * activation quantization (OPERATIONS, gemv step 1).
 */
#ifndef BNB_AVX2_ACT_H
#define BNB_AVX2_ACT_H

#include <stdint.h>

/*
 * alpha = bnb_alpha_from_sum(sum |w|, n) of ternary.h, the sum in double:
 * each float widens exactly, so only the order of the additions differs from
 * bnb_alpha().  Any n; w needs no alignment.
 */
float avx2_alpha(const float *w, uint64_t n);

/*
 * Writes q[i] = clamp(rint(x[i] * s_a), -128, 127) for i < k and returns
 * s_a = 127 / max(max |x|, 1e-5f), bit-identical to bnb_act_scale() and
 * bnb_act_quant1() of ternary.h.  Any k; x and q need no alignment.
 */
float avx2_act_quantize(const float *x, uint64_t k, int8_t *q);

#endif
