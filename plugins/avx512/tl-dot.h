/*
 * The TL1 and TL2 gemv of the avx512 plugin on CPUs with AVX512-VNNI and
 * VBMI (tl_dot(), chosen at setup): instead of per-call tables of partial
 * sums, vpermb decodes the packed indices of a tile into the codes c = t + 1
 * of its weights, and vpdpbusd multiplies them by the int8 activations, as
 * the i2s kernel does; sum t*q = sum c*q - sum q, exact in int32.
 *
 * Tiles of 16 rows, one int32 lane of a 64-byte group per row: a group is
 * dword i = 4 consecutive bytes of row i (a pure transposition, as the other
 * tiles: same bits, rows past M zero).  A TL1 group is 4 pair bytes, 16
 * weights a row; a TL2 block of 96 weights is 4 groups of index bytes (8
 * triples a row each) and one group of its 4 sign bytes (sign byte m for
 * index group m).  The two_k remainder of TL2 is TL1 groups.
 *
 * The activations a group's dword meets at one position of its bytes (one
 * digit of each of its 4 pairs or triples) are 4 bytes of q with a stride;
 * gemv_prepare stores them contiguously (qt, in the state's qb) so that one
 * broadcast serves all rows.
 *
 * Range: one vpdpbusd adds at most 4 * 2 * 128 = 1024 to a lane, and a row
 * at most 2 * 128 * K to its sum, far from 2^31 for any K the formats allow.
 */
#ifndef BNB_AVX512_TL_DOT_H
#define BNB_AVX512_TL_DOT_H

#define TL_DOT __attribute__((target("avx512vbmi")))
#define TL_DOT_ROWS 16
/* Tiles per pass: their accumulators, the tables and the broadcasts stay in registers. */
#define TL1_DOT_PASS 4
#define TL2_DOT_PASS 2

static inline int tl_dot(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512vnni") &&
	       !bnb_cpu_disabled("avx512vbmi") && !bnb_cpu_disabled("avx512vnni");
}

/* acc + vpdpbusd(u, s); the asm keeps GCC from copying the accumulator around it (i2s.c). */
static inline __attribute__((always_inline)) __m512i tl_dpbusd(__m512i acc, __m512i u, __m512i s)
{
#if defined(__GNUC__) && !defined(__clang__)
	__asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(u), "v"(s));
	return acc;
#else
	return _mm512_dpbusd_epi32(acc, u, s);
#endif
}

static inline __m512i tl_act4(const int8_t *q)
{
	int32_t v;
	memcpy(&v, q, sizeof v);
	return _mm512_set1_epi32(v);
}

/* Copies `bytes` (a multiple of 4) of each of the tile's rows into groups of dwords. */
static inline void tl_dot_transpose(const uint8_t *src, size_t row_bytes, uint64_t rows,
                                    uint64_t bytes, uint8_t *dst)
{
	for (uint64_t j = 0; j < bytes / 4; j++)
		for (uint64_t i = 0; i < rows; i++)
			memcpy(dst + (j * TL_DOT_ROWS + i) * 4, src + i * row_bytes + 4 * j, 4);
}

/*
 * Setup of the dot gemv: the tiles of 16 rows, tile after tile, each the
 * transposition of its rows' bytes in the order the kernel reads them.  The
 * 64-row tile count of tl_gemv_setup leaves room for them and their sums.
 */
static inline int tl_dot_setup(const char *name, int tl2, const struct bnb_case *c,
                               const struct bnb_inputs *in, void **state)
{
	uint64_t k = c->k, three_k = tl2 ? bnb_tl2_three_k(k) : 0;
	size_t row_bytes = tl2 ? bnb_tl2_row_bytes(k) : k / 4;
	size_t tile_bytes = row_bytes * TL_DOT_ROWS;
	struct tl_gemv *g;
	int st = tl_gemv_setup(name, c, in, tl2 ? bnb_tl2_bytes(c->m, k) : bnb_tl1_bytes(c->m, k),
	                       row_bytes * TL_TILE_ROWS, 64, &g);

	if (st != BNB_OK)
		return st;
	for (uint64_t r0 = 0; r0 < c->m; r0 += TL_DOT_ROWS) {
		uint64_t rows = c->m - r0 < TL_DOT_ROWS ? c->m - r0 : TL_DOT_ROWS;
		const uint8_t *src = in->packed + r0 * row_bytes;
		uint8_t *dst = g->tiles + r0 / TL_DOT_ROWS * tile_bytes;
		for (uint64_t b = 0; b < three_k / TL2_BLOCK; b++, dst += TL2_BLOCK_TILE_BYTES / TL_TILE_ROWS * TL_DOT_ROWS) {
			tl_dot_transpose(src + 16 * b, row_bytes, rows, 16, dst);
			tl_dot_transpose(src + bnb_tl2_sign_offset(k) + 4 * b, row_bytes, rows, 4,
			                 dst + 16 * TL_DOT_ROWS);
		}
		tl_dot_transpose(src + (tl2 ? bnb_tl2_pair_offset(k) : 0), row_bytes, rows,
		                 (k - three_k) / 4, dst);
	}
	g->dot = 1;
	*state = g;
	return BNB_OK;
}

