/*
 * What every SIMD plugin (sse, avx2, avx512) shares: one setup per scheme
 * file and the kernel table of a scheme, built by SIMD_KERNELS.  The plugin's
 * own simd.h, found through its include path, names the backend, its features
 * and its kernel summaries.
 */
#ifndef BNB_SIMD_KERNELS_H
#define BNB_SIMD_KERNELS_H

#include <bnbench/plugin.h>

#include "kernel-state.h"
#include "simd.h"

/*
 * Setup of any kernel of a scheme file: its op and name come from its data,
 * `bytes` is the scheme's buffer size and `gemv_setup` (NULL: the plain
 * state) sets up the gemv kernel.
 */
static inline int simd_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state,
                             size_t (*bytes)(uint64_t m, uint64_t k),
                             int (*gemv_setup)(const char *name, const struct bnb_case *c,
                                               const struct bnb_inputs *in, void **state))
{
	const struct bnb_kernel_info *info = bnb_kernel_data(c);

	if (!info)
		return BNB_EINVAL;
	if (info->op == BNB_OP_GEMV && gemv_setup)
		return gemv_setup(info->name, c, in, state);
	return bnb_kernel_setup(info->name, info->op, c, in, bytes(c->m, c->k), state);
}

/*
 * The run function and the three kernels simd_<scheme>_{quantize,dequantize,
 * gemv} of a scheme file, which defines setup, quantize, dequantize and gemv;
 * `texts` is the plugin's three summaries (SIMD_TL1_TEXT, ...).
 */
#define SIMD_KERNELS(scheme, gemv_features, texts) SIMD_KERNELS_(scheme, gemv_features, texts)
#define SIMD_KERNELS_(scheme, gemv_features, qtext, dtext, gtext)                               \
	static int run(void *state, uint64_t iterations, uint64_t *elapsed_ns)                  \
	{                                                                                       \
		(void)elapsed_ns;                                                               \
		return bnb_kernel_run(state, iterations, quantize, dequantize, gemv);          \
	}                                                                                       \
	const struct bnb_kernel simd_##scheme##_quantize = BNB_CPU_KERNEL(SIMD_BACKEND,        \
		SIMD_FEATURES, #scheme, QUANTIZE, setup, run,                                   \
		SIMD_BACKEND " " #scheme " quantize: " qtext);                                  \
	const struct bnb_kernel simd_##scheme##_dequantize = BNB_CPU_KERNEL(SIMD_BACKEND,      \
		SIMD_FEATURES, #scheme, DEQUANTIZE, setup, run,                                 \
		SIMD_BACKEND " " #scheme " dequantize: " dtext);                                \
	const struct bnb_kernel simd_##scheme##_gemv = BNB_CPU_KERNEL(SIMD_BACKEND,            \
		gemv_features, #scheme, GEMV, setup, run, SIMD_BACKEND " " #scheme " gemv: " gtext)

extern const struct bnb_kernel simd_i2s_quantize, simd_i2s_dequantize, simd_i2s_gemv;
extern const struct bnb_kernel simd_tl1_quantize, simd_tl1_dequantize, simd_tl1_gemv;
extern const struct bnb_kernel simd_tl2_quantize, simd_tl2_dequantize, simd_tl2_gemv;

#endif
