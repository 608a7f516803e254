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
 * No shifts: masking a 64-byte load with 0xC0, 0x30, 0x0C and 0x03 leaves 64c,
 * 16c, 4c and c for the four fields, each fed to vpdpbusd against that field's
 * activations and kept in its own int32 accumulator, scaled back (an exact
 * shift) when the row or chunk ends.  Range: one vpdpbusd adds at most
 * 4 * 128 * 128 = 2^16 to a lane of the 64c accumulator, so CHUNK_PAIRS = 2^14
 * block pairs (4 Mi weights) stay below 2^30.
 */
#define CHUNK_PAIRS (UINT64_C(1) << 14)

static inline __m512i load64(const void *p)
{
	return _mm512_loadu_si512(p);
}

/*
 * Per call, q is regrouped so that one 64-byte load gives a field's
 * activations for a block pair: qp[j*256 + f*64 + h*32 + p] = q[(2j+h)*128 +
 * f*32 + p].  An odd last block's partner is zeros.
 */
static void regroup_act(const int8_t *q, uint64_t nblk, int8_t *qp)
{
	for (uint64_t b = 0; b < nblk; b++)
		for (int f = 0; f < 4; f++)
			memcpy(qp + (b / 2) * 256 + f * 64 + (b % 2) * 32, q + b * 128 + f * 32, 32);
	if (nblk % 2)
		for (int f = 0; f < 4; f++)
			memset(qp + (nblk / 2) * 256 + f * 64 + 32, 0, 32);
}

/* The four per-field accumulators of one row (passed by value: GCC keeps them in registers). */
struct row_acc {
	__m512i a64, a16, a4, a1;
};

static inline struct row_acc acc_zero(void)
{
	struct row_acc r = { _mm512_setzero_si512(), _mm512_setzero_si512(),
	                     _mm512_setzero_si512(), _mm512_setzero_si512() };
	return r;
}

/*
 * acc + vpdpbusd(u, s): unsigned bytes of u times signed bytes of s, summed in
 * groups of four into the int32 lanes.  GCC 12 compiles _mm512_dpbusd_epi32
 * in this loop with a register copy of the accumulator around every
 * instruction, and spills some of the 16 accumulators of dot_rows4; the
 * one-instruction asm keeps each accumulator in place (AT&T order: s, u, acc).
 */
static inline __m512i dpbusd(__m512i acc, __m512i u, __m512i s)
{
#if defined(__GNUC__) && !defined(__clang__)
	__asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(u), "vm"(s));
	return acc;
#else
	return _mm512_dpbusd_epi32(acc, u, s);
#endif
}

/* v & mask as unsigned bytes, times 64 signed activations, added in groups of four to acc. */
static inline __m512i dot_field(__m512i acc, __m512i v, char mask, const int8_t *qp)
{
	return dpbusd(acc, _mm512_and_si512(v, _mm512_set1_epi8(mask)), load64(qp));
}

/* One block pair (64 bytes, v) of a row against the pair's activations qp. */
static inline struct row_acc dot_pair(struct row_acc r, __m512i v, const int8_t *qp)
{
	r.a64 = dot_field(r.a64, v, (char)0xc0, qp);
	r.a16 = dot_field(r.a16, v, 0x30, qp + 64);
	r.a4 = dot_field(r.a4, v, 0x0c, qp + 128);
	r.a1 = dot_field(r.a1, v, 0x03, qp + 192);
	return r;
}

/* The plain sum of one chunk's lanes: every lane of a64 is a multiple of 64, and so on. */
static inline __m512i acc_fold(struct row_acc r)
{
	__m512i x = _mm512_add_epi32(_mm512_srai_epi32(r.a64, 6), _mm512_srai_epi32(r.a16, 4));
	return _mm512_add_epi32(x, _mm512_add_epi32(_mm512_srai_epi32(r.a4, 2), r.a1));
}

/*
 * Block pairs are read whole.  When a row has an odd number of blocks, its
 * last pair reads the 32 bytes after the row: the next row's first block, or
 * for the last row the buffer's 32-byte tail (bnbench-formats(7), I2S), so the
 * read stays inside the buffer, and the zero activations of regroup_act make
 * those bytes add nothing.
 */

/* sum c*q for 4 consecutive rows starting at w (rows are row_bytes apart). */
static void dot_rows4(const uint8_t *w, size_t row_bytes, const int8_t *qp, uint64_t npair,
                      int32_t out[4])
{
	const uint8_t *w0 = w, *w1 = w + row_bytes, *w2 = w1 + row_bytes, *w3 = w2 + row_bytes;
	__m512i t0 = _mm512_setzero_si512(), t1 = t0, t2 = t0, t3 = t0;

	for (uint64_t j0 = 0; j0 < npair; j0 += CHUNK_PAIRS) {
		uint64_t end = j0 + CHUNK_PAIRS < npair ? j0 + CHUNK_PAIRS : npair;
		struct row_acc r0 = acc_zero(), r1 = r0, r2 = r0, r3 = r0;
		for (uint64_t j = j0; j < end; j++) {
			const int8_t *a = qp + j * 256;
			r0 = dot_pair(r0, load64(w0 + j * 64), a);
			r1 = dot_pair(r1, load64(w1 + j * 64), a);
			r2 = dot_pair(r2, load64(w2 + j * 64), a);
			r3 = dot_pair(r3, load64(w3 + j * 64), a);
		}
		t0 = _mm512_add_epi32(t0, acc_fold(r0));
		t1 = _mm512_add_epi32(t1, acc_fold(r1));
		t2 = _mm512_add_epi32(t2, acc_fold(r2));
		t3 = _mm512_add_epi32(t3, acc_fold(r3));
	}
	out[0] = _mm512_reduce_add_epi32(t0);
	out[1] = _mm512_reduce_add_epi32(t1);
	out[2] = _mm512_reduce_add_epi32(t2);
	out[3] = _mm512_reduce_add_epi32(t3);
}

