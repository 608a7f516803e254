/* Defines scheme i2s, which the i2s plugin already defines. */
#include "t_common.h"

static size_t bytes(uint64_t m, uint64_t k)
{
	return (size_t)(m * k / 4 + 32);
}

static int check(const float *w, uint64_t m, uint64_t k, const void *ref, const void *got,
                 struct bnb_quant_check *res)
{
	(void)w;
	(void)res;
	return memcmp(ref, got, bytes(m, k)) ? BNB_EVERIFY : BNB_OK;
}

static const struct bnb_scheme i2s = {
	.struct_size = sizeof(struct bnb_scheme), .k_multiple = 128, .name = "i2s", .summary = "impostor",
	.bits_per_weight = 2, .buffer_bytes = bytes, .check_quantized = check,
};
static const struct bnb_scheme *const schemes[] = { &i2s, NULL };
static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = "t_dupscheme", .version = "1", .schemes = schemes };

BNB_PLUGIN_REGISTER(plugin)
