/* bnbench report: loading the run, its baseline and its history window. */
#include "config.h"

#include "report.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

int report_parse_date(const char *s, uint64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, used = 0;
	long long days, yy, era, yoe, doy, doe;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 || y < 1970 ||
	    m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	/* days from civil (H. Hinnant's algorithm) */
	yy = m <= 2 ? y - 1 : y;
	era = yy / 400;
	yoe = yy - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	*out = (uint64_t)days * 86400ull * 1000000000ull;
	return 0;
}

static int same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

const struct case_result *report_find_case(const struct report_run *run, const struct case_result *c)
{
	for (size_t i = 0; i < run->n_cases; i++) {
		const struct case_result *d = &run->cases[i];
		if (case_same(d, c))
			return d;
	}
	return NULL;
}

const struct case_result *report_find_foreign(const struct report_run *base, const struct case_result *c)
{
	for (size_t i = 0; i < base->n_cases; i++) {
		const struct case_result *b = &base->cases[i];
		if (case_usable(b) && case_same_job(b, c))
			return b;
	}
	return NULL;
}

char *report_run_tag(const struct run_info *run)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "%" PRId64, run->id);
	if (run->git_commit && *run->git_commit)
		sb_addf(&sb, " %.7s%s", run->git_commit, run->git_dirty ? "+" : "");
	if (run->label && *run->label)
		sb_addf(&sb, " %s", run->label);
	return sb.buf;
}

int report_backend_rank(const char *backend)
{
	static const char *const order[] = { "scalar", "sse", "avx2", "avx512", "cuda" };
	int n = (int)(sizeof order / sizeof order[0]);

	for (int i = 0; i < n; i++)
		if (backend && strcmp(backend, order[i]) == 0)
			return i;
	return n;
}

/* Index of the first case of `run` whose field equals c's (op or scheme). */
static size_t first_pos(const struct report_run *run, const struct case_result *c, int scheme)
{
	for (size_t i = 0; i < run->n_cases; i++)
		if (same_str(scheme ? run->cases[i].scheme : run->cases[i].op, scheme ? c->scheme : c->op))
			return i;
	return run->n_cases;
}

struct sort_key {
	const struct case_result *c;
	size_t op, scheme, at;
	int backend;
};

static int key_cmp(const void *x, const void *y)
{
	const struct sort_key *a = x, *b = y;
	uint64_t na = a->c->m * a->c->k, nb = b->c->m * b->c->k;

	if (a->op != b->op)
		return a->op < b->op ? -1 : 1;
	if (a->scheme != b->scheme)
		return a->scheme < b->scheme ? -1 : 1;
	if (na != nb)
		return na < nb ? -1 : 1;
	if (a->c->m != b->c->m)
		return a->c->m < b->c->m ? -1 : 1;
	if (a->backend != b->backend)
		return a->backend < b->backend ? -1 : 1;
	return (a->at > b->at) - (a->at < b->at);
}

void report_sort_cases(const struct report_run *run, const struct case_result **v, size_t n)
{
	struct sort_key *k = xcalloc(n ? n : 1, sizeof *k);

	for (size_t i = 0; i < n; i++) {
		/* an op or scheme seen before in v has its position already: few distinct ones, so this is quick */
		size_t j = 0;
		while (j < i && !same_str(k[j].c->op, v[i]->op))
			j++;
		k[i].op = j < i ? k[j].op : first_pos(run, v[i], 0);
		j = 0;
		while (j < i && !same_str(k[j].c->scheme, v[i]->scheme))
			j++;
		k[i].scheme = j < i ? k[j].scheme : first_pos(run, v[i], 1);
		k[i].c = v[i];
		k[i].at = i;
		k[i].backend = report_backend_rank(v[i]->backend);
	}
	qsort(k, n, sizeof *k, key_cmp);
	for (size_t i = 0; i < n; i++)
		v[i] = k[i].c;
	free(k);
}

const struct case_result **report_sorted_cases(const struct report_run *run, size_t *n)
{
	const struct case_result **v = xcalloc(run->n_cases + 1, sizeof *v);

	*n = 0;
	for (size_t i = 0; i < run->n_cases; i++)
		if (case_usable(&run->cases[i]))
			v[(*n)++] = &run->cases[i];
	report_sort_cases(run, v, *n);
	return v;
}

