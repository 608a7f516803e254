/*
 * The cuda backend plugin: quantize, dequantize and gemv for i2s, tl1 and tl2
 * on an NVIDIA GPU (kernels.cu), bit-exact with the scalar references, timed
 * on the device with CUDA events (BNB_KERNEL_SELF_TIMED).  Two more ops
 * measure the device itself and are not verified: `copy` (a device-to-device
 * cudaMemcpy of m*k bytes) and `launch` (an empty kernel).
 *
 * Nothing here touches CUDA before probe() or setup(): the harness loads
 * plugins in its parent process, which must stay without a CUDA context so
 * that it can fork workers.
 *
 * Timing.  setup() copies the inputs to the device; run() times only device
 * work.  mode=hot: events around the whole batch of back-to-back iterations.
 * mode=cold: before each iteration a buffer as large as the L2 cache is
 * written (evicting the inputs), and events bracket that iteration alone.
 * include_transfers=true adds the host-to-device input copies and the
 * device-to-host output copy (from and to pinned memory) to each iteration.
 */
#include <bnbench/plugin.h>

#include <cuda_runtime_api.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "ternary.h"

enum op { OP_QUANTIZE, OP_DEQUANTIZE, OP_GEMV, OP_COPY, OP_LAUNCH };

static const char *const op_names[] = { "quantize", "dequantize", "gemv", "copy", "launch" };

/* The lowest compute capability the fatbinary has code for (sm_80). */
#define MIN_CC_MAJOR 8

struct state {
	enum op op;
	enum cuda_scheme scheme;
	uint64_t m, k;
	int cold, transfers, ran;
	cudaStream_t stream;
	cudaEvent_t start, stop;
	/* Device buffers. */
	void *d_in;              /* quantize: weights; dequantize, gemv: packed; copy: source */
	size_t in_bytes;
	void *d_x;               /* gemv: activations */
	size_t x_bytes;
	void *d_q;               /* gemv: quantized activations */
	void *d_scratch;         /* quantize: struct cuda_quant_scratch; gemv: struct cuda_act */
	void *d_out;             /* the result; copy: destination */
	size_t out_bytes;
	void *d_flush;           /* mode=cold: L2-sized buffer */
	size_t flush_bytes;
	/* Pinned host copies, include_transfers only. */
	void *h_in, *h_x, *h_out;
};

static int status_of(cudaError_t err)
{
	switch (err) {
	case cudaErrorMemoryAllocation:
		return BNB_ENOMEM;
	case cudaErrorNoDevice:
	case cudaErrorInsufficientDriver:
	case cudaErrorNoKernelImageForDevice:
	case cudaErrorUnsupportedPtxVersion:
		return BNB_EUNSUPPORTED;
	default:
		return BNB_EIO;
	}
}

