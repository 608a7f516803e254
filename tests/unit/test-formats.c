/*
 * The i2s, tl1 and tl2 plugins against bnbench-formats(7): golden vectors written by
 * hand, round trips, ties, gemv (worst cases included) and the quantize
 * comparator, all driven through the plugin ABI with a mock host.
 */
#include <dlfcn.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bnbench/plugin.h>

#include "tap.h"

static char last_error[1024];

static void mock_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof last_error, fmt, ap);
	va_end(ap);
}

static void mock_log(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

static uint64_t mock_now_ns(void)
{
	return 0;
}

static const struct bnb_host host = {
	.abi_major = BNB_ABI_MAJOR,
	.abi_minor = BNB_ABI_MINOR,
	.struct_size = sizeof(struct bnb_host),
	.error = mock_error,
	.log = mock_log,
	.now_ns = mock_now_ns,
};

static const struct bnb_plugin *load(const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s.so", getenv("BNB_PLUGINDIR"), name);
	void *so = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!ok(so != NULL, "%s: dlopen", name)) {
		printf("#   %s\n", dlerror());
		return NULL;
	}
	const struct bnb_plugin *(*init)(const struct bnb_host *) =
		(const struct bnb_plugin *(*)(const struct bnb_host *))dlsym(so, "bnb_plugin_init");
	return ok(init != NULL, "%s: entry point", name) ? init(&host) : NULL;
}

static const struct bnb_kernel *find_kernel(const struct bnb_plugin *p, const char *op)
{
	for (const struct bnb_kernel *const *kn = p->kernels; *kn; kn++)
		if (strcmp((*kn)->op, op) == 0)
			return *kn;
	return NULL;
}

static size_t buffer_bytes(const struct bnb_plugin *p, uint64_t m, uint64_t k)
{
	return p->schemes[0]->buffer_bytes(m, k);
}

/* setup, run twice, output, teardown; the first failing status (message in last_error). */
static int run_kernel(const struct bnb_plugin *p, const char *op, uint64_t m, uint64_t k,
                      const float *x, size_t x_count, const uint8_t *packed, void *out,
                      size_t out_bytes)
{
	const struct bnb_kernel *kn = find_kernel(p, op);
	struct bnb_case c = { .struct_size = sizeof c, .op = op, .scheme = p->name, .m = m, .k = k,
	                      .kernel = kn };
	struct bnb_inputs in = { .struct_size = sizeof in, .x = x, .x_count = x_count,
	                         .packed = packed,
	                         .packed_bytes = packed ? buffer_bytes(p, m, k) : 0 };
	void *state = NULL;
	uint64_t ns = 0;
	int st;

	last_error[0] = '\0';
	st = kn->setup(&c, &in, &state);
	if (st == BNB_OK)
		st = kn->run(state, 2, &ns);
	if (st == BNB_OK)
		st = kn->output(state, out, out_bytes);
	if (state)
		kn->teardown(state);
	if (st != BNB_OK)
		printf("# %s %s failed: %s\n", p->name, op, last_error);
	return st;
}

static uint8_t *quantize(const struct bnb_plugin *p, uint64_t m, uint64_t k, const float *w)
{
	uint8_t *buf = calloc(1, buffer_bytes(p, m, k));
	run_kernel(p, "quantize", m, k, w, m * k, NULL, buf, buffer_bytes(p, m, k));
	return buf;
}

static float *dequantize(const struct bnb_plugin *p, uint64_t m, uint64_t k, const uint8_t *buf)
{
	float *y = calloc(m * k, sizeof *y);
	run_kernel(p, "dequantize", m, k, NULL, 0, buf, y, m * k * sizeof *y);
	return y;
}

static float *gemv(const struct bnb_plugin *p, uint64_t m, uint64_t k, const uint8_t *buf,
                   const float *x)
{
	float *y = calloc(m, sizeof *y);
	run_kernel(p, "gemv", m, k, x, k, buf, y, m * sizeof *y);
	return y;
}

/* Ternary values from "+-0" text at t[at...]. */
static void put(float *t, size_t at, const char *s)
{
	for (; *s; s++)
		t[at++] = *s == '+' ? 1.0f : *s == '-' ? -1.0f : 0.0f;
}