/* The reorder of tl_dot_prepare: within every 24 bytes up to three_k, then every 16. */
static TL_DOT void tl_dot_reorder(const int8_t *q, uint64_t k, uint64_t three_k, int8_t *qt)
{
	int8_t p2[32] = { 0 }, p1[64];
	for (int p = 0; p < 6; p++)
		for (int b = 0; b < 4; b++)
			p2[4 * p + b] = (int8_t)(6 * b + p);
	for (int i = 0; i < 64; i++)
		p1[i] = (int8_t)(i / 16 * 16 + 4 * (i % 4) + i % 16 / 4);
	const __m256i perm2 = _mm256_loadu_si256((const __m256i *)(const void *)p2);
	const __m512i perm1 = _mm512_loadu_si512(p1);
	const __mmask32 m24 = 0xffffff;
	uint64_t j = 0;

	for (; j < three_k; j += 24)
		_mm256_mask_storeu_epi8(qt + j, m24,
		                        _mm256_permutexvar_epi8(perm2, _mm256_maskz_loadu_epi8(m24, q + j)));
	for (; j + 64 <= k; j += 64)
		_mm512_storeu_si512(qt + j, _mm512_shuffle_epi8(_mm512_loadu_si512(q + j), perm1));
	for (; j < k; j += 16)
		_mm_storeu_si128((__m128i *)(void *)(qt + j),
		                 _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(q + j)),
		                                  _mm512_castsi512_si128(perm1)));
}

/* sum of q (k % 64 == 0): psadbw adds bytes as unsigned, so bias them by 128 first. */
static inline int32_t tl_dot_qsum(const int8_t *q, uint64_t k)
{
	const __m512i bias = _mm512_set1_epi8((char)0x80);
	__m512i acc = _mm512_setzero_si512();
	for (uint64_t i = 0; i < k; i += 64)
		acc = _mm512_add_epi64(acc, _mm512_sad_epu8(_mm512_xor_si512(_mm512_loadu_si512(q + i),
		                                                             bias),
		                                            _mm512_setzero_si512()));
	return (int32_t)(_mm512_reduce_add_epi64(acc) - 128 * (int64_t)k);
}

/*
 * Step 1 of the dot gemv: q, s_a, sum q, and qt (in qb): for each TL2 group
 * of 24 activations (three_k of them), position 3h + d (nibble h, digit d)
 * of its 4 bytes, then for each TL1 group of 16, position f of its 4 bytes.
 */
static inline void tl_dot_prepare(struct tl_gemv *g, uint64_t three_k)
{
	struct bnb_kernel_state *s = &g->base;

	g->s_a = avx512_act_quantize(s->x, s->k, s->q);
	g->qsum = tl_dot_qsum(s->q, s->k);
	tl_dot_reorder(s->q, s->k, three_k, (int8_t *)g->qb);
}

/* Tile sums (lane i row i, sum c*q) less sum q, into the state's sums of the tile's rows. */
static inline void tl_dot_store(struct tl_gemv *g, uint64_t t, __m512i sums)
{
	_mm512_storeu_si512(g->isum + t * TL_DOT_ROWS,
	                    _mm512_sub_epi32(sums, _mm512_set1_epi32(g->qsum)));
}

/*
 * The digit tables of vpermb, which reads 6 bits of an index: the code of
 * the first (second = 0) or second weight of the pair index in bits 3:0
 * (TL1 index 3 c0 + c1), whatever bits 5:4 hold.  Four vpermb a group do
 * better on Zen 4 than two of codes packed as bit fields and four masks, or
 * vpshufb on masked nibbles.
 */
static inline __m512i tl1_dot_table(int second)
{
	int8_t t[64];
	for (int i = 0; i < 64; i++) {
		int idx = i & 15;
		t[i] = (int8_t)(idx > 8 ? 0 : second ? idx % 3 : idx / 3);
	}
	return _mm512_loadu_si512(t);
}

/*
 * `n` (1..TL1_DOT_PASS) tiles' sums c*q over `ngroups` TL1 groups at w
 * (tiles `tile_bytes` apart), activations qt; lane i row i.
 */
