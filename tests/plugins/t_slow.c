/*
 * A kernel made slower on purpose, to test the regression gate: the i2s
 * dequantize of backend t_slow, correct output, plus a parameter `slowdown`
 * (percent) of extra real work per call: it decodes that fraction of the
 * elements a second time into a scratch buffer, so a call costs about
 * (1 + slowdown) times as much.
 *
 * The parameter's default is read from T_SLOW_SLOWDOWN when the plugin loads:
 * a value set there leaves the case's parameters (part of its identity) empty,
 * so a run at 10% still matches a baseline made at 0%, as a slower commit would.
 * Built with -DT_SLOW_DEFAULT='"5%"' the default is that instead: two copies
 * built apart differ the way two builds of a commit would (A/B runs load both
 * into one process, where the environment cannot tell them apart).
 * -DT_SLOW_WRONG makes a copy whose output is wrong (fails verification), and
 * -DT_SLOW_FLAKY one that is 400% slower in the first process that sets it up
 * while the file $T_SLOW_FLAKY_FILE does not exist yet (it creates it), and
 * whose setup fails in every later process when T_SLOW_FLAKY_FAIL is set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bnbench/plugin.h>

struct slow_state {
	const uint8_t *w;
	uint64_t n, extra;
	float alpha;
	float *y, *scratch;
};

/* Decode elements [0, count) of the packed i2s buffer (bnbench-formats(7), I2S). */
__attribute__((noinline)) static void decode(const uint8_t *w, float alpha, float *y, uint64_t count)
{
	for (uint64_t i = 0; i < count; i++) {
		unsigned shift = 6 - 2 * (unsigned)(i % 128 / 32);
		y[i] = (float)((int)((w[i / 128 * 32 + i % 32] >> shift) & 3) - 1) * alpha;
	}
}

#ifdef T_SLOW_FLAKY
/* Slow in the first process only: the one that finds no flag file (and makes it). */
static int first_process(void)
{
	static int slow = -1;
	const char *flag = getenv("T_SLOW_FLAKY_FILE");

	if (slow < 0) {
		FILE *f = flag ? fopen(flag, "r") : NULL;
		slow = flag && !f;
		if (!f && flag)
			f = fopen(flag, "w");
		if (f)
			fclose(f);
	}
	return slow;
}
#endif

static int slow_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	struct slow_state *s = calloc(1, sizeof *s);
	double slowdown = 0;

	if (!s)
		return BNB_ENOMEM;
	if (bnb_host->param_double(c, "slowdown", &slowdown) != BNB_OK)
		slowdown = 0;
	s->w = in->packed;
	s->n = c->m * c->k;
#ifdef T_SLOW_FLAKY
	if (first_process())
		slowdown = 4;
	else if (getenv("T_SLOW_FLAKY_FAIL")) {
		free(s);
		bnb_host->error("set up in a later process (T_SLOW_FLAKY_FAIL)");
		return BNB_EINVAL;
	}
#endif
	s->extra = (uint64_t)(slowdown * (double)s->n + 0.5);
	memcpy(&s->alpha, s->w + s->n / 4, sizeof s->alpha);
	s->y = malloc(s->n * sizeof *s->y);
	s->scratch = malloc(s->n * sizeof *s->scratch);
	if (!s->y || !s->scratch) {
		free(s->y);
		free(s->scratch);
		free(s);
		return BNB_ENOMEM;
	}
	*state = s;
	return BNB_OK;
}

static int slow_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	struct slow_state *s = state;

	(void)elapsed_ns;
	for (uint64_t it = 0; it < iterations; it++) {
		decode(s->w, s->alpha, s->y, s->n);
		/* More than 100% decodes the whole buffer again, as often as needed. */
		for (uint64_t done = 0; done < s->extra; done += s->n)
			decode(s->w, s->alpha, s->scratch, s->extra - done < s->n ? s->extra - done : s->n);
		__asm__ volatile("" : : "r"(s->y), "r"(s->scratch) : "memory");
	}
	return BNB_OK;
}

static int slow_output(void *state, void *dst, size_t bytes)
{
	struct slow_state *s = state;

	memcpy(dst, s->y, bytes < s->n * sizeof *s->y ? bytes : s->n * sizeof *s->y);
#ifdef T_SLOW_WRONG
	((float *)dst)[0] += 1;
#endif
	return BNB_OK;
}

static void slow_teardown(void *state)
{
	struct slow_state *s = state;

	free(s->y);
	free(s->scratch);
	free(s);
}

#ifndef T_SLOW_DEFAULT
#define T_SLOW_DEFAULT "0%"
#endif
static char slowdown_default[32] = T_SLOW_DEFAULT;

static const struct bnb_param slowdown = {
	.struct_size = sizeof(struct bnb_param), .type = BNB_PARAM_PERCENT, .name = "slowdown",
	.default_value = slowdown_default, .min = 0, .max = 10,
	.help = "extra work per call, as a fraction of the decode (default: $T_SLOW_SLOWDOWN or 0%)",
};
static const struct bnb_param *const params[] = { &slowdown, NULL };

static const struct bnb_kernel deq = {
	.struct_size = sizeof(struct bnb_kernel), .op = "dequantize", .scheme = "i2s", .backend = "t_slow",
	.summary = "i2s dequantize with `slowdown` extra work", .params = params, .setup = slow_setup,
	.run = slow_run, .output = slow_output, .teardown = slow_teardown,
};
static const struct bnb_kernel *const kernels[] = { &deq, NULL };
static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = "t_slow", .version = "1", .kernels = kernels };

/* Runs at dlopen, before the entry point hands the parameter table to the harness. */
__attribute__((constructor)) static void read_default(void)
{
	const char *v = getenv("T_SLOW_SLOWDOWN");

	if (v && *v && strlen(v) < sizeof slowdown_default)
		memcpy(slowdown_default, v, strlen(v) + 1);
}

BNB_PLUGIN_REGISTER(plugin)
