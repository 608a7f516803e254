/* bnbench report: finding gnuplot and running it on the plots' scripts. */
#include "config.h"

#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PLOT_JOBS 2

/* `path` as an absolute path: gnuplot runs in the output folder. */
static char *absolute(char *path)
{
	char cwd[4096];
	char *abs;

	if (path[0] == '/' || !getcwd(cwd, sizeof cwd))
		return path;
	abs = xasprintf("%s/%s", cwd, path);
	free(path);
	return abs;
}

static int executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *report_gnuplot_find(const char *explicit_path)
{
	const char *name = explicit_path && *explicit_path ? explicit_path : "gnuplot";
	const char *path = getenv("PATH");

	if (strchr(name, '/'))
		return executable(name) ? absolute(xstrdup(name)) : NULL;
	for (const char *p = path ? path : "/usr/local/bin:/usr/bin:/bin"; *p;) {
		size_t len = strcspn(p, ":");
		char *cand = xasprintf("%.*s/%s", (int)len, len ? p : ".", name);
		if (executable(cand))
			return absolute(cand);
		free(cand);
		p += len;
		if (*p == ':')
			p++;
	}
	return NULL;
}

/* Start argv[0] (gnuplot) on the scripts argv[1..] in `dir`, its stderr into a pipe (*fd). */
static pid_t gnuplot_start(char **argv, const char *dir, int *fd)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds) != 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			if (null > STDERR_FILENO)
				close(null);
		}
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		if (chdir(dir) != 0) {
			dprintf(STDERR_FILENO, "cannot change to %s: %s\n", dir, strerror(errno));
			_exit(126);
		}
		execv(argv[0], argv);
		dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	*fd = fds[0];
	return pid;
}

/* Each non-empty line of gnuplot's stderr as a warning line "plot NAME: gnuplot: LINE" (or "gnuplot: LINE"). */
static void add_gnuplot_lines(struct strbuf *warnings, const char *name, const char *text)
{
	size_t shown = 0;

	while (*text) {
		size_t len = strcspn(text, "\n");
		if (len > 0 && strspn(text, " \t^") < len && shown++ < 12)
			sb_addf(warnings, "%s%s%sgnuplot: %.*s\n", name ? "plot " : "", name ? name : "", name ? ": " : "",
			        (int)len, text);
		text += len;
		if (*text)
			text++;
	}
}

static char *image_path(const struct report_chart *ch, const char *dir, int svg)
{
	return xasprintf("%s/%s.%s", dir, ch->name, svg ? "svg" : "png");
}

static int image_made(const struct report_chart *ch, const char *dir, int svg)
{
	char *path = image_path(ch, dir, svg);
	struct stat st;
	int made = stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;

	free(path);
	return made;
}

/* Record how gnuplot ended on `ch` alone: its image, or why there is none. */
static void plot_done(struct report_chart *ch, const char *dir, int svg, int wstatus, const char *err,
                      struct strbuf *warnings)
{
	add_gnuplot_lines(warnings, ch->name, err);
	if (WIFSIGNALED(wstatus))
		sb_addf(warnings, "plot %s: gnuplot killed by signal %d\n", ch->name, WTERMSIG(wstatus));
	else if (WEXITSTATUS(wstatus) != 0)
		sb_addf(warnings, "plot %s: gnuplot failed (exit status %d) on %s/%s.gp\n", ch->name,
		        WEXITSTATUS(wstatus), dir, ch->name);
	else if (!image_made(ch, dir, svg))
		sb_addf(warnings, "plot %s: gnuplot wrote no image\n", ch->name);
	else
		ch->image = xasprintf("%s.%s", ch->name, svg ? "svg" : "png");
}

struct plot_job {
	pid_t pid;
	int fd, wstatus;
	size_t first, n;     /* the charts it draws */
	struct strbuf err;
};

