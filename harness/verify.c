/* Case inputs and verification against the reference kernel. */
#include "config.h"

#include "verify.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "inputs.h"
#include "kernel.h"

int verify_prepare(const struct plan_case *c, enum suite_distribution dist, uint64_t seed,
                   struct case_inputs *ci, struct bnb_err *e)
{
	size_t n = (size_t)(c->m * c->k);
	const struct op_info *op = c->info;
	int rc;

	memset(ci, 0, sizeof *ci);
	ci->in.struct_size = sizeof ci->in;
	if (!op)
		return BNB_OK;  /* a plugin's own op generates what it needs */
	ci->w = xaligned_alloc(n * sizeof(float));
	inputs_fill(ci->w, n, dist, seed, inputs_stream(c->m, c->k, 0));
	if (op->x_in == OP_MK_FLOATS) {
		ci->in.x = ci->w;
		ci->in.x_count = n;
	}
	/* Packed weights come from the reference quantize, as FORMATS.md section 5 says. */
	if (op->packed_in == OP_PACKED) {
		struct bnb_inputs qin = { sizeof qin, 0, ci->w, n, NULL, 0 };
		struct bnb_case qc;
		size_t bytes = plugin_output_bytes(c->ref_quantize, c->m, c->k);

		ci->packed = xaligned_alloc(bytes);
		kernel_case_init(&qc, c->ref_quantize, c->m, c->k, NULL);
		rc = kernel_run_once(c->ref_quantize, &qc, &qin, ci->packed, bytes, e);
		if (rc)
			return err_prefix(e, "making the packed input");
		ci->in.packed = ci->packed;
		ci->in.packed_bytes = bytes;
	}
	if (op->x_in == OP_K_FLOATS) {
		ci->x = xaligned_alloc((size_t)c->k * sizeof(float));
		inputs_fill(ci->x, (size_t)c->k, dist, seed, inputs_stream(c->m, c->k, 1));
		ci->in.x = ci->x;
		ci->in.x_count = (size_t)c->k;
	}
	return BNB_OK;
}

void verify_inputs_free(struct case_inputs *ci)
{
	free(ci->w);
	free(ci->x);
	free(ci->packed);
	memset(ci, 0, sizeof *ci);
}

static int first_float_diff(const float *want, const float *got, size_t n, struct bnb_err *e)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t a, b;
		memcpy(&a, &want[i], 4);
		memcpy(&b, &got[i], 4);
		if (a != b)
			return err_set(e, BNB_EVERIFY,
			               "output differs from the reference at element %zu: expected %.9g (0x%08" PRIx32
			               "), got %.9g (0x%08" PRIx32 ")", i, want[i], a, got[i], b);
	}
	return BNB_OK;
}

int verify_output(const struct plan_case *c, const struct case_inputs *ci, const void *got,
                  size_t bytes, uint64_t *boundary_elems, struct bnb_err *e)
{
	void *want;
	struct bnb_case rc_case;
	int rc;

	*boundary_elems = 0;
	if (!c->ref)
		return BNB_OK;
	want = xaligned_alloc(bytes);
	kernel_case_init(&rc_case, c->ref, c->m, c->k, NULL);
	rc = kernel_run_once(c->ref, &rc_case, &ci->in, want, bytes, e);
	if (rc) {
		free(want);
		return err_prefix(e, "reference kernel");
	}
	if (c->info && c->info->output == OP_PACKED) {
		struct bnb_quant_check qc = { sizeof qc, 0, 0, 0, 0.0 };
		host_clear_error();
		rc = c->ref->scheme->s.check_quantized(ci->w, c->m, c->k, want, got, &qc);
		*boundary_elems = qc.boundary_elems;
		if (rc)
			err_set(e, BNB_EVERIFY, "%s", host_last_error()[0] ? host_last_error() : "quantize output differs");
	} else {
		rc = first_float_diff(want, got, bytes / sizeof(float), e);
	}
	free(want);
	return rc;
}
