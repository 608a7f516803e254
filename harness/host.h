/* The host function table handed to plugins (struct bnb_host). */
#ifndef BNB_HOST_H
#define BNB_HOST_H

#include <bnbench/plugin.h>

extern const struct bnb_host host_table;

/* The message of the last host->error() call ("" if none), and clearing it. */
const char *host_last_error(void);
void host_clear_error(void);

/* Callback for host->env_set (the worker forwards entries to the parent). */
typedef void (*host_env_fn)(const char *key, const char *value, void *arg);
void host_set_env_sink(host_env_fn fn, void *arg);
/* Callback for host->log, where set (a worker forwards messages to the parent). */
typedef void (*host_log_fn)(int level, const char *msg, void *arg);
void host_set_log_sink(host_log_fn fn, void *arg);
/* Verbosity of host->log: BNB_LOG_DEBUG prints everything. */
void host_set_log_level(int level);

#endif
