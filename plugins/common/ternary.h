/*
 * Format pieces shared by every plugin (bnbench-formats(7)), as static
 * inline functions so each plugin compiles them with its own flags.  The
 * per-case kernel state is in kernel-state.h, the scalar reference kernels
 * in reference.h.
 */
#ifndef BNB_TERNARY_H
#define BNB_TERNARY_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bnbench/plugin.h>

#define BNB_TAIL_BYTES 32
#define BNB_K_MULTIPLE 128

/* alpha = max((float)(sum |w| / n), 1e-5f), the sum in double (TERNARIZATION). */
static inline float bnb_alpha_from_sum(double abs_sum, uint64_t n)
{
	float a = (float)(abs_sum / (double)n);
	return a > 1e-5f ? a : 1e-5f;
}

static inline float bnb_alpha(const float *w, uint64_t n)
{
	double s = 0.0;
	for (uint64_t i = 0; i < n; i++)
		s += fabs((double)w[i]);
	return bnb_alpha_from_sum(s, n);
}

/* t = clamp(rint(w / alpha), -1, 1): float division, ties to even. */
static inline int bnb_ternary(float w, float alpha)
{
	float r = rintf(w / alpha);
	return r > 0.0f ? 1 : (r < 0.0f ? -1 : 0);
}

/* The 32-byte tail: alpha (little-endian float32), then zeros. */
static inline void bnb_write_tail(uint8_t *tail, float alpha)
{
	memset(tail, 0, BNB_TAIL_BYTES);
	memcpy(tail, &alpha, sizeof alpha);
}

static inline float bnb_read_tail(const uint8_t *tail)
{
	float alpha;
	memcpy(&alpha, tail, sizeof alpha);
	return alpha;
}

/*
 * Activation quantization as bitnet.cpp's I8_S (OPERATIONS, gemv step 1):
 * s_a = 127 / max(max |x|, 1e-5f), q = clamp(rint(x * s_a), -128, 127).
 */
static inline float bnb_act_scale_of(float amax)
{
	if (amax < 1e-5f)
		amax = 1e-5f;
	return 127.0f / amax;
}

static inline float bnb_act_scale(const float *x, uint64_t k)
{
	float amax = 0.0f;
	for (uint64_t i = 0; i < k; i++) {
		float a = fabsf(x[i]);
		if (a > amax)
			amax = a;
	}
	return bnb_act_scale_of(amax);
}

static inline int8_t bnb_act_quant1(float x, float s_a)
{
	float r = rintf(x * s_a);
	if (r > 127.0f)
		r = 127.0f;
	if (r < -128.0f)
		r = -128.0f;
	return (int8_t)r;
}

/* OPERATIONS, gemv step 3. */
static inline float bnb_gemv_out(int32_t isum, float s_a, float alpha)
{
	return ((float)isum / s_a) * alpha;
}

/*
 * For kernels that work on the codes c = t + 1 (I2S): isum = sum c*q - sum q.
 * Their int32 lane sums wrap on overflow (vector adds), so they are exact
 * modulo 2^32, and so is this difference: it equals the true isum whenever
 * that fits in int32, as the reference requires.
 */
static inline int32_t bnb_codes_isum(int32_t cq, int32_t qsum)
{
	return (int32_t)((uint32_t)cq - (uint32_t)qsum);
}

/*
 * Buffer sizes and row geometry (I2S, TL1, TL2).  K % 128 == 0, so every I2S
 * row is whole 128-element blocks and all three formats are row-major: M rows
 * of row_bytes(K), then the tail.
 */
static inline size_t bnb_i2s_row_bytes(uint64_t k)
{
	return (size_t)(k / 4);
}

static inline size_t bnb_i2s_bytes(uint64_t m, uint64_t k)
{
	return (size_t)(m * k / 4) + BNB_TAIL_BYTES;
}

static inline size_t bnb_tl1_row_bytes(uint64_t k)
{
	return (size_t)(k / 4);
}

static inline size_t bnb_tl1_bytes(uint64_t m, uint64_t k)
{
	return (size_t)m * bnb_tl1_row_bytes(k) + BNB_TAIL_BYTES;
}

static inline uint64_t bnb_tl2_three_k(uint64_t k)
{
	return k - k % 96;
}

/* TL2 row: [three_k/6 index bytes][three_k/24 sign bytes][two_k/4 pair bytes]. */
static inline size_t bnb_tl2_sign_offset(uint64_t k)
{
	return (size_t)(bnb_tl2_three_k(k) / 6);
}

