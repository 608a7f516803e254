/* The i2s scheme (FORMATS.md section 2) and its scalar reference kernels. */
#include <bnbench/plugin.h>

#include "reference.h"

/* Byte p of a 32-byte block: elements p, p+32, p+64, p+96 in bits 7:6 .. 1:0. */
static void i2s_pack_row(const int8_t *t, uint64_t k, uint8_t *row)
{
	for (uint64_t blk = 0; blk < k / 128; blk++) {
		const int8_t *c = t + blk * 128;
		for (int p = 0; p < 32; p++)
			row[blk * 32 + p] = (uint8_t)(bnb_i2s_code(c[p]) << 6 |
			                              bnb_i2s_code(c[p + 32]) << 4 |
			                              bnb_i2s_code(c[p + 64]) << 2 |
			                              bnb_i2s_code(c[p + 96]));
	}
}

static void i2s_unpack_row(const uint8_t *row, uint64_t k, int8_t *t)
{
	for (uint64_t blk = 0; blk < k / 128; blk++) {
		int8_t *c = t + blk * 128;
		for (int p = 0; p < 32; p++) {
			uint8_t byte = row[blk * 32 + p];
			c[p] = (int8_t)((byte >> 6 & 3) - 1);
			c[p + 32] = (int8_t)((byte >> 4 & 3) - 1);
			c[p + 64] = (int8_t)((byte >> 2 & 3) - 1);
			c[p + 96] = (int8_t)((byte & 3) - 1);
		}
	}
}

static const struct bnb_row_codec codec = {
	.scheme = "i2s",
	.row_bytes = bnb_i2s_row_bytes,
	.pack_row = i2s_pack_row,
	.unpack_row = i2s_unpack_row,
};

static int check_quantized(const float *w, uint64_t m, uint64_t k, const void *ref,
                           const void *got, struct bnb_quant_check *res)
{
	return bnb_ref_check_quantized(&codec, w, m, k, ref, got, res);
}

static const struct bnb_scheme scheme = {
	.struct_size = sizeof(struct bnb_scheme),
	.k_multiple = BNB_K_MULTIPLE,
	.name = "i2s",
	.summary = "bitnet.cpp I2_S: 2-bit codes t+1 in 128-element blocks, one alpha per tensor",
	.bits_per_weight = 2.0,
	.buffer_bytes = bnb_i2s_bytes,
	.check_quantized = check_quantized,
};

static int quantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_ref_setup(&codec, "i2s quantize", BNB_OP_QUANTIZE, c, in, state);
}

static int dequantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_ref_setup(&codec, "i2s dequantize", BNB_OP_DEQUANTIZE, c, in, state);
}

static int gemv_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_ref_setup(&codec, "i2s gemv", BNB_OP_GEMV, c, in, state);
}

static const struct bnb_kernel quantize = BNB_REF_KERNEL("i2s", "quantize", quantize_setup,
	"reference i2s quantize: alpha pass, then packing pass");
static const struct bnb_kernel dequantize = BNB_REF_KERNEL("i2s", "dequantize", dequantize_setup,
	"reference i2s dequantize: decode each code, times alpha");
static const struct bnb_kernel gemv = BNB_REF_KERNEL("i2s", "gemv", gemv_setup,
	"reference i2s gemv: I8_S activations, int32 dot products");

static const struct bnb_scheme *const schemes[] = { &scheme, NULL };
static const struct bnb_kernel *const kernels[] = { &quantize, &dequantize, &gemv, NULL };

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = "i2s",
	.version = "1.0",
	.summary = "i2s scheme (bitnet.cpp I2_S) and its scalar reference kernels",
	.schemes = schemes,
	.kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
