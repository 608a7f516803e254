/* The library's message hook (log.h). */
#include <stdio.h>

#include "log.h"

static void default_hook(enum log_level level, const char *msg, void *arg)
{
	(void)arg;
	fprintf(stderr, "bnbench: %s%s\n", level == LOG_WARN ? "warning: " : "", msg);
}

static log_hook_fn hook = default_hook;
static void *hook_arg;

void log_set_hook(log_hook_fn fn, void *arg)
{
	hook = fn ? fn : default_hook;
	hook_arg = arg;
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char msg[2048];

	vsnprintf(msg, sizeof msg, fmt, ap);
	hook(level, msg, hook_arg);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}
