/*
 * TL2 kernels with AVX-512 F/BW/VL (FORMATS.md sections 1, 4 and 5).  The
 * gemv works by table lookup: per call, one table of the 14 values d0 q0 +
 * d1 q1 + d2 q2 per activation triple (d the digits of |v|), vpshufb on the
 * 4-bit |v| indices of 64 rows at a time, and the sign of v applied to the
 * looked-up value under a mask.  Tables and tiles are described in tl-tiles.h,
 * the exact accumulation in tl-lut.h.
 */
#include "tl-lut.h"

/* ---- quantize ---------------------------------------------------------- */

/*
 * Index and sign bytes of 96 weights.  The 96 codes are 24 dwords, and each
 * 12 bytes (3 dwords) hold 4 triples: the dword permutes put 12-byte groups
 * g = 0..7 into 128-bit lanes, vpshufb spreads each triple (c0, c1, c2) over
 * a dword, and vpmaddubsw + vpmaddwd give s = 9 c0 + 3 c1 + c2 = v + 13.
 */
static inline void tl2_pack96(const float *w, __m512 alpha, uint8_t *idx, uint8_t *sign)
{
	const __m512i spread = _mm512_broadcast_i32x4(
		_mm_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1));
	const __m512i weights = _mm512_set1_epi32(0x00010309); /* bytes 9, 3, 1, 0 */
	const __m512i ones = _mm512_set1_epi16(1);
	/* Bytes of each 8 in reverse, so that movemask puts triple j at bit 7 - j % 8. */
	const __m256i reverse = _mm256_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
	                                         7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
	__m512i a = tl_codes(w, alpha, 64), b = tl_codes(w + 64, alpha, 32);
	__m512i g0 = _mm512_permutexvar_epi32(
		_mm512_setr_epi32(0, 1, 2, 0, 3, 4, 5, 0, 6, 7, 8, 0, 9, 10, 11, 0), a);
	__m512i g1 = _mm512_permutex2var_epi32(
		a, _mm512_setr_epi32(12, 13, 14, 0, 15, 16, 17, 0, 18, 19, 20, 0, 21, 22, 23, 0), b);
	__m512i s0 = _mm512_madd_epi16(_mm512_maddubs_epi16(_mm512_shuffle_epi8(g0, spread), weights),
	                               ones);
	__m512i s1 = _mm512_madd_epi16(_mm512_maddubs_epi16(_mm512_shuffle_epi8(g1, spread), weights),
	                               ones);
	__m256i v = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm512_cvtepi32_epi8(s0)),
	                                    _mm512_cvtepi32_epi8(s1), 1);
	v = _mm256_sub_epi8(v, _mm256_set1_epi8(13));

	/* Index bytes: |v| of triples 2b, 2b+1 as 16 |v_2b| + |v_2b+1|. */
	__m256i pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(v), _mm256_set1_epi16(0x0110));
	_mm_storeu_si128((__m128i *)(void *)idx, _mm256_cvtepi16_epi8(pairs));
	uint32_t bits = (uint32_t)_mm256_movemask_epi8(_mm256_shuffle_epi8(v, reverse));
	memcpy(sign, &bits, sizeof bits);
}

static void quantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k, k = s->k, three_k = bnb_tl2_three_k(k);
	size_t row_bytes = bnb_tl2_row_bytes(k);
	float alpha = avx512_alpha(s->x, n);
	__m512 va = _mm512_set1_ps(alpha);

	for (uint64_t i = 0; i < s->m; i++) {
		const float *w = s->x + i * k;
		uint8_t *row = s->out + i * row_bytes;
		uint8_t *sign = row + bnb_tl2_sign_offset(k), *pairs = row + bnb_tl2_pair_offset(k);
		for (uint64_t b = 0; b < three_k / TL2_BLOCK; b++)
			tl2_pack96(w + b * TL2_BLOCK, va, row + 16 * b, sign + 4 * b);
		/* two_k is 32 or 64: 8 or 16 pair bytes. */
		if (k > three_k) {
			__m128i p = tl1_pack64(tl_codes(w + three_k, va, (int)(k - three_k)));
			_mm_mask_storeu_epi8(pairs, (__mmask16)((1u << ((k - three_k) / 4)) - 1), p);
		}
	}
	bnb_write_tail(s->out + s->m * row_bytes, alpha);
}

