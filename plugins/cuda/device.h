/*
 * The per-thread work of the cuda plugin's kernels (bnbench-formats(7)).
 *
 * Written once, in the common subset of C11 and CUDA C++: kernels.cu calls
 * these functions on the device, and tests/unit/test-cuda.c compiles this same
 * file as plain C and runs every function on the host against the scalar
 * reference plugins, so the layout and bit manipulation are checked even on a
 * machine without a GPU.  What kernels.cu adds on top is only the glue: thread
 * indices, block reductions and shared memory.
 *
 * Exactness: all arithmetic is integer, or float/double with IEEE
 * round-to-nearest spelled out through cuda_div_rn() and friends, which map to
 * __fdiv_rn, __fmul_rn, ... on the device, so no compiler flag (fast math,
 * contraction into FMA, flush to zero) can change a result.
 *
 * Offsets into one row of packed weights are 32-bit (gemv rows are at most
 * CUDA_GEMV_MAX_K wide, kernels.h); offsets into whole tensors are 64-bit.
 */
#ifndef CUDA_DEVICE_H
#define CUDA_DEVICE_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#ifdef __CUDACC__
#define CUDA_HD static __host__ __device__ __forceinline__
#else
#define CUDA_HD static inline
#endif
/* Only the device pass unrolls; the host compiler would warn about the pragma. */
#ifdef __CUDA_ARCH__
#define CUDA_UNROLL _Pragma("unroll")
#else
#define CUDA_UNROLL
#endif

#define CUDA_TAIL_BYTES 32

/*
 * TL1/TL2 gemv lookup tables, one tile at a time: 256 pairs or triples of
 * the activations, 16 int32 entries each (the 9 or 14 the format uses, the
 * rest zero).  Entry (idx, p) lives at idx * 256 + cuda_lut_col(p).
 */
#define CUDA_LUT_TILE 256u
#define CUDA_LUT_ROWS 16u

/* ---- IEEE operations, the same on the device and the host ---------------- */

CUDA_HD float cuda_div_rn(float a, float b)
{
#ifdef __CUDA_ARCH__
	return __fdiv_rn(a, b);
#else
	return a / b;
#endif
}

CUDA_HD float cuda_mul_rn(float a, float b)
{
#ifdef __CUDA_ARCH__
	return __fmul_rn(a, b);
#else
	return a * b;
#endif
}

CUDA_HD double cuda_ddiv_rn(double a, double b)
{
#ifdef __CUDA_ARCH__
	return __ddiv_rn(a, b);
#else
	return a / b;
#endif
}

CUDA_HD float cuda_double_to_float(double d)
{
#ifdef __CUDA_ARCH__
	return __double2float_rn(d);
#else
	return (float)d;
#endif
}

CUDA_HD float cuda_int_to_float(int32_t i)
{
#ifdef __CUDA_ARCH__
	return __int2float_rn(i);
#else
	return (float)i;
#endif
}

/* Round half to even (rintf in the default rounding mode; cvt.rni on the device). */
CUDA_HD float cuda_rint(float x)
{
	return rintf(x);
}

CUDA_HD uint32_t cuda_float_bits(float f)
{
#ifdef __CUDA_ARCH__
	return __float_as_uint(f);
#else
	uint32_t u;
	memcpy(&u, &f, sizeof u);
	return u;
#endif
}

/* Sign-extended byte i of a word. */
CUDA_HD int32_t cuda_sbyte(uint32_t w, int i)
{
	int32_t b = (int32_t)((w >> (8 * i)) & 0xffu);
	return b >= 128 ? b - 256 : b;
}

/* c + the dot product of a and b as four signed bytes each (__dp4a). */
CUDA_HD int32_t cuda_dp4a(uint32_t a, uint32_t b, int32_t c)
{
#ifdef __CUDA_ARCH__
	return __dp4a((int)a, (int)b, c);
#else
	for (int i = 0; i < 4; i++)
		c += cuda_sbyte(a, i) * cuda_sbyte(b, i);
	return c;
#endif
}

/* ---- Loads and stores: vector accesses on the device (aligned by layout) -- */