/* sum c*q for one row. */
static int32_t dot_row(const uint8_t *w, const int8_t *qp, uint64_t npair)
{
	__m512i t = _mm512_setzero_si512();

	for (uint64_t j0 = 0; j0 < npair; j0 += CHUNK_PAIRS) {
		uint64_t end = j0 + CHUNK_PAIRS < npair ? j0 + CHUNK_PAIRS : npair;
		struct row_acc r = acc_zero();
		for (uint64_t j = j0; j < end; j++)
			r = dot_pair(r, load64(w + j * 64), qp + j * 256);
		t = _mm512_add_epi32(t, acc_fold(r));
	}
	return _mm512_reduce_add_epi32(t);
}

/* sum of q: psadbw adds bytes as unsigned, so bias them by 128 first. */
static int32_t sum_q(const int8_t *q, uint64_t k)
{
	const __m512i bias = _mm512_set1_epi8((char)0x80);
	__m512i acc = _mm512_setzero_si512();
	uint64_t i = 0;
	for (; i + 64 <= k; i += 64)
		acc = _mm512_add_epi64(acc, _mm512_sad_epu8(_mm512_xor_si512(load64(q + i), bias),
		                                            _mm512_setzero_si512()));
	int64_t sum = _mm512_reduce_add_epi64(acc) - 128 * (int64_t)i;
	for (; i < k; i++)
		sum += q[i];
	return (int32_t)(uint32_t)sum;
}

/* The gemv kernel's state: the common one, and qp. */
struct i2s_gemv {
	struct bnb_kernel_state base;
	int8_t *qp;                  /* q regrouped by block pair (see regroup_act) */
};

/* A gemv's rows are split among threads by 16 (a cache line of outputs, whole groups of 4). */
#define GEMV_SPLIT_ROWS 16

static void gemv_prepare(struct bnb_kernel_state *s)
{
	struct i2s_gemv *g = (struct i2s_gemv *)s;   /* s is its first member */

	s->alpha = bnb_read_tail(s->packed + s->m * bnb_i2s_row_bytes(s->k));
	s->s_a = avx512_act_quantize(s->x, s->k, s->q);
	s->qsum = sum_q(s->q, s->k);
	regroup_act(s->q, s->k / 128, g->qp);
}

static void gemv_rows(struct bnb_kernel_state *s, uint64_t r0, uint64_t r1)
{
	struct i2s_gemv *g = (struct i2s_gemv *)s;
	size_t row_bytes = bnb_i2s_row_bytes(s->k);
	uint64_t nblk = s->k / 128, npair = (nblk + 1) / 2, i = r0;
	float alpha = s->alpha, s_a = s->s_a;
	int32_t qsum = s->qsum;
	float *y = (float *)(void *)s->out;

	/* Four rows per pass share each activation load. */
	for (; i + 4 <= r1; i += 4) {
		int32_t d[4];
		dot_rows4(s->packed + i * row_bytes, row_bytes, g->qp, npair, d);
		for (int r = 0; r < 4; r++)
			y[i + r] = bnb_gemv_out(bnb_codes_isum(d[r], qsum), s_a, alpha);
	}
	for (; i < r1; i++)
		y[i] = bnb_gemv_out(bnb_codes_isum(dot_row(s->packed + i * row_bytes, g->qp, npair),
		                                   qsum), s_a, alpha);
}

/* ---- kernel table ------------------------------------------------------ */

static int gemv_setup(const char *name, const struct bnb_case *c, const struct bnb_inputs *in,
                      void **state)
{
	struct i2s_gemv *g;
	void *p;
	int st = bnb_kernel_setup_state(sizeof *g, name, BNB_OP_GEMV, c, in,
	                                bnb_i2s_bytes(c->m, c->k), &p);

	if (st != BNB_OK)
		return st;
	g = p;
	/* Whole block pairs: an odd last block is paired with zeros. */
	g->qp = bnb_kernel_alloc(&g->base, (size_t)(c->k + 128));
	if (!g->qp) {
		st = bnb_kernel_nomem(&g->base);
		bnb_kernel_teardown(g);
		return st;
	}
	*state = g;
	return BNB_OK;
}

static int setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	return simd_setup(c, in, state, bnb_i2s_bytes, gemv_setup);
}

SIMD_KERNELS(i2s, SIMD_GEMV_I2S_FEATURES, SIMD_I2S_TEXT);
