/*
 * The per-case state of the CPU kernels (the scalar references and the SIMD
 * backends), as static inline functions so each plugin compiles them with
 * its own flags.
 *
 * Every such kernel's state starts with struct bnb_kernel_state: the case,
 * its inputs, the output and, for gemv, the quantized activations.  A kernel
 * that needs more buffers puts it first in a struct of its own and takes them
 * from bnb_kernel_alloc, which leaves freeing them to bnb_kernel_teardown; so
 * setup's checks, output and teardown are the same for all of them.
 */
#ifndef BNB_KERNEL_STATE_H
#define BNB_KERNEL_STATE_H

#include "ternary.h"

enum bnb_op { BNB_OP_QUANTIZE, BNB_OP_DEQUANTIZE, BNB_OP_GEMV };

static inline const char *bnb_op_name(enum bnb_op op)
{
	switch (op) {
	case BNB_OP_QUANTIZE: return "quantize";
	case BNB_OP_DEQUANTIZE: return "dequantize";
	case BNB_OP_GEMV: return "gemv";
	}
	return "?";
}

/*
 * The data of the kernel being set up (ABI 1.1: c->kernel), or NULL after
 * reporting an error where the harness is older and does not pass it.
 */
static inline const void *bnb_kernel_data(const struct bnb_case *c)
{
	if (c->struct_size < offsetof(struct bnb_case, kernel) + sizeof c->kernel || !c->kernel ||
	    !c->kernel->data) {
		bnb_host->error("%s: this kernel needs a harness of abi 1.1 or later", c->op);
		return NULL;
	}
	return c->kernel->data;
}

/*
 * Whether BNBENCH_CPU_DISABLE (bnbench(1)) names the CPU feature `name`
 * ("avx512vbmi"): a kernel that picks a code path by CPU feature at run time
 * treats it as absent, as bnbench does, so each path can be tested on one
 * machine.
 */
static inline int bnb_cpu_disabled(const char *name)
{
	const char *list = getenv("BNBENCH_CPU_DISABLE");
	size_t n = strlen(name);

	while (list && *list) {
		size_t len = strcspn(list, ", ");
		if (len == n && !strncmp(list, name, n))
			return 1;
		list += len + (list[len] != '\0');
	}
	return 0;
}

/* The op and the name ("avx2 tl1 gemv", for messages) of a kernel: its data. */
struct bnb_kernel_info {
	enum bnb_op op;
	const char *name;
};

/*
 * A CPU kernel's table entry.  Its data is its op and name, so that one setup
 * and one run serve all the kernels of a file.  `op_id` is QUANTIZE, DEQUANTIZE
 * or GEMV.
 */
#define BNB_CPU_KERNEL(backend_name, feats, scheme_name, op_id, setup_fn, run_fn, text)           \
	BNB_CPU_KERNEL_THREADS(backend_name, feats, scheme_name, op_id, setup_fn, run_fn, text, 0)
