/* The run sinks the commands wire up: the store and the console. */
#ifndef BNB_SINK_H
#define BNB_SINK_H

#include <stdint.h>
#include <stdio.h>

#include "runner.h"
#include "store.h"

/* Writes the run, its cases and its fingerprint into a store; a failed write stops the run. */
struct sink_store {
	struct store *store;
	int failed;                   /* a write failed: the run is closed as incomplete, if it can be */
};
struct run_sink sink_store(struct sink_store *st, struct store *s);

/*
 * A progress line on stderr (when `progress`: the caller checks that it is a
 * terminal) with the elapsed time and an ETA from the time settings of the
 * cases left, and a readable line per case on `out` (when `lines`), coloured
 * on a terminal (term.h).  Free with sink_console_free().
 */
struct sink_console {
	const struct plan *plan;
	char *finished;               /* per plan case */
	FILE *out;
	int lines;                    /* a line per case on out */
	int progress;                 /* the progress line on stderr */
	uint64_t started_ns;
};
struct run_sink sink_console(struct sink_console *c, const struct plan *plan, FILE *out, int lines, int progress);
void sink_console_free(struct sink_console *c);

#endif
