/*
 * The cuda plugin (plugins/cuda), loaded from $BNB_PLUGINDIR with a mock host:
 *
 *  1. anywhere: it loads, its kernel table is complete, bad cases fail in
 *     setup with clear messages, and probe() either accepts a device or says
 *     "no CUDA device (<CUDA error name>: <text>)";
 *  2. anywhere: the per-thread functions of plugins/cuda/device.h, run on the
 *     host in the order the kernels run them, against the scalar references
 *     (i2s.so, tl1.so, tl2.so), bit for bit;
 *  3. with a GPU: every kernel against the references (dequantize and gemv bit
 *     for bit, quantize through the scheme's check_quantized), including the
 *     gemv worst cases, in every timing mode; the environment keys; plausible
 *     times for hot, cold and include_transfers, copy and launch.
 *
 * Without a GPU, part 3 is one skipped test, unless BNB_REQUIRE_GPU=1 makes it
 * a failure (scripts/gpu-check sets that when nvidia-smi sees a GPU).
 * BNB_CUDA_QUICK=1 leaves out the large GPU cases and the timing checks, for
 * runs under compute-sanitizer.
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <math.h>
#include <stdarg.h>
#include <time.h>

#include <bnbench/plugin.h>

#include "device.h"
#include "kernels.h"
#include "tap.h"

/* ---- mock host ------------------------------------------------------------ */

static char host_msg[1024];

static void host_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void host_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(host_msg, sizeof host_msg, fmt, ap);
	va_end(ap);
}

