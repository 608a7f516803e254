/*
 * The membw backend: the machine's memory bandwidth at a footprint, the roof
 * against which bnbench reports the other cases (bnbench-run(1), ROOFLINE).
 * Op "read" sums every 64-bit word of one buffer of N bytes; op "copy" copies
 * N/2 bytes into a second buffer of N/2 (memcpy).  N, the case's size, is the
 * footprint: the bytes touched, and the bytes counted per iteration.  On T
 * threads (the pool of the gemv kernels, plugins/simd/pool.c) the threads
 * share out the buffer in slices: the bandwidth T cores get together, the
 * roof of the gemv cases on as many threads.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bnbench/plugin.h>

#include "pool.h"

#define MEMBW_ALIGN 64

struct membw_state {
	int copy;
	size_t bytes;                /* footprint: N */
	unsigned char *src, *dst;    /* dst: copy only; each N/2 for copy, src N for read */
	struct simd_pool *pool;      /* on more than one thread: the others */
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
	uint32_t threads = bnb_case_threads(c);

	(void)in;
	if (c->m != 1 || c->k < min || c->k % min) {
		bnb_host->error("%s: the footprint must be a multiple of %llu bytes (a size, not a shape)", c->op,
		                (unsigned long long)min);
		return BNB_EINVAL;
	}
	if (threads > BNB_THREADS_MAX) {
		bnb_host->error("%s: %u threads, more than %u", c->op, threads, BNB_THREADS_MAX);
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
	if (threads > 1 && !(s->pool = simd_pool_create(threads - 1))) {
		bnb_host->error("%s: cannot start %u threads: %s", c->op, threads, strerror(errno));
		free(s->src);
		free(s->dst);
		free(s);
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

/*
 * Slice `part` of `parts` of the footprint: whole steps of 128 bytes (two
 * vectors of a read, a vector of each half of a copy), as even as they come.
 */
static void slice(void *arg, unsigned thread, unsigned part, unsigned parts)
{
	struct membw_state *s = arg;
	size_t unit = 2 * MEMBW_ALIGN, units = (s->copy ? s->bytes / 2 : s->bytes) / unit;
	size_t u0 = units * part / parts, u1 = units * (part + 1) / parts;

	(void)thread;
	if (s->copy) {
		memcpy(s->dst + u0 * unit, s->src + u0 * unit, (u1 - u0) * unit);
		__asm__ volatile("" : : "r"(s->dst) : "memory");
	} else {
		uint64_t sum = read_all(s->src + u0 * unit, (u1 - u0) * unit);
		__asm__ volatile("" : : "r"(sum) : "memory");
	}
}

static int membw_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	struct membw_state *s = state;

	(void)elapsed_ns;
	for (uint64_t it = 0; it < iterations; it++) {
		if (s->pool)
			simd_pool_run(s->pool, slice, s);
		else
			slice(s, 0, 0, 1);
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
	simd_pool_destroy(s->pool);
	free(s->src);
	free(s->dst);
	free(s);
}

#define MEMBW_KERNEL(op_, summary_)                                                                   \
	{ .struct_size = sizeof(struct bnb_kernel), .op = op_, .scheme = NULL, .backend = "membw",      \
	  .summary = summary_, .setup = membw_setup, .run = membw_run, .teardown = membw_teardown,    \
	  .work = membw_work, .max_threads = BNB_THREADS_MAX }

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