/*
 * Quantize the 1 x k weights w (each -1, 0 or +1) and compare the row and the
 * tail with bytes written by hand; dequantize the hand-written buffer back.
 */
static void golden(const struct bnb_plugin *p, const char *what, uint64_t k, const float *w,
                   const uint8_t *want_row, const uint8_t want_alpha[4], float alpha)
{
	size_t row_bytes = buffer_bytes(p, 1, k) - 32;
	uint8_t *want = calloc(1, row_bytes + 32), *got = quantize(p, 1, k, w);
	memcpy(want, want_row, row_bytes);
	memcpy(want + row_bytes, want_alpha, 4);
	size_t b = 0, bad = 0;
	while (b < row_bytes + 32 && got[b] == want[b])
		b++;
	if (!ok(b == row_bytes + 32, "%s %s: quantize bytes", p->name, what))
		printf("#   byte %zu: got 0x%02x, want 0x%02x\n", b, got[b], want[b]);

	float *y = dequantize(p, 1, k, want);
	for (size_t j = 0; j < k; j++)
		bad += y[j] != w[j] * alpha;
	is_int(bad, 0, "golden dequantize: elements differing from t * alpha");
	free(want);
	free(got);
	free(y);
}

static void golden_i2s(const struct bnb_plugin *p)
{
	float w[128] = { 0 };
	uint8_t row[32];
	static const uint8_t alpha_bytes[4] = { 0x00, 0x00, 0x40, 0x3F }, tiny[4] = { 0xAC, 0xC5, 0x27, 0x37 };

	/* Elements 0-31 +1, 32-63 0, 64-95 -1, 96-127 +1: byte 2<<6 | 1<<4 | 0<<2 | 2 = 0x92. */
	for (int i = 0; i < 128; i++)
		w[i] = i < 32 ? 1.0f : i < 64 ? 0.0f : i < 96 ? -1.0f : 1.0f;
	w[5] = -1.0f, w[39] = 1.0f, w[73] = 1.0f, w[127] = 0.0f;
	memset(row, 0x92, sizeof row);
	row[5] = 0x12, row[7] = 0xA2, row[9] = 0x9A, row[31] = 0x91;
	golden(p, "block, alpha 96/128", 128, w, row, alpha_bytes, 0.75f);

	memset(w, 0, sizeof w);
	memset(row, 0x55, sizeof row);
	golden(p, "all-zero block, alpha 1e-5", 128, w, row, tiny, 1e-5f);
}

static void golden_tl1(const struct bnb_plugin *p)
{
	float w[128] = { 0 };
	uint8_t row[32];
	static const uint8_t alpha_bytes[4] = { 0x00, 0x00, 0xC0, 0x3D };

	/* The nine pairs in index order 0..8, then (0, 0) = 4. */
	put(w, 0, "--" "-0" "-+" "0-" "00" "0+" "+-" "+0" "++");
	memset(row, 0x44, sizeof row);
	row[0] = 0x01, row[1] = 0x23, row[2] = 0x45, row[3] = 0x67, row[4] = 0x84;
	golden(p, "pair indices 0-8, alpha 12/128", 128, w, row, alpha_bytes, 0.09375f);
}

