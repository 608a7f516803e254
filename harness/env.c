/* The environment fingerprint of a run. */
#include "config.h"

#include "env.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "log.h"
#include "cpu.h"
#include "util.h"

/* First line of a small file, without the newline; 0 if unreadable. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return 0;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* Output of a git command in the current directory, or 0. */
static int git_line(const char *cmd, char *buf, size_t len)
{
	FILE *p = popen(cmd, "r");
	int ok;

	if (!p)
		return 0;
	ok = fgets(buf, (int)len, p) != NULL;
	if (pclose(p) != 0)
		return 0;
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

static void add_fmt(struct run_info *run, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_fmt(struct run_info *run, const char *key, const char *fmt, ...)
{
	char value[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(value, sizeof value, fmt, ap);
	va_end(ap);
	run_env_add(run, key, value);
}

static void capture_cpu(struct run_info *run)
{
	char buf[512];
	double load[3];

	run_env_add(run, "cpu.model", cpu_model());
	cpu_features_str(cpu_features(), buf, sizeof buf);
	run_env_add(run, "cpu.features", buf);
	add_fmt(run, "cpu.count", "%ld", sysconf(_SC_NPROCESSORS_ONLN));
	run_env_add(run, "cpu.governor",
	            read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", buf, sizeof buf) ? buf : "unknown");
	if (read_line("/sys/devices/system/cpu/intel_pstate/no_turbo", buf, sizeof buf))
		run_env_add(run, "cpu.turbo", strcmp(buf, "0") == 0 ? "on" : "off");
	else if (read_line("/sys/devices/system/cpu/cpufreq/boost", buf, sizeof buf))
		run_env_add(run, "cpu.turbo", strcmp(buf, "1") == 0 ? "on" : "off");
	else
		run_env_add(run, "cpu.turbo", "unknown");
	if (getloadavg(load, 3) == 3)
		add_fmt(run, "load.avg1", "%.2f", load[0]);
}

void env_capture(struct run_info *run, const struct registry *r, const struct timer_info *timer)
{
	struct utsname u;
	char buf[256];

	if (uname(&u) == 0) {
		add_fmt(run, "os.kernel", "%s %s %s", u.sysname, u.release, u.machine);
		free(run->host);
		run->host = xstrdup(u.nodename);
	}
	free(run->version);
	run->version = xstrdup(PACKAGE_VERSION);
	run_env_add(run, "bnbench.version", PACKAGE_VERSION);
	run_env_add(run, "bnbench.cflags", BNB_CFLAGS);
	capture_cpu(run);
	add_fmt(run, "timer.resolution_ns", "%.1f", timer->resolution_ns);
	add_fmt(run, "timer.cost_ns", "%.2f", timer->cost_ns);
	if (git_line("git rev-parse HEAD 2>/dev/null", buf, sizeof buf)) {
		free(run->git_commit);
		run->git_commit = xstrdup(buf);
		run->git_dirty = git_line("git status --porcelain --untracked-files=no 2>/dev/null", buf, sizeof buf);
		run_env_add(run, "git.commit", run->git_commit);
		run_env_add(run, "git.dirty", run->git_dirty ? "yes" : "no");
	}
	for (size_t i = 0; i < r->n_plugins; i++) {
		const struct plugin *p = r->plugins[i];
		char key[96];
		if (p->status == PLUGIN_BROKEN)
			continue;
		snprintf(key, sizeof key, "plugin.%s", p->name);
		add_fmt(run, key, "%s; %s; %s%s", p->p.version ? p->p.version : "-",
		        p->p.compiler ? p->p.compiler : "-", p->p.cflags ? p->p.cflags : "",
		        (p->p.flags & BNB_PLUGIN_OPTIMIZED) ? "" : " (not optimised)");
	}
}

void env_warn(const struct run_info *run, const struct registry *r)
{
	const char *gov = run_env_get(run, "cpu.governor");
	const char *load = run_env_get(run, "load.avg1");
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	if (gov && strcmp(gov, "performance") != 0 && strcmp(gov, "unknown") != 0)
		log_warn("cpu governor is '%s', not 'performance': timings may vary", gov);
	if (load && ncpu > 0 && atof(load) > 0.5 * (double)ncpu)
		log_warn("load average %s on %ld cpus: the machine is busy, timings may be noisy", load, ncpu);
	for (size_t i = 0; i < r->n_plugins; i++) {
		const struct plugin *p = r->plugins[i];
		if (p->status != PLUGIN_BROKEN && !(p->p.flags & BNB_PLUGIN_OPTIMIZED))
			log_warn("plugin %s was built without optimisation", p->name);
	}
#ifndef __OPTIMIZE__
	log_warn("bnbench itself was built without optimisation");
#endif
}
