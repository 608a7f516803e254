/* Measurement settings from the command line over the suite's (suite-override.h). */
#include "config.h"

#include "suite-override.h"

#include <stdio.h>

static const char *const options[OVERRIDE_COUNT] = {
	"warmup", "min-time", "max-time", "min-samples", "target-ci", "seed"
};
static const char *const suite_keys[OVERRIDE_COUNT] = {
	"warmup", "min_time", "max_time", "min_samples", "target_ci", "seed"
};

const char *suite_override_option(enum suite_override_key key)
{
	return options[key];
}

const char *suite_override_suite_key(enum suite_override_key key)
{
	return suite_keys[key];
}

int suite_override_parse(struct suite_overrides *o, enum suite_override_key key, const char *text,
                         struct bnb_err *e)
{
	struct suite_settings *v = &o->v;
	uint64_t n;
	double f;

	switch (key) {
	case OVERRIDE_WARMUP:
	case OVERRIDE_MIN_TIME:
	case OVERRIDE_MAX_TIME:
		if (parse_duration_ns(text, &n) || (key == OVERRIDE_MAX_TIME && n == 0))
			return err_set(e, BNB_EINVAL, "invalid --%s '%s' (a %sduration such as 500ms; units ns, us, ms, s, m)",
			               options[key], text, key == OVERRIDE_MAX_TIME ? "positive " : "");
		*(key == OVERRIDE_WARMUP ? &v->warmup_ns : key == OVERRIDE_MIN_TIME ? &v->min_time_ns : &v->max_time_ns) = n;
		break;
	case OVERRIDE_MIN_SAMPLES:
		if (parse_u64(text, &n) || n == 0)
			return err_set(e, BNB_EINVAL, "invalid --min-samples '%s' (a positive integer)", text);
		v->min_samples = n;
		break;
	case OVERRIDE_TARGET_CI:
		if (parse_percent(text, &f) || !(f > 0))
			return err_set(e, BNB_EINVAL, "invalid --target-ci '%s' (a positive percentage such as 1%%)", text);
		v->target_ci = f;
		break;
	case OVERRIDE_SEED:
		if (parse_u64(text, &n))
			return err_set(e, BNB_EINVAL, "invalid --seed '%s' (an integer from 0 to 18446744073709551615)", text);
		v->seed = n;
		break;
	default:
		return err_set(e, BNB_EINVAL, "unknown setting");
	}
	o->text[key] = text;
	return BNB_OK;
}

static void apply(struct suite_settings *s, const struct suite_overrides *o)
{
	if (o->text[OVERRIDE_WARMUP])
		s->warmup_ns = o->v.warmup_ns;
	if (o->text[OVERRIDE_MIN_TIME])
		s->min_time_ns = o->v.min_time_ns;
	if (o->text[OVERRIDE_MAX_TIME])
		s->max_time_ns = o->v.max_time_ns;
	if (o->text[OVERRIDE_MIN_SAMPLES])
		s->min_samples = o->v.min_samples;
	if (o->text[OVERRIDE_TARGET_CI])
		s->target_ci = o->v.target_ci;
	if (o->text[OVERRIDE_SEED])
		s->seed = o->v.seed;
}

int suite_override_apply(struct suite *s, const struct suite_overrides *o, struct bnb_err *e)
{
	if (!o)
		return BNB_OK;
	apply(&s->defaults, o);
	for (size_t i = 0; i < s->n_groups; i++) {
		struct suite_settings *g = &s->groups[i].settings;
		char lo[32], hi[32];

		apply(g, o);
		if (g->min_time_ns <= g->max_time_ns)
			continue;
		fmt_time_ns(lo, sizeof lo, (double)g->min_time_ns);
		fmt_time_ns(hi, sizeof hi, (double)g->max_time_ns);
		return err_set(e, BNB_EINVAL, "%s: group '%s': min_time %s is greater than max_time %s (with %s%s%s)",
		               s->path, s->groups[i].name, lo, hi,
		               o->text[OVERRIDE_MIN_TIME] ? "--min-time" : "",
		               o->text[OVERRIDE_MIN_TIME] && o->text[OVERRIDE_MAX_TIME] ? " and " : "",
		               o->text[OVERRIDE_MAX_TIME] ? "--max-time" : "");
	}
	return BNB_OK;
}

void suite_override_env(const struct suite_overrides *o, struct run_info *run)
{
	char key[32];

	for (int k = 0; o && k < OVERRIDE_COUNT; k++) {
		if (!o->text[k])
			continue;
		snprintf(key, sizeof key, "settings.%s", suite_keys[k]);
		run_env_add(run, key, o->text[k]);
	}
}
