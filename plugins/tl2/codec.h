/*
 * The tl2 codec (bnbench-formats(7), TL2): rows of ternary values to bytes
 * and back.  plugins/reference/plugin.c makes the tl2 plugin from it.
 */
#define REF_SCHEME "tl2"

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

static const struct bnb_row_codec ref_codec = {
	.scheme = REF_SCHEME, .row_bytes = bnb_tl2_row_bytes, .pack_row = tl2_pack_row,
	.unpack_row = tl2_unpack_row
};

#define REF_BUFFER_BYTES bnb_tl2_bytes
/*
 * 5 bits per 3 weights on the three_k part; the two_k remainder (at most 64
 * weights a row, 2 bits each) is left out of this figure.
 */
#define REF_BITS_PER_WEIGHT (5.0 / 3.0)
#define REF_SCHEME_SUMMARY "bitnet.cpp TL2 index + sign encoding, row-major: 5 bits per weight triple"
#define REF_PLUGIN_SUMMARY "tl2 scheme (bitnet.cpp TL2 encoding) and its scalar reference kernels"
#define REF_DEQUANTIZE_SUMMARY "reference tl2 dequantize: decode each triple and pair, times alpha"
