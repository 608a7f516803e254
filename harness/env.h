/* The environment fingerprint of a run (DESIGN.md "Run engine"). */
#ifndef BNB_ENV_H
#define BNB_ENV_H

#include "measure.h"
#include "model.h"
#include "loader.h"

/* Fill run->env, host, version, git_commit and git_dirty; plugins that run cases only. */
void env_capture(struct run_info *run, const struct registry *r, const struct timer_info *timer);
/* Print a warning on stderr for each condition that makes timings unreliable. */
void env_warn(const struct run_info *run, const struct registry *r);

#endif