static void golden_tl2(const struct bnb_plugin *p)
{
	float w[384] = { 0 };
	uint8_t row[80] = { 0 };
	static const uint8_t a128[4] = { 0x00, 0x00, 0x38, 0x3E }, a256[4] = { 0x00, 0x00, 0xA0, 0x3C },
		a384[4] = { 0x00, 0x00, 0x00, 0x3C };

	/* K = 128: 32 triples (16 index + 4 sign bytes), then 32 pair elements (8 bytes). */
	put(w, 0, "+++" "---" "+-0" "-++" "00-"); /* v = 13, -13, 6, -5, -1 */
	put(w, 27, "0+-");                         /* triple 9: v = 2 */
	put(w, 93, "0-0");                         /* triple 31: v = -3 */
	put(w, 96, "+--+");                        /* pair indices 6, 2 */
	put(w, 124, "--++");                       /* pair indices 0, 8 */
	row[0] = 0xDD, row[1] = 0x65, row[2] = 0x10, row[4] = 0x02, row[15] = 0x03;
	row[16] = 0x58, row[19] = 0x01; /* signs of triples 1, 3, 4 and 31 */
	memset(row + 20, 0x44, 8);
	row[20] = 0x62, row[27] = 0x08;
	golden(p, "k 128 (three_k 96, two_k 32), alpha 23/128", 128, w, row, a128, 0.1796875f);

	/* K = 256: 64 triples (32 + 8 bytes), 64 pair elements (16 bytes). */
	memset(w, 0, sizeof w);
	memset(row, 0, sizeof row);
	put(w, 186, "-00+0-"); /* triples 62, 63: v = -9, 8 */
	put(w, 192, "0+00");   /* pair indices 5, 4 */
	put(w, 252, "00-0");   /* pair indices 4, 1 */
	row[31] = 0x98, row[39] = 0x02;
	memset(row + 40, 0x44, 16);
	row[40] = 0x54, row[55] = 0x41;
	golden(p, "k 256 (three_k 192, two_k 64), alpha 5/256", 256, w, row, a256, 0.01953125f);

	/* K = 384: 128 triples (64 + 16 bytes), no pairs. */
	memset(w, 0, sizeof w);
	memset(row, 0, sizeof row);
	put(w, 0, "00+");   /* triple 0: v = 1 */
	put(w, 381, "--0"); /* triple 127: v = -12 */
	row[0] = 0x10, row[63] = 0x0C, row[79] = 0x01;
	golden(p, "k 384 (two_k 0), alpha 1/128", 384, w, row, a384, 0.0078125f);
}

/* An oracle of the test's own (bnbench-formats(7): TERNARIZATION, OPERATIONS). */
static float oracle_alpha(const float *w, size_t n)
{
	double s = 0.0;
	for (size_t i = 0; i < n; i++)
		s += fabs((double)w[i]);
	float a = (float)(s / (double)n);
	return a > 1e-5f ? a : 1e-5f;
}

static float oracle_t(float w, float alpha)
{
	float r = rintf(w / alpha);
	return r > 0.0f ? 1.0f : r < 0.0f ? -1.0f : 0.0f;
}

static void oracle_gemv(const float *w, uint64_t m, uint64_t k, const float *x, float *y)
{
	float alpha = oracle_alpha(w, m * k), amax = 1e-5f;
	for (uint64_t j = 0; j < k; j++)
		amax = fabsf(x[j]) > amax ? fabsf(x[j]) : amax;
	float s_a = 127.0f / amax;
	for (uint64_t i = 0; i < m; i++) {
		int32_t isum = 0;
		for (uint64_t j = 0; j < k; j++) {
			float q = fminf(fmaxf(rintf(x[j] * s_a), -128.0f), 127.0f);
			isum += (int32_t)oracle_t(w[i * k + j], alpha) * (int32_t)q;
		}
		y[i] = ((float)isum / s_a) * alpha;
	}
}

static uint64_t rng_state;

static float uniform(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	z ^= z >> 31;
	return (float)((double)(z >> 11) / 9007199254740992.0 * 2.0 - 1.0);
}

/* Seeded random weights: quantize, check against itself, dequantize to t * alpha, gemv. */
static void round_trip(const struct bnb_plugin *p, uint64_t m, uint64_t k)
{
	float *w = malloc(m * k * sizeof *w), *x = malloc(k * sizeof *x), *want = malloc(m * sizeof *want);
	struct bnb_quant_check res = { .struct_size = sizeof res };
	size_t bad = 0;
	char name[96];

	rng_state = 42 + k;
	for (uint64_t i = 0; i < m * k; i++)
		w[i] = uniform();
	for (uint64_t j = 0; j < k; j++)
		x[j] = 3.0f * uniform();
	float alpha = oracle_alpha(w, m * k);
	uint8_t *buf = quantize(p, m, k, w);
	float *y = dequantize(p, m, k, buf);
	for (uint64_t i = 0; i < m * k; i++) {
		float e = oracle_t(w[i], alpha) * alpha;
		bad += memcmp(&y[i], &e, sizeof e) != 0;
	}
	snprintf(name, sizeof name, "%s %llu x %llu round trip: elements differing from t * alpha",
	         p->name, (unsigned long long)m, (unsigned long long)k);
	is_int(bad, 0, name);
	is_int(p->schemes[0]->check_quantized(w, m, k, buf, buf, &res), BNB_OK,
	       "round trip: comparator accepts identical output");
	free(y);

	y = gemv(p, m, k, buf, x);
	oracle_gemv(w, m, k, x, want);
	snprintf(name, sizeof name, "%s %llu x %llu gemv: bit-identical to the oracle", p->name,
	         (unsigned long long)m, (unsigned long long)k);
	is_int(memcmp(y, want, m * sizeof *y), 0, name);
	free(w), free(x), free(want), free(buf), free(y);
}

