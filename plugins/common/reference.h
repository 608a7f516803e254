/*
 * Scalar reference kernels (the i2s, tl1 and tl2 plugins), written once for
 * any row-major format given its row codec.  Plain on purpose: they are the
 * oracle every other backend is verified against.
 */
#ifndef BNB_REFERENCE_H
#define BNB_REFERENCE_H

#include "kernel-state.h"

struct bnb_row_codec {
	const char *scheme;
	size_t (*row_bytes)(uint64_t k);
	/* t: k ternary values of one row -> row_bytes(k) bytes, and back. */
	void (*pack_row)(const int8_t *t, uint64_t k, uint8_t *row);
	void (*unpack_row)(const uint8_t *row, uint64_t k, int8_t *t);
};

struct bnb_ref_state {
	struct bnb_kernel_state base;
	const struct bnb_row_codec *codec;
	int8_t *t;                   /* one row of ternary values */
};

static inline size_t bnb_ref_buffer_bytes(const struct bnb_row_codec *codec,
                                          uint64_t m, uint64_t k)
{
	return (size_t)m * codec->row_bytes(k) + BNB_TAIL_BYTES;
}

/* `name` is the scheme and op, "i2s gemv", for messages. */
static inline int bnb_ref_setup(const struct bnb_row_codec *codec, const char *name,
                                enum bnb_op op, const struct bnb_case *c,
                                const struct bnb_inputs *in, void **state)
{
	struct bnb_ref_state *r;
	void *p;
	/* Computed before the checks; only compared once m x k is known sane. */
	int st = bnb_kernel_setup_state(sizeof *r, name, op, c, in,
	                                bnb_ref_buffer_bytes(codec, c->m, c->k), &p);

	if (st != BNB_OK)
		return st;
	r = p;
	r->codec = codec;
	r->t = bnb_kernel_alloc(&r->base, (size_t)c->k);
	if (!r->t) {
		st = bnb_kernel_nomem(&r->base);
		bnb_kernel_teardown(r);
		return st;
	}
	*state = r;
	return BNB_OK;
}

/* Alpha pass, then packing pass (OPERATIONS, quantize). */
static inline void bnb_ref_quantize(struct bnb_kernel_state *s)
{
	struct bnb_ref_state *r = (struct bnb_ref_state *)s;   /* s is its first member */
	size_t row_bytes = r->codec->row_bytes(s->k);
	float alpha = bnb_alpha(s->x, s->m * s->k);

	for (uint64_t i = 0; i < s->m; i++) {
		const float *w = s->x + i * s->k;
		for (uint64_t j = 0; j < s->k; j++)
			r->t[j] = (int8_t)bnb_ternary(w[j], alpha);
		r->codec->pack_row(r->t, s->k, s->out + i * row_bytes);
	}
	bnb_write_tail(s->out + s->m * row_bytes, alpha);
}

static inline void bnb_ref_dequantize(struct bnb_kernel_state *s)
{
	struct bnb_ref_state *r = (struct bnb_ref_state *)s;   /* s is its first member */
	size_t row_bytes = r->codec->row_bytes(s->k);
	float alpha = bnb_read_tail(s->packed + s->m * row_bytes);
	float *y = (float *)(void *)s->out;

	for (uint64_t i = 0; i < s->m; i++) {
		r->codec->unpack_row(s->packed + i * row_bytes, s->k, r->t);
		for (uint64_t j = 0; j < s->k; j++)
			y[i * s->k + j] = (float)r->t[j] * alpha;
	}
}

/* OPERATIONS, gemv: decode each weight and multiply-accumulate, exact in int32. */
static inline void bnb_ref_gemv(struct bnb_kernel_state *s)
{
	struct bnb_ref_state *r = (struct bnb_ref_state *)s;   /* s is its first member */
	size_t row_bytes = r->codec->row_bytes(s->k);
	float alpha = bnb_read_tail(s->packed + s->m * row_bytes);
	float s_a = bnb_act_scale(s->x, s->k);
	float *y = (float *)(void *)s->out;

	for (uint64_t j = 0; j < s->k; j++)
		s->q[j] = bnb_act_quant1(s->x[j], s_a);
	for (uint64_t i = 0; i < s->m; i++) {
		int32_t isum = 0;
		r->codec->unpack_row(s->packed + i * row_bytes, s->k, r->t);
		for (uint64_t j = 0; j < s->k; j++)
			isum += (int32_t)r->t[j] * s->q[j];
		y[i] = bnb_gemv_out(isum, s_a, alpha);
	}
}

static inline int bnb_ref_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	(void)elapsed_ns;
	return bnb_kernel_run(state, iterations, bnb_ref_quantize, bnb_ref_dequantize,
	                      bnb_ref_gemv);
}

/*
 * VERIFICATION, quantize: alpha within 1e-6 relative, zero tail, decoded ternary
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
