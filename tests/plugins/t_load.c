/*
 * Plugins that misbehave while bnbench loads them, one per T_LOAD_MODE: a
 * constructor that crashes, a bnb_plugin_init that crashes, a buffer_bytes
 * that crashes, a constructor that prints and leaves a sleeping grandchild,
 * one that writes into every descriptor it inherited, and one that behaves.
 * Each must fail alone: bnbench describes plugins in children.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "t_common.h"

#define T_CTOR_CRASH 1
#define T_INIT_CRASH 2
#define T_SIZE_CRASH 3
#define T_NOISE 4
#define T_FDS 5
#define T_QUIET 6   /* behaves */

#if T_LOAD_MODE == T_CTOR_CRASH
#define T_NAME "t_ctorcrash"
#elif T_LOAD_MODE == T_INIT_CRASH
#define T_NAME "t_initcrash"
#elif T_LOAD_MODE == T_SIZE_CRASH
#define T_NAME "t_sizecrash"
#elif T_LOAD_MODE == T_NOISE
#define T_NAME "t_loadnoise"
#elif T_LOAD_MODE == T_FDS
#define T_NAME "t_loadfds"
#else
#define T_NAME "t_loadok"
#endif

__attribute__((constructor)) static void t_load_ctor(void)
{
	if (T_LOAD_MODE == T_CTOR_CRASH)
		raise(SIGSEGV);
	if (T_LOAD_MODE == T_NOISE) {
		printf("t_loadnoise: hello on stdout\n");
		fprintf(stderr, "t_loadnoise: hello on stderr\n");
		fflush(NULL);
		if (fork() == 0) {
			execlp("sleep", "sleep", "1234.5", (char *)NULL);
			_exit(127);
		}
	}
	if (T_LOAD_MODE == T_FDS) {
		static const char junk[] = "t_loadfds was here\n";
		for (int fd = 0; fd < 1024; fd++)
			if (write(fd, junk, sizeof junk - 1) < 0) {
				/* most are not open */
			}
	}
}

static size_t ts_buffer_bytes(uint64_t m, uint64_t k)
{
	if (T_LOAD_MODE == T_SIZE_CRASH)
		raise(SIGSEGV);
	return (size_t)(m * k);
}

static int ts_check(const float *w, uint64_t m, uint64_t k, const void *ref, const void *got,
                    struct bnb_quant_check *res)
{
	(void)w, (void)m, (void)k, (void)ref, (void)got, (void)res;
	return BNB_OK;
}

static const struct bnb_scheme scheme = { .struct_size = sizeof(struct bnb_scheme), .k_multiple = 1,
	                                  .name = T_NAME "_s", .summary = "a scheme of a misbehaving plugin",
	                                  .bits_per_weight = 8, .buffer_bytes = ts_buffer_bytes,
	                                  .check_quantized = ts_check };
static const struct bnb_kernel noop = T_KERNEL("noop", NULL, T_NAME);
static const struct bnb_scheme *const schemes[] = { &scheme, NULL };
static const struct bnb_kernel *const kernels[] = { &noop, NULL };
static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = T_NAME, .version = "1",
	                                  .schemes = schemes, .kernels = kernels };

const struct bnb_host *bnb_host __attribute__((visibility("hidden")));
__attribute__((visibility("default"))) const struct bnb_plugin *bnb_plugin_init(const struct bnb_host *host);
const struct bnb_plugin *bnb_plugin_init(const struct bnb_host *host)
{
	if (T_LOAD_MODE == T_INIT_CRASH)
		raise(SIGSEGV);
	bnb_host = host;
	return &plugin;
}