/* ---- dequantize -------------------------------------------------------- */

/* A 16-byte vpshufb pattern in both lanes. */
static inline __m256i tl_pick(const int8_t *p)
{
	return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)p));
}

/*
 * 96 weights from 16 index bytes and 4 sign bytes.  Digit tables give the
 * balanced-ternary digits of |v|; negating them gives those of -v.  The three
 * digit vectors (triples 0-15 in lane 0, 16-31 in lane 1) are interleaved into
 * weight order by vpshufb, 16 weights per lane and step.
 */
static inline void tl2_decode96(const uint8_t *idx, const uint8_t *sign, float *y, __m512 table)
{
	/* Digits t0, t1, t2 of v = 0..13 (9 t0 + 3 t1 + t2 = v). */
	const __m256i d0 = _mm256_setr_epi8(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0,
	                                    0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0);
	const __m256i d1 = _mm256_setr_epi8(0, 0, 1, 1, 1, -1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0,
	                                    0, 0, 1, 1, 1, -1, -1, -1, 0, 0, 0, 1, 1, 1, 0, 0);
	const __m256i d2 = _mm256_setr_epi8(0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0,
	                                    0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, 0, 0);
	/* Sign byte j/8 to byte j, and the bit of triple j: 0x80 >> j % 8. */
	const __m256i spread = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
	                                        2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
	const __m256i bit = _mm256_set1_epi64x((long long)0x0102040810204080ull);
	/* Weight 16 o + i of a lane is digit (16 o + i) % 3 of triple (16 o + i) / 3. */
	static const int8_t pick[3][3][16] = {
		{ { 0, -1, -1, 1, -1, -1, 2, -1, -1, 3, -1, -1, 4, -1, -1, 5 },
		  { -1, 0, -1, -1, 1, -1, -1, 2, -1, -1, 3, -1, -1, 4, -1, -1 },
		  { -1, -1, 0, -1, -1, 1, -1, -1, 2, -1, -1, 3, -1, -1, 4, -1 } },
		{ { -1, -1, 6, -1, -1, 7, -1, -1, 8, -1, -1, 9, -1, -1, 10, -1 },
		  { 5, -1, -1, 6, -1, -1, 7, -1, -1, 8, -1, -1, 9, -1, -1, 10 },
		  { -1, 5, -1, -1, 6, -1, -1, 7, -1, -1, 8, -1, -1, 9, -1, -1 } },
		{ { -1, 11, -1, -1, 12, -1, -1, 13, -1, -1, 14, -1, -1, 15, -1, -1 },
		  { -1, -1, 11, -1, -1, 12, -1, -1, 13, -1, -1, 14, -1, -1, 15, -1 },
		  { 10, -1, -1, 11, -1, -1, 12, -1, -1, 13, -1, -1, 14, -1, -1, 15 } },
	};
	__m256i n = tl_nibbles32(idx);
	int32_t sbits;
	memcpy(&sbits, sign, sizeof sbits);
	/* Negative triples, as a mask. */
	__mmask32 neg = _mm256_test_epi8_mask(_mm256_shuffle_epi8(_mm256_set1_epi32(sbits), spread),
	                                      bit);
	const __m256i zero = _mm256_setzero_si256();
	__m256i t0 = _mm256_shuffle_epi8(d0, n), t1 = _mm256_shuffle_epi8(d1, n);
	__m256i t2 = _mm256_shuffle_epi8(d2, n);
	t0 = _mm256_mask_sub_epi8(t0, neg, zero, t0);
	t1 = _mm256_mask_sub_epi8(t1, neg, zero, t1);
	t2 = _mm256_mask_sub_epi8(t2, neg, zero, t2);

	for (int o = 0; o < 3; o++) {
		__m256i t = _mm256_or_si256(_mm256_or_si256(_mm256_shuffle_epi8(t0, tl_pick(pick[o][0])),
		                                            _mm256_shuffle_epi8(t1, tl_pick(pick[o][1]))),
		                            _mm256_shuffle_epi8(t2, tl_pick(pick[o][2])));
		tl_store_floats16(y + 16 * o, _mm256_castsi256_si128(t), table);
		tl_store_floats16(y + 48 + 16 * o, _mm256_extracti128_si256(t, 1), table);
	}
}

