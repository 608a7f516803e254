/*
 * The tl1 codec (bnbench-formats(7), TL1): rows of ternary values to bytes
 * and back.  plugins/reference/plugin.c makes the tl1 plugin from it.
 */
#define REF_SCHEME "tl1"

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

static const struct bnb_row_codec ref_codec = {
	.scheme = REF_SCHEME, .row_bytes = bnb_tl1_row_bytes, .pack_row = tl1_pack_row,
	.unpack_row = tl1_unpack_row
};

#define REF_BUFFER_BYTES bnb_tl1_bytes
#define REF_BITS_PER_WEIGHT (2.0)
#define REF_SCHEME_SUMMARY "bitnet.cpp TL1 index encoding, row-major: a 4-bit index per weight pair"
#define REF_PLUGIN_SUMMARY "tl1 scheme (bitnet.cpp TL1 encoding) and its scalar reference kernels"
#define REF_DEQUANTIZE_SUMMARY "reference tl1 dequantize: decode each pair index, times alpha"
