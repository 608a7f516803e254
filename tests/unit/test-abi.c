/*
 * Pins the layout of the public structs (x86-64 / LP64).  A failure here means
 * the ABI changed: that needs a new abi_minor (fields appended) or abi_major.
 */
#include <stddef.h>

#include <bnbench/plugin.h>

#include "tap.h"

#define OFF(type, field, want) is_int(offsetof(struct type, field), want, #type "." #field)
#define SIZE(type, want) is_int(sizeof(struct type), want, "sizeof " #type)

int main(void)
{
	if (sizeof(void *) != 8)
		tap_skip_all("layout pinned for LP64 only");

	OFF(bnb_plugin, abi_major, 0);
	OFF(bnb_plugin, abi_minor, 2);
	OFF(bnb_plugin, struct_size, 4);
	OFF(bnb_plugin, flags, 8);
	OFF(bnb_plugin, name, 16);
	OFF(bnb_plugin, version, 24);
	OFF(bnb_plugin, summary, 32);
	OFF(bnb_plugin, compiler, 40);
	OFF(bnb_plugin, cflags, 48);
	OFF(bnb_plugin, schemes, 56);
	OFF(bnb_plugin, kernels, 64);
	OFF(bnb_plugin, probe, 72);
	SIZE(bnb_plugin, 80);

	OFF(bnb_kernel, struct_size, 0);
	OFF(bnb_kernel, flags, 4);
	OFF(bnb_kernel, op, 8);
	OFF(bnb_kernel, scheme, 16);
	OFF(bnb_kernel, backend, 24);
	OFF(bnb_kernel, features, 32);
	OFF(bnb_kernel, summary, 40);
	OFF(bnb_kernel, params, 48);
	OFF(bnb_kernel, setup, 56);
	OFF(bnb_kernel, run, 64);
	OFF(bnb_kernel, output, 72);
	OFF(bnb_kernel, teardown, 80);
	OFF(bnb_kernel, data, 88);         /* ABI 1.1, appended */
	OFF(bnb_kernel, work, 96);
	OFF(bnb_kernel, max_threads, 104); /* ABI 1.2, appended */
	SIZE(bnb_kernel, 112);
	OFF(bnb_work, struct_size, 0);
	OFF(bnb_work, items, 8);
	OFF(bnb_work, bytes, 16);
	SIZE(bnb_work, 24);

	OFF(bnb_scheme, struct_size, 0);
	OFF(bnb_scheme, k_multiple, 4);
	OFF(bnb_scheme, name, 8);
	OFF(bnb_scheme, summary, 16);
	OFF(bnb_scheme, bits_per_weight, 24);
	OFF(bnb_scheme, buffer_bytes, 32);
	OFF(bnb_scheme, check_quantized, 40);
	SIZE(bnb_scheme, 48);

	OFF(bnb_param, struct_size, 0);
	OFF(bnb_param, type, 4);
	OFF(bnb_param, name, 8);
	OFF(bnb_param, default_value, 16);
	OFF(bnb_param, min, 24);
	OFF(bnb_param, max, 32);
	OFF(bnb_param, choices, 40);
	OFF(bnb_param, help, 48);
	SIZE(bnb_param, 56);

	OFF(bnb_case, struct_size, 0);
	OFF(bnb_case, op, 8);
	OFF(bnb_case, scheme, 16);
	OFF(bnb_case, m, 24);
	OFF(bnb_case, k, 32);
	OFF(bnb_case, priv, 40);
	OFF(bnb_case, kernel, 48);         /* ABI 1.1, appended */
	OFF(bnb_case, threads, 56);        /* ABI 1.2, appended */
	SIZE(bnb_case, 64);

	OFF(bnb_inputs, struct_size, 0);
	OFF(bnb_inputs, x, 8);
	OFF(bnb_inputs, x_count, 16);
	OFF(bnb_inputs, packed, 24);
	OFF(bnb_inputs, packed_bytes, 32);
	SIZE(bnb_inputs, 40);

	OFF(bnb_quant_check, struct_size, 0);
	OFF(bnb_quant_check, boundary_elems, 8);
	OFF(bnb_quant_check, boundary_diffs, 16);
	OFF(bnb_quant_check, alpha_rel_err, 24);
	SIZE(bnb_quant_check, 32);

	OFF(bnb_host, abi_major, 0);
	OFF(bnb_host, abi_minor, 2);
	OFF(bnb_host, struct_size, 4);
	OFF(bnb_host, error, 8);
	OFF(bnb_host, log, 16);
	OFF(bnb_host, now_ns, 24);
	OFF(bnb_host, param_int, 32);
	OFF(bnb_host, param_double, 40);
	OFF(bnb_host, param_string, 48);
	OFF(bnb_host, env_set, 56);
	SIZE(bnb_host, 64);

	is_int(BNB_ABI_MAJOR, 1, "abi major");
	is_int(BNB_OK, 0, "BNB_OK is 0");
	is_int(BNB_EINTERNAL, 13, "status codes are stable");
	return tap_done();
}