/* 4 floats at p; p is 16-byte aligned. */
CUDA_HD void cuda_load4f(const float *p, float v[4])
{
#ifdef __CUDA_ARCH__
	float4 t = *(const float4 *)p;
	v[0] = t.x;
	v[1] = t.y;
	v[2] = t.z;
	v[3] = t.w;
#else
	memcpy(v, p, 4 * sizeof(float));
#endif
}

/* 4 floats to p; p is 16-byte aligned. */
CUDA_HD void cuda_store4f(float *p, const float v[4])
{
#ifdef __CUDA_ARCH__
	*(float4 *)p = make_float4(v[0], v[1], v[2], v[3]);
#else
	memcpy(p, v, 4 * sizeof(float));
#endif
}

/* Little-endian 32-bit word at p; p is 4-byte aligned. */
CUDA_HD uint32_t cuda_load_u32(const void *p)
{
#ifdef __CUDA_ARCH__
	return *(const uint32_t *)p;
#else
	const uint8_t *b = (const uint8_t *)p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
#endif
}

/* Four consecutive words at p; p is 16-byte aligned. */
CUDA_HD void cuda_load_u32x4(const uint8_t *p, uint32_t w[4])
{
#ifdef __CUDA_ARCH__
	uint4 t = *(const uint4 *)p;
	w[0] = t.x;
	w[1] = t.y;
	w[2] = t.z;
	w[3] = t.w;
#else
	for (int i = 0; i < 4; i++)
		w[i] = cuda_load_u32(p + 4 * i);
#endif
}

CUDA_HD void cuda_store_u32(uint8_t *p, uint32_t v)
{
#ifdef __CUDA_ARCH__
	*(uint32_t *)p = v;
#else
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
#endif
}

/* ---- Formats ------------------------------------------------------------- */

/* TERNARIZATION: alpha = max((float)(S / n), 1e-5f). */
CUDA_HD float cuda_alpha_from_sum(double abs_sum, uint64_t n)
{
	float a = cuda_double_to_float(cuda_ddiv_rn(abs_sum, (double)n));
	return a > 1e-5f ? a : 1e-5f;
}

/* TERNARIZATION: t = clamp(rint(w / alpha), -1, 1). */
CUDA_HD int cuda_ternary(float w, float alpha)
{
	float r = cuda_rint(cuda_div_rn(w, alpha));
	return r > 0.0f ? 1 : (r < 0.0f ? -1 : 0);
}

/* The 32-byte tail: alpha, then zeros; tail is 4-byte aligned. */
CUDA_HD void cuda_write_tail(uint8_t *tail, float alpha)
{
	cuda_store_u32(tail, cuda_float_bits(alpha));
	for (int i = 4; i < CUDA_TAIL_BYTES; i += 4)
		cuda_store_u32(tail + i, 0);
}

/* TL2 geometry: the same numbers as ternary.h's bnb_tl2_*. */
CUDA_HD uint64_t cuda_tl2_three_k(uint64_t k)
{
	return k - k % 96;
}

CUDA_HD uint64_t cuda_tl2_sign_offset(uint64_t k)
{
	return cuda_tl2_three_k(k) / 6;
}

CUDA_HD uint64_t cuda_tl2_pair_offset(uint64_t k)
{
	return cuda_tl2_three_k(k) / 6 + cuda_tl2_three_k(k) / 24;
}

CUDA_HD uint64_t cuda_tl2_row_bytes(uint64_t k)
{
	return cuda_tl2_pair_offset(k) + (k - cuda_tl2_three_k(k)) / 4;
}

/* TL1 pair index of (t0, t1), and the decoding the reference uses for any nibble. */
CUDA_HD uint32_t cuda_tl1_index(int t0, int t1)
{
	return (uint32_t)(3 * t0 + t1 + 4);
}

CUDA_HD int cuda_tl1_t0(int idx)
{
	return idx / 3 - 1;
}

CUDA_HD int cuda_tl1_t1(int idx)
{
	return idx % 3 - 1;
}

