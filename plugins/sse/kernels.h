/* The sse plugin's kernels, one file per scheme. */
#ifndef BNB_SSE_KERNELS_H
#define BNB_SSE_KERNELS_H

#include <bnbench/plugin.h>

/* Features every kernel of this plugin needs. */
#define SSE_FEATURES (BNB_FEAT_SSSE3 | BNB_FEAT_SSE41)

/*
 * A table entry of this plugin; every kernel's state starts with struct
 * bnb_kernel_state (kernel-state.h), which gives the output and teardown.
 */
#define SSE_KERNEL(scheme_name, op_name, setup_fn, run_fn, text)                          \
	{ .struct_size = sizeof(struct bnb_kernel), .op = op_name, .scheme = scheme_name, \
	  .backend = "sse", .features = SSE_FEATURES, .summary = text,                    \
	  .setup = setup_fn, .run = run_fn, .output = bnb_kernel_output,                  \
	  .teardown = bnb_kernel_teardown }

/* i2s */
extern const struct bnb_kernel sse_i2s_quantize, sse_i2s_dequantize, sse_i2s_gemv;
/* tl1, tl2 */
extern const struct bnb_kernel sse_tl1_quantize, sse_tl1_dequantize, sse_tl1_gemv;
extern const struct bnb_kernel sse_tl2_quantize, sse_tl2_dequantize, sse_tl2_gemv;

#endif
