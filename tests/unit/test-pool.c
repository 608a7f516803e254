/*
 * The gemv thread pool of the SIMD plugins (plugins/simd/pool.c): every part
 * of every job runs exactly once, its writes are visible when simd_pool_run
 * returns, whatever the number of threads (more than the CPUs included).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "tap.h"

#define MAX_PARTS 4096

/* What each part saw: each thread writes only the entries of the parts it runs. */
struct job {
	unsigned runs[MAX_PARTS];    /* times each part ran in this job */
	unsigned parts[MAX_PARTS];   /* the part count it was given */
	unsigned thread[MAX_PARTS];  /* the thread it ran on */
};

static void count_part(void *arg, unsigned thread, unsigned part, unsigned parts)
{
	struct job *j = arg;

	if (part < MAX_PARTS) {
		j->runs[part]++;
		j->parts[part] = parts;
		j->thread[part] = thread;
	}
}

static void test_workers(unsigned workers, unsigned jobs)
{
	struct simd_pool *p = simd_pool_create(workers);
	unsigned want = (workers + 1) * SIMD_POOL_PARTS_PER_THREAD, bad_jobs = 0, bad_threads = 0;
	unsigned long by_workers = 0;
	struct job *j = calloc(1, sizeof *j);

	if (!ok(p != NULL, "a pool of %u threads starts", workers + 1)) {
		free(j);
		return;
	}
	for (unsigned n = 0; n < jobs; n++) {
		int bad = 0;
		memset(j, 0, sizeof *j);
		simd_pool_run(p, count_part, j);
		for (unsigned i = 0; i < MAX_PARTS; i++)
			bad |= j->runs[i] != (i < want) || (i < want && j->parts[i] != want);
		bad_jobs += bad;
		for (unsigned i = 0; i < want && i < MAX_PARTS; i++) {
			bad_threads += j->thread[i] > workers;
			by_workers += j->thread[i] != 0;
		}
	}
	if (!ok(bad_jobs == 0, "%u threads, %u jobs: every part of every job ran once, with the job's part count",
	        workers + 1, jobs))
		printf("#   %u jobs went wrong\n", bad_jobs);
	ok(bad_threads == 0, "%u threads: every part ran on a thread numbered 0 to %u", workers + 1, workers);
	/* Over thousands of jobs, workers that never got a part would mean the caller runs them all. */
	if (workers && jobs >= 5000)
		ok(by_workers > 0, "%u threads: the workers ran %lu of the parts", workers + 1, by_workers);
	simd_pool_destroy(p);
	free(j);
}

int main(void)
{
	test_workers(0, 100);
	test_workers(1, 20000);
	test_workers(2, 5000);
	test_workers(63, 300);
	simd_pool_destroy(NULL);
	ok(1, "destroying no pool is a no-op");
	errno = 0;
	ok(simd_pool_create(20000) == NULL && errno == EINVAL, "more parts than a job can count: refused");
	return tap_done();
}
