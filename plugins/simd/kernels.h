/*
 * What every SIMD plugin (sse, avx2, avx512) shares: one setup per scheme
 * file and the kernel table of a scheme, built by SIMD_KERNELS.  The plugin's
 * own simd.h, found through its include path, names the backend, its features
 * and its kernel summaries.
 */
#ifndef BNB_SIMD_KERNELS_H
#define BNB_SIMD_KERNELS_H

#include <bnbench/plugin.h>

#include <errno.h>
#include <string.h>

#include "kernel-state.h"
#include "pool.h"
#include "simd.h"

static inline void simd_pool_release(void *pool)
{
	simd_pool_destroy(pool);
}

/*
 * A gemv case on more than one thread: a view of the state for each thread
 * of its pool but the caller, which works on the state itself; then the pool.
 */
static inline int simd_start_threads(const struct bnb_case *c, struct bnb_kernel_state *s)
{
	uint32_t threads = bnb_case_threads(c);
	int st;

	if (threads <= 1)
		return BNB_OK;
	if (threads > BNB_THREADS_MAX) {
		bnb_host->error("%s: %u threads, more than %u", s->name, threads, BNB_THREADS_MAX);
		return BNB_EINVAL;
	}
	if (!s->view) {
		bnb_host->error("%s: this state has no view for its threads", s->name);
		return BNB_EINVAL;
	}
	if (!(s->views = calloc(threads - 1, sizeof *s->views)))
		return bnb_kernel_nomem(s);
	for (; s->nviews < threads - 1; s->nviews++)
		if ((st = s->view(s, &s->views[s->nviews])) != BNB_OK)
			return st;
	s->pool = simd_pool_create(threads - 1);
	if (!s->pool) {
		bnb_host->error("%s: cannot start %u threads: %s", s->name, threads, strerror(errno));
		return BNB_ENOMEM;
	}
	s->release = simd_pool_release;
	return BNB_OK;
}

/*
 * The rows [*r0, *r1) of part `part` of `parts` of an m-row gemv: whole units
 * of `step` rows (the kernel's tile or row group), as even as they come; an
 * empty range when there are more parts than units.
 */
static inline void simd_gemv_share(uint64_t m, uint64_t step, unsigned part, unsigned parts,
                                   uint64_t *r0, uint64_t *r1)
{
	uint64_t units = (m + step - 1) / step;
	uint64_t u0 = units * part / parts, u1 = units * (part + 1) / parts;

	*r0 = u0 * step < m ? u0 * step : m;
	*r1 = u1 * step < m ? u1 * step : m;
}

/*
 * Setup of any kernel of a scheme file: its op and name come from its data,
 * `bytes` is the scheme's buffer size and `gemv_setup` (NULL: the plain
 * state) sets up the gemv kernel.
 */
static inline int simd_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state,
                             size_t (*bytes)(uint64_t m, uint64_t k),
                             int (*gemv_setup)(const char *name, const struct bnb_case *c,
                                               const struct bnb_inputs *in, void **state))
{
	const struct bnb_kernel_info *info = bnb_kernel_data(c);
	int st;

	if (!info)
		return BNB_EINVAL;
	if (info->op != BNB_OP_GEMV)
		return bnb_kernel_setup(info->name, info->op, c, in, bytes(c->m, c->k), state);
	st = gemv_setup ? gemv_setup(info->name, c, in, state)
	                : bnb_kernel_setup(info->name, info->op, c, in, bytes(c->m, c->k), state);
	if (st == BNB_OK && (st = simd_start_threads(c, *state)) != BNB_OK) {
		bnb_kernel_teardown(*state);
		*state = NULL;
	}
	return st;
}