static void host_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void host_log(int level, const char *fmt, ...)
{
	va_list ap;
	(void)level;
	printf("# log: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static uint64_t host_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A case's parameters: case->priv; NULL means none given (the plugin's defaults). */
struct params {
	const char *mode;
	int transfers;
};

static int host_param_int(const struct bnb_case *c, const char *name, int64_t *out)
{
	const struct params *p = c->priv;
	if (!p || strcmp(name, "include_transfers") != 0)
		return BNB_ENOTFOUND;
	*out = p->transfers;
	return BNB_OK;
}

static int host_param_double(const struct bnb_case *c, const char *name, double *out)
{
	(void)c;
	(void)name;
	(void)out;
	return BNB_ENOTFOUND;
}

static int host_param_string(const struct bnb_case *c, const char *name, const char **out)
{
	const struct params *p = c->priv;
	if (!p || !p->mode || strcmp(name, "mode") != 0)
		return BNB_ENOTFOUND;
	*out = p->mode;
	return BNB_OK;
}

#define MAX_ENV 32
static struct {
	char key[64], value[256];
} env[MAX_ENV];
static int n_env;

static void host_env_set(const char *key, const char *value)
{
	int i;
	for (i = 0; i < n_env && strcmp(env[i].key, key) != 0; i++)
		;
	if (i == MAX_ENV)
		return;
	snprintf(env[i].key, sizeof env[i].key, "%s", key);
	snprintf(env[i].value, sizeof env[i].value, "%s", value);
	if (i == n_env)
		n_env++;
}

static const char *env_get(const char *key)
{
	for (int i = 0; i < n_env; i++)
		if (strcmp(env[i].key, key) == 0)
			return env[i].value;
	return NULL;
}

static const struct bnb_host host = {
	.abi_major = BNB_ABI_MAJOR, .abi_minor = BNB_ABI_MINOR,
	.struct_size = sizeof(struct bnb_host), .error = host_error, .log = host_log,
	.now_ns = host_now, .param_int = host_param_int, .param_double = host_param_double,
	.param_string = host_param_string, .env_set = host_env_set,
};

/* ---- plugins -------------------------------------------------------------- */

static void *cuda_handle;

static const struct bnb_plugin *load(const char *dir, const char *name, void **handle)
{
	char path[4096];
	const struct bnb_plugin *(*init)(const struct bnb_host *) = NULL;
	void *h, *sym;

	snprintf(path, sizeof path, "%s/%s.so", dir, name);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		printf("# %s\n", dlerror());
		return NULL;
	}
	if (handle)
		*handle = h;
	sym = dlsym(h, "bnb_plugin_init");
	if (!sym)
		return NULL;
	memcpy(&init, &sym, sizeof init);
	return init(&host);
}

static const struct bnb_kernel *find_kernel(const struct bnb_plugin *p, const char *op,
                                            const char *scheme)
{
	for (const struct bnb_kernel *const *k = p ? p->kernels : NULL; k && *k; k++)
		if (strcmp((*k)->op, op) == 0 &&
		    (scheme ? (*k)->scheme && strcmp((*k)->scheme, scheme) == 0 : !(*k)->scheme))
			return *k;
	return NULL;
}

static const struct bnb_param *find_param(const struct bnb_kernel *k, const char *name)
{
	for (const struct bnb_param *const *p = k->params; p && *p; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}

enum { Q, D, G };
#define OP_Q (1u << Q)
#define OP_D (1u << D)
#define OP_G (1u << G)
#define OP_ALL (OP_Q | OP_D | OP_G)
static const char *const op_names[] = { "quantize", "dequantize", "gemv" };

struct scheme {
	const char *name;
	enum cuda_scheme id;
	const struct bnb_scheme *s;
	const struct bnb_kernel *ref[3];    /* scalar quantize, dequantize, gemv */
	const struct bnb_kernel *cuda[3];
};

static struct scheme schemes[] = {
	{ "i2s", CUDA_I2S, NULL, { NULL }, { NULL } },
	{ "tl1", CUDA_TL1, NULL, { NULL }, { NULL } },
	{ "tl2", CUDA_TL2, NULL, { NULL }, { NULL } },
};
#define N_SCHEMES 3

static const struct bnb_plugin *cuda;

/* ---- data ----------------------------------------------------------------- */

/*
 * NORMAL: seeded normal values.  TIES: weights +-0.5 and +-1.5 in pairs whose
 * magnitudes sum to 2, so alpha is exactly 1 and every w/alpha is a rounding
 * tie; activations k + 0.5 with max |x| = 127, so s_a is exactly 1 and x * s_a
 * ties.  PLUS/MINUS: weights all +-1 and activations all +-0.75: every t is
 * +-1 and every q is +-127, the gemv worst case.  TINY: normal values times
 * 1e-6, below both floors (alpha and max |x| of 1e-5).  ZERO: all zero.
 */
enum dist { NORMAL, TIES, PLUS, MINUS, TINY, ZERO };
static const char *const dist_names[] = { "normal", "ties", "plus", "minus", "tiny", "zero" };

static uint64_t rng_state;

static uint64_t splitmix64(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static double unit(void)
{
	return ((double)(splitmix64() >> 11) + 0.5) / 9007199254740992.0;
}

static void fill(float *x, uint64_t n, enum dist d, int weights)
{
	for (uint64_t i = 0; i < n; i++) {
		double v;
		switch (d) {
		case NORMAL:
			v = sqrt(-2.0 * log(unit())) * cos(6.283185307179586 * unit());
			break;
		case TIES:
			if (weights)
				v = (i % 2 ? 2.0 - fabs((double)x[i - 1]) : (unit() < 0.5 ? 0.5 : 1.5)) *
				    (splitmix64() & 1 ? 1.0 : -1.0);
			else
				v = i == 0 ? 127.0 : (double)(splitmix64() % 254) - 126.5;
			break;
		case PLUS: v = weights ? 1.0 : 0.75; break;
		case MINUS: v = weights ? -1.0 : -0.75; break;
		case TINY: v = 1e-6 * sqrt(-2.0 * log(unit())) * cos(6.283185307179586 * unit()); break;
		default: v = 0.0; break;
		}
		x[i] = (float)v;
	}
}

static void *xalloc(size_t n)
{
	size_t len = (n + 63) / 64 * 64 + 64;
	void *p = aligned_alloc(64, len);
	if (!p) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	memset(p, 0xa5, len);  /* what a kernel forgets to write shows */
	return p;
}

/* ---- running kernels ------------------------------------------------------ */

struct io {
	uint64_t m, k;
	const float *x;
	size_t x_count;
	const uint8_t *packed;
	size_t packed_bytes;
};

/* setup, run, output (when out), teardown; a status, with host_msg set. */
static int run_kernel(const struct bnb_kernel *k, const struct io *io, const struct params *prm,
                      void *out, size_t out_bytes, uint64_t iterations, uint64_t *ns)
{
	struct bnb_case c = { .struct_size = sizeof c, .op = k->op, .scheme = k->scheme,
	                      .m = io->m, .k = io->k, .priv = prm };
	struct bnb_inputs in = { .struct_size = sizeof in, .x = io->x, .x_count = io->x_count,
	                         .packed = io->packed, .packed_bytes = io->packed_bytes };
	void *state = NULL;
	uint64_t elapsed = 0;
	int st;

	host_msg[0] = '\0';
	st = k->setup(&c, &in, &state);
	if (st != BNB_OK)
		return st;
	st = k->run(state, iterations, &elapsed);
	if (st == BNB_OK && out)
		st = k->output(state, out, out_bytes);
	k->teardown(state);
	if (ns)
		*ns = elapsed;
	return st;
}

static void diag_bytes(const uint8_t *got, const uint8_t *want, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (got[i] != want[i]) {
			printf("#   first difference at byte %zu: got 0x%02x, want 0x%02x\n", i, got[i],
			       want[i]);
			return;
		}
}

static void diag_floats(const float *got, const float *want, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t g, w;
		memcpy(&g, got + i, 4);
		memcpy(&w, want + i, 4);
		if (g != w) {
			printf("#   first difference at index %zu: got %.9g (0x%08x), want %.9g (0x%08x)\n",
			       i, (double)got[i], (unsigned)g, (double)want[i], (unsigned)w);
			return;
		}
	}
}

/* ---- the kernels' work on the host (device.h), in the kernels' order ------ */

static uint64_t row_bytes(enum cuda_scheme s, uint64_t k)
{
	return s == CUDA_TL2 ? cuda_tl2_row_bytes(k) : k / 4;
}

static uint64_t items(enum cuda_scheme s, uint64_t m, uint64_t k)
{
	return s == CUDA_TL2 ? m * cuda_tl2_row_items(k) : m * k / 16;
}

static float tail_alpha(enum cuda_scheme s, const uint8_t *packed, uint64_t m, uint64_t k)
{
	uint32_t bits = cuda_load_u32(packed + m * row_bytes(s, k));
	float a;
	memcpy(&a, &bits, sizeof a);
	return a;
}

/* The |w| sum in index order here (the kernel's order differs; the format leaves it free). */
static void emu_quantize(enum cuda_scheme s, const float *w, uint64_t m, uint64_t k, uint8_t *out)
{
	double sum = 0.0;
	float alpha;

	for (uint64_t i = 0; i < m * k; i++)
		sum += fabs((double)w[i]);
	alpha = cuda_alpha_from_sum(sum, m * k);
	for (uint64_t it = 0; it < items(s, m, k); it++) {
		if (s == CUDA_I2S)
			cuda_i2s_quant_word(w, out, it, alpha);
		else if (s == CUDA_TL1)
			cuda_tl1_quant_word(w, out, it, alpha);
		else
			cuda_tl2_quant_item(w, out, k, it, alpha);
	}
	cuda_write_tail(out + m * row_bytes(s, k), alpha);
}

static void emu_dequantize(enum cuda_scheme s, const uint8_t *packed, uint64_t m, uint64_t k, float *y)
{
	float alpha = tail_alpha(s, packed, m, k);

	for (uint64_t it = 0; it < items(s, m, k); it++) {
		if (s == CUDA_I2S)
			cuda_i2s_dequant_word(packed, y, it, alpha);
		else if (s == CUDA_TL1)
			cuda_tl1_dequant_word(packed, y, it, alpha);
		else
			cuda_tl2_dequant_item(packed, y, k, it, alpha);
	}
}

/* act_kernel, then per table tile: every thread builds, then every warp's 32 lanes look up. */
static void emu_gemv(enum cuda_scheme s, const uint8_t *packed, const float *x, uint64_t m, uint64_t k,
                     float *y)
{
	int8_t *q = xalloc(k);
	int32_t *acc = calloc(m, sizeof *acc);
	int32_t *lut = calloc(CUDA_LUT_ROWS * CUDA_LUT_TILE, sizeof *lut);
	int32_t lut2[CUDA_LUT_ROWS * 32] = { 0 };
	uint64_t rb = row_bytes(s, k);
	uint32_t kk = (uint32_t)k, tiles;
	float amax = 0.0f, s_a, alpha = tail_alpha(s, packed, m, k);
	int32_t q_sum = 0;

	if (!acc || !lut) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	for (uint64_t i = 0; i < k; i++) {
		float a = fabsf(x[i]);
		if (a > amax)
			amax = a;
	}
	s_a = cuda_act_scale(amax);
	for (uint64_t i = 0; i < k; i++) {
		q[i] = cuda_act_quant1(x[i], s_a);
		q_sum += q[i];
	}
	switch (s) {
	case CUDA_I2S:
		for (uint64_t r = 0; r < m; r++) {
			for (uint32_t lane = 0; lane < 32; lane++)
				acc[r] += cuda_i2s_gemv_lane(packed + r * rb, q, kk, lane, 32);
			acc[r] -= q_sum;
		}
		break;
	case CUDA_TL1:
		tiles = (kk / 2 + CUDA_LUT_TILE - 1) / CUDA_LUT_TILE;
		for (uint32_t t = 0; t < tiles; t++) {
			for (uint32_t tid = 0; tid < CUDA_LUT_TILE; tid++)
				cuda_tl1_lut_build(lut, q, kk, t, tid);
			for (uint64_t r = 0; r < m; r++)
				for (uint32_t lane = 0; lane < 32; lane++)
					acc[r] += cuda_tl1_gemv_lane(packed + r * rb, lut, kk, t, lane);
		}
		break;
	case CUDA_TL2:
		for (uint32_t tid = 0; tid < CUDA_LUT_TILE; tid++)
			cuda_tl2_pair_lut_build(lut2, q, kk, tid);
		tiles = ((uint32_t)cuda_tl2_three_k(kk) / 3 + CUDA_LUT_TILE - 1) / CUDA_LUT_TILE;
		for (uint32_t t = 0; t < tiles; t++) {
			for (uint32_t tid = 0; tid < CUDA_LUT_TILE; tid++)
				cuda_tl2_lut_build(lut, q, kk, t, tid);
			for (uint64_t r = 0; r < m; r++)
				for (uint32_t lane = 0; lane < 32; lane++)
					acc[r] += cuda_tl2_gemv_lane(packed + r * rb, lut, kk, t, lane);
		}
		for (uint64_t r = 0; r < m; r++)
			for (uint32_t lane = 0; lane < 32; lane++)
				acc[r] += cuda_tl2_pair_lane(packed + r * rb, lut2, kk, lane);
		break;
	}
	for (uint64_t r = 0; r < m; r++)
		y[r] = cuda_gemv_out(acc[r], s_a, alpha);
	free(q);
	free(acc);
	free(lut);
}

/* ---- cases ---------------------------------------------------------------- */

/*
 * K covers TL2's two_k remainders 32 (128, 1664), 64 (256, 2560, 4096) and 0
 * (384, 6912, 98304), partial table tiles (1664, 6912), M that is not a
 * multiple of a block's rows (5, 17, 19, 37, 100); the worst cases are
 * K = 16384 with all t = +-1 and all q = +-127.
 */
struct tcase {
	uint64_t m, k;
	enum dist w, x;
	unsigned ops;
};

static const struct tcase cases[] = {
	{ 1, 128, NORMAL, NORMAL, OP_ALL },     { 3, 256, NORMAL, NORMAL, OP_ALL },
	{ 17, 384, TIES, TIES, OP_ALL },        { 3, 1024, TIES, TIES, OP_ALL },
	{ 1, 4096, NORMAL, NORMAL, OP_ALL },    { 37, 4096, NORMAL, NORMAL, OP_ALL },
	{ 19, 1664, NORMAL, NORMAL, OP_ALL },   { 50, 6912, NORMAL, NORMAL, OP_ALL },
	{ 100, 2560, NORMAL, NORMAL, OP_ALL },  { 1, 98304, NORMAL, NORMAL, OP_Q | OP_D },
	{ 1, 1048832, NORMAL, NORMAL, OP_Q | OP_D },
	{ 64, 16384, PLUS, PLUS, OP_G },        { 64, 16384, MINUS, PLUS, OP_G },
	{ 64, 16384, PLUS, MINUS, OP_G },       { 5, 1152, TINY, TINY, OP_ALL },
	{ 3, 256, ZERO, ZERO, OP_ALL },         { 17, 640, NORMAL, ZERO, OP_G },
	{ 17, 640, NORMAL, TINY, OP_G },
};

/* On the GPU only: many blocks in the |w| sum, and the BitNet b1.58 2B4T shapes. */
static const struct tcase gpu_cases[] = {
	{ 1, 1u << 24, NORMAL, NORMAL, OP_Q | OP_D }, { 2560, 2560, NORMAL, NORMAL, OP_G },
	{ 640, 2560, NORMAL, NORMAL, OP_G },          { 6912, 2560, NORMAL, NORMAL, OP_G },
	{ 2560, 6912, NORMAL, NORMAL, OP_G },         { 2048, 2048, NORMAL, NORMAL, OP_G },
};

/* Timing modes the GPU cases cycle through: every mode must give the same output. */
static const struct params modes[] = {
	{ "hot", 0 }, { "cold", 0 }, { "hot", 1 }, { "cold", 1 },
};

/*
 * One case for one scheme: the reference quantize makes the packed weights;
 * each op of tc->ops is checked against its reference, by the host emulation
 * (`emulate`) and on the GPU (`gpu`, with the timing mode `prm`).
 */
static void test_case(const struct scheme *sc, const struct tcase *tc, int emulate, int gpu,
                      const struct params *prm)
{
	uint64_t mk = tc->m * tc->k;
	size_t buf_bytes = sc->s->buffer_bytes(tc->m, tc->k);
	float *w = xalloc(mk * sizeof(float)), *x = xalloc(tc->k * sizeof(float));
	uint8_t *packed = xalloc(buf_bytes), *got_q = xalloc(buf_bytes);
	float *want = xalloc(mk * sizeof(float)), *got = xalloc(mk * sizeof(float));
	struct io io = { tc->m, tc->k, w, mk, NULL, 0 };
	char name[160];
	int st;

	rng_state = tc->m * 1000003u + tc->k;
	fill(w, mk, tc->w, 1);
	fill(x, tc->k, tc->x, 0);
	snprintf(name, sizeof name, "m=%llu k=%llu w %s x %s", (unsigned long long)tc->m,
	         (unsigned long long)tc->k, dist_names[tc->w], dist_names[tc->x]);
	if ((st = run_kernel(sc->ref[Q], &io, NULL, packed, buf_bytes, 1, NULL))) {
		ok(0, "%s: reference quantize: %s", name, host_msg);
		goto out;
	}
	for (int op = Q; op <= G; op++) {
		size_t out_bytes = op == Q ? buf_bytes : (op == D ? mk : tc->m) * sizeof(float);
		struct io oi = { tc->m, tc->k, op == D ? NULL : op == Q ? w : x,
		                 op == Q ? mk : op == G ? tc->k : 0, op == Q ? NULL : packed,
		                 op == Q ? 0 : buf_bytes };

		if (!(tc->ops & (1u << op)))
			continue;
		if (op != Q && (st = run_kernel(sc->ref[op], &oi, NULL, want, out_bytes, 1, NULL))) {
			ok(0, "%s: reference %s: %s", name, op_names[op], host_msg);
			continue;
		}
		if (emulate) {
			if (op == Q) {
				emu_quantize(sc->id, w, tc->m, tc->k, got_q);
				if (!ok(memcmp(got_q, packed, buf_bytes) == 0, "emulated %s quantize %s",
				        sc->name, name))
					diag_bytes(got_q, packed, buf_bytes);
			} else {
				if (op == D)
					emu_dequantize(sc->id, packed, tc->m, tc->k, got);
				else
					emu_gemv(sc->id, packed, x, tc->m, tc->k, got);
				if (!ok(memcmp(got, want, out_bytes) == 0, "emulated %s %s %s", sc->name,
				        op_names[op], name))
					diag_floats(got, want, out_bytes / sizeof(float));
			}
		}
		if (!gpu)
			continue;
		/* Two iterations: the kernel must leave its state fit to run again. */
		st = run_kernel(sc->cuda[op], &oi, prm, op == Q ? (void *)got_q : (void *)got, out_bytes, 2,
		                NULL);
		if (st != BNB_OK) {
			ok(0, "cuda %s %s %s (mode %s%s)", sc->name, op_names[op], name, prm->mode,
			   prm->transfers ? ", transfers" : "");
			printf("#   %s: %s\n", bnb_status_name(st), host_msg);
		} else if (op == Q) {
			struct bnb_quant_check res = { .struct_size = sizeof res };
			host_msg[0] = '\0';
			st = sc->s->check_quantized(w, tc->m, tc->k, packed, got_q, &res);
			ok(st == BNB_OK, "cuda %s quantize %s (mode %s%s)", sc->name, name, prm->mode,
			   prm->transfers ? ", transfers" : "");
			if (st != BNB_OK)
				printf("#   %s\n", host_msg);
			else if (memcmp(got_q, packed, buf_bytes) != 0)
				printf("#   not byte-identical: %llu of %llu boundary elements differ\n",
				       (unsigned long long)res.boundary_diffs,
				       (unsigned long long)res.boundary_elems);
		} else if (!ok(memcmp(got, want, out_bytes) == 0, "cuda %s %s %s (mode %s%s)", sc->name,
		               op_names[op], name, prm->mode, prm->transfers ? ", transfers" : "")) {
			diag_floats(got, want, out_bytes / sizeof(float));
		}
	}
out:
	free(w);
	free(x);
	free(packed);
	free(got_q);
	free(want);
	free(got);
}

/* ---- part 1: the plugin without a device --------------------------------- */

static void test_table(void)
{
	int n = 0;

	is_str(cuda->name, "cuda", "plugin name");
	ok(cuda->probe != NULL, "plugin has a probe");
	ok(cuda->schemes == NULL, "plugin defines no scheme");
	ok(dlsym(cuda_handle, "cuda_launch_gemv") == NULL, "only the entry point is exported");
	for (const struct bnb_kernel *const *k = cuda->kernels; k && *k; k++)
		n++;
	is_int(n, 11, "11 kernels: 3 ops x 3 schemes, copy, launch");
	for (int i = 0; i < N_SCHEMES; i++) {
		for (int op = Q; op <= G; op++) {
			const struct bnb_kernel *k = schemes[i].cuda[op];
			const struct bnb_param *mode = k ? find_param(k, "mode") : NULL;
			const struct bnb_param *tr = k ? find_param(k, "include_transfers") : NULL;
			ok(k && strcmp(k->backend, "cuda") == 0 && (k->flags & BNB_KERNEL_SELF_TIMED) &&
			   k->output && k->setup && k->run && k->teardown && mode &&
			   mode->type == BNB_PARAM_ENUM && strcmp(mode->default_value, "hot") == 0 &&
			   strcmp(mode->choices, "hot|cold") == 0 && tr && tr->type == BNB_PARAM_BOOL &&
			   strcmp(tr->default_value, "false") == 0,
			   "kernel %s %s: self-timed, mode and include_transfers", op_names[op],
			   schemes[i].name);
		}
	}
	for (int i = 0; i < 2; i++) {
		const char *op = i ? "launch" : "copy";
		const struct bnb_kernel *k = find_kernel(cuda, op, NULL);
		ok(k && !k->output && (k->flags & BNB_KERNEL_SELF_TIMED) && find_param(k, "mode") &&
		   !find_param(k, "include_transfers"),
		   "kernel %s: no scheme, no output, self-timed, mode", op);
	}
}

/* Setup refuses bad cases before it needs a device. */
static void test_bad_cases(void)
{
	static float wbuf[256];
	static const uint8_t dummy[1];
	const struct scheme *sc = &schemes[0];
	struct io io = { 1, 100, wbuf, 100, NULL, 0 };
	struct params warm = { "warm", 0 };
	uint64_t big = (uint64_t)CUDA_GEMV_MAX_K * 2;
	int st;

	st = run_kernel(sc->cuda[Q], &io, NULL, NULL, 0, 1, NULL);
	ok(st == BNB_EINVAL && strstr(host_msg, "not a multiple of 128"), "k = 100 is refused");
	printf("#   %s\n", host_msg);

	/* Never read: the size check fails first. */
	io = (struct io){ 1, big, wbuf, big, dummy, sc->s->buffer_bytes(1, big) };
	st = run_kernel(sc->cuda[G], &io, NULL, NULL, 0, 1, NULL);
	ok(st == BNB_EINVAL && strstr(host_msg, "int32"), "gemv k above the int32-safe limit is refused");
	printf("#   %s\n", host_msg);

	io = (struct io){ 1, 256, wbuf, 256, NULL, 0 };
	st = run_kernel(sc->cuda[Q], &io, &warm, NULL, 0, 1, NULL);
	is_str(st == BNB_EINVAL ? host_msg : "", "mode 'warm' is neither hot nor cold",
	       "an unknown mode is refused");
}

/* ---- part 3: timing on the device ---------------------------------------- */

static void test_env(void)
{
	static const char *const keys[] = { "gpu.name", "gpu.compute_capability", "gpu.driver_version",
	                                    "gpu.runtime_version", "gpu.sm_clock_mhz",
	                                    "gpu.mem_clock_mhz", "gpu.l2_bytes" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *v = env_get(keys[i]);
		ok(v && *v, "environment has %s", keys[i]);
		printf("#   %s = %s\n", keys[i], v ? v : "(unset)");
	}
}

/* Mean ns per iteration of `iterations` runs; 0 on failure (reported). */
static double time_kernel(const struct bnb_kernel *k, const struct io *io, const struct params *prm,
                          uint64_t iterations, const char *what)
{
	uint64_t ns = 0;
	int st = run_kernel(k, io, prm, NULL, 0, iterations, &ns);

	if (st != BNB_OK) {
		ok(0, "%s runs", what);
		printf("#   %s: %s\n", bnb_status_name(st), host_msg);
		return 0.0;
	}
	printf("#   %s: %.1f us per iteration\n", what, (double)ns / (double)iterations / 1e3);
	return (double)ns / (double)iterations;
}

static void test_timing(void)
{
	const struct scheme *sc = &schemes[0];
	uint64_t n = 1u << 24, copy_bytes = 64u << 20;
	size_t buf_bytes = sc->s->buffer_bytes(1, n);
	float *w = xalloc(n * sizeof(float));
	uint8_t *packed = xalloc(buf_bytes);
	struct io io = { 1, n, w, n, NULL, 0 };
	static const struct params hot = { "hot", 0 }, cold = { "cold", 0 };
	static const struct params hot_tr = { "hot", 1 }, cold_tr = { "cold", 1 };
	double t_hot, t_cold, t_hot_tr, t_cold_tr, t;

	rng_state = 7;
	fill(w, n, NORMAL, 1);
	if (run_kernel(sc->ref[Q], &io, NULL, packed, buf_bytes, 1, NULL)) {
		ok(0, "reference quantize for the timing checks: %s", host_msg);
		goto out;
	}
	io = (struct io){ 1, n, NULL, 0, packed, buf_bytes };
	t_hot = time_kernel(sc->cuda[D], &io, &hot, 5, "i2s dequantize 16M, hot");
	t_cold = time_kernel(sc->cuda[D], &io, &cold, 5, "i2s dequantize 16M, cold");
	t_hot_tr = time_kernel(sc->cuda[D], &io, &hot_tr, 3, "i2s dequantize 16M, hot, transfers");
	t_cold_tr = time_kernel(sc->cuda[D], &io, &cold_tr, 3, "i2s dequantize 16M, cold, transfers");
	/* 68 MB of traffic: between 1 us (68 TB/s) and 100 ms (0.7 GB/s). */
	ok(t_hot > 1e3 && t_hot < 1e8, "hot time is plausible");
	ok(t_cold > 1e3 && t_cold < 1e8, "cold time is plausible");
	/* Moving 64 MB over PCIe or NVLink takes far longer than the kernel. */
	ok(t_hot_tr > t_hot && t_hot_tr < 1e9, "include_transfers adds the copies (hot)");
	ok(t_cold_tr > t_cold && t_cold_tr < 1e9, "include_transfers adds the copies (cold)");

	io = (struct io){ 1, copy_bytes, NULL, 0, NULL, 0 };
	t = time_kernel(find_kernel(cuda, "copy", NULL), &io, &hot, 10, "copy 64 MiB, hot");
	ok(t > 0 && 2.0 * (double)copy_bytes / t > 10.0 && 2.0 * (double)copy_bytes / t < 50000.0,
	   "copy bandwidth is between 10 GB/s and 50 TB/s");
	t = time_kernel(find_kernel(cuda, "copy", NULL), &io, &cold, 5, "copy 64 MiB, cold");
	ok(t > 0, "cold copy runs");
	io = (struct io){ 1, 1, NULL, 0, NULL, 0 };
	t = time_kernel(find_kernel(cuda, "launch", NULL), &io, &hot, 1000, "empty launch, hot");
	ok(t > 100.0 && t < 1e6, "launch overhead is between 100 ns and 1 ms");
	t = time_kernel(find_kernel(cuda, "launch", NULL), &io, &cold, 100, "empty launch, cold");
	ok(t > 0 && t < 1e6, "cold launch runs");
out:
	free(w);
	free(packed);
}

int main(void)
{
	const char *dir = getenv("BNB_PLUGINDIR"), *require = getenv("BNB_REQUIRE_GPU");
	const char *quick_env = getenv("BNB_CUDA_QUICK");
	int quick = quick_env && strcmp(quick_env, "1") == 0;
	static float w128[128];
	char why[1024];
	int need_gpu = require && strcmp(require, "1") == 0, have_gpu, st;

	if (!dir || !*dir)
		tap_skip_all("BNB_PLUGINDIR is not set");
	cuda = load(dir, "cuda", &cuda_handle);
	if (!ok(cuda != NULL, "cuda.so loads (no CUDA call before probe)"))
		return tap_done();
	for (int i = 0; i < N_SCHEMES; i++) {
		struct scheme *sc = &schemes[i];
		const struct bnb_plugin *p = load(dir, sc->name, NULL);
		sc->s = p && p->schemes ? p->schemes[0] : NULL;
		for (int op = Q; op <= G; op++) {
			sc->ref[op] = find_kernel(p, op_names[op], sc->name);
			sc->cuda[op] = find_kernel(cuda, op_names[op], sc->name);
		}
		if (!ok(sc->s && sc->ref[Q] && sc->ref[D] && sc->ref[G] && sc->cuda[Q] && sc->cuda[D] &&
		        sc->cuda[G], "%s: reference plugin and cuda kernels found", sc->name))
			return tap_done();
	}
	test_table();
	test_bad_cases();

	host_msg[0] = '\0';
	st = cuda->probe();
	snprintf(why, sizeof why, "%s", host_msg);
	have_gpu = st == BNB_OK;
	if (!have_gpu) {
		/* "no CUDA device (cudaErrorNoDevice: ...)", or a device too old for this build. */
		ok(st == BNB_EUNSUPPORTED &&
		   (strncmp(why, "no CUDA device (cuda", 20) == 0 || strstr(why, "compute capability")),
		   "probe: unsupported, with the reason");
		printf("#   %s\n", why);
		/* Setup says the same: nothing runs without the device. */
		struct io io = { 1, 128, w128, 128, NULL, 0 };
		st = run_kernel(schemes[0].cuda[Q], &io, NULL, NULL, 0, 1, NULL);
		is_str(st == BNB_EUNSUPPORTED ? host_msg : "", why, "setup without a device is unsupported");
	} else {
		ok(1, "probe: a usable CUDA device");
	}

	/* Part 2: the device code's arithmetic and layout, on the host. */
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
		for (int i = 0; i < N_SCHEMES; i++)
			test_case(&schemes[i], &cases[c], 1, 0, NULL);

	/* Part 3. */
	if (!have_gpu) {
		if (need_gpu)
			ok(0, "kernels on the GPU: BNB_REQUIRE_GPU=1 but probe says: %s", why);
		else
			printf("ok %d - kernels on the GPU # SKIP no usable CUDA device\n", ++tap_n);
		return tap_done();
	}
	test_env();
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
		for (int i = 0; i < N_SCHEMES; i++)
			test_case(&schemes[i], &cases[c], 0, 1, &modes[(c + (size_t)i) % 4]);
	if (quick) {
		printf("ok %d - large cases and timing # SKIP BNB_CUDA_QUICK=1\n", ++tap_n);
		return tap_done();
	}
	for (size_t c = 0; c < sizeof gpu_cases / sizeof gpu_cases[0]; c++)
		for (int i = 0; i < N_SCHEMES; i++)
			test_case(&schemes[i], &gpu_cases[c], 0, 1, &modes[(c + (size_t)i) % 2]);
	test_timing();
	return tap_done();
}