static inline TL_DOT __attribute__((always_inline)) void
tl1_dot_tiles(const uint8_t *w, size_t tile_bytes, const int8_t *qt, uint64_t ngroups, int n,
              __m512i *sums)
{
	const __m512i d0 = tl1_dot_table(0), d1 = tl1_dot_table(1);
	__m512i a[TL1_DOT_PASS], b[TL1_DOT_PASS];

	for (int p = 0; p < n; p++)
		a[p] = b[p] = _mm512_setzero_si512();
	for (uint64_t j = 0; j < ngroups; j++, w += 64, qt += 16) {
		__m512i q0 = tl_act4(qt), q1 = tl_act4(qt + 4);
		__m512i q2 = tl_act4(qt + 8), q3 = tl_act4(qt + 12);
#pragma GCC unroll 8
		for (int p = 0; p < n; p++) {
			__m512i v = tl_load_reg(w + p * tile_bytes), h = _mm512_srli_epi16(v, 4);
			a[p] = tl_dpbusd(a[p], _mm512_permutexvar_epi8(h, d0), q0);
			b[p] = tl_dpbusd(b[p], _mm512_permutexvar_epi8(h, d1), q1);
			a[p] = tl_dpbusd(a[p], _mm512_permutexvar_epi8(v, d0), q2);
			b[p] = tl_dpbusd(b[p], _mm512_permutexvar_epi8(v, d1), q3);
		}
	}
	for (int p = 0; p < n; p++)
		sums[p] = _mm512_add_epi32(sums[p], _mm512_add_epi32(a[p], b[p]));
}

static TL_DOT void tl1_dot_pass(const uint8_t *w, size_t tile_bytes, const int8_t *qt,
                                uint64_t ngroups, __m512i *sums)
{
	tl1_dot_tiles(w, tile_bytes, qt, ngroups, TL1_DOT_PASS, sums);
}

static TL_DOT void tl1_dot_one(const uint8_t *w, const int8_t *qt, uint64_t ngroups,
                               __m512i *sums)
{
	tl1_dot_tiles(w, 0, qt, ngroups, 1, sums);
}

/* Sums of the 16-row tiles t0..t1-1 of a TL1 dot gemv. */
static inline void tl1_dot_rows(struct tl_gemv *g, uint64_t t0, uint64_t t1)
{
	uint64_t k = g->base.k;
	size_t tile_bytes = k / 4 * TL_DOT_ROWS;
	const int8_t *qt = (const int8_t *)g->qb;
	uint64_t t = t0;

	for (; t + TL1_DOT_PASS <= t1; t += TL1_DOT_PASS) {
		__m512i sums[TL1_DOT_PASS];
		for (int p = 0; p < TL1_DOT_PASS; p++)
			sums[p] = _mm512_setzero_si512();
		tl1_dot_pass(g->tiles + t * tile_bytes, tile_bytes, qt, k / 16, sums);
		for (int p = 0; p < TL1_DOT_PASS; p++)
			tl_dot_store(g, t + (uint64_t)p, sums[p]);
	}
	for (; t < t1; t++) {
		__m512i sums = _mm512_setzero_si512();
		tl1_dot_one(g->tiles + t * tile_bytes, qt, k / 16, &sums);
		tl_dot_store(g, t, sums);
	}
}

/*
 * The digit tables of a TL2 index nibble: code of digit d of v = +-|v| (|v|
 * in bits 3:0, its sign in bit 5, `hi`, or bit 4), whatever the other bit of
 * 5:4 holds.
 */
static inline __m512i tl2_dot_table(int d, int hi)
{
	int8_t t[64];
	for (int i = 0; i < 64; i++) {
		int mag = i & 15, neg = hi ? i >> 5 & 1 : i >> 4 & 1;
		int u = (neg ? -mag : mag) + 13;
		t[i] = (int8_t)(mag > 13 ? 0 : d == 0 ? u / 9 : d == 1 ? u / 3 % 3 : u % 3);
	}
	return _mm512_loadu_si512(t);
}

/*
 * vpmultishiftqb controls for index group m of a block: byte b of a row's
 * dword gets the signs of its triples 8m + 2b (bit 7 - 2b of sign byte m)
 * and 8m + 2b + 1 (the next bit down) in bits 5 and 4.
 */
static inline __m512i tl2_sign_control(int m)
{
	int8_t t[64];
	for (int i = 0; i < 64; i++)
		t[i] = (int8_t)((32 * (i / 4 % 2) + 8 * m + 2 - 2 * (i % 4)) & 63);
	return _mm512_loadu_si512(t);
}

/*
 * `n` (1..TL2_DOT_PASS) tiles' sums c*q over the `nblk` blocks at w and then
 * `ngroups` TL1 groups (tiles `tile_bytes` apart), activations qt.
 */