/* TL2: digit d (0: t0, 1: t1, 2: t2) of v = 9 t0 + 3 t1 + t2, as bnb_tl2_decode. */
CUDA_HD int cuda_tl2_digit(int v, int d)
{
	int u = v + 13;
	return d == 0 ? u / 9 - 1 : d == 1 ? u / 3 % 3 - 1 : u % 3 - 1;
}

/*
 * Nibble j (0..7) of a word of 4-bit indices: byte j/2, the high nibble
 * first (TL1 pairs and TL2 triple indices both pack this way).
 */
CUDA_HD uint32_t cuda_nibble(uint32_t w, int j)
{
	return (w >> (8 * (j / 2) + (j % 2 ? 0 : 4))) & 15u;
}

/* ---- quantize: pass 2, one 32-bit word of output per item ----------------- */

/* TL1 word: 16 consecutive weights at src (16-byte aligned). */
CUDA_HD uint32_t cuda_tl1_pack_word(const float *src, float alpha)
{
	uint32_t word = 0;
	CUDA_UNROLL
	for (int i = 0; i < 4; i++) {
		float v[4];
		cuda_load4f(src + 4 * i, v);
		uint32_t hi = cuda_tl1_index(cuda_ternary(v[0], alpha), cuda_ternary(v[1], alpha));
		uint32_t lo = cuda_tl1_index(cuda_ternary(v[2], alpha), cuda_ternary(v[3], alpha));
		word |= (hi << 4 | lo) << (8 * i);
	}
	return word;
}

/*
 * I2S word u of the packed tensor: bytes 4u..4u+3, that is block u/8, bytes
 * p0..p0+3 with p0 = 4 (u % 8).  Byte p holds elements p, p+32, p+64, p+96 of
 * the block in bits 7:6, 5:4, 3:2, 1:0, so row s of the four float4 loads
 * (elements p0 + 32 s ..) lands at bit 6 - 2 s of each byte.
 */
CUDA_HD void cuda_i2s_quant_word(const float *w, uint8_t *out, uint64_t u, float alpha)
{
	const float *src = w + (u / 8) * 128 + (u % 8) * 4;
	uint32_t word = 0;
	CUDA_UNROLL
	for (int s = 0; s < 4; s++) {
		float v[4];
		cuda_load4f(src + 32 * s, v);
		CUDA_UNROLL
		for (int i = 0; i < 4; i++)
			word |= (uint32_t)(cuda_ternary(v[i], alpha) + 1) << (8 * i + 6 - 2 * s);
	}
	cuda_store_u32(out + 4 * u, word);
}

/* TL1 word u: elements 16u..16u+15 (rows are contiguous, K % 16 == 0). */
CUDA_HD void cuda_tl1_quant_word(const float *w, uint8_t *out, uint64_t u, float alpha)
{
	cuda_store_u32(out + 4 * u, cuda_tl1_pack_word(w + 16 * u, alpha));
}

/* TL2 items of one row: three_k/24 index words (8 triples each), then two_k/16 pair words. */
CUDA_HD uint64_t cuda_tl2_row_items(uint64_t k)
{
	uint64_t three_k = cuda_tl2_three_k(k);
	return three_k / 24 + (k - three_k) / 16;
}

/*
 * TL2 item: for j < three_k/24, triples 8j..8j+7 of the row (elements
 * 24j..24j+23): index word j (triple 8j+t in nibble t) and sign byte j
 * (triple 8j+t at bit 7 - t); after that, the TL1 pair words of the two_k
 * remainder.  Row offsets are multiples of 4 (three_k is a multiple of 96).
 */
