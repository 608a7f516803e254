/* Calling a kernel through its callbacks, with errors turned into messages. */
#ifndef BNB_KERNEL_H
#define BNB_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "params.h"
#include "loader.h"
#include "util.h"

/* A kernel set up for one case. */
struct kernel_inst {
	const struct plugin_kernel *pk;
	struct bnb_case c;
	struct bnb_inputs in;
	void *state;
};

/* The case as the kernel sees it; `ps` stays owned by the caller. */
void kernel_case_init(struct bnb_case *c, const struct plugin_kernel *pk, uint64_t m, uint64_t k,
                      const struct param_set *ps);
int kernel_setup(struct kernel_inst *ki, const struct plugin_kernel *pk, const struct bnb_case *c,
                 const struct bnb_inputs *in, struct bnb_err *e);
/* Run `iterations` times; *elapsed_ns is the harness clock unless the kernel times itself. */
int kernel_run(struct kernel_inst *ki, uint64_t iterations, uint64_t *elapsed_ns, struct bnb_err *e);
int kernel_output(struct kernel_inst *ki, void *dst, size_t bytes, struct bnb_err *e);
void kernel_teardown(struct kernel_inst *ki);
/*
 * The work of one iteration from the kernel's work callback (ABI 1.1, a
 * plugin's own op): BNB_OK with *has_work 0 when it has none.
 */
int kernel_work(struct kernel_inst *ki, int *has_work, uint64_t *items, uint64_t *bytes, struct bnb_err *e);

/* setup, one run, output, teardown: the kernel's result for these inputs. */
int kernel_run_once(const struct plugin_kernel *pk, const struct bnb_case *c,
                    const struct bnb_inputs *in, void *out, size_t out_bytes, struct bnb_err *e);

/* "gemv/i2s/avx2" */
void kernel_id(const struct plugin_kernel *pk, char *buf, size_t len);

#endif
