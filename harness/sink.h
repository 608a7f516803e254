/* The run sinks the commands wire up: the store and the console. */
#ifndef BNB_SINK_H
#define BNB_SINK_H

#include <stdio.h>

#include "runner.h"
#include "store.h"

/* Writes the run, its cases and its fingerprint into a store; a failed write stops the run. */
struct sink_store {
	struct store *store;
	int failed;                   /* a write failed: the run is closed as incomplete, if it can be */
};
struct run_sink sink_store(struct sink_store *st, struct store *s);

/* A progress line on `err` (a terminal) and a readable line per case on `out`. */
struct sink_console {
	FILE *out, *err;
	int lines;                    /* a line per case on out */
	int progress;                 /* the progress line on err */
};
struct run_sink sink_console(struct sink_console *c, FILE *out, int lines, FILE *err, int progress);

#endif
