/* The table of ops: what each takes, gives and does per iteration. */
#include "config.h"

#include "ops.h"
#include "tap.h"

int main(void)
{
	const struct op_info *q = ops_find("quantize"), *dq = ops_find("dequantize"), *g = ops_find("gemv");

	is_int(ops_count(), 3, "three ops");
	ok(q && dq && g, "quantize, dequantize and gemv are known");
	ok(!ops_find("http") && !ops_find(NULL) && !ops_find("Quantize"), "others are a plugin's own");
	ok(ops_at(0) == q && ops_at(1) == dq && ops_at(2) == g && !ops_at(3), "in a fixed order");
	ok(ops_packer() == q, "quantize makes the packed inputs");
	if (!q || !dq || !g)
		return tap_done();
	ok(q->has_scheme && dq->has_scheme && g->has_scheme, "all belong to a scheme");
	ok(q->x_in == OP_MK_FLOATS && q->packed_in == OP_NONE && q->output == OP_PACKED, "quantize: floats to packed");
	ok(dq->x_in == OP_NONE && dq->packed_in == OP_PACKED && dq->output == OP_MK_FLOATS,
	   "dequantize: packed to floats");
	ok(g->x_in == OP_K_FLOATS && g->packed_in == OP_PACKED && g->output == OP_M_FLOATS,
	   "gemv: packed and a vector to a vector");

	is_int(ops_extent_bytes(OP_PACKED, 96, 4, 64), 96, "packed: the scheme's buffer");
	is_int(ops_extent_bytes(OP_PACKED, 0, 4, 64), 0, "packed without a scheme: 0");
	is_int(ops_extent_bytes(OP_MK_FLOATS, 96, 4, 64), 1024, "M x K floats");
	is_int(ops_extent_bytes(OP_K_FLOATS, 96, 4, 64), 256, "K floats");
	is_int(ops_extent_bytes(OP_M_FLOATS, 96, 4, 64), 16, "M floats");
	is_int(ops_extent_bytes(OP_NONE, 96, 4, 64), 0, "nothing");

	is_double(ops_work_items(q, 1, 4096), 4096, 0, "quantize: an element per weight");
	is_double(ops_work_items(g, 2560, 6912), 2560.0 * 6912, 0, "gemv: a MAC per weight");
	is_double(ops_bytes_moved(q, 1024 / 4 + 32, 1, 1024), 4096 + 288, 0, "quantize moves 4n + buffer");
	is_double(ops_bytes_moved(dq, 1024 / 4 + 32, 1, 1024), 4096 + 288, 0, "dequantize moves buffer + 4n");
	is_double(ops_bytes_moved(g, 8 * 1024 / 4 + 32, 8, 1024), 8 * 1024 / 4 + 32 + 4 * 1024 + 4 * 8, 0,
	          "gemv moves buffer + 4K + 4M");

	is_str(ops_unit("quantize", "i2s"), "elem", "unit: elements");
	is_str(ops_unit("dequantize", "tl1"), "elem", "unit: elements");
	is_str(ops_unit("gemv", "tl2"), "MAC", "unit: MACs");
	is_str(ops_unit("http", NULL), "op", "own op: operations");
	is_str(ops_unit("gemv", ""), "op", "no scheme: operations");
	is_str(ops_unit("I2S_pack", "i2s"), "elem", "an imported op of a scheme: elements");
	is_str(g->ucum, "{MAC}/s", "the UCUM unit of gemv");
	is_str(q->ucum, "{element}/s", "the UCUM unit of quantize");
	return tap_done();
}
