/*
 * The i2s codec (bnbench-formats(7), I2S): rows of ternary values to bytes
 * and back.  plugins/reference/plugin.c makes the i2s plugin from it.
 */
#define REF_SCHEME "i2s"

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

static const struct bnb_row_codec ref_codec = {
	.scheme = REF_SCHEME, .row_bytes = bnb_i2s_row_bytes, .pack_row = i2s_pack_row,
	.unpack_row = i2s_unpack_row
};

#define REF_BUFFER_BYTES bnb_i2s_bytes
#define REF_BITS_PER_WEIGHT (2.0)
#define REF_SCHEME_SUMMARY "bitnet.cpp I2_S: 2-bit codes t+1 in 128-element blocks, one alpha per tensor"
#define REF_PLUGIN_SUMMARY "i2s scheme (bitnet.cpp I2_S) and its scalar reference kernels"
#define REF_DEQUANTIZE_SUMMARY "reference i2s dequantize: decode each code, times alpha"
