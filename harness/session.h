/*
 * What a command measures with: the suite, the plugins (loaded and probed) and
 * the plan, made once.  A command that compares two plugin sets opens a
 * session for each.
 */
#ifndef BNB_SESSION_H
#define BNB_SESSION_H

#include <stdint.h>

#include "loader.h"
#include "plan.h"
#include "suite.h"
#include "util.h"

struct session {
	struct suite *suite;          /* NULL without a suite (list) */
	struct registry reg;
	struct plan plan;
};

/*
 * Load the plugins of `plugin_dir` (NULL: the default search path), described
 * and probed in children; with `suite_path`, load the suite and plan its cases under `filter`
 * (may be NULL).  Errors are the suite's or the plan's, with their location;
 * the session is to be closed in any case.  An empty plan is no error here.
 */
int session_open(struct session *s, const char *suite_path, const char *plugin_dir,
                 const struct plan_filter *filter, struct bnb_err *e);
void session_close(struct session *s);
/* Ask r's schemes for their buffer sizes at every size of `suite` (NULL: none). */
void session_add_shapes(struct registry *r, const struct suite *suite);

#endif
