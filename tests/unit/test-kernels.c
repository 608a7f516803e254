/*
 * Every kernel of a standard op (quantize, dequantize, gemv) in every plugin
 * of $BNB_PLUGINDIR, other than the scalar references themselves, against its
 * scheme's scalar reference on the same inputs (bnbench-formats(7), VERIFICATION):
 * dequantize and gemv bit-identical, quantize through the scheme's
 * check_quantized.  Kernels needing CPU features this machine lacks, and those
 * of a plugin whose probe() refuses (no device), are skipped.  No kernel,
 * plugin or scheme is named here.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <dlfcn.h>
#include <math.h>
#include <stdarg.h>
#include <time.h>

#include <bnbench/plugin.h>

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
	(void)level;
	(void)fmt;
}

static uint64_t host_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Parameters take their defaults: case->priv is the kernel. */
static const char *param_default(const struct bnb_case *c, const char *name)
{
	const struct bnb_kernel *k = c->priv;
	for (const struct bnb_param *const *p = k->params; p && *p; p++)
		if (strcmp((*p)->name, name) == 0)
			return (*p)->default_value;
	return NULL;
}

static int host_param_int(const struct bnb_case *c, const char *name, int64_t *out)
{
	static const struct { const char *suffix; int64_t mul; } units[] = {
		{ "", 1 }, { "K", 1 << 10 }, { "M", 1 << 20 }, { "G", 1 << 30 }, { "ns", 1 },
		{ "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
	};
	const char *v = param_default(c, name);
	char *end;
	if (!v)
		return BNB_ENOTFOUND;
	if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) {
		*out = v[0] == 't';
		return BNB_OK;
	}
	long long n = strtoll(v, &end, 10);
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(end, units[i].suffix) == 0) {
			*out = n * units[i].mul;
			return BNB_OK;
		}
	}
	return BNB_EINVAL;
}

static int host_param_double(const struct bnb_case *c, const char *name, double *out)
{
	const char *v = param_default(c, name);
	char *end;
	if (!v)
		return BNB_ENOTFOUND;
	*out = strtod(v, &end);
	if (*end == '%')
		*out /= 100.0;
	return BNB_OK;
}

static int host_param_string(const struct bnb_case *c, const char *name, const char **out)
{
	*out = param_default(c, name);
	return *out ? BNB_OK : BNB_ENOTFOUND;
}

static void host_env_set(const char *key, const char *value)
{
	(void)key;
	(void)value;
}

static const struct bnb_host host = {
	.abi_major = BNB_ABI_MAJOR, .abi_minor = BNB_ABI_MINOR,
	.struct_size = sizeof(struct bnb_host), .error = host_error, .log = host_log,
	.now_ns = host_now, .param_int = host_param_int, .param_double = host_param_double,
	.param_string = host_param_string, .env_set = host_env_set,
};

/* ---- CPU features ------------------------------------------------------- */

/* Names of the features in `need` this CPU lacks, space-separated; "" when none. */
static void missing_features(uint64_t need, char *buf, size_t len)
{
#if defined(__x86_64__) || defined(__i386__)
#define FEAT(bit, name) { bit, name, __builtin_cpu_supports(name) }
	__builtin_cpu_init();
	const struct { uint64_t bit; const char *name; int have; } feats[] = {
		FEAT(BNB_FEAT_SSE2, "sse2"), FEAT(BNB_FEAT_SSSE3, "ssse3"),
		FEAT(BNB_FEAT_SSE41, "sse4.1"), FEAT(BNB_FEAT_SSE42, "sse4.2"),
		FEAT(BNB_FEAT_POPCNT, "popcnt"), FEAT(BNB_FEAT_AVX, "avx"),
		FEAT(BNB_FEAT_AVX2, "avx2"), FEAT(BNB_FEAT_FMA, "fma"),
		FEAT(BNB_FEAT_F16C, "f16c"), FEAT(BNB_FEAT_BMI2, "bmi2"),
		FEAT(BNB_FEAT_AVX512F, "avx512f"), FEAT(BNB_FEAT_AVX512BW, "avx512bw"),
		FEAT(BNB_FEAT_AVX512VL, "avx512vl"), FEAT(BNB_FEAT_AVX512DQ, "avx512dq"),
		FEAT(BNB_FEAT_AVX512VNNI, "avx512vnni"), FEAT(BNB_FEAT_AVX512VBMI, "avx512vbmi"),
		FEAT(BNB_FEAT_AVXVNNI, "avxvnni"),
	};
#undef FEAT
	size_t n = sizeof feats / sizeof feats[0];
#else
	const struct { uint64_t bit; const char *name; int have; } feats[1] = { { 0, "", 0 } };
	size_t n = 0;
#endif
	uint64_t known = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		known |= feats[i].bit;
		if ((need & feats[i].bit) && !feats[i].have)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? " " : "",
			         feats[i].name);
	}
	if (need & ~known)
		snprintf(buf + strlen(buf), len - strlen(buf), "%sfeature bits 0x%" PRIx64,
		         buf[0] ? " " : "", need & ~known);
}

