/*
 * Format pieces shared by every plugin (FORMATS.md sections 1-5), as static
 * inline functions so each plugin compiles them with its own flags.
 */
#ifndef BNB_TERNARY_H
#define BNB_TERNARY_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BNB_TAIL_BYTES 32
#define BNB_K_MULTIPLE 128

/* alpha = max((float)(sum |w| / n), 1e-5f), the sum in double (section 1). */
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
 * Activation quantization as bitnet.cpp's I8_S (section 5, step 1):
 * s_a = 127 / max(max |x|, 1e-5f), q = clamp(rint(x * s_a), -128, 127).
 */
static inline float bnb_act_scale(const float *x, uint64_t k)
{
	float amax = 0.0f;
	for (uint64_t i = 0; i < k; i++) {
		float a = fabsf(x[i]);
		if (a > amax)
			amax = a;
	}
	if (amax < 1e-5f)
		amax = 1e-5f;
	return 127.0f / amax;
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

/* Section 5, step 3. */
static inline float bnb_gemv_out(int32_t isum, float s_a, float alpha)
{
	return ((float)isum / s_a) * alpha;
}

/* Buffer sizes and TL2 row geometry (sections 2-4). */
static inline size_t bnb_i2s_bytes(uint64_t m, uint64_t k)
{
	return (size_t)(m * k / 4) + BNB_TAIL_BYTES;
}

static inline size_t bnb_tl1_row_bytes(uint64_t k)
{
	return (size_t)(k / 4);
}

static inline uint64_t bnb_tl2_three_k(uint64_t k)
{
	return k - k % 96;
}

static inline size_t bnb_tl2_row_bytes(uint64_t k)
{
	uint64_t three_k = bnb_tl2_three_k(k), two_k = k - three_k;
	return (size_t)(three_k / 6 + three_k / 24 + two_k / 4);
}

#endif