/* w/alpha exactly +-0.5 (rint: 0) and +-1.5 (2, clamped to 1), alpha = 0.75. */
static void tie_weights(float *w)
{
	for (int i = 0; i < 128; i++)
		w[i] = i % 2 ? -0.75f : 0.75f;
	w[0] = 0.375f, w[1] = -0.375f, w[2] = 1.125f, w[3] = -1.125f;
}

static void ties(const struct bnb_plugin *p)
{
	float w[128];
	tie_weights(w);
	uint8_t *buf = quantize(p, 1, 128, w);
	float *y = dequantize(p, 1, 128, buf);
	ok(y[0] == 0.0f && y[1] == 0.0f, "ties: w/alpha = +-0.5 rounds to 0 (half to even)");
	ok(y[2] == 0.75f && y[3] == -0.75f, "ties: w/alpha = +-1.5 rounds to +-2, clamped to +-1");
	free(buf), free(y);
}

/* Small gemv by hand: s_a = 127/127 = 1, so q = x; alpha = (4 + 128)/256. */
static void gemv_by_hand(const struct bnb_plugin *p)
{
	float w[256] = { 0 }, x[128];
	for (int j = 0; j < 128; j++)
		x[j] = (float)(j % 7 - 3);
	x[0] = 127.0f;
	put(w, 0, "+++00-");                 /* isum = 127 + (-2) + (-1) - 2 = 122 */
	for (int j = 128; j < 256; j++)
		w[j] = -1.0f;                /* isum = -(127 + sum_{j=1}^{127} (j%7 - 3)) = -125 */
	uint8_t *buf = quantize(p, 2, 128, w);
	float *y = gemv(p, 2, 128, buf, x);
	is_double(y[0], 122 * 0.515625, 0, "gemv by hand: row 0 = 122 * alpha");
	is_double(y[1], -125 * 0.515625, 0, "gemv by hand: row 1 = -125 * alpha");
	free(buf), free(y);
}

/* All t = +1 (row 0) and -1 (row 1), all x equal so q = +-127: |isum| = 127*K, y = +-K/2. */
static void gemv_worst(const struct bnb_plugin *p, uint64_t k)
{
	float *w = malloc(2 * k * sizeof *w), *x = malloc(k * sizeof *x);
	for (uint64_t j = 0; j < k; j++)
		w[j] = 1.0f, w[k + j] = -1.0f;
	uint8_t *buf = quantize(p, 2, k, w);
	for (int sign = 1; sign >= -1; sign -= 2) {
		for (uint64_t j = 0; j < k; j++)
			x[j] = 0.5f * (float)sign; /* s_a = 254, q = 127 * sign */
		float *y = gemv(p, 2, k, buf, x);
		double half_k = (double)k / 2;
		ok(y[0] == sign * half_k && y[1] == -sign * half_k,
		   "gemv worst case k %llu, q = %d*127: y = %g, %g", (unsigned long long)k, sign,
		   y[0], y[1]);
		free(y);
	}
	free(w), free(x), free(buf);
}