/* ---- input data (bnbench-formats(7), INPUT DATA, plus exact ties and worst cases) ---- */

enum dist { NORMAL, UNIFORM, LAPLACE, RAMP, TIES, PLUS, MINUS, ZERO };
static const char *const dist_names[] = { "normal", "uniform", "laplace", "ramp", "ties",
                                          "plus", "minus", "zero" };

static uint64_t rng_state;

static uint64_t splitmix64(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in (0, 1). */
static double unit(void)
{
	return ((double)(splitmix64() >> 11) + 0.5) / 9007199254740992.0;
}

/*
 * Weights (`weights`) or activations.  TIES: weights are +-0.5 and +-1.5 in
 * pairs summing to 2 in magnitude, so alpha is exactly 1 and every w/alpha is a
 * rounding tie; activations are 127 and then half-integers in [-126.5, 126.5],
 * so s_a is exactly 1 and every later x * s_a is a tie.  PLUS/MINUS: all
 * values +1 or -1, so every t and every q is +-1 and +-127 (the gemv worst case).
 */
static void fill(float *x, uint64_t n, enum dist d, int weights)
{
	for (uint64_t i = 0; i < n; i++) {
		double u = unit(), v;
		switch (d) {
		case NORMAL: v = sqrt(-2.0 * log(u)) * cos(6.283185307179586 * unit()); break;
		case UNIFORM: v = 2.0 * u - 1.0; break;
		case LAPLACE: v = u < 0.5 ? log(2.0 * u) : -log(2.0 - 2.0 * u); break;
		case RAMP: v = ((double)i - (double)n / 2) / ((double)n / 4); break;
		case TIES:
			if (weights)
				v = (i % 2 ? 2.0 - fabs((double)x[i - 1]) : (u < 0.5 ? 0.5 : 1.5)) *
				    (splitmix64() & 1 ? 1.0 : -1.0);
			else
				v = i == 0 ? 127.0 : (double)(splitmix64() % 254) - 126.5;
			break;
		case PLUS: v = 1.0; break;
		case MINUS: v = -1.0; break;
		default: v = 0.0; break;
		}
		x[i] = (float)v;
	}
}

/* ---- cases ---------------------------------------------------------------- */

#define OP_Q 1u
#define OP_D 2u
#define OP_G 4u
#define OP_ALL (OP_Q | OP_D | OP_G)

static const char *const op_names[] = { "quantize", "dequantize", "gemv" };

/*
 * K covers every TL2 two_k (K % 96): 0 (384, 1152, 4224), 32 (128, 896, 2048,
 * 8192) and 64 (256, 640, 1024, 2944, 16384), and counts of 128-blocks that no
 * vector unroll divides (1, 3, 5, 7, 9, 23, 33); M covers 1, 3, 17 and other
 * row counts that no row unroll divides, and 131 spans several passes of
 * 64-row tiles (two of the four 16-row tiles the avx512 i2s gemv takes per
 * pass, then three single tiles, the last one partial).
 */
static const struct tcase {
	uint64_t m, k;
	enum dist w, x;
	unsigned ops;
} cases[] = {
	{ 1, 128, NORMAL, NORMAL, OP_ALL },      { 17, 128, UNIFORM, RAMP, OP_ALL },
	{ 3, 256, UNIFORM, LAPLACE, OP_ALL },    { 1, 256, LAPLACE, NORMAL, OP_ALL },
	{ 17, 384, LAPLACE, UNIFORM, OP_ALL },   { 1, 640, RAMP, RAMP, OP_ALL },
	{ 3, 640, NORMAL, NORMAL, OP_ALL },      { 3, 896, NORMAL, UNIFORM, OP_ALL },
	{ 17, 1152, UNIFORM, NORMAL, OP_ALL },   { 3, 2944, LAPLACE, NORMAL, OP_ALL },
	{ 37, 2048, NORMAL, LAPLACE, OP_ALL },   { 5, 4224, RAMP, NORMAL, OP_ALL },
	{ 1, 16384, NORMAL, NORMAL, OP_Q | OP_D }, { 1, 65536, RAMP, NORMAL, OP_Q | OP_D },
	{ 1, 1024, TIES, TIES, OP_ALL },         { 17, 384, TIES, TIES, OP_ALL },
	{ 3, 8192, PLUS, PLUS, OP_ALL },         { 17, 16384, MINUS, PLUS, OP_G },
	{ 1, 16384, PLUS, MINUS, OP_G },         { 3, 8192, MINUS, MINUS, OP_ALL },
	{ 5, 16384, PLUS, PLUS, OP_G },          { 3, 256, ZERO, ZERO, OP_ALL },
	{ 17, 640, NORMAL, ZERO, OP_G },         { 1, 896, ZERO, NORMAL, OP_ALL },
	{ 131, 640, NORMAL, UNIFORM, OP_G },     { 131, 2944, PLUS, PLUS, OP_G },
};

/* ---- plugins -------------------------------------------------------------- */

struct kern {
	const struct bnb_kernel *k;
	const struct bnb_scheme *scheme;
	const struct bnb_kernel *ref[3];   /* the scheme's scalar quantize, dequantize, gemv */
	unsigned op;                        /* OP_Q, OP_D or OP_G */
	char missing[256];                  /* CPU features lacked; "" when runnable */
};

#define MAX_PLUGINS 64
#define MAX_KERNELS 256

static const struct bnb_plugin *plugins[MAX_PLUGINS];
static char unusable[MAX_PLUGINS][256];     /* why probe() refused the plugin; "" when usable */
static size_t n_plugins;
static struct kern kerns[MAX_KERNELS];
static size_t n_kerns;

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_plugins(const char *dir)
{
	DIR *d = opendir(dir);
	char *names[MAX_PLUGINS], path[4096];
	size_t n = 0;
	struct dirent *e;

	if (!d)
		tap_skip_all("cannot open BNB_PLUGINDIR");
	while ((e = readdir(d)) && n < MAX_PLUGINS) {
		size_t len = strlen(e->d_name);
		if (len > 3 && strcmp(e->d_name + len - 3, ".so") == 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof names[0], name_cmp);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
		const struct bnb_plugin *(*init)(const struct bnb_host *) = NULL;
		const struct bnb_plugin *p = NULL;
		void *sym = h ? dlsym(h, "bnb_plugin_init") : NULL;
		if (sym)
			memcpy(&init, &sym, sizeof init);
		if (init)
			p = init(&host);
		if (p && p->abi_major == BNB_ABI_MAJOR) {
			host_msg[0] = '\0';
			if (p->probe && p->probe() != BNB_OK)
				snprintf(unusable[n_plugins], sizeof unusable[0], "%s",
				         host_msg[0] ? host_msg : "probe failed");
			plugins[n_plugins++] = p;
		} else
			printf("# %s: not a loadable plugin (%s)\n", names[i], h ? "no entry or abi" : dlerror());
		free(names[i]);
	}
}

static const struct bnb_plugin *scheme_owner(const char *name, const struct bnb_scheme **s)
{
	for (size_t i = 0; i < n_plugins; i++)
		for (const struct bnb_scheme *const *sp = plugins[i]->schemes; sp && *sp; sp++)
			if (strcmp((*sp)->name, name) == 0) {
				*s = *sp;
				return plugins[i];
			}
	return NULL;
}

static const struct bnb_kernel *find_kernel(const struct bnb_plugin *p, const char *op,
                                            const char *scheme, const char *backend)
{
	for (const struct bnb_kernel *const *k = p->kernels; k && *k; k++)
		if (strcmp((*k)->op, op) == 0 && (*k)->scheme && strcmp((*k)->scheme, scheme) == 0 &&
		    strcmp((*k)->backend, backend) == 0)
			return *k;
	return NULL;
}

/* The kernels under test; reports and drops those without a scheme or reference. */
static void collect_kernels(void)
{
	for (size_t i = 0; i < n_plugins; i++) {
		for (const struct bnb_kernel *const *kp = plugins[i]->kernels; kp && *kp; kp++) {
			const struct bnb_kernel *k = *kp;
			struct kern *t = &kerns[n_kerns];
			const struct bnb_plugin *owner;
			unsigned op = 0;
			for (unsigned j = 0; j < 3; j++)
				if (strcmp(k->op, op_names[j]) == 0)
					op = 1u << j;
			if (!op || !k->scheme || strcmp(k->backend, "scalar") == 0 || n_kerns == MAX_KERNELS)
				continue;
			memset(t, 0, sizeof *t);
			t->k = k;
			t->op = op;
			owner = scheme_owner(k->scheme, &t->scheme);
			for (unsigned j = 0; owner && j < 3; j++)
				t->ref[j] = find_kernel(owner, op_names[j], k->scheme, "scalar");
			if (!owner || !t->ref[0] || !t->ref[1] || !t->ref[2]) {
				ok(0, "%s %s %s: scheme or its scalar reference kernels not found",
				   k->backend, k->scheme, k->op);
				continue;
			}
			missing_features(k->features, t->missing, sizeof t->missing);
			if (unusable[i][0])
				ok(1, "%s %s %s # SKIP %s", k->backend, k->scheme, k->op, unusable[i]);
			else if (t->missing[0])
				ok(1, "%s %s %s # SKIP cpu lacks %s", k->backend, k->scheme, k->op,
				   t->missing);
			else
				n_kerns++;
		}
	}
}

/* ---- running and comparing ---------------------------------------------- */

/* 64-byte aligned, of exactly n bytes (so that a sanitizer sees any overrun), filled with 0xa5. */
static void *alloc64(size_t n)
{
	void *p = NULL;
	if (posix_memalign(&p, 64, n ? n : 1) != 0) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	memset(p, 0xa5, n);
	return p;
}

/* setup, run `iterations` times, output, teardown; 0 or a status with host_msg set. */
static int run_kernel(const struct bnb_kernel *k, const struct tcase *tc, const float *x,
                      size_t x_count, const uint8_t *packed, size_t packed_bytes, void *out,
                      size_t out_bytes, uint64_t iterations)
{
	struct bnb_case c = { .struct_size = sizeof c, .op = k->op, .scheme = k->scheme,
	                      .m = tc->m, .k = tc->k, .priv = k, .kernel = k };
	struct bnb_inputs in = { .struct_size = sizeof in, .x = x, .x_count = x_count,
	                         .packed = packed, .packed_bytes = packed_bytes };
	void *state = NULL;
	uint64_t ns = 0;
	int st;

	host_msg[0] = '\0';
	st = k->setup(&c, &in, &state);
	if (st != BNB_OK)
		return st;
	st = k->run(state, iterations, &ns);
	if (st == BNB_OK)
		st = k->output(state, out, out_bytes);
	k->teardown(state);
	return st;
}

static void diag_float_diff(const float *got, const float *want, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t g, w;
		memcpy(&g, got + i, 4);
		memcpy(&w, want + i, 4);
		if (g != w) {
			printf("#   first difference at index %zu: got %.9g (0x%08" PRIx32 "), "
			       "want %.9g (0x%08" PRIx32 ")\n", i, (double)got[i], g, (double)want[i], w);
			return;
		}
	}
}

