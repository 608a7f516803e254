/* The ops bnbench knows: what each takes, gives and does per iteration. */
#ifndef BNB_OPS_H
#define BNB_OPS_H

#include <stddef.h>
#include <stdint.h>

#include <bnbench/plugin.h>

/* The size of an input or output of an M x K case. */
enum op_extent {
	OP_NONE = 0,
	OP_PACKED,       /* the scheme's buffer of M x K weights (buffer_bytes) */
	OP_MK_FLOATS,    /* M x K floats */
	OP_K_FLOATS,     /* K floats (a vector) */
	OP_M_FLOATS      /* M floats */
};

struct op_info {
	const char *name;
	int has_scheme;             /* its kernels belong to a scheme and are verified against it */
	enum op_extent packed_in;   /* struct bnb_inputs.packed */
	enum op_extent x_in;        /* struct bnb_inputs.x */
	enum op_extent output;
	const char *unit;           /* of one work item: "elem", "MAC" */
	const char *ucum;           /* the throughput's UCUM unit */
};

/* The op called `name`, or NULL for a plugin's own op. */
const struct op_info *ops_find(const char *name);
/* The known ops, in a fixed order (i < ops_count()). */
size_t ops_count(void);
const struct op_info *ops_at(size_t i);
/* The op whose output is packed weights (quantize): it makes the packed inputs of the others. */
const struct op_info *ops_packer(void);

/* Bytes of an extent; `packed` is the scheme's buffer at m x k (0 without a scheme), for OP_PACKED. */
uint64_t ops_extent_bytes(enum op_extent x, uint64_t packed, uint64_t m, uint64_t k);
/* Work items (elements or MACs) of one iteration of an M x K case; `op` NULL: a scheme's own op, per weight. */
double ops_work_items(const struct op_info *op, uint64_t m, uint64_t k);
/* Bytes moved by one iteration: its inputs and its output. */
double ops_bytes_moved(const struct op_info *op, uint64_t packed, uint64_t m, uint64_t k);
/* The unit of a case's work item: the op's, or "op" for a plugin's own op (no scheme). */
const char *ops_unit(const char *op, const char *scheme);

#endif