static inline size_t bnb_tl2_pair_offset(uint64_t k)
{
	uint64_t three_k = bnb_tl2_three_k(k);
	return (size_t)(three_k / 6 + three_k / 24);
}

static inline size_t bnb_tl2_row_bytes(uint64_t k)
{
	uint64_t three_k = bnb_tl2_three_k(k), two_k = k - three_k;
	return (size_t)(three_k / 6 + three_k / 24 + two_k / 4);
}

static inline size_t bnb_tl2_bytes(uint64_t m, uint64_t k)
{
	return (size_t)m * bnb_tl2_row_bytes(k) + BNB_TAIL_BYTES;
}

/* I2S code = t + 1 (I2S). */
static inline int bnb_i2s_code(int t)
{
	return t + 1;
}

/* TL1 pair index (TL1): idx = 3*t0 + t1 + 4, in 0..8. */
static inline int bnb_tl1_index(int t0, int t1)
{
	return 3 * t0 + t1 + 4;
}

static inline void bnb_tl1_decode(int idx, int8_t t[2])
{
	t[0] = (int8_t)(idx / 3 - 1);
	t[1] = (int8_t)(idx % 3 - 1);
}

/* TL2 triple value (TL2): v = 9*t0 + 3*t1 + t2, stored as |v| and sign. */
static inline int bnb_tl2_value(int t0, int t1, int t2)
{
	return 9 * t0 + 3 * t1 + t2;
}

/* v's balanced-ternary digits: v + 13 in base 3 has digits t0+1, t1+1, t2+1. */
static inline void bnb_tl2_decode(int v, int8_t t[3])
{
	int u = v + 13;
	t[0] = (int8_t)(u / 9 - 1);
	t[1] = (int8_t)(u / 3 % 3 - 1);
	t[2] = (int8_t)(u % 3 - 1);
}

/* 64-byte aligned, zeroed; NULL on failure. */
static inline void *bnb_aligned_zalloc(size_t n)
{
	if (n > SIZE_MAX - 63)
		return NULL;
	n = (n + 63) & ~(size_t)63;
	void *p = aligned_alloc(64, n ? n : 64);
	if (p)
		memset(p, 0, n ? n : 64);
	return p;
}

/*
 * Setup checks every kernel makes (TERNARIZATION, OPERATIONS) for op "quantize",
 * "dequantize" or "gemv"; `buffer_bytes` is the scheme's size for m x k.
 * Reports through bnb_host->error.
 */
static inline int bnb_check_case(const char *op, const struct bnb_case *c,
                                 const struct bnb_inputs *in, size_t buffer_bytes)
{
	unsigned long long m = c->m, k = c->k;
	int quantize = strcmp(op, "quantize") == 0, gemv = strcmp(op, "gemv") == 0;

	if (k % BNB_K_MULTIPLE != 0) {
		bnb_host->error("k = %llu is not a multiple of %d", k, BNB_K_MULTIPLE);
		return BNB_EINVAL;
	}
	if (k == 0 || m == 0) {
		bnb_host->error("%s: m = %llu, k = %llu: both must be positive", op, m, k);
		return BNB_EINVAL;
	}
	if (m > SIZE_MAX / sizeof(float) / k) {
		bnb_host->error("%s: m x k = %llu x %llu is too large", op, m, k);
		return BNB_EINVAL;
	}
	if (quantize && (!in->x || in->x_count != m * k)) {
		bnb_host->error("quantize: input has %zu floats, expected %llu", in->x_count, m * k);
		return BNB_EINVAL;
	}
	if (!quantize && (!in->packed || in->packed_bytes != buffer_bytes)) {
		bnb_host->error("%s: packed buffer is %zu bytes, expected %zu for m = %llu, k = %llu",
		                op, in->packed_bytes, buffer_bytes, m, k);
		return BNB_EINVAL;
	}
	if (gemv && (!in->x || in->x_count != k)) {
		bnb_host->error("gemv: activation vector has %zu floats, expected %llu", in->x_count, k);
		return BNB_EINVAL;
	}
	return BNB_OK;
}

/* VERIFICATION: |w|/alpha_ref within 1e-5 relative of 0.5, where rounding may go either way. */
static inline int bnb_at_boundary(float w, float alpha_ref)
{
	double r = fabs((double)w) / (double)alpha_ref;
	return fabs(r - 0.5) <= 0.5e-5;
}

#endif