char *report_shape(const struct case_result *c)
{
	if (c->m <= 1)
		return xasprintf("%" PRIu64, c->k);
	return xasprintf("%" PRIu64 "x%" PRIu64, c->m, c->k);
}

static void fmt_sig3(char *buf, size_t len, double v, const char *unit)
{
	const char *f = v >= 99.95 ? "%.0f %s" : v >= 9.995 ? "%.1f %s" : "%.2f %s";
	snprintf(buf, len, f, v, unit);
}

void report_fmt_time3(char *buf, size_t len, double ns)
{
	static const char *const units[] = { "ns", "us", "ms", "s" };
	size_t i = 0;

	if (!isfinite(ns) || ns < 0) {
		snprintf(buf, len, "-");
		return;
	}
	while (ns >= 999.5 && i < 3) {
		ns /= 1000.0;
		i++;
	}
	fmt_sig3(buf, len, ns, units[i]);
}

void report_fmt_rate3(char *buf, size_t len, double per_s, const char *unit)
{
	static const char *const prefixes[] = { "", "K", "M", "G", "T" };
	char u[32];
	size_t i = 0;

	if (!isfinite(per_s) || per_s < 0) {
		snprintf(buf, len, "-");
		return;
	}
	while (per_s >= 999.5 && i < 4) {
		per_s /= 1000.0;
		i++;
	}
	snprintf(u, sizeof u, "%s%s/s", prefixes[i], unit);
	fmt_sig3(buf, len, per_s, u);
}

double report_rate_scale(double max, const char **prefix)
{
	static const char *const prefixes[] = { "", "K", "M", "G", "T" };
	double scale = 1;
	size_t i = 0;

	while (isfinite(max) && max >= scale * 1000.0 && i < 4) {
		scale *= 1000.0;
		i++;
	}
	*prefix = prefixes[i];
	return scale;
}

static int compared(enum compare_class c)
{
	return c == CMP_REGRESSED || c == CMP_IMPROVED || c == CMP_UNCHANGED || c == CMP_INCONCLUSIVE;
}

static void change_set(struct report_change *ch, const struct compare_row *row)
{
	ch->cur = row->run;
	ch->base = row->base;
	ch->ratio = row->st.ratio;
	ch->ratio_low = row->st.ratio_low;
	ch->ratio_high = row->st.ratio_high;
	ch->cls = row->cls;
}

static int run_load(struct store *s, int64_t id, struct report_run *r, struct bnb_err *e)
{
	return store_run_load(s, id, &r->info, &r->cases, &r->n_cases, e);
}

static void run_free(struct report_run *r)
{
	run_info_free(&r->info);
	store_cases_free(r->cases, r->n_cases);
	memset(r, 0, sizeof *r);
}

/* The run's cases against the baseline, as bnbench compare sees them, in report order. */
static void changes_find(struct report *r)
{
	struct compare_opts co = { 0 };
	struct compare_result res;

	compare_runs(&r->base.info, r->base.cases, r->base.n_cases, &r->run.info, r->run.cases, r->run.n_cases,
	             &co, &res);
	size_t n;
	const struct case_result **v = report_sorted_cases(&r->run, &n);

	r->changes = xcalloc(res.n_rows ? res.n_rows : 1, sizeof *r->changes);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < res.n_rows; j++)
			if (res.rows[j].run == v[i] && res.rows[j].base && compared(res.rows[j].cls))
				change_set(&r->changes[r->n_changes++], &res.rows[j]);
	compare_free(&res);
	free(v);
}

static int baseline_load(struct store *s, const char *name, struct report *r, struct bnb_err *e)
{
	int64_t id;
	int status = store_baseline_get(s, name, &id, e);

	if (status == BNB_OK)
		status = run_load(s, id, &r->base, e);
	if (status != BNB_OK)
		return status;
	r->has_base = 1;
	r->base_name = xstrdup(name);
	r->base_criterion = same_str(r->base.info.source, "criterion");
	if (!r->base_criterion)
		changes_find(r);
	return BNB_OK;
}