static inline TL_DOT __attribute__((always_inline)) void
tl2_dot_tiles(const uint8_t *w, size_t tile_bytes, const int8_t *qt, uint64_t nblk,
              uint64_t ngroups, int n, __m512i *sums)
{
	const __m512i h0 = tl2_dot_table(0, 1), h1 = tl2_dot_table(1, 1), h2 = tl2_dot_table(2, 1);
	const __m512i l0 = tl2_dot_table(0, 0), l1 = tl2_dot_table(1, 0), l2 = tl2_dot_table(2, 0);
	const __m512i low4 = _mm512_set1_epi8(15);
	__m512i ctrl[4] = { tl2_sign_control(0), tl2_sign_control(1), tl2_sign_control(2),
	                    tl2_sign_control(3) };
	__m512i a[TL2_DOT_PASS], b[TL2_DOT_PASS];

	for (int p = 0; p < n; p++)
		a[p] = b[p] = _mm512_setzero_si512();
	for (uint64_t blk = 0; blk < nblk; blk++, w += 5 * 64) {
		__m512i sg[TL2_DOT_PASS];
		for (int p = 0; p < n; p++)
			sg[p] = _mm512_loadu_si512(w + p * tile_bytes + 4 * 64);
#pragma GCC unroll 4
		for (int m = 0; m < 4; m++, qt += 24) {
			__m512i q0 = tl_act4(qt), q1 = tl_act4(qt + 4), q2 = tl_act4(qt + 8);
			__m512i q3 = tl_act4(qt + 12), q4 = tl_act4(qt + 16), q5 = tl_act4(qt + 20);
#pragma GCC unroll 4
			for (int p = 0; p < n; p++) {
				__m512i v = tl_load_reg(w + p * tile_bytes + 64 * m);
				__m512i s = _mm512_multishift_epi64_epi8(ctrl[m], sg[p]);
				/* bits 3:0 from the index, 7:4 from s (0xe4: C ? A : B) */
				__m512i ih = _mm512_ternarylogic_epi32(_mm512_srli_epi16(v, 4), s, low4, 0xe4);
				__m512i il = _mm512_ternarylogic_epi32(v, s, low4, 0xe4);
				a[p] = tl_dpbusd(a[p], _mm512_permutexvar_epi8(ih, h0), q0);
				b[p] = tl_dpbusd(b[p], _mm512_permutexvar_epi8(ih, h1), q1);
				a[p] = tl_dpbusd(a[p], _mm512_permutexvar_epi8(ih, h2), q2);
				b[p] = tl_dpbusd(b[p], _mm512_permutexvar_epi8(il, l0), q3);
				a[p] = tl_dpbusd(a[p], _mm512_permutexvar_epi8(il, l1), q4);
				b[p] = tl_dpbusd(b[p], _mm512_permutexvar_epi8(il, l2), q5);
			}
		}
	}
	for (int p = 0; p < n; p++)
		sums[p] = _mm512_add_epi32(sums[p], _mm512_add_epi32(a[p], b[p]));
	if (ngroups)
		tl1_dot_tiles(w, tile_bytes, qt, ngroups, n, sums);
}

static TL_DOT void tl2_dot_pass(const uint8_t *w, size_t tile_bytes, const int8_t *qt,
                                uint64_t nblk, uint64_t ngroups, __m512i *sums)
{
	tl2_dot_tiles(w, tile_bytes, qt, nblk, ngroups, TL2_DOT_PASS, sums);
}

static TL_DOT void tl2_dot_one(const uint8_t *w, const int8_t *qt, uint64_t nblk,
                               uint64_t ngroups, __m512i *sums)
{
	tl2_dot_tiles(w, 0, qt, nblk, ngroups, 1, sums);
}

/* Sums of the 16-row tiles t0..t1-1 of a TL2 dot gemv. */
static inline void tl2_dot_rows(struct tl_gemv *g, uint64_t t0, uint64_t t1)
{
	uint64_t k = g->base.k, three_k = bnb_tl2_three_k(k);
	uint64_t nblk = three_k / TL2_BLOCK, ngroups = (k - three_k) / 16;
	size_t tile_bytes = bnb_tl2_row_bytes(k) * TL_DOT_ROWS;
	const int8_t *qt = (const int8_t *)g->qb;
	uint64_t t = t0;

	for (; t + TL2_DOT_PASS <= t1; t += TL2_DOT_PASS) {
		__m512i sums[TL2_DOT_PASS];
		for (int p = 0; p < TL2_DOT_PASS; p++)
			sums[p] = _mm512_setzero_si512();
		tl2_dot_pass(g->tiles + t * tile_bytes, tile_bytes, qt, nblk, ngroups, sums);
		for (int p = 0; p < TL2_DOT_PASS; p++)
			tl_dot_store(g, t + (uint64_t)p, sums[p]);
	}
	for (; t < t1; t++) {
		__m512i sums = _mm512_setzero_si512();
		tl2_dot_one(g->tiles + t * tile_bytes, qt, nblk, ngroups, &sums);
		tl_dot_store(g, t, sums);
	}
}

#endif