CUDA_HD void cuda_tl2_quant_item(const float *w, uint8_t *out, uint64_t k, uint64_t item, float alpha)
{
	uint64_t three_k = cuda_tl2_three_k(k), per_row = cuda_tl2_row_items(k);
	uint64_t row = item / per_row, j = item % per_row;
	const float *src = w + row * k;
	uint8_t *dst = out + row * cuda_tl2_row_bytes(k);

	if (j < three_k / 24) {
		uint32_t word = 0, sign = 0;
		int t3[24];
		CUDA_UNROLL
		for (int i = 0; i < 6; i++) {
			float v[4];
			cuda_load4f(src + 24 * j + 4 * i, v);
			CUDA_UNROLL
			for (int l = 0; l < 4; l++)
				t3[4 * i + l] = cuda_ternary(v[l], alpha);
		}
		CUDA_UNROLL
		for (int t = 0; t < 8; t++) {
			int v = 9 * t3[3 * t] + 3 * t3[3 * t + 1] + t3[3 * t + 2];
			word |= (uint32_t)(v < 0 ? -v : v) << (8 * (t / 2) + (t % 2 ? 0 : 4));
			if (v < 0)
				sign |= 0x80u >> t;
		}
		cuda_store_u32(dst + 4 * j, word);
		dst[cuda_tl2_sign_offset(k) + j] = (uint8_t)sign;
	} else {
		j -= three_k / 24;
		cuda_store_u32(dst + cuda_tl2_pair_offset(k) + 4 * j,
		               cuda_tl1_pack_word(src + three_k + 16 * j, alpha));
	}
}

/* ---- dequantize: one 32-bit word of input per item ------------------------ */

/* Code value times alpha, as the reference: (float)t * alpha. */
CUDA_HD float cuda_scaled(int t, float alpha)
{
	return cuda_mul_rn((float)t, alpha);
}

/* I2S word u: the 16 elements cuda_i2s_quant_word() packed into it. */
CUDA_HD void cuda_i2s_dequant_word(const uint8_t *packed, float *y, uint64_t u, float alpha)
{
	uint32_t word = cuda_load_u32(packed + 4 * u);
	float *dst = y + (u / 8) * 128 + (u % 8) * 4;
	CUDA_UNROLL
	for (int s = 0; s < 4; s++) {
		float v[4];
		CUDA_UNROLL
		for (int i = 0; i < 4; i++)
			v[i] = cuda_scaled((int)((word >> (8 * i + 6 - 2 * s)) & 3u) - 1, alpha);
		cuda_store4f(dst + 32 * s, v);
	}
}

/* A TL1 word to 16 floats at dst (16-byte aligned). */
CUDA_HD void cuda_tl1_unpack_word(uint32_t word, float alpha, float *dst)
{
	CUDA_UNROLL
	for (int i = 0; i < 4; i++) {
		int hi = (int)cuda_nibble(word, 2 * i), lo = (int)cuda_nibble(word, 2 * i + 1);
		float v[4];
		v[0] = cuda_scaled(cuda_tl1_t0(hi), alpha);
		v[1] = cuda_scaled(cuda_tl1_t1(hi), alpha);
		v[2] = cuda_scaled(cuda_tl1_t0(lo), alpha);
		v[3] = cuda_scaled(cuda_tl1_t1(lo), alpha);
		cuda_store4f(dst + 4 * i, v);
	}
}

CUDA_HD void cuda_tl1_dequant_word(const uint8_t *packed, float *y, uint64_t u, float alpha)
{
	cuda_tl1_unpack_word(cuda_load_u32(packed + 4 * u), alpha, y + 16 * u);
}

/* TL2 item, the same items as cuda_tl2_quant_item(). */
CUDA_HD void cuda_tl2_dequant_item(const uint8_t *packed, float *y, uint64_t k, uint64_t item, float alpha)
{
	uint64_t three_k = cuda_tl2_three_k(k), per_row = cuda_tl2_row_items(k);
	uint64_t row = item / per_row, j = item % per_row;
	const uint8_t *src = packed + row * cuda_tl2_row_bytes(k);
	float *dst = y + row * k;

	if (j < three_k / 24) {
		uint32_t word = cuda_load_u32(src + 4 * j);
		uint32_t sign = src[cuda_tl2_sign_offset(k) + j];
		float v[24];
		CUDA_UNROLL
		for (int t = 0; t < 8; t++) {
			int idx = (int)cuda_nibble(word, t);
			int val = ((sign >> (7 - t)) & 1u) ? -idx : idx;
			CUDA_UNROLL
			for (int d = 0; d < 3; d++)
				v[3 * t + d] = cuda_scaled(cuda_tl2_digit(val, d), alpha);
		}
		CUDA_UNROLL
		for (int i = 0; i < 6; i++)
			cuda_store4f(dst + 24 * j + 4 * i, v + 4 * i);
	} else {
		j -= three_k / 24;
		cuda_tl1_unpack_word(cuda_load_u32(src + cuda_tl2_pair_offset(k) + 4 * j), alpha,
		                     dst + three_k + 16 * j);
	}
}