static void test_case(const struct tcase *tc, unsigned seed)
{
	uint64_t mk = tc->m * tc->k;
	float *w = alloc64(mk * sizeof(float)), *x = alloc64(tc->k * sizeof(float));
	float *ref_out = alloc64(mk * sizeof(float)), *got = alloc64(mk * sizeof(float));
	const struct bnb_scheme *done[MAX_KERNELS];
	size_t n_done = 0;

	rng_state = seed;
	fill(w, mk, tc->w, 1);
	fill(x, tc->k, tc->x, 0);
	for (size_t i = 0; i < n_kerns; i++) {
		const struct bnb_scheme *s = kerns[i].scheme;
		int seen = 0;
		for (size_t j = 0; j < n_done; j++)
			seen |= done[j] == s;
		if (seen || tc->k % (s->k_multiple ? s->k_multiple : 1) != 0)
			continue;
		done[n_done++] = s;

		/* The reference buffer: input of dequantize and gemv, and quantize's expected output. */
		size_t buf_bytes = s->buffer_bytes(tc->m, tc->k);
		uint8_t *packed = alloc64(buf_bytes);
		int st = run_kernel(kerns[i].ref[0], tc, w, mk, NULL, 0, packed, buf_bytes, 1);
		if (st != BNB_OK) {
			ok(0, "%s reference quantize m=%" PRIu64 " k=%" PRIu64 ": %s", s->name, tc->m,
			   tc->k, host_msg);
			free(packed);
			continue;
		}
		for (size_t j = i; j < n_kerns; j++) {
			const struct kern *t = &kerns[j];
			if (t->scheme != s || !(t->op & tc->ops))
				continue;
			int op = t->op == OP_Q ? 0 : t->op == OP_D ? 1 : 2;
			const float *in_x = op == 0 ? w : op == 2 ? x : NULL;
			size_t x_count = op == 0 ? mk : op == 2 ? tc->k : 0;
			const uint8_t *in_p = op == 0 ? NULL : packed;
			size_t out_bytes = op == 0 ? buf_bytes : (op == 1 ? mk : tc->m) * sizeof(float);
			char name[256];
			snprintf(name, sizeof name, "%s %s %s: w %s, x %s, m=%" PRIu64 " k=%" PRIu64,
			         t->k->backend, s->name, t->k->op, dist_names[tc->w], dist_names[tc->x],
			         tc->m, tc->k);

			if (op != 0) {
				st = run_kernel(t->ref[op], tc, in_x, x_count, in_p, buf_bytes, ref_out,
				                out_bytes, 1);
				if (st != BNB_OK) {
					ok(0, "%s: reference failed: %s", name, host_msg);
					continue;
				}
			}
			/* Two iterations: a kernel must leave its state fit to run again. */
			st = run_kernel(t->k, tc, in_x, x_count, in_p, in_p ? buf_bytes : 0, got,
			                out_bytes, 2);
			if (st != BNB_OK) {
				ok(0, "%s", name);
				printf("#   %s: %s\n", bnb_status_name(st), host_msg);
			} else if (op == 0) {
				struct bnb_quant_check res = { .struct_size = sizeof res };
				host_msg[0] = '\0';
				st = s->check_quantized(w, tc->m, tc->k, packed, got, &res);
				ok(st == BNB_OK, "%s", name);
				if (st != BNB_OK)
					printf("#   %s\n", host_msg);
				else if (res.boundary_diffs)
					printf("#   %" PRIu64 " of %" PRIu64 " boundary elements differ\n",
					       res.boundary_diffs, res.boundary_elems);
			} else if (!ok(memcmp(got, ref_out, out_bytes) == 0, "%s", name)) {
				diag_float_diff(got, ref_out, out_bytes / sizeof(float));
			}
		}
		free(packed);
	}
	free(w);
	free(x);
	free(ref_out);
	free(got);
}

