/* The files a suite names in file parameters: inside the suite's folder. */
#include "config.h"

#include "suite-files.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ALLOW_HINT "--allow-outside-files allows it"

/* The folder of `path`: "." when it has none. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xasprintf("%.*s", (int)(slash - path), path);
}

static int has_dotdot(const char *p)
{
	while (*p) {
		size_t len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += len;
		p += *p == '/';
	}
	return 0;
}

/* `path` is `dir` or below it (both canonical). */
static int is_inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return 1;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

int suite_file_resolve(const struct suite_loc *loc, const char *name, const char *value, int allow_outside,
                       char **out, struct bnb_err *e)
{
	char where[256], real[PATH_MAX], real_dir[PATH_MAX];
	char *dir = folder_of(loc->file), *cand;
	struct stat st;
	int rc = BNB_OK;

	*out = NULL;
	suite_where(loc, where, sizeof where);
	if (!allow_outside && value[0] == '/') {
		free(dir);
		return err_set(e, BNB_EINVAL, "%s: %s '%s' is outside the suite's folder (an absolute path; " ALLOW_HINT ")",
		               where, name, value);
	}
	if (!allow_outside && has_dotdot(value)) {
		free(dir);
		return err_set(e, BNB_EINVAL, "%s: %s '%s' is outside the suite's folder (a '..' component; " ALLOW_HINT ")",
		               where, name, value);
	}
	cand = value[0] == '/' ? xstrdup(value) : xasprintf("%s/%s", dir, value);
	if (!realpath(cand, real))
		rc = err_set(e, BNB_EINVAL, "%s: %s '%s': %s", where, name, value, strerror(errno));
	else if (stat(real, &st) != 0 || !S_ISREG(st.st_mode))
		rc = err_set(e, BNB_EINVAL, "%s: %s '%s': not a regular file", where, name, value);
	else if (!allow_outside && !realpath(dir, real_dir))
		rc = err_set(e, BNB_EINVAL, "%s: %s '%s': the suite's folder: %s", where, name, value, strerror(errno));
	else if (!allow_outside && !is_inside(real, real_dir))
		rc = err_set(e, BNB_EINVAL,
		             "%s: %s '%s' is outside the suite's folder (a symbolic link leads to %s; " ALLOW_HINT ")", where,
		             name, value, real);
	else
		*out = xstrdup(real);
	free(cand);
	free(dir);
	return rc;
}

int suite_files_resolve(const struct suite_settings *st, struct param_set *ps, int allow_outside,
                        struct bnb_err *e)
{
	for (size_t i = 0; i < ps->n; i++) {
		struct param_value *v = &ps->v[i];
		int rc;

		if (v->def->type != BNB_PARAM_FILE || !v->given || v->from >= st->n_params)
			continue;
		free(v->path);
		v->path = NULL;
		rc = suite_file_resolve(&st->params[v->from].loc, v->def->name, v->text, allow_outside, &v->path, e);
		if (rc)
			return rc;
	}
	return BNB_OK;
}
