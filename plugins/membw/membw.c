/*
 * The membw backend: the machine's memory bandwidth at a footprint, the roof
 * against which bnbench reports the other cases (bnbench-run(1), ROOFLINE).
 * Op "read" sums every 64-bit word of one buffer of N bytes; op "copy" copies
 * N/2 bytes into a second buffer of N/2 (memcpy).  N, the case's size, is the
 * footprint: the bytes touched, and the bytes counted per iteration.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <bnbench/plugin.h>

#define MEMBW_ALIGN 64

struct membw_state {
	int copy;
	size_t bytes;                /* footprint: N */
	unsigned char *src, *dst;    /* dst: copy only; each N/2 for copy, src N for read */
	uint64_t sink;               /* keeps the read's sum alive */
};

static void *alloc_touched(size_t n)
{
	void *p = NULL;

	if (posix_memalign(&p, MEMBW_ALIGN, n ? n : MEMBW_ALIGN) != 0)
		return NULL;
	memset(p, 0x5a, n);   /* pages mapped before the clock starts */
	return p;
}

static int membw_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	struct membw_state *s;
	int copy = strcmp(c->op, "copy") == 0;
	uint64_t min = 2 * MEMBW_ALIGN;   /* read: two vectors a step; copy: two halves */

	(void)in;
	if (c->m != 1 || c->k < min || c->k % min) {
		bnb_host->error("%s: the footprint must be a multiple of %llu bytes (a size, not a shape)", c->op,
		                (unsigned long long)min);
		return BNB_EINVAL;
	}
	if (c->k > SIZE_MAX / 2 || !(s = calloc(1, sizeof *s)))
		return BNB_ENOMEM;
	s->copy = copy;
	s->bytes = (size_t)c->k;
	s->src = alloc_touched(copy ? s->bytes / 2 : s->bytes);
	s->dst = copy ? alloc_touched(s->bytes / 2) : NULL;
	if (!s->src || (copy && !s->dst)) {
		free(s->src);
		free(s->dst);
		free(s);
		bnb_host->error("%s: cannot allocate %llu bytes", c->op, (unsigned long long)c->k);
		return BNB_ENOMEM;
	}
	*state = s;
	return BNB_OK;
}

typedef uint64_t membw_vec __attribute__((vector_size(64)));

/*
 * 64-byte loads into two independent sums, so that the loads, not an add
 * chain, set the pace; built for the widest vectors the CPU has, as the
 * kernels it is the roof of are.
 */
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static uint64_t read_all(const unsigned char *p, size_t bytes)
{
	membw_vec a = { 0 }, b = { 0 }, t;
	uint64_t sum = 0;

	for (size_t i = 0; i + 2 * sizeof a <= bytes; i += 2 * sizeof a) {
		memcpy(&t, p + i, sizeof t);
		a += t;
		memcpy(&t, p + i + sizeof a, sizeof t);
		b += t;
	}
	a ^= b;
	for (size_t j = 0; j < sizeof a / sizeof sum; j++)
		sum ^= a[j];
	return sum;
}

static int membw_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	struct membw_state *s = state;

	(void)elapsed_ns;
	for (uint64_t it = 0; it < iterations; it++) {
		if (s->copy) {
			memcpy(s->dst, s->src, s->bytes / 2);
			__asm__ volatile("" : : "r"(s->dst) : "memory");
		} else {
			s->sink += read_all(s->src, s->bytes);
			__asm__ volatile("" : : "r"(s->sink) : "memory");
		}
	}
	return BNB_OK;
}

static int membw_work(void *state, struct bnb_work *w)
{
	const struct membw_state *s = state;

	w->items = 1;           /* one pass over the footprint */
	w->bytes = s->bytes;
	return BNB_OK;
}

static void membw_teardown(void *state)
{
	struct membw_state *s = state;

	if (!s)
		return;
	free(s->src);
	free(s->dst);
	free(s);
}

#define MEMBW_KERNEL(op_, summary_)                                                                   \
	{ .struct_size = sizeof(struct bnb_kernel), .op = op_, .scheme = NULL, .backend = "membw",      \
	  .summary = summary_, .setup = membw_setup, .run = membw_run, .teardown = membw_teardown,    \
	  .work = membw_work }

static const struct bnb_kernel read_kernel =
	MEMBW_KERNEL("read", "read every byte of a buffer of SIZE bytes (vector loads)");
static const struct bnb_kernel copy_kernel =
	MEMBW_KERNEL("copy", "copy SIZE/2 bytes into a second buffer of SIZE/2 (memcpy)");
static const struct bnb_kernel *const kernels[] = { &read_kernel, &copy_kernel, NULL };

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = "membw",
	.version = "1.0",
	.summary = "memory bandwidth at a footprint: the roof of the other cases",
	.kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
