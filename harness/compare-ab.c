/* Comparing the two sides of a paired (A/B) run: the median paired ratio and its CI. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "paired.h"
#include "util.h"

static enum compare_class paired_class(const struct case_pairs *p, double threshold, struct stats_compare *st)
{
	struct paired_summary s = { p->n, p->ratio, p->ratio_low, p->ratio_high, 0, 0, p->p_value };

	st->ratio = p->ratio;
	st->ratio_low = p->ratio_low;
	st->ratio_high = p->ratio_high;
	st->p_value = p->p_value;
	st->u = NAN;
	switch (paired_classify(&s, threshold)) {
	case PAIRED_REGRESSED: return CMP_REGRESSED;
	case PAIRED_IMPROVED: return CMP_IMPROVED;
	case PAIRED_UNCHANGED: return CMP_UNCHANGED;
	case PAIRED_INCONCLUSIVE: break;
	}
	return CMP_INCONCLUSIVE;
}

/* The base side of an A/B case, as a case of its own (its statistics, no samples). */
static void base_side(struct case_result *b, const struct case_result *c)
{
	*b = *c;
	b->samples = NULL;
	b->n_samples = 0;
	b->pairs = NULL;
	if (c->pairs)
		stats_summarize(c->pairs->base, c->pairs->n, &b->stats);
	else
		b->status = c->status == CASE_OK ? CASE_SKIPPED : c->status;
}

void compare_paired(const struct run_info *run, const struct case_result *cases, size_t n,
                    const struct compare_opts *o, const char *base_plugins, struct compare_result *out)
{
	memset(out, 0, sizeof *out);
	out->base_run = run;
	out->run = run;
	out->base_plugins = base_plugins;
	out->given_threshold = o->threshold > 0;
	out->rows = xcalloc(n + 1, sizeof *out->rows);
	out->pair_bases = xcalloc(n + 1, sizeof *out->pair_bases);
	for (size_t i = 0; i < n; i++) {
		struct compare_row *r = &out->rows[out->n_rows++];
		const struct case_result *c = &cases[i];

		memset(r, 0, sizeof *r);
		base_side(&out->pair_bases[i], c);
		r->run = c;
		r->base = &out->pair_bases[i];
		r->threshold = o->threshold > 0 ? o->threshold : c->threshold > 0 ? c->threshold
		                                                                  : COMPARE_DEFAULT_THRESHOLD;
		r->st.ratio = r->st.ratio_low = r->st.ratio_high = r->st.p_value = r->st.u = NAN;
		r->process_spread = NAN;   /* the pairs cancel a process's speed: no spread applies */
		if (c->status == CASE_OK && c->pairs && c->pairs->n) {
			out->matched++;
			r->cls = paired_class(c->pairs, r->threshold, &r->st);
		} else {
			r->cls = CMP_NOT_OK;
		}
		r->st_again = r->st;
		r->cls_first = r->cls;
	}
	compare_update(out);
}

void compare_recheck_paired(struct compare_row *r, const struct case_result *again)
{
	enum compare_class cls;

	r->cls_first = r->cls;
	if (again->status != CASE_OK || !again->pairs || !again->pairs->n) {
		r->recheck = RECHECK_CONFIRMED;
		return;
	}
	cls = paired_class(again->pairs, r->threshold, &r->st_again);
	r->recheck = cls == CMP_REGRESSED ? RECHECK_CONFIRMED : RECHECK_UNSTABLE;
	r->cls = cls == CMP_REGRESSED ? CMP_REGRESSED : CMP_UNSTABLE;
}
