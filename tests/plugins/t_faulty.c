/*
 * Kernels that misbehave, each as the i2s dequantize of its own backend:
 * t_segv dereferences NULL, t_abort aborts, t_hang never returns, and t_wrong
 * returns output that differs from the reference.  Rude ones behave: t_print
 * prints to stdout and stderr, t_fds writes into every descriptor it may have
 * inherited, t_fork leaves a sleeping grandchild that holds its pipes.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "t_common.h"

static int run_segv(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	(void)state;
	(void)iterations;
	(void)elapsed_ns;
	raise(SIGSEGV);
	return BNB_OK;
}

static int run_abort(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	(void)state;
	(void)iterations;
	(void)elapsed_ns;
	abort();
}

static int run_hang(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	volatile int forever = 1;
	(void)state;
	(void)iterations;
	(void)elapsed_ns;
	while (forever)
		;
	return BNB_OK;
}

static int run_print(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	static int once;
	if (!once++) {
		printf("{\"not\": \"bnbench's output\"}\n");
		fprintf(stderr, "t_print was here\n");
	}
	return t_run(state, iterations, elapsed_ns);
}

static int run_fds(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	static int once;
	static const char junk[] = "t_fds junk\n";
	if (!once++)
		for (int fd = 0; fd < 1024; fd++)
			if (write(fd, junk, sizeof junk - 1) < 0)
				continue;
	return t_run(state, iterations, elapsed_ns);
}

static int run_fork(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	static int once;
	if (!once++ && fork() == 0) {
		sleep(1000);
		_exit(0);
	}
	return t_run(state, iterations, elapsed_ns);
}

/* Every element 1.0f: not what the reference computes. */
static int output_wrong(void *state, void *dst, size_t bytes)
{
	float one = 1.0f;
	(void)state;
	for (size_t i = 0; i + sizeof one <= bytes; i += sizeof one)
		memcpy((char *)dst + i, &one, sizeof one);
	return BNB_OK;
}

static int output_any(void *state, void *dst, size_t bytes)
{
	(void)state;
	memset(dst, 0, bytes);
	return BNB_OK;
}

#define FAULTY(name_, run_, output_)                                                       \
	static const struct bnb_kernel name_ = {                                           \
		.struct_size = sizeof(struct bnb_kernel), .op = "dequantize", .scheme = "i2s", \
		.backend = #name_, .setup = t_setup, .run = run_, .output = output_,          \
		.teardown = t_teardown,                                                    \
	}

FAULTY(t_segv, run_segv, output_any);
FAULTY(t_abort, run_abort, output_any);
FAULTY(t_hang, run_hang, output_any);
FAULTY(t_wrong, t_run, output_wrong);
FAULTY(t_print, run_print, output_any);
FAULTY(t_fds, run_fds, output_any);
FAULTY(t_fork, run_fork, output_any);

static const struct bnb_kernel *const kernels[] = { &t_segv, &t_abort, &t_hang, &t_wrong, &t_print, &t_fds,
	                                            &t_fork, NULL };
static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = "t_faulty", .version = "1", .kernels = kernels };

BNB_PLUGIN_REGISTER(plugin)
