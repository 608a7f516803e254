/*
 * The cpupeak plugin: the most int8 work a core can do with the instructions
 * the SIMD gemv kernels build on, the compute roof beside membw's memory roof
 * (bnbench-run(1), ROOFLINE).  Each op runs N of its operations an iteration
 * (N, the case's size, counted as its work) on eight independent registers,
 * with nothing loaded or stored, so that the instruction's throughput sets the
 * pace:
 *
 *   mac8     int8 multiply-adds: vpdpbusd (avx512, VNNI; 64 a 512-bit
 *            instruction) or pmaddubsw (avx2 and sse; 32 and 16 a 256- and
 *            128-bit instruction: byte products, added in pairs);
 *   lookup8  byte table lookups: pshufb on 512, 256 or 128 bits (64, 32, 16 a
 *            instruction), the step of the TL kernels.
 *
 * A kernel that reaches a fraction f of mac8 on its backend spends at least
 * f of the core's multiply throughput; it cannot pass mac8 by multiplying.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <bnbench/plugin.h>

/* Operations of one step: 8 instructions of the widest vectors (64 bytes). */
#define STEP_OPS 512

struct peak_state {
	uint64_t ops;                /* N: operations an iteration */
	uint64_t steps;              /* steps of 8 instructions an iteration */
	void (*loop)(uint64_t steps);
};

#if defined(__x86_64__) && defined(__GNUC__)
/*
 * Eight accumulators, each instruction depending only on its own register's
 * previous value: the latency (4 or 5 cycles) is covered by eight in flight.
 * The asm keeps the compiler from merging or dropping the chains.
 */
#define EIGHT(i0, i1, i2, i3, i4, i5, i6, i7)                                                  \
	__asm__ volatile(i0 "\n\t" i1 "\n\t" i2 "\n\t" i3 "\n\t" i4 "\n\t" i5 "\n\t" i6 "\n\t" i7     \
	                 : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5), "+x"(a6),   \
	                   "+x"(a7)                                                               \
	                 : "x"(b))
/* Three operands (VEX, EVEX): acc = op(b, acc); two (SSE): acc = op(acc, b). */
#define OPS3(ins) EIGHT(ins " %8, %0, %0", ins " %8, %1, %1", ins " %8, %2, %2", ins " %8, %3, %3", \
                        ins " %8, %4, %4", ins " %8, %5, %5", ins " %8, %6, %6", ins " %8, %7, %7")
#define OPS2(ins) EIGHT(ins " %8, %0", ins " %8, %1", ins " %8, %2", ins " %8, %3", ins " %8, %4", \
                        ins " %8, %5", ins " %8, %6", ins " %8, %7")
#define LOOP(name, target_, type, STEP)                                                        \
	__attribute__((target(target_))) static void name(uint64_t steps)                       \
	{                                                                                      \
		type a0 = { 1 }, a1 = { 2 }, a2 = { 3 }, a3 = { 4 }, a4 = { 5 }, a5 = { 6 },      \
		     a6 = { 7 }, a7 = { 8 }, b = { 3 };                                            \
		for (uint64_t i = 0; i < steps; i++)                                               \
			STEP;                                                                      \
		__asm__ volatile("" : : "x"(a0), "x"(a1), "x"(a2), "x"(a3), "x"(a4), "x"(a5),   \
		                 "x"(a6), "x"(a7));                                                \
	}

typedef long long v2 __attribute__((vector_size(16)));
typedef long long v4 __attribute__((vector_size(32)));
typedef long long v8 __attribute__((vector_size(64)));

LOOP(mac8_avx512, "avx512f,avx512bw,avx512vnni", v8, OPS3("vpdpbusd"))
LOOP(mac8_avx2, "avx2", v4, OPS3("vpmaddubsw"))
LOOP(mac8_sse, "ssse3", v2, OPS2("pmaddubsw"))
LOOP(lookup8_avx512, "avx512f,avx512bw", v8, OPS3("vpshufb"))
LOOP(lookup8_avx2, "avx2", v4, OPS3("vpshufb"))
LOOP(lookup8_sse, "ssse3", v2, OPS2("pshufb"))
#endif