/* Per op and scheme, the cases of the run at its largest size (first such shape). */
static void tracked_pick(struct report *r)
{
	r->tracked = xcalloc(r->run.n_cases ? r->run.n_cases : 1, sizeof *r->tracked);
	for (size_t i = 0; i < r->run.n_cases; i++) {
		const struct case_result *c = &r->run.cases[i], *best = NULL;
		if (!case_usable(c))
			continue;
		for (size_t j = 0; j < r->run.n_cases; j++) {
			const struct case_result *d = &r->run.cases[j];
			if (case_usable(d) && same_str(d->op, c->op) && same_str(d->scheme, c->scheme) &&
			    (!best || d->m * d->k > best->m * best->k))
				best = d;
		}
		if (best->m == c->m && best->k == c->k && same_str(best->params, c->params))
			r->tracked[r->n_tracked++] = c;
	}
	report_sort_cases(&r->run, r->tracked, r->n_tracked);
}

/*
 * The window: runs of the same suite on the same host, not failed, not
 * imported from Criterion, started no later than the report's run (which ends
 * it) and not before --since; the newest --history N of them.
 */
static int history_load(struct store *s, const struct report_opts *o, struct report *r, size_t *dropped,
                        struct bnb_err *e)
{
	const struct run_info *me = &r->run.info;
	struct run_info *runs;
	size_t n, at = 0, n_pick = 0, *pick;
	size_t limit = o->history_n && o->history_n < REPORT_HISTORY_MAX ? o->history_n : REPORT_HISTORY_MAX;
	int capped = !o->history_n || o->history_n > REPORT_HISTORY_MAX;
	int status = store_runs_list(s, 0, &runs, &n, e);

	*dropped = 0;
	if (status != BNB_OK)
		return status;
	while (at < n && runs[at].id != me->id)
		at++;
	pick = xcalloc(n + 1, sizeof *pick);
	for (size_t i = at; i < n; i++) {
		const struct run_info *ri = &runs[i];
		if (ri->id != me->id && (!same_str(ri->suite, me->suite) || !same_str(ri->host, me->host) ||
		                         ri->status == RUN_FAILED || same_str(ri->source, "criterion")))
			continue;
		if (ri->id != me->id && o->since_ns && ri->started_ns < o->since_ns)
			break;
		if (n_pick == limit) {
			if (!capped)
				break;
			(*dropped)++;
			continue;
		}
		pick[n_pick++] = i;
	}
	r->hist = xcalloc(n_pick ? n_pick : 1, sizeof *r->hist);
	for (size_t i = n_pick; i-- > 0 && status == BNB_OK;) {
		status = run_load(s, runs[pick[i]].id, &r->hist[r->n_hist], e);
		if (status == BNB_OK)
			r->n_hist++;
	}
	free(pick);
	store_runs_free(runs, n);
	return status;
}

/* Regressions of the run's cases between consecutive runs of the window. */
static void regressions_find(struct report *r)
{
	struct compare_opts co = { 0 };
	size_t cap = 0;

	for (size_t i = 1; i < r->n_hist; i++) {
		for (size_t t = 0; t < r->n_cases; t++) {
			const struct case_result *a = report_find_case(&r->hist[i - 1], r->cases[t].c);
			const struct case_result *b = report_find_case(&r->hist[i], r->cases[t].c);
			struct compare_result res;
			double thr;

			/* A filtered or failed run may lack the case. */
			if (!case_usable(a) || !case_usable(b) || !a->n_samples || !b->n_samples)
				continue;
			thr = b->threshold > 0 ? b->threshold : a->threshold > 0 ? a->threshold : COMPARE_DEFAULT_THRESHOLD;
			/*
			 * A regression needs the whole CI of the ratio above 1 + threshold, so
			 * the ratio itself too: skip the bootstrap for the many pairs below.
			 */
			if (b->stats.median / a->stats.median <= 1 + thr)
				continue;
			compare_runs(&r->hist[i - 1].info, a, 1, &r->hist[i].info, b, 1, &co, &res);
			for (size_t j = 0; j < res.n_rows; j++) {
				if (res.rows[j].cls != CMP_REGRESSED || !res.rows[j].base || !res.rows[j].run)
					continue;
				if (r->n_regs == cap) {
					cap = cap ? 2 * cap : 8;
					r->regs = xrealloc(r->regs, cap * sizeof *r->regs);
				}
				r->regs[r->n_regs].run = i;
				change_set(&r->regs[r->n_regs++].change, &res.rows[j]);
			}
			compare_free(&res);
		}
	}
}

