/*
 * Messages from the library.  Library modules never print diagnostics
 * themselves and never exit: they report through this hook, which the
 * program (bnbench.c) sets; the default writes "bnbench: [warning: ]msg" to
 * stderr.  Tests set their own hook to capture what was said.
 */
#ifndef BNB_LOG_H
#define BNB_LOG_H

#include <stdarg.h>

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2 };

typedef void (*log_hook_fn)(enum log_level level, const char *msg, void *arg);

/* Install `fn` (NULL: the default stderr hook). */
void log_set_hook(log_hook_fn fn, void *arg);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vmsg(enum log_level level, const char *fmt, va_list ap);
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)

#endif