static void dequantize(struct bnb_kernel_state *s)
{
	uint64_t k = s->k, three_k = bnb_tl2_three_k(k);
	size_t row_bytes = bnb_tl2_row_bytes(k);
	__m512 table = tl_float_table(bnb_read_tail(s->packed + s->m * row_bytes));

	for (uint64_t i = 0; i < s->m; i++) {
		const uint8_t *row = s->packed + i * row_bytes;
		const uint8_t *sign = row + bnb_tl2_sign_offset(k), *pairs = row + bnb_tl2_pair_offset(k);
		float *y = (float *)(void *)s->out + i * k;
		for (uint64_t b = 0; b < three_k / TL2_BLOCK; b++)
			tl2_decode96(row + 16 * b, sign + 4 * b, y + b * TL2_BLOCK, table);
		/* two_k is 32 or 64: decode 64 weights' worth into a buffer when only 32 exist. */
		if (k - three_k == 64) {
			tl1_decode64(pairs, y + three_k, table);
		} else if (k > three_k) {
			uint8_t p[16] = { 0 };
			float tail[64];
			memcpy(p, pairs, 8);
			tl1_decode64(p, tail, table);
			memcpy(y + three_k, tail, 32 * sizeof(float));
		}
	}
}

/* ---- gemv -------------------------------------------------------------- */

/*
 * TL2 tables of `triples` triples: entry |v| = 0..13 is d0 q0 + d1 q1 + d2 q2
 * for the digits of |v|.  |e| <= 384, so h = e >> 5 lies in -12..12 (unbiased:
 * the sign is applied after the lookup).
 */
