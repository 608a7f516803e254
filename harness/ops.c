/* The table of ops (bnbench-formats(7), INPUT DATA, for the bytes moved). */
#include "config.h"

#include "ops.h"

#include <string.h>

static const struct op_info table[] = {
	{ "quantize", 1, OP_NONE, OP_MK_FLOATS, OP_PACKED, "elem", "{element}/s" },
	{ "dequantize", 1, OP_PACKED, OP_NONE, OP_MK_FLOATS, "elem", "{element}/s" },
	{ "gemv", 1, OP_PACKED, OP_K_FLOATS, OP_M_FLOATS, "MAC", "{MAC}/s" },
};

#define N_OPS (sizeof table / sizeof table[0])

const struct op_info *ops_find(const char *name)
{
	for (size_t i = 0; name && i < N_OPS; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

size_t ops_count(void)
{
	return N_OPS;
}

const struct op_info *ops_at(size_t i)
{
	return i < N_OPS ? &table[i] : NULL;
}

const struct op_info *ops_packer(void)
{
	for (size_t i = 0; i < N_OPS; i++)
		if (table[i].output == OP_PACKED)
			return &table[i];
	return NULL;
}

uint64_t ops_extent_bytes(enum op_extent x, uint64_t packed, uint64_t m, uint64_t k)
{
	switch (x) {
	case OP_NONE: return 0;
	case OP_PACKED: return packed;
	case OP_MK_FLOATS: return m * k * sizeof(float);
	case OP_K_FLOATS: return k * sizeof(float);
	case OP_M_FLOATS: return m * sizeof(float);
	}
	return 0;
}

double ops_work_items(const struct op_info *op, uint64_t m, uint64_t k)
{
	(void)op;  /* an element per weight (quantize, dequantize), a MAC per weight (gemv) */
	return (double)m * (double)k;
}

double ops_bytes_moved(const struct op_info *op, uint64_t packed, uint64_t m, uint64_t k)
{
	return (double)ops_extent_bytes(op->packed_in, packed, m, k) + (double)ops_extent_bytes(op->x_in, packed, m, k) +
	       (double)ops_extent_bytes(op->output, packed, m, k);
}

const char *ops_unit(const char *op, const char *scheme)
{
	const struct op_info *o = ops_find(op);

	if (!scheme || !*scheme)
		return "op";
	return o ? o->unit : "elem";  /* an imported case of a scheme: per weight */
}
