/*
 * The cuda plugin's kernel launchers (kernels.cu), called from plugin.c.
 * Each enqueues its kernels on `stream` and returns the launch status; errors
 * inside a kernel surface at the next synchronisation.
 */
#ifndef CUDA_KERNELS_H
#define CUDA_KERNELS_H

#include <stdint.h>

#include <cuda_runtime_api.h>

#ifdef __cplusplus
extern "C" {
#endif

enum cuda_scheme { CUDA_I2S = 0, CUDA_TL1 = 1, CUDA_TL2 = 2 };

/* Blocks of the |w| sum (quantize pass 1): a constant, so the sum is the same on any GPU. */
#define CUDA_SUM_BLOCKS 2048

/* Device scratch of quantize: per-block partial sums of |w|, then alpha. */
struct cuda_quant_scratch {
	double partials[CUDA_SUM_BLOCKS];
	unsigned int blocks_done;    /* zero between launches */
	float alpha;
};

/* gemv: the widest K whose int32 sums cannot overflow (codes up to 3, |q| <= 128). */
#define CUDA_GEMV_MAX_K (UINT32_C(1) << 22)

/* Device scratch of gemv: the activation scale and sum(q); q itself follows separately. */
struct cuda_act {
	float s_a;
	int32_t q_sum;
};

/* Packed bytes of one row, without the tail (bnbench-formats(7): I2S, TL1, TL2). */
uint64_t cuda_row_bytes(enum cuda_scheme s, uint64_t k);

/* Weights w (m*k floats) to the scheme's buffer `out`, tail included. */
cudaError_t cuda_launch_quantize(enum cuda_scheme s, const float *w, uint64_t m, uint64_t k,
                                 uint8_t *out, struct cuda_quant_scratch *scratch,
                                 cudaStream_t stream);

/* A buffer (tail included) to m*k floats. */
cudaError_t cuda_launch_dequantize(enum cuda_scheme s, const uint8_t *packed, uint64_t m,
                                   uint64_t k, float *y, cudaStream_t stream);

/* y = W x: activation quantization into q (k bytes) and act, then the product. */
cudaError_t cuda_launch_gemv(enum cuda_scheme s, const uint8_t *packed, const float *x,
                             uint64_t m, uint64_t k, int8_t *q, struct cuda_act *act, float *y,
                             cudaStream_t stream);

/* An empty kernel, <<<1, 1>>>: the cost of a launch. */
cudaError_t cuda_launch_empty(cudaStream_t stream);

#ifdef __cplusplus
}
#endif

#endif
