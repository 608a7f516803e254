/* Suite, plugins, probe and plan, once for every command that measures. */
#include "config.h"

#include "session.h"

#include <string.h>

void session_add_shapes(struct registry *r, const struct suite *suite)
{
	for (size_t g = 0; suite && g < suite->n_groups; g++)
		for (size_t i = 0; i < suite->groups[g].n_sizes; i++)
			registry_add_shape(r, suite->groups[g].sizes[i].m, suite->groups[g].sizes[i].k);
}

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
	session_add_shapes(&s->reg, s->suite);
	registry_load(&s->reg);
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
