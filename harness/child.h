/*
 * bnbench's one process model: every call into plugin code happens in a
 * child process made here.  The child starts in its own process group with
 * stdin on /dev/null, stdout and stderr captured into a pipe the parent
 * reads, its message pipe as descriptor 3, and no other descriptor (no
 * database, no terminal).  The parent reads its messages with a deadline and
 * kills the whole group when done, so a grandchild left behind dies too.
 */
#ifndef BNB_CHILD_H
#define BNB_CHILD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

#define CHILD_MSG_FD 3
#define CHILD_OUTPUT_MAX 2048     /* captured output kept per message; the rest is counted */

/* What child_read got. */
enum child_read_status {
	CHILD_MSG = 0,        /* a message: type and payload */
	CHILD_EOF,            /* the child is gone (or closed its pipe) */
	CHILD_TIMEOUT,        /* the deadline passed */
	CHILD_STOPPED,        /* *stop was set */
	CHILD_MALFORMED       /* a frame longer than PROTO_MAX_PAYLOAD */
};

struct child {
	pid_t pid;
	int msg_fd, out_fd;
	int exited;                 /* seen gone, not yet reaped */
	char head[5];
	size_t got;                 /* bytes of the current frame received */
	uint32_t len;
	char *payload;
	char out[CHILD_OUTPUT_MAX];
	size_t out_len;
	uint64_t out_more;          /* captured bytes beyond out[] */
};

/* The child's body: `fd` is its message pipe; it returns to _exit(0). */
typedef void (*child_fn)(void *arg, int fd);

/* Start fn(arg, CHILD_MSG_FD) in a new child; BNB_EIO with the reason when it cannot. */
int child_start(struct child *c, child_fn fn, void *arg, struct bnb_err *e);
/*
 * Wait for the next message until `deadline` (now_ns() clock), reading the
 * captured output meanwhile.  On CHILD_MSG, *type, *payload and *len (owned
 * by the caller, NUL-terminated) are set.
 */
enum child_read_status child_read(struct child *c, uint64_t deadline, volatile int *stop, char *type,
                                  char **payload, uint32_t *len);
/*
 * The output captured since the last call, as printable text ("" when none;
 * owned by the caller), with a note of bytes not kept.
 */
char *child_take_output(struct child *c);
/* Kill the child's process group, reap the child, close the pipes; returns its wait status. */
int child_end(struct child *c);
/* "crashed: Segmentation fault (signal 11)" or "exited with status 3" for a wait status. */
void child_describe_status(int status, char *buf, size_t len);

#endif
