/* The host function table: what plugins can call back into. */
#include "config.h"

#include "host.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "params.h"
#include "util.h"

static char last_error[BNB_ERR_MAX];
static host_env_fn env_sink;
static void *env_arg;
static int log_level = BNB_LOG_WARN;
static host_log_fn log_sink;
static void *log_arg;

const char *host_last_error(void)
{
	return last_error;
}

void host_clear_error(void)
{
	last_error[0] = '\0';
}

void host_set_env_sink(host_env_fn fn, void *arg)
{
	env_sink = fn;
	env_arg = arg;
}

void host_set_log_level(int level)
{
	log_level = level;
}

static void host_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof last_error, fmt, ap);
	va_end(ap);
}

void host_set_log_sink(host_log_fn fn, void *arg)
{
	log_sink = fn;
	log_arg = arg;
}

static void host_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (level < log_level)
		return;
	if (log_sink) {
		char msg[1024];
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		log_sink(level, msg, log_arg);
		return;
	}
	fputs(level >= BNB_LOG_WARN ? "bnbench: warning: " : "bnbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const struct param_value *lookup(const struct bnb_case *c, const char *name)
{
	return c ? params_find(c->priv, name) : NULL;
}

static int host_param_int(const struct bnb_case *c, const char *name, int64_t *out)
{
	const struct param_value *v = lookup(c, name);
	if (!v)
		return BNB_ENOTFOUND;
	*out = v->i;
	return BNB_OK;
}

static int host_param_double(const struct bnb_case *c, const char *name, double *out)
{
	const struct param_value *v = lookup(c, name);
	if (!v)
		return BNB_ENOTFOUND;
	*out = v->d;
	return BNB_OK;
}

static int host_param_string(const struct bnb_case *c, const char *name, const char **out)
{
	const struct param_value *v = lookup(c, name);
	if (!v || (v->def->type == BNB_PARAM_FILE && !v->path))
		return BNB_ENOTFOUND;
	*out = v->def->type == BNB_PARAM_FILE ? v->path : v->text;
	return BNB_OK;
}

static void host_env_set(const char *key, const char *value)
{
	if (env_sink && key && value)
		env_sink(key, value, env_arg);
}

const struct bnb_host host_table = {
	.abi_major = BNB_ABI_MAJOR,
	.abi_minor = BNB_ABI_MINOR,
	.struct_size = sizeof(struct bnb_host),
	.error = host_error,
	.log = host_log,
	.now_ns = now_ns,
	.param_int = host_param_int,
	.param_double = host_param_double,
	.param_string = host_param_string,
	.env_set = host_env_set,
};
