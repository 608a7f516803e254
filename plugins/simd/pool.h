/*
 * A persistent thread pool for the gemv kernels of the SIMD plugins: threads
 * started once, in setup, each call of simd_pool_run handing them one job and
 * returning when it is done; nothing is created or joined inside the timed
 * call.  A job is cut into parts that the threads, the caller among them,
 * claim one at a time, so a thread that the system runs late leaves its parts
 * to the others instead of holding up the call.
 */
#ifndef BNB_SIMD_POOL_H
#define BNB_SIMD_POOL_H

struct simd_pool;

/*
 * Part `part` of the `parts` of a job, run on thread `thread`: 0 for the
 * caller of simd_pool_run, 1..workers for the pool's own.
 */
typedef void simd_pool_fn(void *arg, unsigned thread, unsigned part, unsigned parts);

/* Parts a job is cut into: a few per thread. */
#define SIMD_POOL_PARTS_PER_THREAD 4

/*
 * Starts `workers` threads that wait for jobs (the caller is one more).
 * Returns NULL with errno set when a thread cannot be started; none is left
 * running then.
 */
struct simd_pool *simd_pool_create(unsigned workers);

/*
 * fn(arg, thread, part, parts) for every part of (workers + 1) * SIMD_POOL_PARTS_PER_THREAD,
 * each on whichever thread claims it first; returns when all are done.
 */
void simd_pool_run(struct simd_pool *p, simd_pool_fn *fn, void *arg);

/* Stops and joins the threads; p may be NULL. */
void simd_pool_destroy(struct simd_pool *p);

#endif
