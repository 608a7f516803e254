/*
 * The row ranges of a SIMD gemv kernel: gemv_prepare once, then gemv_rows
 * over a split of the rows (in any order, split at multiples of its
 * GEMV_ROWS_ALIGN), gives bit for bit what one gemv over all rows gives.
 * Built once per kernel file: KERNEL_FILE ("i2s.c", "tl1.c" or "tl2.c") is
 * found through the plugin's include path, as the plugin itself builds it,
 * and CPU_FEATURE names what the CPU must have to run it.
 */
#include <bnbench/plugin.h>

#include "tap.h"

#include KERNEL_FILE

static void host_error(const char *fmt, ...)
{
	va_list ap;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void host_log(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

static const struct bnb_host host = { .abi_major = BNB_ABI_MAJOR, .abi_minor = BNB_ABI_MINOR,
                                      .struct_size = sizeof host, .error = host_error,
                                      .log = host_log };
const struct bnb_host *bnb_host = &host;

static uint64_t rng = 42;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A byte of the scheme's weights: every code or index a valid one. */
static uint8_t weight_byte(const char *scheme)
{
	if (!strcmp(scheme, "i2s")) {   /* four codes 0..2 */
		uint8_t b = 0;
		for (int f = 0; f < 4; f++)
			b = (uint8_t)(b << 2 | next() % 3);
		return b;
	}
	if (!strcmp(scheme, "tl1"))     /* two pair indices 0..8 */
		return (uint8_t)(next() % 9 << 4 | next() % 9);
	return (uint8_t)next();         /* tl2: indices 0..13 where they are, and sign bits */
}

/* The TL2 index bytes of a row hold |v| 0..13 in both nibbles; the rest may be anything. */
static void fix_tl2_indices(uint8_t *packed, uint64_t m, uint64_t k)
{
#ifdef TL2_BLOCK
	size_t row_bytes = bnb_tl2_row_bytes(k);
	for (uint64_t r = 0; r < m; r++)
		for (uint64_t i = 0; i < bnb_tl2_three_k(k) / TL2_BLOCK * 16; i++)
			packed[r * row_bytes + i] = (uint8_t)(next() % 14 << 4 | next() % 14);
	for (uint64_t r = 0; r < m; r++)
		for (uint64_t i = bnb_tl2_pair_offset(k); i < row_bytes; i++)
			packed[r * row_bytes + i] = (uint8_t)(next() % 9 << 4 | next() % 9);
#else
	(void)packed, (void)m, (void)k;
#endif
}

int main(void)
{
	const struct bnb_kernel *kernel = KERNEL_GEMV;
	const uint64_t m = 200, k = 2560;   /* partial last tiles; several table chunks */
	const uint64_t align = GEMV_ROWS_ALIGN;
	/* Split points at multiples of the alignment, the last part ending at M. */
	const uint64_t cut1 = align > 1 ? align : 37, cut2 = align > 1 ? 3 * align : 101;
	struct bnb_case c = { .struct_size = sizeof c, .op = "gemv", .scheme = kernel->scheme,
	                      .m = m, .k = k, .kernel = kernel };
	struct bnb_inputs in = { .struct_size = sizeof in };
	size_t bytes = (size_t)(m * k / 4) + 4 * m + BNB_TAIL_BYTES;   /* more than any scheme needs */
	float alpha = 0.37f, *x = aligned_alloc(64, k * sizeof(float)), whole[200];
	uint8_t *packed = aligned_alloc(64, bytes + 64);
	void *state = NULL;

	__builtin_cpu_init();
	if (!__builtin_cpu_supports(CPU_FEATURE))
		tap_skip_all("the CPU lacks " CPU_FEATURE);
	for (size_t i = 0; i < bytes; i++)
		packed[i] = weight_byte(kernel->scheme);
	if (!strcmp(kernel->scheme, "tl2"))
		fix_tl2_indices(packed, m, k);
	for (uint64_t i = 0; i < k; i++)
		x[i] = (float)((int64_t)(next() % 2001) - 1000) / 250.0f;
	in.x = x;
	in.x_count = k;
	in.packed = packed;
	in.packed_bytes = kernel->scheme[0] == 'i' ? bnb_i2s_bytes(m, k)
	                : kernel->scheme[2] == '1' ? bnb_tl1_bytes(m, k) : bnb_tl2_bytes(m, k);
	memcpy(packed + in.packed_bytes - BNB_TAIL_BYTES, &alpha, sizeof alpha);
	memset(packed + in.packed_bytes - BNB_TAIL_BYTES + 4, 0, BNB_TAIL_BYTES - 4);

	if (!ok(kernel->setup(&c, &in, &state) == BNB_OK, "%s: setup", kernel->summary)) {
		free(x);
		free(packed);
		return tap_done();
	}
	struct bnb_kernel_state *s = state;
	float *y = (float *)(void *)s->out;
	gemv(s);
	memcpy(whole, y, sizeof whole);
	ok(whole[0] != 0.0f || whole[m - 1] != 0.0f, "the whole gemv gives non-zero outputs");

	const uint64_t parts[3][2] = { { cut2, m }, { 0, cut1 }, { cut1, cut2 } };
	memset(y, 0, m * sizeof(float));
	gemv_prepare(state);
	for (int i = 0; i < 3; i++)   /* the last part first: no order is assumed */
		gemv_rows(state, parts[i][0], parts[i][1]);
	ok(!memcmp(y, whole, m * sizeof(float)),
	   "rows [%" PRIu64 ", %" PRIu64 "), [0, %" PRIu64 "), [%" PRIu64 ", %" PRIu64 ") match the whole",
	   cut2, m, cut1, cut1, cut2);
	memset(y, 0, m * sizeof(float));
	gemv_rows(state, cut1, cut2);
	int outside = 0;
	for (uint64_t r = 0; r < m; r++)
		outside |= (r < cut1 || r >= cut2) && y[r] != 0.0f;
	ok(!outside, "a range writes no output outside it");

	kernel->teardown(state);
	free(x);
	free(packed);
	return tap_done();
}