static void comparator(const struct bnb_plugin *p)
{
	const struct bnb_scheme *s = p->schemes[0];
	struct bnb_quant_check res = { .struct_size = sizeof res };
	float w[128], w2[128];
	char want[256];
	float alpha;

	tie_weights(w);
	uint8_t *ref = quantize(p, 1, 128, w), *got = malloc(buffer_bytes(p, 1, 128));

	memcpy(got, ref, buffer_bytes(p, 1, 128));
	is_int(s->check_quantized(w, 1, 128, ref, got, &res), BNB_OK, "comparator: identical accepted");
	ok(res.boundary_elems == 2 && res.boundary_diffs == 0 && res.alpha_rel_err == 0,
	   "comparator: 2 boundary elements, 0 differing, alpha exact");

	/* Element 0 (w/alpha = 0.5) becomes +1; alpha kept by moving 0.375 off element 2. */
	memcpy(w2, w, sizeof w);
	w2[0] = 0.75f, w2[2] = 0.75f;
	free(got);
	got = quantize(p, 1, 128, w2);
	is_int(s->check_quantized(w, 1, 128, ref, got, &res), BNB_OK,
	       "comparator: flipped code at a boundary accepted");
	is_int(res.boundary_diffs, 1, "comparator: the boundary difference is counted");
	/* The boundary is |w|/alpha within 1e-5 relative of 0.5: 5e-6 is inside, 2e-5 outside. */
	memcpy(w2, w, sizeof w);
	w2[0] = (float)(0.375 * (1 + 5e-6));
	is_int(s->check_quantized(w2, 1, 128, ref, got, &res), BNB_OK,
	       "comparator: 5e-6 relative from the boundary accepted");
	w2[0] = (float)(0.375 * (1 + 2e-5));
	is_int(s->check_quantized(w2, 1, 128, ref, got, &res), BNB_EVERIFY,
	       "comparator: 2e-5 relative from the boundary rejected");

	/* At a boundary, only 0 or the sign of w: -1 for w/alpha = +0.5 is wrong. */
	memcpy(w2, w, sizeof w);
	w2[0] = -0.75f, w2[2] = 0.75f;
	free(got);
	got = quantize(p, 1, 128, w2);
	is_int(s->check_quantized(w, 1, 128, ref, got, &res), BNB_EVERIFY,
	       "comparator: wrong sign at a boundary rejected");

	/* Element 4 (w/alpha = 1) becomes 0; alpha kept by moving 0.75 onto element 6. */
	memcpy(w2, w, sizeof w);
	w2[4] = 0.0f, w2[6] = 1.5f;
	free(got);
	got = quantize(p, 1, 128, w2);
	is_int(s->check_quantized(w, 1, 128, ref, got, &res), BNB_EVERIFY,
	       "comparator: flipped code elsewhere rejected");
	snprintf(want, sizeof want,
	         "%s quantize: element differs at row 0, column 4: expected 1, got 0 (w/alpha = 1)",
	         p->name);
	is_str(last_error, want, "comparator: message names the element");

	memcpy(got, ref, buffer_bytes(p, 1, 128));
	memcpy(&alpha, ref + buffer_bytes(p, 1, 128) - 32, 4);
	alpha *= 1.0f + 1e-5f;
	memcpy(got + buffer_bytes(p, 1, 128) - 32, &alpha, 4);
	is_int(s->check_quantized(w, 1, 128, ref, got, &res), BNB_EVERIFY,
	       "comparator: alpha off by 1e-5 relative rejected");
	ok(strstr(last_error, "alpha") != NULL, "comparator: message names alpha (%s)", last_error);

	alpha = nextafterf(0.75f, 1.0f);
	memcpy(got + buffer_bytes(p, 1, 128) - 32, &alpha, 4);
	is_int(s->check_quantized(w, 1, 128, ref, got, &res), BNB_OK,
	       "comparator: alpha one ulp off accepted");

	memcpy(got, ref, buffer_bytes(p, 1, 128));
	got[buffer_bytes(p, 1, 128) - 1] = 1;
	is_int(s->check_quantized(w, 1, 128, ref, got, &res), BNB_EVERIFY,
	       "comparator: non-zero tail byte rejected");
	free(ref), free(got);
}

/* Encodings that decode to the right values (or to none) but are not what the format writes. */
static void comparator_encodings(const struct bnb_plugin *i2s, const struct bnb_plugin *tl2)
{
	struct bnb_quant_check res = { .struct_size = sizeof res };
	float w[128] = { 0 };
	uint8_t got[64], *ref = quantize(i2s, 1, 128, w);
	memcpy(got, ref, sizeof got);
	got[0] = 0xD5; /* element 0 holds code 3, never written */
	is_int(i2s->schemes[0]->check_quantized(w, 1, 128, ref, got, &res), BNB_EVERIFY,
	       "comparator: i2s code 3 rejected");
	free(ref);

	ref = quantize(tl2, 1, 128, w);
	memcpy(got, ref, 60);
	got[16] = 0x80; /* sign bit on the zero triple 0 */
	is_int(tl2->schemes[0]->check_quantized(w, 1, 128, ref, got, &res), BNB_EVERIFY,
	       "comparator: tl2 sign on v = 0 rejected");
	free(ref);
}