/* ---- gemv ---------------------------------------------------------------- */

/* OPERATIONS, gemv step 1: s_a from max |x|, then q = clamp(rint(x * s_a), -128, 127). */
CUDA_HD float cuda_act_scale(float amax)
{
	if (amax < 1e-5f)
		amax = 1e-5f;
	return cuda_div_rn(127.0f, amax);
}

CUDA_HD int8_t cuda_act_quant1(float x, float s_a)
{
	float r = cuda_rint(cuda_mul_rn(x, s_a));
	if (r > 127.0f)
		r = 127.0f;
	if (r < -128.0f)
		r = -128.0f;
	return (int8_t)r;
}

/* OPERATIONS, gemv step 3: y = ((float)isum / s_a) * alpha. */
CUDA_HD float cuda_gemv_out(int32_t isum, float s_a, float alpha)
{
	return cuda_mul_rn(cuda_div_rn(cuda_int_to_float(isum), s_a), alpha);
}

/*
 * I2S: the sum of code * q (code = t + 1) over one lane's share of a row:
 * 16-byte chunks lane, lane + nlanes, ...  Word j of chunk c is row bytes
 * o = 16c + 4j: block o/32, bytes p0 = o%32 .. p0+3.  Shifting the word by
 * 6 - 2s and masking 0x03030303 leaves the codes of elements p0+32s .. +3,
 * which meet the activations q[block*128 + p0 + 32s ..] in one dp4a.  The
 * caller subtracts sum(q) once per row to turn codes into t.
 */
CUDA_HD int32_t cuda_i2s_gemv_lane(const uint8_t *row, const int8_t *q, uint32_t k, uint32_t lane,
                                   uint32_t nlanes)
{
	int32_t acc = 0;
	for (uint32_t c = lane; c < k / 64; c += nlanes) {
		uint32_t w[4];
		cuda_load_u32x4(row + 16 * c, w);
		CUDA_UNROLL
		for (int j = 0; j < 4; j++) {
			uint32_t o = 16 * c + 4 * (uint32_t)j;
			const int8_t *qb = q + (o / 32) * 128 + o % 32;
			CUDA_UNROLL
			for (int s = 0; s < 4; s++)
				acc = cuda_dp4a((w[j] >> (6 - 2 * s)) & 0x03030303u, cuda_load_u32(qb + 32 * s), acc);
		}
	}
	return acc;
}

/*
 * Table column of pair or triple p (0..255) of a tile.  Lane l of a warp
 * reads word tile*32 + l of a row, whose nibble j is pair/triple 8l + j of the
 * tile: column j*32 + l.  So the 32 lanes of one lookup touch 32 different
 * banks (int32 entries) whatever the indices are.
 */
CUDA_HD uint32_t cuda_lut_col(uint32_t p)
{
	return (p % 8) * 32 + p / 8;
}

/* The pair or triple thread tid (0..255) fills: column tid, so stores do not conflict either. */
CUDA_HD uint32_t cuda_lut_entry_of(uint32_t tid)
{
	return (tid % 32) * 8 + tid / 32;
}

/* TL1: thread tid's pair of the tile: t0*q[2g] + t1*q[2g+1] for the 9 indices. */
CUDA_HD void cuda_tl1_lut_build(int32_t *lut, const int8_t *q, uint32_t k, uint32_t tile, uint32_t tid)
{
	uint32_t p = cuda_lut_entry_of(tid), g = tile * CUDA_LUT_TILE + p;
	if (g >= k / 2)
		return;
	int32_t q0 = q[2 * g], q1 = q[2 * g + 1];
	CUDA_UNROLL
	for (int idx = 0; idx < 9; idx++)
		lut[idx * CUDA_LUT_TILE + cuda_lut_col(p)] = cuda_tl1_t0(idx) * q0 + cuda_tl1_t1(idx) * q1;
}

