/*
 * I2S kernels with AVX-512 F/BW/VL, and VNNI for gemv (bnbench-formats(7):
 * TERNARIZATION, I2S, OPERATIONS).
 *
 * Block layout: byte p of a 32-byte block holds the codes of elements p, p+32,
 * p+64 and p+96 (bits 7:6 .. 1:0).  A 64-byte load covers two blocks.
 */
#include <immintrin.h>

#include "act.h"
#include "kernels.h"

#define I2S_TILE_ROWS 16
#include "i2s-tiles.h"

#define ROUND_NEAREST (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)

/* ---- quantize ---------------------------------------------------------- */

/* t = clamp(rint(w / alpha), -1, 1) as a float: true division, ties to even. */
static inline __m512 ternary16(const float *w, __m512 alpha)
{
	__m512 r = _mm512_roundscale_ps(_mm512_div_ps(_mm512_loadu_ps(w), alpha), ROUND_NEAREST);
	return _mm512_min_ps(_mm512_max_ps(r, _mm512_set1_ps(-1.0f)), _mm512_set1_ps(1.0f));
}

/*
 * Bytes p..p+15 of a block starting at w: sum of (t_f + 1) << (6 - 2f) over
 * the four fields, i.e. 64 t0 + 16 t1 + 4 t2 + t3 + 85, exact in float.
 */
static inline __m128i pack16(const float *w, __m512 alpha)
{
	__m512 b = _mm512_add_ps(ternary16(w + 96, alpha), _mm512_set1_ps(85.0f));
	b = _mm512_fmadd_ps(ternary16(w + 64, alpha), _mm512_set1_ps(4.0f), b);
	b = _mm512_fmadd_ps(ternary16(w + 32, alpha), _mm512_set1_ps(16.0f), b);
	b = _mm512_fmadd_ps(ternary16(w, alpha), _mm512_set1_ps(64.0f), b);
	return _mm512_cvtepi32_epi8(_mm512_cvtps_epi32(b));
}

static void quantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k;
	float alpha = avx512_alpha(s->x, n);
	__m512 va = _mm512_set1_ps(alpha);

	for (uint64_t blk = 0; blk < n / 128; blk++) {
		const float *w = s->x + blk * 128;
		uint8_t *dst = s->out + blk * 32;
		_mm_storeu_si128((__m128i *)(void *)dst, pack16(w, va));
		_mm_storeu_si128((__m128i *)(void *)(dst + 16), pack16(w + 16, va));
	}
	bnb_write_tail(s->out + n / 4, alpha);
}

/* ---- dequantize -------------------------------------------------------- */

static void dequantize(struct bnb_kernel_state *s)
{
	uint64_t n = s->m * s->k;
	float alpha = bnb_read_tail(s->packed + n / 4);
	/* vpermilps picks by the low 2 bits of a lane: code c -> (c - 1) * alpha, as decoded. */
	__m512 lut = _mm512_broadcast_f32x4(
		_mm_setr_ps(-1.0f * alpha, 0.0f * alpha, 1.0f * alpha, 2.0f * alpha));
	float *y = (float *)(void *)s->out;

	for (uint64_t blk = 0; blk < n / 128; blk++) {
		const uint8_t *src = s->packed + blk * 32;
		float *dst = y + blk * 128;
		for (int p = 0; p < 32; p += 16) {
			__m512i b = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(const void *)(src + p)));
			_mm512_storeu_ps(dst + p, _mm512_permutevar_ps(lut, _mm512_srli_epi32(b, 6)));
			_mm512_storeu_ps(dst + p + 32, _mm512_permutevar_ps(lut, _mm512_srli_epi32(b, 4)));
			_mm512_storeu_ps(dst + p + 64, _mm512_permutevar_ps(lut, _mm512_srli_epi32(b, 2)));
			_mm512_storeu_ps(dst + p + 96, _mm512_permutevar_ps(lut, b));
		}
	}
}

/* ---- gemv -------------------------------------------------------------- */

/*
 * The kernel works on the codes c = t + 1 in {0, 1, 2}: vpdpbusd multiplies
 * unsigned bytes by signed activations and adds groups of four into int32,
 * and sum t*q = sum c*q - sum q.
 *
 * Tiles (i2s-tiles.h) of 16 rows: one int32 lane of a 64-byte group per row.
 *
 * No shifts: masking a group with 0xC0, 0x30, 0x0C and 0x03 leaves 64c, 16c,
 * 4c and c for the four fields (byte p of a 32-byte block holds elements p,
 * p+32, p+64 and p+96, bits 7:6 .. 1:0), each fed to vpdpbusd against that
 * field's activations and kept in its own accumulator, scaled back (an exact
 * shift) at the end of a chunk.  Range: one vpdpbusd adds at most
 * 4 * 64 * 2 * 128 = 2^16 to a lane of the 64c accumulator, so CHUNK_GROUPS =
 * 2^14 groups (256 Ki weights a row) stay below 2^30.
 */