/* Read the jobs' stderr until each closes it, then reap them. */
static void jobs_wait(struct plot_job *jobs, size_t n)
{
	struct pollfd pfd[PLOT_JOBS];
	size_t open_fds = 0;

	for (size_t i = 0; i < n; i++)
		open_fds += jobs[i].pid > 0;
	while (open_fds) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (jobs[i].pid > 0 && jobs[i].fd >= 0)
				pfd[k++] = (struct pollfd){ .fd = jobs[i].fd, .events = POLLIN };
		if (poll(pfd, (nfds_t)k, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (size_t i = 0, j = 0; i < n; i++) {
			char buf[4096];
			ssize_t got;
			if (jobs[i].pid <= 0 || jobs[i].fd < 0 || !pfd[j++].revents)
				continue;
			got = read(jobs[i].fd, buf, sizeof buf);
			if (got > 0)
				sb_add(&jobs[i].err, buf, (size_t)got);
			else if (got == 0 || errno != EINTR) {
				close(jobs[i].fd);
				jobs[i].fd = -1;
				open_fds--;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].fd >= 0)
			close(jobs[i].fd);
		while (jobs[i].pid > 0 && waitpid(jobs[i].pid, &jobs[i].wstatus, 0) < 0 && errno == EINTR)
			;
	}
}

/* Start gnuplot on charts [first, first + n) as one process. */
static void job_start(struct plot_job *j, struct report_doc *d, size_t first, size_t n, const char *dir,
                      const char *gnuplot)
{
	char **argv = xcalloc(n + 2, sizeof *argv);

	argv[0] = (char *)gnuplot;
	for (size_t i = 0; i < n; i++)
		argv[i + 1] = xasprintf("%s.gp", d->charts[first + i].name);
	memset(j, 0, sizeof *j);
	j->first = first;
	j->n = n;
	j->fd = -1;
	j->pid = gnuplot_start(argv, dir, &j->fd);
	for (size_t i = 0; i < n; i++)
		free(argv[i + 1]);
	free(argv);
}

/*
 * gnuplot spends most of its time starting up, so each of PLOT_JOBS processes
 * draws a share of the charts.  One failing script stops its process: the
 * charts it left undrawn are then run one by one, which names the failure.
 */
void report_gnuplot_draw(struct report_doc *d, const char *dir, const char *gnuplot, int svg,
                         struct strbuf *warnings)
{
	struct plot_job jobs[PLOT_JOBS];
	size_t n_jobs = d->n_charts < PLOT_JOBS ? d->n_charts : PLOT_JOBS, first = 0;

	for (size_t i = 0; i < d->n_charts; i++) {
		char *path = image_path(&d->charts[i], dir, svg);
		unlink(path);
		free(path);
	}
	for (size_t i = 0; i < n_jobs; i++) {
		size_t n = d->n_charts / n_jobs + (i < d->n_charts % n_jobs);
		job_start(&jobs[i], d, first, n, dir, gnuplot);
		first += n;
	}
	jobs_wait(jobs, n_jobs);
	for (size_t i = 0; i < n_jobs; i++) {
		struct plot_job *j = &jobs[i];
		int ok = j->pid > 0 && WIFEXITED(j->wstatus) && WEXITSTATUS(j->wstatus) == 0;
		if (ok)
			add_gnuplot_lines(warnings, NULL, sb_str(&j->err));
		for (size_t c = j->first; c < j->first + j->n; c++) {
			struct report_chart *ch = &d->charts[c];
			struct plot_job one;
			if (image_made(ch, dir, svg)) {
				ch->image = xasprintf("%s.%s", ch->name, svg ? "svg" : "png");
				continue;
			}
			if (ok) {
				sb_addf(warnings, "plot %s: gnuplot wrote no image\n", ch->name);
				continue;
			}
			job_start(&one, d, c, 1, dir, gnuplot);
			jobs_wait(&one, 1);
			if (one.pid < 0)
				sb_addf(warnings, "plot %s: cannot run %s: %s\n", ch->name, gnuplot, strerror(errno));
			else
				plot_done(ch, dir, svg, one.wstatus, sb_str(&one.err), warnings);
			sb_free(&one.err);
		}
		sb_free(&j->err);
	}
}
