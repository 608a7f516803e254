/* The store as a run sink. */
#include "config.h"

#include "sink.h"

static int on_begin(struct run_info *run, void *arg, struct bnb_err *e)
{
	struct sink_store *st = arg;

	if (store_run_begin(st->store, run, e)) {
		st->failed = 1;
		return e->status;
	}
	return BNB_OK;
}

static int on_finished(const struct run_info *run, struct case_result *c, size_t index, void *arg,
                          struct bnb_err *e)
{
	struct sink_store *st = arg;

	(void)index;
	if (store_case_add(st->store, run->id, c, e)) {
		st->failed = 1;
		return e->status;
	}
	return BNB_OK;
}

static int on_end(const struct run_info *run, void *arg, struct bnb_err *e)
{
	struct sink_store *st = arg;

	if (store_env_put(st->store, run, e))
		return e->status;
	return store_run_finish(st->store, run->id, run->status, run->finished_ns, e);
}

struct run_sink sink_store(struct sink_store *st, struct store *s)
{
	struct run_sink sink = { on_begin, NULL, on_finished, NULL, on_end, st };

	st->store = s;
	st->failed = 0;
	return sink;
}
