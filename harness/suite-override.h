/*
 * Measurement settings given on the command line (--warmup, --min-time,
 * --max-time, --min-samples, --target-ci, --seed): each one given replaces the
 * suite's value in every group for that run, and is recorded with the run.
 */
#ifndef BNB_SUITE_OVERRIDE_H
#define BNB_SUITE_OVERRIDE_H

#include "model.h"
#include "suite.h"
#include "util.h"

enum suite_override_key {
	OVERRIDE_WARMUP, OVERRIDE_MIN_TIME, OVERRIDE_MAX_TIME, OVERRIDE_MIN_SAMPLES, OVERRIDE_TARGET_CI,
	OVERRIDE_SEED, OVERRIDE_COUNT
};

struct suite_overrides {
	const char *text[OVERRIDE_COUNT];   /* as given, NULL when not given */
	struct suite_settings v;            /* the parsed values of those given */
};

/* The option of `key` ("min-time") and the suite key it overrides ("min_time"). */
const char *suite_override_option(enum suite_override_key key);
const char *suite_override_suite_key(enum suite_override_key key);
/* Parse `text` for `key`, in the units the suite accepts (500ms, 2s; 1%; counts). */
int suite_override_parse(struct suite_overrides *o, enum suite_override_key key, const char *text,
                         struct bnb_err *e);
/*
 * Apply the overrides to the suite's defaults and every group.  An error when
 * a group's min_time would then exceed its max_time (naming the option).
 */
int suite_override_apply(struct suite *s, const struct suite_overrides *o, struct bnb_err *e);
/* Record them in the run's environment as settings.warmup and so on (the text given). */
void suite_override_env(const struct suite_overrides *o, struct run_info *run);

#endif