/* A file-name-safe copy: letters, digits, '-' and '_'; others become '-'. */
void report_stem_add(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		char ch = *s;
		int keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		           ch == '-' || ch == '_';
		sb_add(sb, keep ? s : "-", 1);
	}
}

char *report_case_label(const struct case_result *c)
{
	char *shape = report_shape(c);
	struct strbuf sb = STRBUF_INIT;

	sb_addf(&sb, "%s/%s/%s/%s", c->op ? c->op : "", c->scheme ? c->scheme : "", c->backend ? c->backend : "",
	        shape);
	if (c->params && *c->params)
		sb_addf(&sb, " %s", c->params);
	if (case_threads(c) > 1)
		sb_addf(&sb, " x%u threads", case_threads(c));
	free(shape);
	return sb.buf;
}

/* The measured cases of the run, a page name each (unique: a number added on a clash), and their baseline. */
static void cases_pick(struct report *r)
{
	size_t n;
	const struct case_result **v = report_sorted_cases(&r->run, &n);
	struct strbuf sb = STRBUF_INIT;

	r->cases = xcalloc(n + 1, sizeof *r->cases);
	for (size_t i = 0; i < n; i++) {
		struct report_case *rc = &r->cases[r->n_cases++];
		char *label = report_case_label(v[i]);
		size_t len;
		rc->c = v[i];
		sb_reset(&sb);
		sb_adds(&sb, "case-");
		report_stem_add(&sb, label);
		free(label);
		len = sb.len;
		for (unsigned k = 2;; k++) {
			size_t j = 0;
			while (j < i && !(strncmp(r->cases[j].page, sb_str(&sb), sb.len) == 0 &&
			                  strcmp(r->cases[j].page + sb.len, ".html") == 0))
				j++;
			if (j == i)
				break;
			sb.len = len;
			sb.buf[len] = '\0';
			sb_addf(&sb, "-%u", k);
		}
		sb_adds(&sb, ".html");
		rc->page = xstrdup(sb_str(&sb));
	}
	sb_free(&sb);
	free(v);
}

static void cases_baseline(struct report *r)
{
	for (size_t i = 0; i < r->n_cases; i++) {
		struct report_case *rc = &r->cases[i];
		rc->base = r->base_criterion ? report_find_foreign(&r->base, rc->c) : report_find_case(&r->base, rc->c);
		if (!case_usable(rc->base))
			rc->base = NULL;
		for (size_t j = 0; j < r->n_changes; j++)
			if (r->changes[j].cur == rc->c)
				rc->change = &r->changes[j];
	}
}

/* Each case's runs in the window and the change points of their medians. */
static void changepoints_all(struct report *r, double min_step)
{
	struct cp_point *pts = xcalloc(r->n_hist + 1, sizeof *pts);

	for (size_t i = 0; i < r->n_cases; i++) {
		struct report_case *rc = &r->cases[i];
		double step = isfinite(min_step) ? min_step
		              : rc->c->threshold > 0 ? rc->c->threshold : COMPARE_DEFAULT_THRESHOLD;
		rc->runs = xcalloc(r->n_hist + 1, sizeof *rc->runs);
		for (size_t h = 0; h < r->n_hist; h++) {
			const struct case_result *x = report_find_case(&r->hist[h], rc->c);
			if (!case_usable(x) || !(x->stats.median > 0))
				continue;
			pts[rc->n_runs] = (struct cp_point){ x->stats.median, x->stats.ci_low, x->stats.ci_high };
			rc->runs[rc->n_runs++] = h;
		}
		rc->cps = xcalloc(rc->n_runs / CHANGEPOINT_MIN_SEG + 1, sizeof *rc->cps);
		rc->n_cps = changepoints_find(pts, rc->n_runs, step, rc->cps);
	}
	free(pts);
}

char *report_commit_url_base(const char *remote)
{
	const char *p, *host;
	size_t len;
	struct strbuf sb = STRBUF_INIT;

	if (!remote)
		return NULL;
	if (strncmp(remote, "https://", 8) == 0)
		p = remote + 8;
	else if (strncmp(remote, "http://", 7) == 0)
		p = remote + 7;
	else
		return NULL;
	sb_add(&sb, remote, (size_t)(p - remote));
	host = p;
	len = strcspn(host, "/");
	for (size_t i = 0; i < len; i++)
		if (host[i] == '@')   /* user[:token]@host: never copied into a page */
			p = host + i + 1;
	len = strlen(p);
	while (len && (p[len - 1] == '/' || p[len - 1] == '\n' || p[len - 1] == '\r' || p[len - 1] == ' '))
		len--;
	if (len >= 4 && strncmp(p + len - 4, ".git", 4) == 0)
		len -= 4;
	if (!len || p[0] == '/' || memchr(p, '/', len) == NULL) {
		sb_free(&sb);
		return NULL;
	}
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)p[i] <= ' ' || p[i] == 0x7f) {
			sb_free(&sb);
			return NULL;
		}
	sb_add(&sb, p, len);
	return sb.buf;
}