struct peak_kernel {
	void (*loop)(uint64_t steps);
	unsigned per_step;           /* operations of one step: 8 instructions */
};

static int peak_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	const struct peak_kernel *k = c->kernel ? c->kernel->data : NULL;
	struct peak_state *s;

	(void)in;
	if (!k) {
		bnb_host->error("%s: this kernel needs a harness of abi 1.1 or later", c->op);
		return BNB_EINVAL;
	}
	if (c->m != 1 || c->k < STEP_OPS || c->k % STEP_OPS) {
		bnb_host->error("%s: the count must be a multiple of %d operations (a size, not a shape)", c->op,
		                STEP_OPS);
		return BNB_EINVAL;
	}
	if (!(s = calloc(1, sizeof *s)))
		return BNB_ENOMEM;
	s->ops = c->k;
	s->steps = c->k / k->per_step;
	s->loop = k->loop;
	*state = s;
	return BNB_OK;
}

static int peak_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	struct peak_state *s = state;

	(void)elapsed_ns;
	for (uint64_t it = 0; it < iterations; it++)
		s->loop(s->steps);
	return BNB_OK;
}

static int peak_work(void *state, struct bnb_work *w)
{
	const struct peak_state *s = state;

	w->items = s->ops;
	w->bytes = 0;   /* nothing moves, so no roofline */
	return BNB_OK;
}

static void peak_teardown(void *state)
{
	free(state);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define PEAK_KERNEL(op_, backend_, loop_, per_step_, feats, summary_)                                    \
	{ .struct_size = sizeof(struct bnb_kernel), .op = op_, .scheme = NULL, .backend = backend_,       \
	  .features = feats, .summary = summary_, .setup = peak_setup, .run = peak_run,                 \
	  .teardown = peak_teardown, .work = peak_work,                                                  \
	  .data = &(const struct peak_kernel){ loop_, per_step_ } }

#define AVX512_VNNI (BNB_FEAT_AVX512F | BNB_FEAT_AVX512BW | BNB_FEAT_AVX512VNNI)
static const struct bnb_kernel k_mac8_avx512 = PEAK_KERNEL("mac8", "avx512", mac8_avx512, 8 * 64,
	AVX512_VNNI, "int8 multiply-adds, N an iteration: vpdpbusd on 512 bits (64 an instruction)");
static const struct bnb_kernel k_mac8_avx2 = PEAK_KERNEL("mac8", "avx2", mac8_avx2, 8 * 32,
	BNB_FEAT_AVX2, "int8 multiply-adds, N an iteration: vpmaddubsw on 256 bits (32 an instruction)");
static const struct bnb_kernel k_mac8_sse = PEAK_KERNEL("mac8", "sse", mac8_sse, 8 * 16,
	BNB_FEAT_SSSE3, "int8 multiply-adds, N an iteration: pmaddubsw on 128 bits (16 an instruction)");
static const struct bnb_kernel k_lookup8_avx512 = PEAK_KERNEL("lookup8", "avx512", lookup8_avx512, 8 * 64,
	BNB_FEAT_AVX512F | BNB_FEAT_AVX512BW, "byte table lookups, N an iteration: vpshufb on 512 bits (64 an instruction)");
static const struct bnb_kernel k_lookup8_avx2 = PEAK_KERNEL("lookup8", "avx2", lookup8_avx2, 8 * 32,
	BNB_FEAT_AVX2, "byte table lookups, N an iteration: vpshufb on 256 bits (32 an instruction)");
static const struct bnb_kernel k_lookup8_sse = PEAK_KERNEL("lookup8", "sse", lookup8_sse, 8 * 16,
	BNB_FEAT_SSSE3, "byte table lookups, N an iteration: pshufb on 128 bits (16 an instruction)");

static const struct bnb_kernel *const kernels[] = {
	&k_mac8_avx512, &k_mac8_avx2, &k_mac8_sse, &k_lookup8_avx512, &k_lookup8_avx2, &k_lookup8_sse, NULL,
};
#else
static const struct bnb_kernel *const kernels[] = { NULL };
#endif

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = "cpupeak",
	.version = "1.0",
	.summary = "int8 multiply-add and byte lookup throughput: the compute roof of the other cases",
	.kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
