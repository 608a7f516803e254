/* Shared pieces of the test-only plugins: a kernel that does as little as possible. */
#ifndef BNB_T_COMMON_H
#define BNB_T_COMMON_H

#include <stdlib.h>
#include <string.h>

#include <bnbench/plugin.h>

struct t_state {
	uint64_t m, k;
	const struct bnb_inputs *in;
};

__attribute__((unused)) static int t_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	struct t_state *s = calloc(1, sizeof *s);
	if (!s)
		return BNB_ENOMEM;
	s->m = c->m;
	s->k = c->k;
	s->in = in;
	*state = s;
	return BNB_OK;
}

__attribute__((unused)) static int t_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	(void)elapsed_ns;
	for (uint64_t i = 0; i < iterations; i++)
		__asm__ volatile("" : : "r"(state) : "memory");
	return BNB_OK;
}

__attribute__((unused)) static void t_teardown(void *state)
{
	free(state);
}

#define T_KERNEL(op_, scheme_, backend_)                                         \
	{ .struct_size = sizeof(struct bnb_kernel), .op = op_, .scheme = scheme_, \
	  .backend = backend_, .setup = t_setup, .run = t_run, .teardown = t_teardown }

#endif
