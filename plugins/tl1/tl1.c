/* The tl1 scheme (FORMATS.md section 3) and its scalar reference kernels. */
#include <bnbench/plugin.h>

#include "reference.h"

/* Pair indices, two per byte, the first pair in the high nibble. */
static void tl1_pack_row(const int8_t *t, uint64_t k, uint8_t *row)
{
	for (uint64_t b = 0; b < k / 4; b++) {
		const int8_t *q = t + 4 * b;
		row[b] = (uint8_t)(bnb_tl1_index(q[0], q[1]) << 4 | bnb_tl1_index(q[2], q[3]));
	}
}

static void tl1_unpack_row(const uint8_t *row, uint64_t k, int8_t *t)
{
	for (uint64_t b = 0; b < k / 4; b++) {
		bnb_tl1_decode(row[b] >> 4, t + 4 * b);
		bnb_tl1_decode(row[b] & 15, t + 4 * b + 2);
	}
}

static const struct bnb_row_codec codec = {
	.scheme = "tl1",
	.row_bytes = bnb_tl1_row_bytes,
	.pack_row = tl1_pack_row,
	.unpack_row = tl1_unpack_row,
};

static int check_quantized(const float *w, uint64_t m, uint64_t k, const void *ref,
                           const void *got, struct bnb_quant_check *res)
{
	return bnb_ref_check_quantized(&codec, w, m, k, ref, got, res);
}

static const struct bnb_scheme scheme = {
	.struct_size = sizeof(struct bnb_scheme),
	.k_multiple = BNB_K_MULTIPLE,
	.name = "tl1",
	.summary = "bitnet.cpp TL1 index encoding, row-major: a 4-bit index per weight pair",
	.bits_per_weight = 2.0,
	.buffer_bytes = bnb_tl1_bytes,
	.check_quantized = check_quantized,
};

static int quantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_ref_setup(&codec, "tl1 quantize", BNB_OP_QUANTIZE, c, in, state);
}

static int dequantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_ref_setup(&codec, "tl1 dequantize", BNB_OP_DEQUANTIZE, c, in, state);
}

static int gemv_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_ref_setup(&codec, "tl1 gemv", BNB_OP_GEMV, c, in, state);
}

static const struct bnb_kernel quantize = BNB_REF_KERNEL("tl1", "quantize", quantize_setup,
	"reference tl1 quantize: alpha pass, then packing pass");
static const struct bnb_kernel dequantize = BNB_REF_KERNEL("tl1", "dequantize", dequantize_setup,
	"reference tl1 dequantize: decode each pair index, times alpha");
static const struct bnb_kernel gemv = BNB_REF_KERNEL("tl1", "gemv", gemv_setup,
	"reference tl1 gemv: I8_S activations, int32 dot products");

static const struct bnb_scheme *const schemes[] = { &scheme, NULL };
static const struct bnb_kernel *const kernels[] = { &quantize, &dequantize, &gemv, NULL };

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = "tl1",
	.version = "1.0",
	.summary = "tl1 scheme (bitnet.cpp TL1 encoding) and its scalar reference kernels",
	.schemes = schemes,
	.kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