/* The same, for a kernel that runs on up to `threads` threads (ABI 1.2: max_threads). */
#define BNB_CPU_KERNEL_THREADS(backend_name, feats, scheme_name, op_id, setup_fn, run_fn, text, threads) \
	{ .struct_size = sizeof(struct bnb_kernel), .op = BNB_CPU_OP_##op_id, .scheme = scheme_name, \
	  .backend = backend_name, .features = feats, .summary = text, .setup = setup_fn,        \
	  .run = run_fn, .output = bnb_kernel_output, .teardown = bnb_kernel_teardown,           \
	  .data = &(const struct bnb_kernel_info){ BNB_OP_##op_id,                                  \
		backend_name " " scheme_name " " BNB_CPU_OP_##op_id },                                  \
	  .max_threads = threads }
#define BNB_CPU_OP_QUANTIZE "quantize"
#define BNB_CPU_OP_DEQUANTIZE "dequantize"
#define BNB_CPU_OP_GEMV "gemv"

/* Buffers one state can own: the tl gemv kernels take the most, six. */
#define BNB_KERNEL_BUFFERS 8

struct bnb_kernel_state {
	const char *name;            /* "avx2 tl1 gemv", for messages */
	enum bnb_op op;
	uint64_t m, k;
	const float *x;              /* quantize: m*k weights; gemv: k activations */
	const uint8_t *packed;       /* dequantize, gemv: the reference buffer */
	uint8_t *out;                /* the packed buffer, m*k floats or m floats */
	size_t out_bytes;
	int8_t *q;                   /* gemv: the k quantized activations */
	/* The case's threads (a SIMD gemv on more than one), stopped by teardown with `release`. */
	void *pool;
	void (*release)(void *pool);
	/*
	 * A gemv on more than one thread: each worker thread works on a view of
	 * this state, a copy made by `view` that shares the weights and the
	 * outputs and owns the activations and tables that a call prepares, so
	 * that no thread writes what another has in its cache.  `calls` counts
	 * the calls; `prepared` is the call whose activations a state holds.
	 */
	int (*view)(const struct bnb_kernel_state *s, struct bnb_kernel_state **out);
	struct bnb_kernel_state **views;
	unsigned nviews;
	uint64_t calls, prepared;
	void *owned[BNB_KERNEL_BUFFERS];  /* what bnb_kernel_alloc gave out */
	int n_owned;
};

/* A zeroed, 64-byte aligned buffer that bnb_kernel_teardown frees; NULL on failure. */
static inline void *bnb_kernel_alloc(struct bnb_kernel_state *s, size_t bytes)
{
	void *p;

	if (s->n_owned == BNB_KERNEL_BUFFERS)
		return NULL;
	p = bnb_aligned_zalloc(bytes);
	if (p)
		s->owned[s->n_owned++] = p;
	return p;
}

static inline void bnb_kernel_teardown(void *state)
{
	struct bnb_kernel_state *s = state;

	if (!s)
		return;
	if (s->pool)
		s->release(s->pool);
	for (unsigned i = 0; i < s->nviews; i++)
		bnb_kernel_teardown(s->views[i]);
	free(s->views);
	for (int i = 0; i < s->n_owned; i++)
		free(s->owned[i]);
	free(s);
}

/*
 * A view of the gemv state s (a struct of `state_bytes` that starts with
 * struct bnb_kernel_state): a copy that shares s's buffers and owns a q of
 * its own, without threads; NULL when out of memory.  bnb_kernel_teardown
 * frees it and what it owns.
 */
static inline struct bnb_kernel_state *bnb_kernel_view_of(const struct bnb_kernel_state *s,
                                                          size_t state_bytes)
{
	struct bnb_kernel_state *v = malloc(state_bytes);

	if (!v)
		return NULL;
	memcpy(v, s, state_bytes);
	v->pool = NULL;
	v->release = NULL;
	v->views = NULL;
	v->nviews = 0;
	v->prepared = 0;
	memset(v->owned, 0, sizeof v->owned);
	v->n_owned = 0;
	if (!(v->q = bnb_kernel_alloc(v, (size_t)s->k))) {
		free(v);
		return NULL;
	}
	return v;
}

/* Reports that the buffers of the case could not be allocated; returns BNB_ENOMEM. */
static inline int bnb_kernel_nomem(const struct bnb_kernel_state *s)
{
	bnb_host->error("%s: out of memory for m = %llu, k = %llu", s->name,
	                (unsigned long long)s->m, (unsigned long long)s->k);
	return BNB_ENOMEM;
}

/*
 * Checks the case (bnb_check_case; `buffer_bytes` is the scheme's size for
 * m x k), then allocates a zeroed state of `state_bytes` (a struct that
 * starts with struct bnb_kernel_state), its output and, for gemv, q.  Reports
 * any failure through bnb_host->error; *state is set only on success.
 */
static inline int bnb_kernel_setup_state(size_t state_bytes, const char *name, enum bnb_op op,
                                         const struct bnb_case *c, const struct bnb_inputs *in,
                                         size_t buffer_bytes, void **state)
{
	int st = bnb_check_case(bnb_op_name(op), c, in, buffer_bytes);
	struct bnb_kernel_state *s;

	if (st != BNB_OK)
		return st;
	s = calloc(1, state_bytes);
	if (!s) {
		bnb_host->error("%s: out of memory", name);
		return BNB_ENOMEM;
	}
	s->name = name;
	s->op = op;
	s->m = c->m;
	s->k = c->k;
	s->x = in->x;
	s->packed = in->packed;
	s->out_bytes = op == BNB_OP_QUANTIZE ? buffer_bytes
	             : op == BNB_OP_DEQUANTIZE ? (size_t)(c->m * c->k) * sizeof(float)
	             : (size_t)c->m * sizeof(float);
	s->out = bnb_kernel_alloc(s, s->out_bytes);
	if (op == BNB_OP_GEMV)
		s->q = bnb_kernel_alloc(s, (size_t)c->k);
	if (!s->out || (op == BNB_OP_GEMV && !s->q)) {
		st = bnb_kernel_nomem(s);
		bnb_kernel_teardown(s);
		return st;
	}
	*state = s;
	return BNB_OK;
}

/* Setup of a kernel whose state is struct bnb_kernel_state alone. */
static inline int bnb_kernel_setup(const char *name, enum bnb_op op, const struct bnb_case *c,
                                   const struct bnb_inputs *in, size_t buffer_bytes,
                                   void **state)
{
	return bnb_kernel_setup_state(sizeof(struct bnb_kernel_state), name, op, c, in,
	                              buffer_bytes, state);
}

/*
 * The run callback: `iterations` calls of the kernel of the state's op, the
 * harness's clock around them.  A plugin file calls this from its own run
 * function with its three kernels; inlined there, the calls are direct.
 */
static inline int bnb_kernel_run(void *state, uint64_t iterations,
                                 void (*quantize)(struct bnb_kernel_state *s),
                                 void (*dequantize)(struct bnb_kernel_state *s),
                                 void (*gemv)(struct bnb_kernel_state *s))
{
	struct bnb_kernel_state *s = state;

	switch (s->op) {
	case BNB_OP_QUANTIZE:
		for (uint64_t it = 0; it < iterations; it++)
			quantize(s);
		break;
	case BNB_OP_DEQUANTIZE:
		for (uint64_t it = 0; it < iterations; it++)
			dequantize(s);
		break;
	case BNB_OP_GEMV:
		for (uint64_t it = 0; it < iterations; it++)
			gemv(s);
		break;
	}
	return BNB_OK;
}

static inline int bnb_kernel_output(void *state, void *dst, size_t dst_bytes)
{
	struct bnb_kernel_state *s = state;

	if (dst_bytes != s->out_bytes) {
		bnb_host->error("%s output: destination is %zu bytes, expected %zu", s->name,
		                dst_bytes, s->out_bytes);
		return BNB_EINVAL;
	}
	memcpy(dst, s->out, dst_bytes);
	return BNB_OK;
}

#endif