#define CHUNK_GROUPS (UINT64_C(1) << 14)
/* Tiles per pass: 4 tiles of 4 accumulators, the 4 broadcasts and the 4 masks fill 28 registers. */
#define PASS_TILES 4

/*
 * acc + vpdpbusd(u, s): unsigned bytes of u times signed bytes of s, summed in
 * groups of four into the int32 lanes.  GCC 12 compiles _mm512_dpbusd_epi32
 * in this loop with a register copy of the accumulator around every
 * instruction; the one-instruction asm keeps each accumulator in place (AT&T
 * order: s, u, acc).
 */
static inline __m512i dpbusd(__m512i acc, __m512i u, __m512i s)
{
#if defined(__GNUC__) && !defined(__clang__)
	__asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(u), "v"(s));
	return acc;
#else
	return _mm512_dpbusd_epi32(acc, u, s);
#endif
}

/*
 * A 64-byte load kept in a register.  Left alone, GCC folds a load into every
 * instruction that uses it (the weights into each of their four vpandd), and
 * a Zen 4 core loads one 64-byte vector a cycle, half the rate of vpdpbusd and
 * vpandd together.
 */
static inline __m512i load_reg(const void *p)
{
	__m512i v = _mm512_loadu_si512(p);
#if defined(__GNUC__)
	__asm__("" : "+v"(v));
#endif
	return v;
}

/* 4 activation bytes broadcast to every dword. */
static inline __m512i act4(const int8_t *q)
{
	int32_t v;
	memcpy(&v, q, sizeof v);
	return _mm512_set1_epi32(v);
}

/* The four per-field accumulators of one tile. */
struct tile_acc {
	__m512i a64, a16, a4, a1;
};

/* One group (64 bytes, v) of a tile against its fields' activations (passed by value: GCC keeps them in registers). */
static inline struct tile_acc dot_group(struct tile_acc r, __m512i v, __m512i a64, __m512i a16,
                                        __m512i a4, __m512i a1)
{
	r.a64 = dpbusd(r.a64, _mm512_and_si512(v, _mm512_set1_epi8((char)0xc0)), a64);
	r.a16 = dpbusd(r.a16, _mm512_and_si512(v, _mm512_set1_epi8(0x30)), a16);
	r.a4 = dpbusd(r.a4, _mm512_and_si512(v, _mm512_set1_epi8(0x0c)), a4);
	r.a1 = dpbusd(r.a1, _mm512_and_si512(v, _mm512_set1_epi8(0x03)), a1);
	return r;
}

static inline struct tile_acc acc_zero(void)
{
	struct tile_acc r = { _mm512_setzero_si512(), _mm512_setzero_si512(),
	                      _mm512_setzero_si512(), _mm512_setzero_si512() };
	return r;
}

/* The plain sums of one chunk: every lane of a64 is a multiple of 64, and so on. */
static inline __m512i acc_fold(struct tile_acc r)
{
	__m512i x = _mm512_add_epi32(_mm512_srai_epi32(r.a64, 6), _mm512_srai_epi32(r.a16, 4));
	return _mm512_add_epi32(x, _mm512_add_epi32(_mm512_srai_epi32(r.a4, 2), r.a1));
}

/*
 * The loop of dot_tiles4 and dot_tile1 over the groups g of chunks (BODY uses
 * the broadcasts a64, a16, a4 and a1 of its fields' activations; after each
 * chunk, FOLD).
 */
#define FOR_GROUPS(q, ngroups, BODY, FOLD)                                                \
	for (uint64_t g0 = 0; g0 < (ngroups); g0 += CHUNK_GROUPS) {                       \
		uint64_t end = g0 + CHUNK_GROUPS < (ngroups) ? g0 + CHUNK_GROUPS : (ngroups); \
		struct tile_acc r0 = acc_zero(), r1 = r0, r2 = r0, r3 = r0;                \
		(void)r1, (void)r2, (void)r3;                                              \
		for (uint64_t g = g0; g < end; g++) {                                      \
			__m512i a64 = act4(i2s_group_act(q, g, 0));                        \
			__m512i a16 = act4(i2s_group_act(q, g, 1));                        \
			__m512i a4 = act4(i2s_group_act(q, g, 2));                         \
			__m512i a1 = act4(i2s_group_act(q, g, 3));                         \
			BODY                                                               \
		}                                                                          \
		FOLD                                                                       \
	}

