/*
 * Format pieces shared by every plugin (FORMATS.md sections 1-5), as static
 * inline functions so each plugin compiles them with its own flags.
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

/*
 * Buffer sizes and row geometry (sections 2-4).  K % 128 == 0, so every I2S
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

/* I2S code = t + 1 (section 2). */
static inline int bnb_i2s_code(int t)
{
	return t + 1;
}

/* TL1 pair index (section 3): idx = 3*t0 + t1 + 4, in 0..8. */
static inline int bnb_tl1_index(int t0, int t1)
{
	return 3 * t0 + t1 + 4;
}

static inline void bnb_tl1_decode(int idx, int8_t t[2])
{
	t[0] = (int8_t)(idx / 3 - 1);
	t[1] = (int8_t)(idx % 3 - 1);
}

/* TL2 triple value (section 4): v = 9*t0 + 3*t1 + t2, stored as |v| and sign. */
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
 * Setup checks every kernel makes (sections 1 and 5) for op "quantize",
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

/*
 * Scalar reference kernels (the i2s, tl1 and tl2 plugins), written once for
 * any row-major format given its row codec.  Plain on purpose: they are the
 * oracle every other backend is verified against.
 */
struct bnb_row_codec {
	const char *scheme;
	size_t (*row_bytes)(uint64_t k);
	/* t: k ternary values of one row -> row_bytes(k) bytes, and back. */
	void (*pack_row)(const int8_t *t, uint64_t k, uint8_t *row);
	void (*unpack_row)(const uint8_t *row, uint64_t k, int8_t *t);
};

enum bnb_ref_op { BNB_REF_QUANTIZE, BNB_REF_DEQUANTIZE, BNB_REF_GEMV };

struct bnb_ref_state {
	const struct bnb_row_codec *codec;
	enum bnb_ref_op op;
	uint64_t m, k;
	const float *x;              /* quantize: m*k weights; gemv: k activations */
	const uint8_t *packed;       /* dequantize, gemv */
	uint8_t *out;
	size_t out_bytes;
	int8_t *t;                   /* one row of ternary values */
	int8_t *q;                   /* gemv: quantized activations */
};

static inline size_t bnb_ref_buffer_bytes(const struct bnb_row_codec *codec,
                                          uint64_t m, uint64_t k)
{
	return (size_t)m * codec->row_bytes(k) + BNB_TAIL_BYTES;
}

static inline void bnb_ref_teardown(void *state)
{
	struct bnb_ref_state *s = state;
	if (!s)
		return;
	free(s->out);
	free(s->t);
	free(s->q);
	free(s);
}

static inline int bnb_ref_setup(const struct bnb_row_codec *codec, enum bnb_ref_op op,
                                const struct bnb_case *c, const struct bnb_inputs *in,
                                void **state)
{
	static const char *const names[] = { "quantize", "dequantize", "gemv" };
	size_t buf_bytes;
	struct bnb_ref_state *s;
	int st;

	/* Computed before the checks; only compared once m x k is known sane. */
	buf_bytes = bnb_ref_buffer_bytes(codec, c->m, c->k);
	st = bnb_check_case(names[op], c, in, buf_bytes);
	if (st != BNB_OK)
		return st;

	s = calloc(1, sizeof *s);
	if (!s) {
		bnb_host->error("%s %s: out of memory", codec->scheme, names[op]);
		return BNB_ENOMEM;
	}
	s->codec = codec;
	s->op = op;
	s->m = c->m;
	s->k = c->k;
	s->x = in->x;
	s->packed = in->packed;
	s->out_bytes = op == BNB_REF_QUANTIZE ? buf_bytes
	             : op == BNB_REF_DEQUANTIZE ? (size_t)(c->m * c->k) * sizeof(float)
	             : (size_t)c->m * sizeof(float);
	s->out = bnb_aligned_zalloc(s->out_bytes);
	s->t = bnb_aligned_zalloc((size_t)c->k);
	if (op == BNB_REF_GEMV)
		s->q = bnb_aligned_zalloc((size_t)c->k);
	if (!s->out || !s->t || (op == BNB_REF_GEMV && !s->q)) {
		bnb_ref_teardown(s);
		bnb_host->error("%s %s: out of memory for m = %llu, k = %llu", codec->scheme,
		                names[op], (unsigned long long)c->m, (unsigned long long)c->k);
		return BNB_ENOMEM;
	}
	*state = s;
	return BNB_OK;
}

/* Alpha pass, then packing pass (section 5, quantize). */
static inline void bnb_ref_quantize(struct bnb_ref_state *s)
{
	size_t row_bytes = s->codec->row_bytes(s->k);
	float alpha = bnb_alpha(s->x, s->m * s->k);

	for (uint64_t i = 0; i < s->m; i++) {
		const float *w = s->x + i * s->k;
		for (uint64_t j = 0; j < s->k; j++)
			s->t[j] = (int8_t)bnb_ternary(w[j], alpha);
		s->codec->pack_row(s->t, s->k, s->out + i * row_bytes);
	}
	bnb_write_tail(s->out + s->m * row_bytes, alpha);
}

static inline void bnb_ref_dequantize(struct bnb_ref_state *s)
{
	size_t row_bytes = s->codec->row_bytes(s->k);
	float alpha = bnb_read_tail(s->packed + s->m * row_bytes);
	float *y = (float *)(void *)s->out;

	for (uint64_t i = 0; i < s->m; i++) {
		s->codec->unpack_row(s->packed + i * row_bytes, s->k, s->t);
		for (uint64_t j = 0; j < s->k; j++)
			y[i * s->k + j] = (float)s->t[j] * alpha;
	}
}