/* Report a failed CUDA call: what failed, then the CUDA error name and text. */
static int fail(cudaError_t err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(cudaError_t err, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	bnb_host->error("%s (%s: %s)", what, cudaGetErrorName(err), cudaGetErrorString(err));
	return status_of(err);
}

/* ---- device and environment ------------------------------------------------ */

static void env_set(const char *key, const char *value)
{
	if (bnb_host->env_set)
		bnb_host->env_set(key, value);
}

static void env_setf(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void env_setf(const char *key, const char *fmt, ...)
{
	char buf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	env_set(key, buf);
}

/* CUDA versions are 1000 * major + 10 * minor. */
static void env_version(const char *key, int v)
{
	env_setf(key, "%d.%d", v / 1000, v % 1000 / 10);
}

/*
 * The NVIDIA kernel module's version ("550.54.15") from the first line of
 * /proc/driver/nvidia/version, "NVRM version: NVIDIA UNIX x86_64 Kernel Module
 * 550.54.15  ...", without NVML; 0 when it cannot be read.
 */
static int kernel_module_version(char *buf, size_t len)
{
	char line[256], *p;
	FILE *f = fopen("/proc/driver/nvidia/version", "r");
	size_t n;

	if (!f)
		return 0;
	p = fgets(line, sizeof line, f);
	fclose(f);
	if (!p || !(p = strstr(line, "Kernel Module")))
		return 0;
	p += strlen("Kernel Module");
	p += strspn(p, " \t");
	n = strcspn(p, " \t\n");
	if (n == 0 || n >= len)
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 1;
}

static void record_env(int dev, const struct cudaDeviceProp *p)
{
	char module[64];
	int v;

	env_set("gpu.name", p->name);
	env_setf("gpu.compute_capability", "%d.%d", p->major, p->minor);
	if (kernel_module_version(module, sizeof module))
		env_set("gpu.driver_version", module);
	else if (cudaDriverGetVersion(&v) == cudaSuccess)
		env_version("gpu.driver_version", v);  /* the driver's CUDA version stands in */
	if (cudaDriverGetVersion(&v) == cudaSuccess)
		env_version("gpu.cuda_driver_version", v);
	if (cudaRuntimeGetVersion(&v) == cudaSuccess)
		env_version("gpu.runtime_version", v);
	/* Peak clocks, in kHz. */
	if (cudaDeviceGetAttribute(&v, cudaDevAttrClockRate, dev) == cudaSuccess)
		env_setf("gpu.sm_clock_mhz", "%d", v / 1000);
	if (cudaDeviceGetAttribute(&v, cudaDevAttrMemoryClockRate, dev) == cudaSuccess)
		env_setf("gpu.mem_clock_mhz", "%d", v / 1000);
	env_setf("gpu.l2_bytes", "%d", p->l2CacheSize);
	env_setf("gpu.sm_count", "%d", p->multiProcessorCount);
	env_setf("gpu.memory_bytes", "%zu", p->totalGlobalMem);
}

/*
 * Select device 0 and check that this build has code for it; the first time
 * in a process, record it in the run's environment.  Both probe() and setup()
 * come here: the harness probes in a process of its own.
 */
static int use_device(void)
{
	static int ready;
	struct cudaDeviceProp prop;
	cudaError_t err;
	int n = 0;

	if (ready)
		return BNB_OK;
	err = cudaGetDeviceCount(&n);
	if (err == cudaSuccess && n == 0)
		err = cudaErrorNoDevice;
	if (err != cudaSuccess) {
		bnb_host->error("no CUDA device (%s: %s)", cudaGetErrorName(err), cudaGetErrorString(err));
		return BNB_EUNSUPPORTED;
	}
	if ((err = cudaSetDevice(0)) != cudaSuccess)
		return fail(err, "cannot use CUDA device 0");
	if ((err = cudaGetDeviceProperties(&prop, 0)) != cudaSuccess)
		return fail(err, "cannot read the properties of CUDA device 0");
	if (prop.major < MIN_CC_MAJOR) {
		bnb_host->error("%s has compute capability %d.%d; this plugin is built for %d.0 and later",
		                prop.name, prop.major, prop.minor, MIN_CC_MAJOR);
		return BNB_EUNSUPPORTED;
	}
	record_env(0, &prop);
	ready = 1;
	return BNB_OK;
}

static int probe(void)
{
	return use_device();
}

/* ---- setup ----------------------------------------------------------------- */

static void teardown(void *state)
{
	struct state *s = state;

	if (!s)
		return;
	/* No CUDA call for what was never made: setup may fail before the device is in use. */
	void *dev[] = { s->d_in, s->d_x, s->d_q, s->d_scratch, s->d_out, s->d_flush };
	void *pinned[] = { s->h_in, s->h_x, s->h_out };
	for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
		if (dev[i])
			cudaFree(dev[i]);
	for (size_t i = 0; i < sizeof pinned / sizeof pinned[0]; i++)
		if (pinned[i])
			cudaFreeHost(pinned[i]);
	if (s->start)
		cudaEventDestroy(s->start);
	if (s->stop)
		cudaEventDestroy(s->stop);
	if (s->stream)
		cudaStreamDestroy(s->stream);
	free(s);
}

static int dev_alloc(void **p, size_t bytes, const char *what)
{
	cudaError_t err = cudaMalloc(p, bytes);

	if (err == cudaSuccess)
		err = cudaMemset(*p, 0, bytes);
	if (err != cudaSuccess)
		return fail(err, "cannot allocate %zu bytes of device memory for the %s", bytes, what);
	return BNB_OK;
}

/* A device buffer holding a copy of `src`, and a pinned host copy too when `pinned`. */
static int dev_copy_of(void **d, void **pinned, const void *src, size_t bytes, const char *what)
{
	cudaError_t err;
	int rc;

	if ((rc = dev_alloc(d, bytes, what)))
		return rc;
	if ((err = cudaMemcpy(*d, src, bytes, cudaMemcpyHostToDevice)) != cudaSuccess)
		return fail(err, "cannot copy the %s to the device", what);
	if (pinned) {
		if ((err = cudaMallocHost(pinned, bytes)) != cudaSuccess)
			return fail(err, "cannot allocate %zu bytes of pinned memory for the %s", bytes, what);
		memcpy(*pinned, src, bytes);
	}
	return BNB_OK;
}

static int read_params(const struct bnb_case *c, struct state *s)
{
	const char *mode = NULL;
	int64_t v = 0;
	int rc;

	rc = bnb_host->param_string(c, "mode", &mode);
	if (rc != BNB_OK && rc != BNB_ENOTFOUND) {
		bnb_host->error("cannot read parameter mode: %s", bnb_status_name(rc));
		return rc;
	}
	if (rc == BNB_ENOTFOUND || !mode || strcmp(mode, "hot") == 0) {
		s->cold = 0;
	} else if (strcmp(mode, "cold") == 0) {
		s->cold = 1;
	} else {
		bnb_host->error("mode '%s' is neither hot nor cold", mode);
		return BNB_EINVAL;
	}
	if (s->op > OP_GEMV)
		return BNB_OK;
	rc = bnb_host->param_int(c, "include_transfers", &v);
	if (rc != BNB_OK && rc != BNB_ENOTFOUND) {
		bnb_host->error("cannot read parameter include_transfers: %s", bnb_status_name(rc));
		return rc;
	}
	s->transfers = rc == BNB_OK && v != 0;
	return BNB_OK;
}

static size_t buffer_bytes(enum cuda_scheme scheme, uint64_t m, uint64_t k)
{
	switch (scheme) {
	case CUDA_I2S: return bnb_i2s_bytes(m, k);
	case CUDA_TL1: return bnb_tl1_bytes(m, k);
	case CUDA_TL2: return bnb_tl2_bytes(m, k);
	}
	return 0;
}

/* The checks of the case, before any CUDA call. */
static int check_case(enum op op, enum cuda_scheme scheme, const struct bnb_case *c,
                      const struct bnb_inputs *in)
{
	int rc;

	if (op == OP_LAUNCH)
		return BNB_OK;
	if (op == OP_COPY) {
		if (c->m == 0 || c->k == 0 || c->m > SIZE_MAX / c->k) {
			bnb_host->error("copy: m x k = %llu x %llu bytes: must be positive and addressable",
			                (unsigned long long)c->m, (unsigned long long)c->k);
			return BNB_EINVAL;
		}
		return BNB_OK;
	}
	if ((rc = bnb_check_case(op_names[op], c, in, buffer_bytes(scheme, c->m, c->k))))
		return rc;
	if (op == OP_GEMV && c->k > CUDA_GEMV_MAX_K) {
		bnb_host->error("gemv: k = %llu is above %llu, where int32 sums could overflow",
		                (unsigned long long)c->k, (unsigned long long)CUDA_GEMV_MAX_K);
		return BNB_EINVAL;
	}
	return BNB_OK;
}

static int alloc_buffers(struct state *s, const struct bnb_inputs *in)
{
	size_t n = (size_t)(s->m * s->k);
	void **pin_in = s->transfers ? &s->h_in : NULL;
	int rc = BNB_OK;

	switch (s->op) {
	case OP_QUANTIZE:
		s->in_bytes = n * sizeof(float);
		s->out_bytes = buffer_bytes(s->scheme, s->m, s->k);
		if (!(rc = dev_copy_of(&s->d_in, pin_in, in->x, s->in_bytes, "weights")))
			rc = dev_alloc(&s->d_scratch, sizeof(struct cuda_quant_scratch), "alpha sum");
		break;
	case OP_DEQUANTIZE:
		s->in_bytes = in->packed_bytes;
		s->out_bytes = n * sizeof(float);
		rc = dev_copy_of(&s->d_in, pin_in, in->packed, s->in_bytes, "packed weights");
		break;
	case OP_GEMV:
		s->in_bytes = in->packed_bytes;
		s->x_bytes = (size_t)s->k * sizeof(float);
		s->out_bytes = (size_t)s->m * sizeof(float);
		if (!(rc = dev_copy_of(&s->d_in, pin_in, in->packed, s->in_bytes, "packed weights")) &&
		    !(rc = dev_copy_of(&s->d_x, s->transfers ? &s->h_x : NULL, in->x, s->x_bytes,
		                       "activations")) &&
		    !(rc = dev_alloc(&s->d_q, (size_t)s->k, "quantized activations")))
			rc = dev_alloc(&s->d_scratch, sizeof(struct cuda_act), "activation scale");
		break;
	case OP_COPY:
		s->in_bytes = s->out_bytes = (size_t)(s->m * s->k);
		if (!(rc = dev_alloc(&s->d_in, s->in_bytes, "copy source")))
			rc = dev_alloc(&s->d_out, s->out_bytes, "copy destination");
		return rc;
	case OP_LAUNCH:
		return BNB_OK;
	}
	if (rc)
		return rc;
	if ((rc = dev_alloc(&s->d_out, s->out_bytes, "output")))
		return rc;
	if (s->transfers) {
		cudaError_t err = cudaMallocHost(&s->h_out, s->out_bytes);
		if (err != cudaSuccess)
			return fail(err, "cannot allocate %zu bytes of pinned memory for the output", s->out_bytes);
	}
	return BNB_OK;
}

static int setup_case(enum op op, enum cuda_scheme scheme, const struct bnb_case *c,
                      const struct bnb_inputs *in, void **state)
{
	struct state *s;
	cudaError_t err;
	int rc;

	if ((rc = check_case(op, scheme, c, in)))
		return rc;
	if (!(s = calloc(1, sizeof *s))) {
		bnb_host->error("out of memory");
		return BNB_ENOMEM;
	}
	s->op = op;
	s->scheme = scheme;
	s->m = c->m;
	s->k = c->k;
	if ((rc = read_params(c, s)) || (rc = use_device()))
		goto out;
	if ((err = cudaStreamCreateWithFlags(&s->stream, cudaStreamNonBlocking)) != cudaSuccess ||
	    (err = cudaEventCreate(&s->start)) != cudaSuccess ||
	    (err = cudaEventCreate(&s->stop)) != cudaSuccess) {
		rc = fail(err, "cannot create a stream and events");
		goto out;
	}
	if ((rc = alloc_buffers(s, in)))
		goto out;
	if (s->cold) {
		int l2 = 0;
		if ((err = cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, 0)) != cudaSuccess) {
			rc = fail(err, "cannot read the L2 cache size");
			goto out;
		}
		s->flush_bytes = l2 > 0 ? (size_t)l2 : 0;
		if (s->flush_bytes && (rc = dev_alloc(&s->d_flush, s->flush_bytes, "L2 flush buffer")))
			goto out;
	}
	/* The copies above may still be in flight; the timed stream must not overtake them. */
	if ((err = cudaDeviceSynchronize()) != cudaSuccess) {
		rc = fail(err, "device synchronisation after setup failed");
		goto out;
	}
	*state = s;
	return BNB_OK;
out:
	teardown(s);
	return rc;
}

/* ---- run ------------------------------------------------------------------- */

/* One iteration, on s->stream. */
static cudaError_t enqueue(struct state *s)
{
	cudaError_t err = cudaSuccess;

	if (s->transfers) {
		err = cudaMemcpyAsync(s->d_in, s->h_in, s->in_bytes, cudaMemcpyHostToDevice, s->stream);
		if (err == cudaSuccess && s->h_x)
			err = cudaMemcpyAsync(s->d_x, s->h_x, s->x_bytes, cudaMemcpyHostToDevice, s->stream);
		if (err != cudaSuccess)
			return err;
	}
	switch (s->op) {
	case OP_QUANTIZE:
		err = cuda_launch_quantize(s->scheme, s->d_in, s->m, s->k, s->d_out, s->d_scratch, s->stream);
		break;
	case OP_DEQUANTIZE:
		err = cuda_launch_dequantize(s->scheme, s->d_in, s->m, s->k, s->d_out, s->stream);
		break;
	case OP_GEMV:
		err = cuda_launch_gemv(s->scheme, s->d_in, s->d_x, s->m, s->k, s->d_q, s->d_scratch,
		                       s->d_out, s->stream);
		break;
	case OP_COPY:
		err = cudaMemcpyAsync(s->d_out, s->d_in, s->in_bytes, cudaMemcpyDeviceToDevice, s->stream);
		break;
	case OP_LAUNCH:
		err = cuda_launch_empty(s->stream);
		break;
	}
	if (err == cudaSuccess && s->transfers)
		err = cudaMemcpyAsync(s->h_out, s->d_out, s->out_bytes, cudaMemcpyDeviceToHost, s->stream);
	return err;
}

/* Wait for s->stop and add the time since s->start. */
static int add_elapsed(struct state *s, double *total_ms)
{
	cudaError_t err;
	float ms = 0.0f;

	if ((err = cudaEventSynchronize(s->stop)) != cudaSuccess)
		return fail(err, "%s on the device failed", op_names[s->op]);
	if ((err = cudaEventElapsedTime(&ms, s->start, s->stop)) != cudaSuccess)
		return fail(err, "cannot read the elapsed time");
	*total_ms += ms;
	return BNB_OK;
}

static int run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	struct state *s = state;
	double total_ms = 0.0;
	cudaError_t err;
	int rc;

	if (!s->cold) {
		if ((err = cudaEventRecord(s->start, s->stream)) != cudaSuccess)
			return fail(err, "cannot record an event");
		for (uint64_t i = 0; i < iterations; i++)
			if ((err = enqueue(s)) != cudaSuccess)
				return fail(err, "cannot launch %s", op_names[s->op]);
		if ((err = cudaEventRecord(s->stop, s->stream)) != cudaSuccess)
			return fail(err, "cannot record an event");
		if ((rc = add_elapsed(s, &total_ms)))
			return rc;
	} else {
		for (uint64_t i = 0; i < iterations; i++) {
			/* Writing an L2-sized buffer evicts what the previous iteration left. */
			if (s->d_flush &&
			    (err = cudaMemsetAsync(s->d_flush, (int)(i & 0x7f), s->flush_bytes, s->stream)) != cudaSuccess)
				return fail(err, "cannot flush the L2 cache");
			if ((err = cudaEventRecord(s->start, s->stream)) != cudaSuccess ||
			    (err = enqueue(s)) != cudaSuccess ||
			    (err = cudaEventRecord(s->stop, s->stream)) != cudaSuccess)
				return fail(err, "cannot launch %s", op_names[s->op]);
			if ((rc = add_elapsed(s, &total_ms)))
				return rc;
		}
	}
	*elapsed_ns = (uint64_t)llround(total_ms * 1e6);
	s->ran = 1;
	return BNB_OK;
}

