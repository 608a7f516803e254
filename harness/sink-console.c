/*
 * The console as a run sink: a progress line on a terminal, "[3/40] case
 * elapsed 0:12  ETA 0:30-1:10", rewritten in place and cleared before a case
 * line goes to standard output; and one line per case, coloured by outcome.
 */
#define _GNU_SOURCE   /* open_memstream */
#include "config.h"

#include "sink.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "output.h"
#include "term.h"

/* What a case is expected to take: warm-up plus min_time .. max_time (0 when skipped). */
static void case_estimate(const struct plan_case *pc, double *lo, double *hi)
{
	const struct suite_settings *s = &pc->group->settings;

	*lo = *hi = 0;
	if (pc->skip)
		return;
	*lo = (double)(s->warmup_ns + s->min_time_ns) / 1e9;
	*hi = (double)(s->warmup_ns + s->max_time_ns) / 1e9;
}

/*
 * The time left, from the time settings of the cases that have not finished:
 * the current one and the `pending` after it.  When the unfinished cases of the
 * plan are not exactly those (a re-check of a few), `pending` times their mean.
 */
static void eta(const struct sink_console *c, size_t current, size_t pending, double *lo, double *hi)
{
	double sum_lo = 0, sum_hi = 0, l, h;
	size_t n = 0;

	for (size_t i = 0; i < c->plan->n; i++) {
		if (i == current || c->finished[i] || c->plan->cases[i].skip)
			continue;
		case_estimate(&c->plan->cases[i], &l, &h);
		sum_lo += l;
		sum_hi += h;
		n++;
	}
	if (n != pending && n) {
		sum_lo = sum_lo / (double)n * (double)pending;
		sum_hi = sum_hi / (double)n * (double)pending;
	}
	case_estimate(&c->plan->cases[current], &l, &h);
	*lo = sum_lo + l;
	*hi = sum_hi + h;
}

/* "3.5s" below 10 s (as `scale` is), else "0:12", "12:30", "1:02:03". */
static void fmt_clock(char *buf, size_t len, double s, double scale)
{
	unsigned long t = (unsigned long)(s + 0.5);

	if (scale < 10)
		snprintf(buf, len, "%.1fs", s);
	else if (t >= 3600)
		snprintf(buf, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, len, "%lu:%02lu", t / 60, t % 60);
}

static size_t term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	return 80;
}

static void on_started(const struct plan_case *pc, size_t index, size_t done, size_t total, void *arg)
{
	struct sink_console *c = arg;
	char head[48], tail[160], el[32], lo_s[32], hi_s[32], line[512];
	double lo, hi, elapsed;
	size_t room;

	if (!c->progress)
		return;
	eta(c, index, total > done + 1 ? total - done - 1 : 0, &lo, &hi);
	elapsed = (double)(now_ns() - c->started_ns) / 1e9;
	fmt_clock(el, sizeof el, elapsed, elapsed);
	fmt_clock(lo_s, sizeof lo_s, lo, hi);
	fmt_clock(hi_s, sizeof hi_s, hi, hi);
	snprintf(head, sizeof head, "[%zu/%zu] ", done + 1, total);
	if (strcmp(lo_s, hi_s) == 0)
		snprintf(tail, sizeof tail, "  elapsed %s  ETA %s", el, hi_s);
	else
		snprintf(tail, sizeof tail, "  elapsed %s  ETA %s-%s", el, lo_s, hi_s);
	/* One line, never wrapped: a wrapped line could not be rewritten in place. */
	room = term_width() - 1;
	room = room > strlen(head) + strlen(tail) ? room - strlen(head) - strlen(tail) : 0;
	if (strlen(pc->name) <= room)
		snprintf(line, sizeof line, "%s%s%s", head, pc->name, tail);
	else if (room > 3)
		snprintf(line, sizeof line, "%s...%s%s", head, pc->name + strlen(pc->name) - (room - 3), tail);
	else
		snprintf(line, sizeof line, "%s", head);
	term_progress(line);
}

/* The case line, its colour ended before the newline. */
static void print_case(FILE *out, const struct case_result *cr)
{
	enum term_tone tone = output_case_tone(cr);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	if (!mem) {
		output_case_line(out, cr);
		return;
	}
	output_case_line(mem, cr);
	fclose(mem);
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	fprintf(out, "%s%s%s\n", term_on(out, tone), buf, term_off(out, tone));
	free(buf);
}

static int on_finished(const struct run_info *run, struct case_result *cr, size_t index, void *arg,
                       struct bnb_err *e)
{
	struct sink_console *c = arg;

	(void)run;
	(void)e;
	if (index < c->plan->n)
		c->finished[index] = 1;
	if (c->lines) {
		term_progress_clear();
		print_case(c->out, cr);
		fflush(c->out);
	}
	return BNB_OK;
}

static int on_end(const struct run_info *run, void *arg, struct bnb_err *e)
{
	(void)run;
	(void)arg;
	(void)e;
	term_progress_clear();
	return BNB_OK;
}

struct run_sink sink_console(struct sink_console *c, const struct plan *plan, FILE *out, int lines, int progress)
{
	struct run_sink sink = { NULL, on_started, on_finished, NULL, on_end, c };

	c->plan = plan;
	c->finished = xcalloc(plan->n ? plan->n : 1, 1);
	c->out = out;
	c->lines = lines;
	c->progress = progress;
	c->started_ns = now_ns();
	return sink;
}

void sink_console_free(struct sink_console *c)
{
	term_progress_clear();
	free(c->finished);
	c->finished = NULL;
}