/* TL1: one lane's part of a row's sum for one tile (word tile*32 + lane). */
CUDA_HD int32_t cuda_tl1_gemv_lane(const uint8_t *row, const int32_t *lut, uint32_t k, uint32_t tile,
                                   uint32_t lane)
{
	uint32_t wi = tile * 32 + lane;
	int32_t acc = 0;
	if (wi >= k / 16)
		return 0;
	uint32_t word = cuda_load_u32(row + 4 * wi);
	CUDA_UNROLL
	for (int j = 0; j < 8; j++)
		acc += lut[cuda_nibble(word, j) * CUDA_LUT_TILE + (uint32_t)j * 32 + lane];
	return acc;
}

/* TL2: thread tid's triple of the tile: t0*q[3g] + t1*q[3g+1] + t2*q[3g+2] for |v| = 0..13. */
CUDA_HD void cuda_tl2_lut_build(int32_t *lut, const int8_t *q, uint32_t k, uint32_t tile, uint32_t tid)
{
	uint32_t p = cuda_lut_entry_of(tid), g = tile * CUDA_LUT_TILE + p;
	if (g >= (uint32_t)cuda_tl2_three_k(k) / 3)
		return;
	int32_t q0 = q[3 * g], q1 = q[3 * g + 1], q2 = q[3 * g + 2];
	CUDA_UNROLL
	for (int idx = 0; idx < 14; idx++)
		lut[idx * CUDA_LUT_TILE + cuda_lut_col(p)] =
			cuda_tl2_digit(idx, 0) * q0 + cuda_tl2_digit(idx, 1) * q1 + cuda_tl2_digit(idx, 2) * q2;
}

/* TL2: one lane's part for one tile: index word tile*32 + lane and its sign byte. */
CUDA_HD int32_t cuda_tl2_gemv_lane(const uint8_t *row, const int32_t *lut, uint32_t k, uint32_t tile,
                                   uint32_t lane)
{
	uint32_t three_k = (uint32_t)cuda_tl2_three_k(k), wi = tile * 32 + lane;
	int32_t acc = 0;
	if (wi >= three_k / 24)
		return 0;
	uint32_t word = cuda_load_u32(row + 4 * wi), sign = row[three_k / 6 + wi];
	CUDA_UNROLL
	for (int j = 0; j < 8; j++) {
		int32_t v = lut[cuda_nibble(word, j) * CUDA_LUT_TILE + (uint32_t)j * 32 + lane];
		/* A negative triple has every digit negated: the entry of |v|, negated. */
		acc += ((sign >> (7 - j)) & 1u) ? -v : v;
	}
	return acc;
}

/*
 * TL2's two_k remainder: at most 32 pairs a row, one small table for the whole
 * call, entry (idx, p) at idx * 32 + p; thread tid < 32 fills pair tid.
 */
CUDA_HD void cuda_tl2_pair_lut_build(int32_t *lut2, const int8_t *q, uint32_t k, uint32_t tid)
{
	uint32_t three_k = (uint32_t)cuda_tl2_three_k(k);
	if (tid >= (k - three_k) / 2)
		return;
	int32_t q0 = q[three_k + 2 * tid], q1 = q[three_k + 2 * tid + 1];
	CUDA_UNROLL
	for (int idx = 0; idx < 9; idx++)
		lut2[idx * 32 + tid] = cuda_tl1_t0(idx) * q0 + cuda_tl1_t1(idx) * q1;
}

/* TL2 remainder: lane < two_k/16 reads pair word `lane` (pairs 8 lane .. 8 lane + 7). */
CUDA_HD int32_t cuda_tl2_pair_lane(const uint8_t *row, const int32_t *lut2, uint32_t k, uint32_t lane)
{
	uint32_t three_k = (uint32_t)cuda_tl2_three_k(k);
	int32_t acc = 0;
	if (lane >= (k - three_k) / 16)
		return 0;
	uint32_t word = cuda_load_u32(row + cuda_tl2_pair_offset(k) + 4 * lane);
	CUDA_UNROLL
	for (int j = 0; j < 8; j++)
		acc += lut2[cuda_nibble(word, j) * 32 + 8 * lane + (uint32_t)j];
	return acc;
}

#endif