static int output(void *state, void *dst, size_t dst_bytes)
{
	struct state *s = state;
	cudaError_t err;

	if (dst_bytes != s->out_bytes) {
		bnb_host->error("%s output: destination is %zu bytes, expected %zu", op_names[s->op],
		                dst_bytes, s->out_bytes);
		return BNB_EINVAL;
	}
	if (!s->ran) {
		bnb_host->error("%s output: the kernel has not run yet", op_names[s->op]);
		return BNB_EINVAL;
	}
	if ((err = cudaStreamSynchronize(s->stream)) != cudaSuccess)
		return fail(err, "%s on the device failed", op_names[s->op]);
	if ((err = cudaMemcpy(dst, s->d_out, dst_bytes, cudaMemcpyDeviceToHost)) != cudaSuccess)
		return fail(err, "cannot copy the output to the host");
	return BNB_OK;
}

/* ---- tables ---------------------------------------------------------------- */

static const struct bnb_param param_mode = {
	.struct_size = sizeof(struct bnb_param),
	.type = BNB_PARAM_ENUM,
	.name = "mode",
	.default_value = "hot",
	.min = 0, .max = -1,
	.choices = "hot|cold",
	.help = "hot: back-to-back launches; cold: L2 cache flushed before each timed launch",
};

static const struct bnb_param param_transfers = {
	.struct_size = sizeof(struct bnb_param),
	.type = BNB_PARAM_BOOL,
	.name = "include_transfers",
	.default_value = "false",
	.min = 0, .max = -1,
	.help = "time the host-to-device input and device-to-host output copies too",
};

