/* The console as a run sink: the progress line and the case lines. */
#include "config.h"

#include "sink.h"

#include "output.h"

static void clear_progress(const struct sink_console *c)
{
	if (c->progress)
		fputs("\r\033[K", c->err);
}

static void on_started(const struct plan_case *pc, size_t index, size_t done, size_t total, void *arg)
{
	struct sink_console *c = arg;

	(void)index;
	if (!c->progress)
		return;
	fprintf(c->err, "\r\033[K[%zu/%zu] %s", done + 1, total, pc->name);
	fflush(c->err);
}

static int on_finished(const struct run_info *run, struct case_result *cr, size_t index, void *arg,
                            struct bnb_err *e)
{
	struct sink_console *c = arg;

	(void)run;
	(void)index;
	(void)e;
	clear_progress(c);
	if (c->lines) {
		output_case_line(c->out, cr);
		fflush(c->out);
	}
	return BNB_OK;
}

static int on_end(const struct run_info *run, void *arg, struct bnb_err *e)
{
	(void)run;
	(void)e;
	clear_progress(arg);
	return BNB_OK;
}

struct run_sink sink_console(struct sink_console *c, FILE *out, int lines, FILE *err, int progress)
{
	struct run_sink sink = { NULL, on_started, on_finished, NULL, on_end, c };

	c->out = out;
	c->err = err;
	c->lines = lines;
	c->progress = progress;
	return sink;
}
