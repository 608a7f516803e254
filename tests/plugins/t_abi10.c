/*
 * A plugin built against the ABI 1.0 header (tests/abi-1.0, first on its
 * include path): its structs end where 1.0 ended, without data or work.  A
 * 1.1 bnbench must list it as abi 1.0, run its i2s dequantize kernel and
 * verify it against the reference.
 */
#include <stdlib.h>
#include <string.h>

#include <bnbench/plugin.h>

#if BNB_ABI_MINOR != 0
#error "t_abi10 must be built against the ABI 1.0 header"
#endif

struct st {
	const uint8_t *w;
	uint64_t n;
	float *y;
};

static int setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	struct st *s = calloc(1, sizeof *s);

	if (!s || !(s->y = malloc(c->m * c->k * sizeof(float)))) {
		free(s);
		return BNB_ENOMEM;
	}
	s->w = in->packed;
	s->n = c->m * c->k;
	*state = s;
	return BNB_OK;
}

/* I2S: blocks of 128 codes t+1, byte p of a block holding p, p+32, p+64, p+96. */
static int run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	struct st *s = state;
	float alpha;

	(void)elapsed_ns;
	memcpy(&alpha, s->w + s->n / 4, sizeof alpha);
	for (uint64_t it = 0; it < iterations; it++)
		for (uint64_t i = 0; i < s->n; i++) {
			unsigned shift = 6 - 2 * (unsigned)(i % 128 / 32);
			int code = s->w[i / 128 * 32 + i % 32] >> shift & 3;
			s->y[i] = (float)(code - 1) * alpha;
		}
	return BNB_OK;
}

static int output(void *state, void *dst, size_t dst_bytes)
{
	struct st *s = state;

	if (dst_bytes != s->n * sizeof(float))
		return BNB_EINVAL;
	memcpy(dst, s->y, dst_bytes);
	return BNB_OK;
}

static void teardown(void *state)
{
	struct st *s = state;

	if (s)
		free(s->y);
	free(s);
}

static const struct bnb_kernel dequantize = {
	.struct_size = sizeof(struct bnb_kernel), .op = "dequantize", .scheme = "i2s",
	.backend = "t_abi10", .summary = "i2s dequantize built against abi 1.0",
	.setup = setup, .run = run, .output = output, .teardown = teardown,
};
static const struct bnb_kernel *const kernels[] = { &dequantize, NULL };

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = "t_abi10",
	.version = "1.0",
	.summary = "a plugin built against the abi 1.0 header",
	.kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