/*
 * Kernels that take their op from their data (ABI 1.1) refuse, with a message,
 * a case from a harness that does not pass c->kernel (an abi 1.0 harness's case).
 */
static void test_old_case(void)
{
	for (size_t i = 0; i < n_kerns; i++) {
		const struct bnb_kernel *k = kerns[i].k;
		struct bnb_case c = { .struct_size = offsetof(struct bnb_case, kernel), .op = k->op,
		                      .scheme = k->scheme, .m = 1, .k = 128, .priv = k };
		struct bnb_inputs in = { .struct_size = sizeof in };
		void *state = NULL;
		int st;

		if (k->struct_size < offsetof(struct bnb_kernel, work) || !k->data)
			continue;
		host_msg[0] = '\0';
		st = k->setup(&c, &in, &state);
		ok(st == BNB_EINVAL && state == NULL && strstr(host_msg, "abi 1.1"),
		   "%s %s %s: a case without c->kernel is refused (%s)", k->backend, k->scheme, k->op,
		   host_msg);
	}
}

int main(void)
{
	const char *dir = getenv("BNB_PLUGINDIR");
	if (!dir || !*dir)
		tap_skip_all("BNB_PLUGINDIR is not set");
	load_plugins(dir);
	if (n_plugins == 0)
		tap_skip_all("no plugins in BNB_PLUGINDIR");
	collect_kernels();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		test_case(&cases[i], 42u + (unsigned)i);
	test_old_case();
	return tap_done();
}