static const struct bnb_param *const scheme_params[] = { &param_mode, &param_transfers, NULL };
static const struct bnb_param *const device_params[] = { &param_mode, NULL };

#define SETUP(fn, op, scheme)                                                              \
	static int fn(const struct bnb_case *c, const struct bnb_inputs *in, void **state) \
	{                                                                                  \
		return setup_case(op, scheme, c, in, state);                               \
	}

SETUP(i2s_quantize_setup, OP_QUANTIZE, CUDA_I2S)
SETUP(i2s_dequantize_setup, OP_DEQUANTIZE, CUDA_I2S)
SETUP(i2s_gemv_setup, OP_GEMV, CUDA_I2S)
SETUP(tl1_quantize_setup, OP_QUANTIZE, CUDA_TL1)
SETUP(tl1_dequantize_setup, OP_DEQUANTIZE, CUDA_TL1)
SETUP(tl1_gemv_setup, OP_GEMV, CUDA_TL1)
SETUP(tl2_quantize_setup, OP_QUANTIZE, CUDA_TL2)
SETUP(tl2_dequantize_setup, OP_DEQUANTIZE, CUDA_TL2)
SETUP(tl2_gemv_setup, OP_GEMV, CUDA_TL2)
SETUP(copy_setup, OP_COPY, CUDA_I2S)
SETUP(launch_setup, OP_LAUNCH, CUDA_I2S)

