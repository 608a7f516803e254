/*
 * The thread pool of pool.h.  A job is published by bumping a generation
 * counter; its parts are claimed from one word that holds the generation,
 * the next part and the count, so a thread that wakes up after its job is
 * over claims nothing.  A waiting thread (a worker for a job, the caller for
 * the last part) first spins, which keeps the hand-off well under a
 * microsecond while calls follow each other, then sleeps on a condition
 * variable.  Spinning is only worth it with a core per thread: with more
 * threads than usable CPUs every wait sleeps at once.
 */
#define _GNU_SOURCE   /* sched_getaffinity */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

/* Checks of a counter before sleeping: with pause, some 100 us. */
#define SPIN_CHECKS 20000

struct worker {
	struct simd_pool *pool;
	unsigned index;              /* 1..workers: the thread number fn is given */
	pthread_t tid;
};

struct simd_pool {
	unsigned workers, parts;
	int spin;
	struct worker *w;
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	atomic_uint gen;             /* bumped for each job, and to stop */
	atomic_uint_fast64_t claim;  /* gen << 32 | next part << 16 | parts */
	atomic_uint finished;        /* parts of the current job done */
	atomic_int stop;             /* set before the last bump of gen */
	simd_pool_fn *fn;
	void *arg;
};

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/* The next generation after `seen`. */
static unsigned wait_job(struct simd_pool *p, unsigned seen)
{
	unsigned g;

	for (int i = 0; p->spin && i < SPIN_CHECKS; i++) {
		if ((g = atomic_load_explicit(&p->gen, memory_order_acquire)) != seen)
			return g;
		cpu_relax();
	}
	pthread_mutex_lock(&p->mu);
	while ((g = atomic_load_explicit(&p->gen, memory_order_acquire)) == seen)
		pthread_cond_wait(&p->go, &p->mu);
	pthread_mutex_unlock(&p->mu);
	return g;
}

/*
 * Runs the parts of job `gen` that are left on thread `thread`, one claim at a time; a claim
 * succeeds only while that job is the current one and has parts left, so fn
 * and arg are still its own.  Returns whether this thread finished the job.
 */
static int work(struct simd_pool *p, unsigned gen, unsigned thread)
{
	uint_fast64_t c = atomic_load_explicit(&p->claim, memory_order_acquire);

	for (;;) {
		unsigned next = (unsigned)(c >> 16 & 0xffff), parts = (unsigned)(c & 0xffff);
		if ((unsigned)(c >> 32) != gen || next >= parts)
			return 0;
		if (!atomic_compare_exchange_weak_explicit(&p->claim, &c, c + (1u << 16), memory_order_acq_rel,
		                                           memory_order_acquire))
			continue;
		p->fn(p->arg, thread, next, parts);
		if (atomic_fetch_add_explicit(&p->finished, 1, memory_order_acq_rel) + 1 == parts)
			return 1;
		c = atomic_load_explicit(&p->claim, memory_order_acquire);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct simd_pool *p = w->pool;
	unsigned seen = 0;

	for (;;) {
		seen = wait_job(p, seen);
		if (atomic_load_explicit(&p->stop, memory_order_acquire))
			return NULL;
		if (work(p, seen, w->index)) {
			pthread_mutex_lock(&p->mu);
			pthread_cond_signal(&p->done);
			pthread_mutex_unlock(&p->mu);
		}
	}
}

static void wait_finished(struct simd_pool *p)
{
	for (int i = 0; p->spin && i < SPIN_CHECKS; i++) {
		if (atomic_load_explicit(&p->finished, memory_order_acquire) == p->parts)
			return;
		cpu_relax();
	}
	pthread_mutex_lock(&p->mu);
	while (atomic_load_explicit(&p->finished, memory_order_acquire) != p->parts)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

/* Bumps the generation under the lock, so that no worker misses it between its check and its sleep. */
static unsigned publish(struct simd_pool *p)
{
	unsigned g;

	pthread_mutex_lock(&p->mu);
	g = atomic_load_explicit(&p->gen, memory_order_relaxed) + 1;
	atomic_store_explicit(&p->claim, (uint_fast64_t)g << 32 | p->parts, memory_order_relaxed);
	atomic_store_explicit(&p->gen, g, memory_order_release);
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	return g;
}

static unsigned usable_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof set, &set) != 0)
		return 1;
	return (unsigned)CPU_COUNT(&set);
}

/* Stops and joins the first `n` workers, then frees p. */
static void shut_down(struct simd_pool *p, unsigned n)
{
	atomic_store_explicit(&p->stop, 1, memory_order_release);
	publish(p);
	for (unsigned i = 0; i < n; i++)
		pthread_join(p->w[i].tid, NULL);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->go);
	pthread_mutex_destroy(&p->mu);
	free(p->w);
	free(p);
}

struct simd_pool *simd_pool_create(unsigned workers)
{
	struct simd_pool *p;
	sigset_t all, old;
	pthread_attr_t attr;
	unsigned n = 0;
	int rc = 0;

	/* Parts are counted in 16 bits. */
	if ((uint64_t)(workers + 1) * SIMD_POOL_PARTS_PER_THREAD > 0xffff) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof *p);
	if (!p || !(p->w = calloc(workers ? workers : 1, sizeof *p->w))) {
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	p->workers = workers;
	p->parts = (workers + 1) * SIMD_POOL_PARTS_PER_THREAD;
	p->spin = workers + 1 <= usable_cpus();
	atomic_init(&p->gen, 0);
	atomic_init(&p->claim, 0);
	atomic_init(&p->finished, 0);
	atomic_init(&p->stop, 0);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->go, NULL);
	pthread_cond_init(&p->done, NULL);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	/* Signals stay with the thread that created the pool. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (; n < workers; n++) {
		p->w[n].pool = p;
		p->w[n].index = n + 1;
		if ((rc = pthread_create(&p->w[n].tid, &attr, worker_main, &p->w[n])) != 0)
			break;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (rc) {
		shut_down(p, n);
		errno = rc;
		return NULL;
	}
	return p;
}

void simd_pool_run(struct simd_pool *p, simd_pool_fn *fn, void *arg)
{
	p->fn = fn;
	p->arg = arg;
	atomic_store_explicit(&p->finished, 0, memory_order_relaxed);
	if (!work(p, publish(p), 0))
		wait_finished(p);
}

void simd_pool_destroy(struct simd_pool *p)
{
	if (p)
		shut_down(p, p->workers);
}
