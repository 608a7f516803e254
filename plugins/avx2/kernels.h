/* The avx2 plugin's kernels, one file per scheme. */
#ifndef BNB_AVX2_KERNELS_H
#define BNB_AVX2_KERNELS_H

#include <bnbench/plugin.h>

/* Features every kernel of this plugin needs. */
#define AVX2_FEATURES (BNB_FEAT_AVX | BNB_FEAT_AVX2 | BNB_FEAT_FMA)

/*
 * A table entry of this plugin; every kernel's state starts with struct
 * bnb_kernel_state (kernel-state.h), which gives the output and teardown.
 */
#define AVX2_KERNEL(scheme_name, op_name, setup_fn, run_fn, text)                         \
	{ .struct_size = sizeof(struct bnb_kernel), .op = op_name, .scheme = scheme_name, \
	  .backend = "avx2", .features = AVX2_FEATURES, .summary = text,                  \
	  .setup = setup_fn, .run = run_fn, .output = bnb_kernel_output,                  \
	  .teardown = bnb_kernel_teardown }

/* i2s */
extern const struct bnb_kernel avx2_i2s_quantize, avx2_i2s_dequantize, avx2_i2s_gemv;
/* tl1, tl2 */
extern const struct bnb_kernel avx2_tl1_quantize, avx2_tl1_dequantize, avx2_tl1_gemv;
extern const struct bnb_kernel avx2_tl2_quantize, avx2_tl2_dequantize, avx2_tl2_gemv;

#endif