#define KERNEL(var, op_name, scheme_name, setup_fn, text)                                   \
	static const struct bnb_kernel var = {                                              \
		.struct_size = sizeof(struct bnb_kernel), .flags = BNB_KERNEL_SELF_TIMED,   \
		.op = op_name, .scheme = scheme_name, .backend = "cuda", .summary = text,   \
		.params = scheme_params, .setup = setup_fn, .run = run, .output = output,   \
		.teardown = teardown }

KERNEL(i2s_quantize, "quantize", "i2s", i2s_quantize_setup,
       "i2s quantize on the GPU: |w| sum in double, then a thread per packed word");
KERNEL(i2s_dequantize, "dequantize", "i2s", i2s_dequantize_setup,
       "i2s dequantize on the GPU: a thread per packed word");
KERNEL(i2s_gemv, "gemv", "i2s", i2s_gemv_setup,
       "i2s gemv on the GPU: I8_S activations, a warp per row, dp4a on the 2-bit codes");
KERNEL(tl1_quantize, "quantize", "tl1", tl1_quantize_setup,
       "tl1 quantize on the GPU: |w| sum in double, then a thread per packed word");
KERNEL(tl1_dequantize, "dequantize", "tl1", tl1_dequantize_setup,
       "tl1 dequantize on the GPU: a thread per packed word");