/* sum c*q of the 16 rows of each of 4 tiles (`tile_bytes` apart) into sums[0..3], lane i row i. */
static void dot_tiles4(const uint8_t *w, size_t tile_bytes, const int8_t *q, uint64_t ngroups,
                       __m512i sums[4])
{
	const uint8_t *w0 = w, *w1 = w0 + tile_bytes, *w2 = w1 + tile_bytes, *w3 = w2 + tile_bytes;
	__m512i s0 = _mm512_setzero_si512(), s1 = s0, s2 = s0, s3 = s0;

	FOR_GROUPS(q, ngroups,
		r0 = dot_group(r0, load_reg(w0 + g * 64), a64, a16, a4, a1);
		r1 = dot_group(r1, load_reg(w1 + g * 64), a64, a16, a4, a1);
		r2 = dot_group(r2, load_reg(w2 + g * 64), a64, a16, a4, a1);
		r3 = dot_group(r3, load_reg(w3 + g * 64), a64, a16, a4, a1);,
		s0 = _mm512_add_epi32(s0, acc_fold(r0));
		s1 = _mm512_add_epi32(s1, acc_fold(r1));
		s2 = _mm512_add_epi32(s2, acc_fold(r2));
		s3 = _mm512_add_epi32(s3, acc_fold(r3));)
	sums[0] = s0;
	sums[1] = s1;
	sums[2] = s2;
	sums[3] = s3;
}

/* sum c*q of the 16 rows of one tile, lane i row i. */
static __m512i dot_tile1(const uint8_t *w, const int8_t *q, uint64_t ngroups)
{
	__m512i s0 = _mm512_setzero_si512();

	FOR_GROUPS(q, ngroups,
		r0 = dot_group(r0, load_reg(w + g * 64), a64, a16, a4, a1);,
		s0 = _mm512_add_epi32(s0, acc_fold(r0));)
	return s0;
}

/* sum of q: psadbw adds bytes as unsigned, so bias them by 128 first. */
static int32_t sum_q(const int8_t *q, uint64_t k)
{
	const __m512i bias = _mm512_set1_epi8((char)0x80);
	__m512i acc = _mm512_setzero_si512();
	uint64_t i = 0;
	for (; i + 64 <= k; i += 64)
		acc = _mm512_add_epi64(acc, _mm512_sad_epu8(_mm512_xor_si512(_mm512_loadu_si512(q + i),
		                                                             bias),
		                                            _mm512_setzero_si512()));
	int64_t sum = _mm512_reduce_add_epi64(acc) - 128 * (int64_t)i;
	for (; i < k; i++)
		sum += q[i];
	return (int32_t)(uint32_t)sum;
}

/* Step 1 of gemv: q, s_a and sum q from x.  gemv_rows needs it first. */
static void gemv_prepare(struct i2s_gemv *g)
{
	struct bnb_kernel_state *s = &g->base;
	g->s_a = avx512_act_quantize(s->x, s->k, s->q);
	g->qsum = sum_q(s->q, s->k);
}

/*
 * Output rows of tile t, sums = its sum c*q, into y: those of rows r0..r1-1,
 * y_i = ((float)(cq_i - qsum) / s_a) * alpha as bnb_gemv_out.
 */
static inline void tile_out(const struct i2s_gemv *g, uint64_t t, __m512i sums, uint64_t r0,
                            uint64_t r1, float *y)
{
	unsigned lo, hi;
	i2s_tile_lanes(t, r0, r1, &lo, &hi);
	__mmask16 keep = (__mmask16)(((1u << hi) - 1u) & ~((1u << lo) - 1u));
	__m512i isum = _mm512_sub_epi32(sums, _mm512_set1_epi32(g->qsum));
	__m512 v = _mm512_div_ps(_mm512_cvtepi32_ps(isum), _mm512_set1_ps(g->s_a));
	_mm512_mask_storeu_ps(y + t * I2S_TILE_ROWS, keep, _mm512_mul_ps(v, _mm512_set1_ps(g->alpha)));
}

/*
 * Steps 2 and 3 of gemv for the output rows r0..r1-1 (r0 < r1 <= M), after
 * gemv_prepare: reads only their tiles and writes only their outputs, so
 * any disjoint ranges may run at the same time (GEMV_ROWS_ALIGN 1).
 */
#define GEMV_ROWS_ALIGN 1
static void gemv_rows(const struct i2s_gemv *g, uint64_t r0, uint64_t r1)
{
	uint64_t k = g->base.k, ngroups = k / 16, t = r0 / I2S_TILE_ROWS;
	uint64_t t1 = (r1 + I2S_TILE_ROWS - 1) / I2S_TILE_ROWS;
	size_t tile_bytes = i2s_tile_bytes(k);
	float *y = (float *)(void *)g->base.out;
	__m512i sums[PASS_TILES];

	for (; t + PASS_TILES <= t1; t += PASS_TILES) {
		dot_tiles4(g->tiles + t * tile_bytes, tile_bytes, g->base.q, ngroups, sums);
		for (int i = 0; i < PASS_TILES; i++)
			tile_out(g, t + (uint64_t)i, sums[i], r0, r1, y);
	}
	for (; t < t1; t++) {
		tile_out(g, t, dot_tile1(g->tiles + t * tile_bytes, g->base.q, ngroups), r0, r1, y);
	}
}

/* ---- kernel table ------------------------------------------------------ */

static int setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return simd_setup(c, in, state, bnb_i2s_bytes, i2s_gemv_setup);
}

SIMD_KERNELS(i2s, SIMD_GEMV_I2S_FEATURES, SIMD_I2S_TEXT);
