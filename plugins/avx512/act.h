/*
 * Activation quantization of the avx512 plugin, shared by all its gemv kernels:
 * bitnet.cpp's I8_S (FORMATS.md section 5, step 1).
 */
#ifndef BNB_AVX512_ACT_H
#define BNB_AVX512_ACT_H

#include <stdint.h>

/*
 * Writes q[i] = clamp(rint(x[i] * s_a), -128, 127) for i < k and returns
 * s_a = 127 / max(max |x|, 1e-5f), bit-identical to bnb_act_scale() and
 * bnb_act_quant1() of ternary.h.  Any k; x and q need no alignment.
 */
float avx512_act_quantize(const float *x, uint64_t k, int8_t *q);

#endif