static void setup_errors(const struct bnb_plugin *p)
{
	float w[256] = { 0 }, y[256];
	uint8_t buf[256] = { 0 };
	char want[128];

	is_int(run_kernel(p, "quantize", 1, 100, w, 100, NULL, buf, sizeof buf), BNB_EINVAL,
	       "setup rejects k = 100");
	is_str(last_error, "k = 100 is not a multiple of 128", "setup: k message");
	is_int(run_kernel(p, "gemv", 0, 128, w, 128, buf, y, 0), BNB_EINVAL, "setup rejects m = 0");

	struct bnb_inputs in = { .struct_size = sizeof in, .packed = buf,
	                         .packed_bytes = buffer_bytes(p, 1, 128) - 1 };
	struct bnb_case c = { .struct_size = sizeof c, .op = "dequantize", .m = 1, .k = 128,
	                      .kernel = find_kernel(p, "dequantize") };
	void *state = NULL;
	is_int(c.kernel->setup(&c, &in, &state), BNB_EINVAL,
	       "setup rejects a packed buffer one byte short");
	snprintf(want, sizeof want,
	         "dequantize: packed buffer is %zu bytes, expected %zu for m = 1, k = 128",
	         buffer_bytes(p, 1, 128) - 1, buffer_bytes(p, 1, 128));
	is_str(last_error, want, "setup: packed size message");

	is_int(run_kernel(p, "dequantize", 1, 128, NULL, 0, buf, y, 4 * 127), BNB_EINVAL,
	       "output rejects a destination of the wrong size");
}

static void metadata(const struct bnb_plugin *p, const char *name, double bits,
                     size_t bytes_1x128, size_t bytes_2x256, size_t bytes_1x384)
{
	const struct bnb_scheme *s = p->schemes[0];
	ok(strcmp(p->name, name) == 0 && strcmp(s->name, name) == 0 && !p->schemes[1],
	   "%s: plugin and its one scheme named %s", name, name);
	ok(s->k_multiple == 128 && s->bits_per_weight == bits, "%s: k multiple 128, %g bits",
	   name, bits);
	ok(s->buffer_bytes(1, 128) == bytes_1x128 && s->buffer_bytes(2, 256) == bytes_2x256 &&
	   s->buffer_bytes(1, 384) == bytes_1x384, "%s: buffer bytes", name);
	int n = 0, scalar = 1;
	for (const struct bnb_kernel *const *kn = p->kernels; *kn; kn++, n++)
		scalar &= strcmp((*kn)->backend, "scalar") == 0 && (*kn)->features == 0 &&
		          strcmp((*kn)->scheme, name) == 0;
	ok(n == 3 && find_kernel(p, "quantize") && find_kernel(p, "dequantize") &&
	   find_kernel(p, "gemv") && scalar, "%s: scalar quantize, dequantize, gemv", name);
}

int main(void)
{
	if (!getenv("BNB_PLUGINDIR"))
		tap_skip_all("BNB_PLUGINDIR not set (run through make check)");
	const struct bnb_plugin *i2s = load("i2s"), *tl1 = load("tl1"), *tl2 = load("tl2");
	if (!i2s || !tl1 || !tl2)
		return tap_done();

	/* Row bytes K/4, K/4, and three_k/6 + three_k/24 + two_k/4; plus the 32-byte tail. */
	metadata(i2s, "i2s", 2.0, 64, 160, 128);
	metadata(tl1, "tl1", 2.0, 64, 160, 128);
	metadata(tl2, "tl2", 5.0 / 3.0, 60, 144, 112);

	golden_i2s(i2s);
	golden_tl1(tl1);
	golden_tl2(tl2);

	const struct bnb_plugin *all[] = { i2s, tl1, tl2 };
	for (int s = 0; s < 3; s++) {
		const struct bnb_plugin *p = all[s];
		static const uint64_t ks[] = { 128, 256, 384, 640 };
		for (int i = 0; i < 4; i++)
			round_trip(p, 3, ks[i]);
		ties(p);
		gemv_by_hand(p);
		gemv_worst(p, 8192);
		gemv_worst(p, 16384);
		comparator(p);
		setup_errors(p);
	}
	comparator_encodings(i2s, tl2);
	return tap_done();
}
