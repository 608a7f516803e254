/* Child processes for plugin code (child.h). */
#define _GNU_SOURCE
#include "config.h"

#include "child.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proto.h"

/* Close every descriptor above 3: close_range where the kernel has it, else /proc/self/fd. */
static void close_others(void)
{
	DIR *d;
	struct dirent *ent;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, 4u, ~0u, 0u) == 0)
		return;
#endif
	d = opendir("/proc/self/fd");
	if (!d) {
		for (int fd = 4; fd < 65536; fd++)
			close(fd);
		return;
	}
	while ((ent = readdir(d))) {
		int fd = atoi(ent->d_name);
		if (fd > 3 && fd != dirfd(d))
			close(fd);
	}
	closedir(d);
}

/* In the child: the clean state of child.h, then the body. */
static void child_main(child_fn fn, void *arg, int msg_w, int out_w)
{
	int nul = open("/dev/null", O_RDWR);
	int m = fcntl(msg_w, F_DUPFD, 10), o = fcntl(out_w, F_DUPFD, 10);

	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	if (nul < 0 || m < 0 || o < 0 || dup2(nul, 0) < 0 || dup2(o, 1) < 0 || dup2(o, 2) < 0 ||
	    dup2(m, CHILD_MSG_FD) < 0)
		_exit(126);
	close_others();
	fn(arg, CHILD_MSG_FD);
	fflush(NULL);
	_exit(0);
}

int child_start(struct child *c, child_fn fn, void *arg, struct bnb_err *e)
{
	int msg[2], out[2];

	memset(c, 0, sizeof *c);
	c->msg_fd = c->out_fd = -1;
	if (pipe2(msg, O_CLOEXEC) != 0)
		return err_set(e, BNB_EIO, "cannot create a pipe: %s", strerror(errno));
	if (pipe2(out, O_CLOEXEC) != 0) {
		close(msg[0]);
		close(msg[1]);
		return err_set(e, BNB_EIO, "cannot create a pipe: %s", strerror(errno));
	}
	fflush(NULL);
	c->pid = fork();
	if (c->pid < 0) {
		int err = errno;
		close(msg[0]);
		close(msg[1]);
		close(out[0]);
		close(out[1]);
		return err_set(e, BNB_EIO, "cannot fork: %s", strerror(err));
	}
	if (c->pid == 0)
		child_main(fn, arg, msg[1], out[1]);
	setpgid(c->pid, c->pid);   /* also here: no race with a kill of the group */
	close(msg[1]);
	close(out[1]);
	c->msg_fd = msg[0];
	c->out_fd = out[0];
	return BNB_OK;
}

static void read_output(struct child *c)
{
	char buf[4096];
	ssize_t n = read(c->out_fd, buf, sizeof buf);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(c->out_fd);
		c->out_fd = -1;
		return;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (c->out_len < sizeof c->out)
			c->out[c->out_len++] = buf[i];
		else
			c->out_more++;
	}
}

/* Read from the message pipe: CHILD_MSG when a frame is complete, -1 for more to come. */
static int read_frame(struct child *c, char *type, char **payload, uint32_t *len)
{
	size_t want = c->got < 5 ? 5 - c->got : c->len - (c->got - 5);
	char *dst = c->got < 5 ? c->head + c->got : c->payload + (c->got - 5);
	ssize_t n = read(c->msg_fd, dst, want);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return -1;
	if (n <= 0)
		return CHILD_EOF;
	c->got += (size_t)n;
	if (c->got == 5) {
		memcpy(&c->len, c->head + 1, 4);
		if (c->len > PROTO_MAX_PAYLOAD)
			return CHILD_MALFORMED;
		c->payload = xmalloc((size_t)c->len + 1);
	}
	if (c->got < 5 || c->got - 5 < c->len)
		return -1;
	c->payload[c->len] = '\0';
	*type = c->head[0];
	*payload = c->payload;
	*len = c->len;
	c->payload = NULL;
	c->got = 0;
	return CHILD_MSG;
}

/* The child has exited (a grandchild may still hold its pipes open); it stays a zombie. */
static int child_gone(struct child *c)
{
	siginfo_t si;

	if (c->exited)
		return 1;
	memset(&si, 0, sizeof si);
	if (waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == c->pid)
		c->exited = 1;
	return c->exited;
}

enum child_read_status child_read(struct child *c, uint64_t deadline, volatile int *stop, char *type,
                                  char **payload, uint32_t *len)
{
	for (;;) {
		struct pollfd pfd[2] = { { c->msg_fd, POLLIN, 0 }, { c->out_fd, POLLIN, 0 } };
		uint64_t now = now_ns();
		int gone = child_gone(c), ms, r;

		if (stop && *stop)
			return CHILD_STOPPED;
		if (now >= deadline)
			return CHILD_TIMEOUT;
		ms = (int)((deadline - now) / 1000000u) + 1;
		r = poll(pfd, 2, gone ? 0 : ms > 100 ? 100 : ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (gone)
				return CHILD_EOF;   /* nothing left to read from what it wrote */
			continue;
		}
		if (pfd[1].revents)
			read_output(c);
		if (pfd[0].revents) {
			int rc = read_frame(c, type, payload, len);
			if (rc >= 0) {
				/* output written before the message belongs with it */
				while (c->out_fd >= 0 && poll(&pfd[1], 1, 0) > 0)
					read_output(c);
				return (enum child_read_status)rc;
			}
		}
	}
}

char *child_take_output(struct child *c)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < c->out_len; i++) {
		unsigned char ch = (unsigned char)c->out[i];
		if (ch == '\n')
			sb_adds(&sb, i + 1 == c->out_len ? "" : " / ");
		else
			sb_add(&sb, ch >= 32 && ch < 127 ? &c->out[i] : "?", 1);
	}
	if (c->out_more)
		sb_addf(&sb, " ... (%llu bytes more)", (unsigned long long)c->out_more);
	c->out_len = 0;
	c->out_more = 0;
	if (!sb.buf)
		return xstrdup("");
	return sb.buf;
}

int child_end(struct child *c)
{
	int status = 0;

	if (c->pid > 0) {
		kill(-c->pid, SIGKILL);
		kill(c->pid, SIGKILL);
		while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (c->msg_fd >= 0)
		close(c->msg_fd);
	if (c->out_fd >= 0)
		close(c->out_fd);
	free(c->payload);
	c->payload = NULL;
	c->msg_fd = c->out_fd = -1;
	c->pid = 0;
	return status;
}

void child_describe_status(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "crashed: %s (signal %d)", strsignal(WTERMSIG(status)), WTERMSIG(status));
	else if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
	else
		snprintf(buf, len, "ended (wait status %d)", status);
}