/* Section 5, gemv: decode each weight and multiply-accumulate, exact in int32. */
static inline void bnb_ref_gemv(struct bnb_ref_state *s)
{
	size_t row_bytes = s->codec->row_bytes(s->k);
	float alpha = bnb_read_tail(s->packed + s->m * row_bytes);
	float s_a = bnb_act_scale(s->x, s->k);
	float *y = (float *)(void *)s->out;

	for (uint64_t j = 0; j < s->k; j++)
		s->q[j] = bnb_act_quant1(s->x[j], s_a);
	for (uint64_t i = 0; i < s->m; i++) {
		int32_t isum = 0;
		s->codec->unpack_row(s->packed + i * row_bytes, s->k, s->t);
		for (uint64_t j = 0; j < s->k; j++)
			isum += (int32_t)s->t[j] * s->q[j];
		y[i] = bnb_gemv_out(isum, s_a, alpha);
	}
}

static inline int bnb_ref_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	struct bnb_ref_state *s = state;
	(void)elapsed_ns;
	for (uint64_t it = 0; it < iterations; it++) {
		switch (s->op) {
		case BNB_REF_QUANTIZE: bnb_ref_quantize(s); break;
		case BNB_REF_DEQUANTIZE: bnb_ref_dequantize(s); break;
		case BNB_REF_GEMV: bnb_ref_gemv(s); break;
		}
	}
	return BNB_OK;
}

static inline int bnb_ref_output(void *state, void *dst, size_t dst_bytes)
{
	struct bnb_ref_state *s = state;
	if (dst_bytes != s->out_bytes) {
		static const char *const names[] = { "quantize", "dequantize", "gemv" };
		bnb_host->error("%s %s output: destination is %zu bytes, expected %zu",
		                s->codec->scheme, names[s->op], dst_bytes, s->out_bytes);
		return BNB_EINVAL;
	}
	memcpy(dst, s->out, dst_bytes);
	return BNB_OK;
}

/* Section 6: |w|/alpha_ref within 1e-5 relative of 0.5, where rounding may go either way. */
static inline int bnb_at_boundary(float w, float alpha_ref)
{
	double r = fabs((double)w) / (double)alpha_ref;
	return fabs(r - 0.5) <= 0.5e-5;
}

/*
 * Section 6, quantize: alpha within 1e-6 relative, zero tail, decoded ternary
 * values identical except at boundary elements (where got may hold 0 or the
 * sign of w), and each row of got the canonical encoding of its values.
 */
static inline int bnb_ref_check_quantized(const struct bnb_row_codec *codec,
                                          const float *w, uint64_t m, uint64_t k,
                                          const void *ref, const void *got,
                                          struct bnb_quant_check *res)
{
	const uint8_t *r8 = ref, *g8 = got;
	size_t row_bytes = codec->row_bytes(k);
	const uint8_t *rtail = r8 + m * row_bytes, *gtail = g8 + m * row_bytes;
	float alpha_ref = bnb_read_tail(rtail), alpha_got = bnb_read_tail(gtail);
	int8_t *tr = malloc(k), *tg = malloc(k);
	uint8_t *repacked = malloc(row_bytes);
	int st = BNB_OK;

	res->boundary_elems = 0;
	res->boundary_diffs = 0;
	res->alpha_rel_err = fabs((double)alpha_got - (double)alpha_ref) / (double)alpha_ref;
	if (!tr || !tg || !repacked) {
		bnb_host->error("%s quantize check: out of memory for k = %llu", codec->scheme,
		                (unsigned long long)k);
		st = BNB_ENOMEM;
		goto out;
	}
	if (!(res->alpha_rel_err <= 1e-6)) {
		bnb_host->error("%s quantize: alpha is %.9g, expected %.9g (relative error %.3g > 1e-6)",
		                codec->scheme, alpha_got, alpha_ref, res->alpha_rel_err);
		st = BNB_EVERIFY;
		goto out;
	}
	for (int b = 4; b < BNB_TAIL_BYTES; b++) {
		if (gtail[b] != 0) {
			bnb_host->error("%s quantize: tail byte %d is 0x%02x, expected 0", codec->scheme,
			                b, gtail[b]);
			st = BNB_EVERIFY;
			goto out;
		}
	}
	for (uint64_t i = 0; i < m; i++) {
		codec->unpack_row(r8 + i * row_bytes, k, tr);
		codec->unpack_row(g8 + i * row_bytes, k, tg);
		for (uint64_t j = 0; j < k; j++) {
			float wij = w[i * k + j];
			int boundary = bnb_at_boundary(wij, alpha_ref);
			int allowed = tg[j] == 0 || tg[j] == (wij > 0.0f ? 1 : -1);
			res->boundary_elems += boundary;
			if (tg[j] == tr[j])
				continue;
			if (boundary && allowed) {
				res->boundary_diffs++;
				continue;
			}
			if (st == BNB_OK)
				bnb_host->error("%s quantize: element differs at row %llu, column %llu: "
				                "expected %d, got %d (w/alpha = %.9g)", codec->scheme,
				                (unsigned long long)i, (unsigned long long)j, tr[j], tg[j],
				                (double)wij / (double)alpha_ref);
			st = BNB_EVERIFY;
		}
		if (st != BNB_OK)
			continue;
		codec->pack_row(tg, k, repacked);
		for (size_t b = 0; b < row_bytes; b++) {
			if (repacked[b] != g8[i * row_bytes + b]) {
				bnb_host->error("%s quantize: row %llu, byte %zu is 0x%02x, expected 0x%02x "
				                "(not the canonical encoding)", codec->scheme,
				                (unsigned long long)i, b, g8[i * row_bytes + b], repacked[b]);
				st = BNB_EVERIFY;
				break;
			}
		}
	}
out:
	free(tr);
	free(tg);
	free(repacked);
	return st;
}

#endif