/*
 * The run function and the three kernels simd_<scheme>_{quantize,dequantize,
 * gemv} of a scheme file, which defines setup, quantize, dequantize and
 * gemv's two steps: gemv_prepare (once per call) and gemv_rows (the rows
 * [r0, r1) after it; ranges that run at the same time keep to multiples of
 * GEMV_ROWS_ALIGN).  On one thread a call is the two steps over every row.  On more than one thread the case's pool splits the rows
 * of every call, in multiples of SIMD_SPLIT_ROWS, and each thread prepares
 * its own view of the state before its first rows of the call: a table built
 * by one thread and read by another would cross between their caches every
 * call.  Each row's result is the same as on one thread.  `texts` is the
 * plugin's three summaries (SIMD_TL1_TEXT, ...).
 */
/* Rows are split among threads in whole tiles, and never finer than 16 rows (a cache line of outputs). */
#define SIMD_SPLIT_ROWS (GEMV_ROWS_ALIGN > 16 ? GEMV_ROWS_ALIGN : 16)
#define SIMD_KERNELS(scheme, gemv_features, texts) SIMD_KERNELS_(scheme, gemv_features, texts)
#define SIMD_KERNELS_(scheme, gemv_features, qtext, dtext, gtext)                               \
	static void gemv_part(void *arg, unsigned thread, unsigned part, unsigned parts)        \
	{                                                                                       \
		struct bnb_kernel_state *s = arg, *v = thread ? s->views[thread - 1] : s;       \
		uint64_t r0, r1;                                                                \
		simd_gemv_share(s->m, SIMD_SPLIT_ROWS, part, parts, &r0, &r1);                  \
		if (r0 >= r1)                                                                   \
			return;                                                                 \
		if (v->prepared != s->calls) {                                                  \
			gemv_prepare((void *)v);                                                \
			v->prepared = s->calls;                                                 \
		}                                                                               \
		gemv_rows((void *)v, r0, r1);                                                   \
	}                                                                                       \
	static void gemv(struct bnb_kernel_state *s)                                            \
	{                                                                                       \
		gemv_prepare((void *)s);   /* s is the first member of the scheme's state */   \
		gemv_rows((void *)s, 0, s->m);                                                  \
	}                                                                                       \
	static int run(void *state, uint64_t iterations, uint64_t *elapsed_ns)                  \
	{                                                                                       \
		struct bnb_kernel_state *s = state;                                             \
		(void)elapsed_ns;                                                               \
		if (!s->pool)                                                                   \
			return bnb_kernel_run(state, iterations, quantize, dequantize, gemv);  \
		for (uint64_t it = 0; it < iterations; it++) {                                  \
			s->calls++;                                                             \
			simd_pool_run(s->pool, gemv_part, s);                                   \
		}                                                                               \
		return BNB_OK;                                                                  \
	}                                                                                       \
	const struct bnb_kernel simd_##scheme##_quantize = BNB_CPU_KERNEL(SIMD_BACKEND,        \
		SIMD_FEATURES, #scheme, QUANTIZE, setup, run,                                   \
		SIMD_BACKEND " " #scheme " quantize: " qtext);                                  \
	const struct bnb_kernel simd_##scheme##_dequantize = BNB_CPU_KERNEL(SIMD_BACKEND,      \
		SIMD_FEATURES, #scheme, DEQUANTIZE, setup, run,                                 \
		SIMD_BACKEND " " #scheme " dequantize: " dtext);                                \
	const struct bnb_kernel simd_##scheme##_gemv = BNB_CPU_KERNEL_THREADS(SIMD_BACKEND,    \
		gemv_features, #scheme, GEMV, setup, run, SIMD_BACKEND " " #scheme " gemv: " gtext, \
		BNB_THREADS_MAX)

extern const struct bnb_kernel simd_i2s_quantize, simd_i2s_dequantize, simd_i2s_gemv;
extern const struct bnb_kernel simd_tl1_quantize, simd_tl1_dequantize, simd_tl1_gemv;
extern const struct bnb_kernel simd_tl2_quantize, simd_tl2_dequantize, simd_tl2_gemv;

#endif
