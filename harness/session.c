/* Suite, plugins, probe and plan, once for every command that measures. */
#include "config.h"

#include "session.h"

#include <string.h>

int session_open(struct session *s, const char *suite_path, const char *plugin_dir,
                 const struct plan_filter *filter, struct bnb_err *e)
{
	int rc;

	memset(s, 0, sizeof *s);
	registry_init(&s->reg, plugin_dir);
	if (suite_path && (rc = suite_load(suite_path, &s->suite, e)))
		return rc;
	if (s->suite && filter && (rc = suite_override_apply(s->suite, filter->overrides, e)))
		return rc;
	registry_load(&s->reg);
	registry_probe(&s->reg, SESSION_PROBE_TIMEOUT_NS);
	if (!s->suite)
		return BNB_OK;
	return plan_build(s->suite, &s->reg, filter, &s->plan, e);
}

void session_close(struct session *s)
{
	plan_free(&s->plan);
	registry_free(&s->reg);
	suite_free(s->suite);
	memset(s, 0, sizeof *s);
}
