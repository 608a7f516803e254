/*
 * The messages between bnbench and its child processes: a frame is
 * [type byte][u32 length][payload], the payload a sequence of fixed-width
 * integers, doubles and length-prefixed strings in host byte order (both
 * ends are the same binary).  The reader trusts nothing: every length is
 * checked against what was received, and a bad message is an error of the
 * child that sent it.
 */
#ifndef BNB_PROTO_H
#define BNB_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define PROTO_MAX_PAYLOAD (256u << 20)   /* a larger frame is malformed */

/* Building a payload. */
struct proto_out {
	char *buf;
	size_t len, cap;
};
void proto_put(struct proto_out *o, const void *p, size_t n);
void proto_put_u32(struct proto_out *o, uint32_t v);
void proto_put_u64(struct proto_out *o, uint64_t v);
void proto_put_f64(struct proto_out *o, double v);
/* A string, or NULL (distinct from ""). */
void proto_put_str(struct proto_out *o, const char *s);
void proto_out_free(struct proto_out *o);

/* Send one frame; 0, or -1 when the pipe is gone. */
int proto_send(int fd, char type, const void *payload, size_t len);

/*
 * Reading a payload: a getter past the end, or a string that is not one,
 * sets `bad` and returns 0 or NULL; check `bad` (or proto_in_done) once at
 * the end.
 */
struct proto_in {
	const char *p;
	size_t len, off;
	int bad;
};
void proto_in_init(struct proto_in *in, const void *p, size_t len);
uint32_t proto_get_u32(struct proto_in *in);
uint64_t proto_get_u64(struct proto_in *in);
double proto_get_f64(struct proto_in *in);
/* A copy (free with free()), or NULL for a NULL string; a string with a NUL inside is bad. */
char *proto_get_str(struct proto_in *in);
/* n doubles into a new array (free with free()); NULL and bad when fewer remain. */
double *proto_get_f64s(struct proto_in *in, uint64_t n);
/* 0 when everything was read and nothing was bad, else -1. */
int proto_in_done(const struct proto_in *in);

#endif