static void tl2_build_tables(const uint8_t *qb, uint64_t triples, uint8_t *lut)
{
	/* Per 16-bit lane v: the bytes (d0, d1), the bytes (d2, 0), and 128 (d0 + d1 + d2). */
	const __m256i d01 = _mm256_setr_epi8(0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, -1, 1, -1, 1, -1,
	                                     1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
	const __m256i d2 = _mm256_setr_epi8(0, 0, 1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 1, 0,
	                                    -1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 1, 0, 0, 0, 0, 0);
	const __m256i bias = _mm256_setr_epi16(0, 128, 0, 128, 256, -128, 0, 128, 0, 128, 256, 128,
	                                       256, 384, 0, 0);
	for (uint64_t j = 0; j < triples; j++) {
		__m256i e = _mm256_add_epi16(_mm256_maddubs_epi16(tl_pair(qb + 3 * j), d01),
		                             _mm256_maddubs_epi16(tl_pair(qb + 3 * j + 2), d2));
		tl_store_table(lut + TL_TABLE_BYTES * j, _mm256_sub_epi16(e, bias), 0);
	}
}

/*
 * One lookup of a TL2 tile column: `idx` holds 64 rows' |v| of one triple,
 * `t` is its table, and bit i of `neg` is row i's sign of v.  Both halves of
 * a negative lookup are negated: -(32 h + l) = 32 (-h) + (-l).  The sums never
 * saturate (see tl2_flush); saturating adds keep the compiler from regrouping
 * them (see tl1_column).
 */
static inline void tl2_lookup(__m512i idx, __mmask64 neg, const uint8_t *t, __m512i *l8,
                              __m512i *h8)
{
	const __m512i zero = _mm512_setzero_si512();
	__m512i l = _mm512_shuffle_epi8(tl_table_l(t), idx);
	__m512i h = _mm512_shuffle_epi8(tl_table_h(t), idx);
	*l8 = _mm512_adds_epi8(*l8, _mm512_mask_sub_epi8(l, neg, zero, l));
	*h8 = _mm512_adds_epi8(*h8, _mm512_mask_sub_epi8(h, neg, zero, h));
}

/*
 * TL2 accumulation (signed): a flush unit of 2 columns (4 lookups) sums l to
 * within +-124 and h to within +-48 in int8; vpmaddubsw of the pairs (1, 32)
 * with the interleaved (l, h) bytes gives l + 32 h within +-1660, and a block
 * (8 units) stays within +-13280 in int16.
 */
static inline void tl2_flush(__m512i l8, __m512i h8, __m512i *lo, __m512i *hi)
{
	const __m512i coef = _mm512_set1_epi16(0x2001); /* bytes 1, 32 */
	*lo = _mm512_add_epi16(*lo, _mm512_maddubs_epi16(coef, _mm512_unpacklo_epi8(l8, h8)));
	*hi = _mm512_add_epi16(*hi, _mm512_maddubs_epi16(coef, _mm512_unpackhi_epi8(l8, h8)));
}

static inline __mmask64 tl2_signs(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return (__mmask64)v;
}

/*
 * A flush unit: two columns of a TL2 tile (byte i of a column holds row i's
 * |v| of triple j, high nibble, and of j+1), their 4 tables at `t` and their
 * 4 sign masks at `sg`.
 */
static inline void tl2_unit(const uint8_t *w, const uint8_t *t, const uint8_t *sg, __m512i *lo,
                            __m512i *hi)
{
	__m512i l8 = _mm512_setzero_si512(), h8 = l8, hn, ln;

	for (int c = 0; c < 2; c++) {
		tl_nibbles(w + c * TL_TILE_ROWS, &hn, &ln);
		tl2_lookup(hn, tl2_signs(sg + 16 * c), t + 2 * c * TL_TABLE_BYTES, &l8, &h8);
		tl2_lookup(ln, tl2_signs(sg + 16 * c + 8), t + (2 * c + 1) * TL_TABLE_BYTES, &l8, &h8);
	}
	tl2_flush(l8, h8, lo, hi);
}

/* One block of one tile (16 index columns, 32 sign masks) into the tile's int32 sums. */
static inline void tl2_block(const uint8_t *w, const uint8_t *t, int32_t *isum)
{
	const uint8_t *sg = w + 16 * TL_TILE_ROWS;
	__m512i lo = _mm512_setzero_si512(), hi = lo;
	for (int c = 0; c < 16; c += 2)
		tl2_unit(w + c * TL_TILE_ROWS, t + 2 * c * TL_TABLE_BYTES, sg + 16 * c, &lo, &hi);
	tl_widen(isum, lo, hi, 1);
}

static void gemv(struct bnb_kernel_state *s)
{
	struct tl_gemv *g = (struct tl_gemv *)s;   /* s is its first member */
	uint64_t k = s->k, three_k = bnb_tl2_three_k(k);
	float alpha = bnb_read_tail(s->packed + s->m * bnb_tl2_row_bytes(k));
	float s_a = tl_activations(g);

	tl2_build_tables(g->qb, three_k / 3, g->lut);
	tl1_build_tables(g->qb + three_k, (k - three_k) / 2, tl2_pair_tables(g));
	tl2_gemv_tiles(g, tl2_block, tl1_columns);
	tl_outputs(g->isum, s->m, s_a, alpha, (float *)(void *)s->out);
}

/* ---- kernel table ------------------------------------------------------ */

static int quantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_kernel_setup("avx512 tl2 quantize", BNB_OP_QUANTIZE, c, in,
	                        bnb_tl2_bytes(c->m, c->k), state);
}

static int dequantize_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return bnb_kernel_setup("avx512 tl2 dequantize", BNB_OP_DEQUANTIZE, c, in,
	                        bnb_tl2_bytes(c->m, c->k), state);
}

static int gemv_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return tl2_gemv_setup("avx512 tl2 gemv", TL2_SIGN_MASKS, c, in, state);
}

static int run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	(void)elapsed_ns;
	return bnb_kernel_run(state, iterations, quantize, dequantize, gemv);
}

const struct bnb_kernel avx512_tl2_quantize = AVX512_KERNEL("tl2", "quantize", quantize_setup,
	run, "avx512 tl2 quantize: double |w| sum, vdivps, triple values by vpmaddubsw");
const struct bnb_kernel avx512_tl2_dequantize = AVX512_KERNEL("tl2", "dequantize", dequantize_setup,
	run, "avx512 tl2 dequantize: vpshufb digit tables, masked negation, vpermps");
const struct bnb_kernel avx512_tl2_gemv = AVX512_KERNEL("tl2", "gemv", gemv_setup, run,
	"avx512 tl2 gemv: per-triple tables, vpshufb lookups, masked signs, 64-row tiles, exact sums");