KERNEL(tl1_gemv, "gemv", "tl1", tl1_gemv_setup,
       "tl1 gemv on the GPU: I8_S activations, pair tables in shared memory, a warp per row");
KERNEL(tl2_quantize, "quantize", "tl2", tl2_quantize_setup,
       "tl2 quantize on the GPU: |w| sum in double, then a thread per 8 triples");
KERNEL(tl2_dequantize, "dequantize", "tl2", tl2_dequantize_setup,
       "tl2 dequantize on the GPU: a thread per 8 triples");
KERNEL(tl2_gemv, "gemv", "tl2", tl2_gemv_setup,
       "tl2 gemv on the GPU: I8_S activations, triple tables in shared memory, a warp per row");

static const struct bnb_kernel copy = {
	.struct_size = sizeof(struct bnb_kernel),
	.flags = BNB_KERNEL_SELF_TIMED,
	.op = "copy",
	.backend = "cuda",
	.summary = "device-to-device cudaMemcpy of m*k bytes: the copy bandwidth (not verified)",
	.params = device_params,
	.setup = copy_setup,
	.run = run,
	.teardown = teardown,
};

static const struct bnb_kernel launch = {
	.struct_size = sizeof(struct bnb_kernel),
	.flags = BNB_KERNEL_SELF_TIMED,
	.op = "launch",
	.backend = "cuda",
	.summary = "an empty kernel launch: the launch overhead (not verified)",
	.params = device_params,
	.setup = launch_setup,
	.run = run,
	.teardown = teardown,
};

static const struct bnb_kernel *const kernels[] = {
	&i2s_quantize, &i2s_dequantize, &i2s_gemv,
	&tl1_quantize, &tl1_dequantize, &tl1_gemv,
	&tl2_quantize, &tl2_dequantize, &tl2_gemv,
	&copy, &launch, NULL
};

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = "cuda",
	.version = "1.0",
	.summary = "CUDA kernels for i2s, tl1 and tl2, timed with CUDA events; copy and launch baselines",
	.kernels = kernels,
	.probe = probe,
};

BNB_PLUGIN_REGISTER(plugin)