char *report_commit_link(const struct report *r, const char *sha)
{
	size_t n = sha ? strspn(sha, "0123456789abcdefABCDEF") : 0;

	if (!r->commit_url || n < 7 || sha[n] != '\0')
		return NULL;
	return xasprintf("%s/commit/%s", r->commit_url, sha);
}

char *report_git_origin(void)
{
	char buf[1024];
	FILE *p = popen("git remote get-url origin 2>/dev/null", "r");
	int ok;

	if (!p)
		return NULL;
	ok = fgets(buf, sizeof buf, p) != NULL;
	if (pclose(p) != 0 || !ok)
		return NULL;
	buf[strcspn(buf, "\n")] = '\0';
	return xstrdup(buf);
}

int report_load(struct store *s, const struct report_opts *o, struct report *r, struct bnb_err *e)
{
	int64_t id;
	size_t dropped = 0;
	int status;

	memset(r, 0, sizeof *r);
	status = store_run_resolve(s, o->run_spec, &id, e);
	if (status == BNB_OK)
		status = run_load(s, id, &r->run, e);
	if (status != BNB_OK)
		return status;
	tracked_pick(r);
	cases_pick(r);
	if (o->commit_url) {
		r->commit_url = report_commit_url_base(o->commit_url);
	} else {
		char *origin = report_git_origin();
		r->commit_url = report_commit_url_base(origin);
		free(origin);
	}
	if (o->baseline && (status = baseline_load(s, o->baseline, r, e)) != BNB_OK)
		return status;
	cases_baseline(r);
	if (o->history_n || o->since_ns) {
		status = history_load(s, o, r, &dropped, e);
		if (status != BNB_OK)
			return status;
		r->hist_dropped = dropped;
		regressions_find(r);
		changepoints_all(r, o->min_step);
	}
	return BNB_OK;
}

void report_free(struct report *r)
{
	run_free(&r->run);
	run_free(&r->base);
	free(r->base_name);
	free(r->changes);
	for (size_t i = 0; i < r->n_hist; i++)
		run_free(&r->hist[i]);
	free(r->hist);
	free(r->tracked);
	free(r->regs);
	for (size_t i = 0; i < r->n_cases; i++) {
		free(r->cases[i].page);
		free(r->cases[i].runs);
		free(r->cases[i].cps);
	}
	free(r->cases);
	free(r->commit_url);
	memset(r, 0, sizeof *r);
}

void report_doc_free(struct report_doc *d)
{
	for (size_t i = 0; i < d->n_charts; i++) {
		struct report_chart *ch = &d->charts[i];
		free(ch->name);
		free(ch->title);
		free(ch->subtitle);
		free(ch->xlabel);
		free(ch->ylabel);
		free(ch->unit);
		free(ch->caption);
		free(ch->image);
		for (size_t c = 0; c < ch->n_cats; c++)
			free(ch->cats[c]);
		free(ch->cats);
		for (size_t s = 0; s < ch->n_series; s++) {
			free(ch->series[s].title);
			free(ch->series[s].pts);
		}
		free(ch->series);
	}
	free(d->charts);
	for (size_t i = 0; i < d->n_tables; i++) {
		struct report_table *t = &d->tables[i];
		for (size_t c = 0; c < t->n_cols; c++)
			free(t->head[c]);
		for (size_t c = 0; c < t->n_rows * t->n_cols; c++)
			free(t->cells[c]);
		free(t->head);
		free(t->align);
		free(t->cells);
		for (size_t c = 0; t->links && c < t->n_rows * t->n_cols; c++)
			free(t->links[c]);
		free(t->links);
		free(t->title);
		free(t->caption);
	}
	free(d->tables);
	memset(d, 0, sizeof *d);
}
