/* The tl2 scheme (FORMATS.md section 4) and its scalar reference kernels. */
#include <bnbench/plugin.h>

#include "reference.h"

/*
 * Row: [three_k/6 bytes of |v|, two per byte, first triple high]
 *      [three_k/24 bytes of signs, triple j at bit 7 - j%8 of byte j/8]
 *      [two_k/4 bytes of TL1 pair indices].
 */
static void tl2_pack_row(const int8_t *t, uint64_t k, uint8_t *row)
{
	uint64_t three_k = bnb_tl2_three_k(k);
	uint8_t *signs = row + bnb_tl2_sign_offset(k), *pairs = row + bnb_tl2_pair_offset(k);

	memset(row, 0, bnb_tl2_pair_offset(k));
	for (uint64_t j = 0; j < three_k / 3; j++) {
		int v = bnb_tl2_value(t[3 * j], t[3 * j + 1], t[3 * j + 2]);
		int idx = v < 0 ? -v : v;
		row[j / 2] |= (uint8_t)(j % 2 ? idx : idx << 4);
		if (v < 0)
			signs[j / 8] |= (uint8_t)(0x80 >> (j % 8));
	}
	for (uint64_t b = 0; b < (k - three_k) / 4; b++) {
		const int8_t *q = t + three_k + 4 * b;
		pairs[b] = (uint8_t)(bnb_tl1_index(q[0], q[1]) << 4 | bnb_tl1_index(q[2], q[3]));
	}
}

static void tl2_unpack_row(const uint8_t *row, uint64_t k, int8_t *t)
{
	uint64_t three_k = bnb_tl2_three_k(k);
	const uint8_t *signs = row + bnb_tl2_sign_offset(k), *pairs = row + bnb_tl2_pair_offset(k);

	for (uint64_t j = 0; j < three_k / 3; j++) {
		int idx = j % 2 ? row[j / 2] & 15 : row[j / 2] >> 4;
		int negative = signs[j / 8] >> (7 - j % 8) & 1;
		bnb_tl2_decode(negative ? -idx : idx, t + 3 * j);
	}
	for (uint64_t b = 0; b < (k - three_k) / 4; b++) {
		bnb_tl1_decode(pairs[b] >> 4, t + three_k + 4 * b);
		bnb_tl1_decode(pairs[b] & 15, t + three_k + 4 * b + 2);
	}
}

static const struct bnb_row_codec codec = {
	.scheme = "tl2",
	.row_bytes = bnb_tl2_row_bytes,
	.pack_row = tl2_pack_row,
	.unpack_row = tl2_unpack_row,
};

static int check_quantized(const float *w, uint64_t m, uint64_t k, const void *ref,
                           const void *got, struct bnb_quant_check *res)
{
	return bnb_ref_check_quantized(&codec, w, m, k, ref, got, res);
}

static const struct bnb_scheme scheme = {
	.struct_size = sizeof(struct bnb_scheme),
	.k_multiple = BNB_K_MULTIPLE,
	.name = "tl2",
	.summary = "bitnet.cpp TL2 index + sign encoding, row-major: 5 bits per weight triple",
	/*
	 * 5 bits per 3 weights on the three_k part; the two_k remainder (at most 64
	 * weights a row, 2 bits each) is left out of this figure.
	 */
	.bits_per_weight = 5.0 / 3.0,
	.buffer_bytes = bnb_tl2_bytes,
	.check_quantized = check_quantized,
};

static int quantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_ref_setup(&codec, "tl2 quantize", BNB_OP_QUANTIZE, c, in, state);
}

static int dequantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_ref_setup(&codec, "tl2 dequantize", BNB_OP_DEQUANTIZE, c, in, state);
}

static int gemv_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_ref_setup(&codec, "tl2 gemv", BNB_OP_GEMV, c, in, state);
}

static const struct bnb_kernel quantize = BNB_REF_KERNEL("tl2", "quantize", quantize_setup,
	"reference tl2 quantize: alpha pass, then packing pass");
static const struct bnb_kernel dequantize = BNB_REF_KERNEL("tl2", "dequantize", dequantize_setup,
	"reference tl2 dequantize: decode each triple and pair, times alpha");
static const struct bnb_kernel gemv = BNB_REF_KERNEL("tl2", "gemv", gemv_setup,
	"reference tl2 gemv: I8_S activations, int32 dot products");

static const struct bnb_scheme *const schemes[] = { &scheme, NULL };
static const struct bnb_kernel *const kernels[] = { &quantize, &dequantize, &gemv, NULL };

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = "tl2",
	.version = "1.0",
	.summary = "tl2 scheme (bitnet.cpp TL2 encoding) and its scalar reference kernels",
	.schemes = schemes,
	.kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
