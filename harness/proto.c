/* Frames and payloads between bnbench and its children (proto.h). */
#include "config.h"

#include "proto.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define NULL_STR 0xffffffffu

void proto_put(struct proto_out *o, const void *p, size_t n)
{
	if (o->len + n > o->cap) {
		o->cap = (o->len + n) * 2 + 64;
		o->buf = xrealloc(o->buf, o->cap);
	}
	if (n)
		memcpy(o->buf + o->len, p, n);
	o->len += n;
}

void proto_put_u32(struct proto_out *o, uint32_t v) { proto_put(o, &v, sizeof v); }
void proto_put_u64(struct proto_out *o, uint64_t v) { proto_put(o, &v, sizeof v); }
void proto_put_f64(struct proto_out *o, double v) { proto_put(o, &v, sizeof v); }

void proto_put_str(struct proto_out *o, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n >= NULL_STR)
		n = NULL_STR - 1;
	proto_put_u32(o, s ? (uint32_t)n : NULL_STR);
	proto_put(o, s, n);
}

void proto_out_free(struct proto_out *o)
{
	free(o->buf);
	memset(o, 0, sizeof *o);
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int proto_send(int fd, char type, const void *payload, size_t len)
{
	char head[5];
	uint32_t n = (uint32_t)len;

	if (len > PROTO_MAX_PAYLOAD)
		return -1;
	head[0] = type;
	memcpy(head + 1, &n, 4);
	return write_all(fd, head, 5) || write_all(fd, payload, len) ? -1 : 0;
}

void proto_in_init(struct proto_in *in, const void *p, size_t len)
{
	in->p = p;
	in->len = len;
	in->off = 0;
	in->bad = 0;
}

static int take(struct proto_in *in, void *dst, size_t n)
{
	if (in->bad || in->len - in->off < n) {
		in->bad = 1;
		memset(dst, 0, n);
		return -1;
	}
	memcpy(dst, in->p + in->off, n);
	in->off += n;
	return 0;
}

uint32_t proto_get_u32(struct proto_in *in)
{
	uint32_t v;
	take(in, &v, sizeof v);
	return v;
}

uint64_t proto_get_u64(struct proto_in *in)
{
	uint64_t v;
	take(in, &v, sizeof v);
	return v;
}

double proto_get_f64(struct proto_in *in)
{
	double v;
	take(in, &v, sizeof v);
	return v;
}

char *proto_get_str(struct proto_in *in)
{
	uint32_t n = proto_get_u32(in);
	char *s;

	if (in->bad || n == NULL_STR)
		return NULL;
	if (in->len - in->off < n || memchr(in->p + in->off, '\0', n)) {
		in->bad = 1;
		return NULL;
	}
	s = xmalloc((size_t)n + 1);
	memcpy(s, in->p + in->off, n);
	s[n] = '\0';
	in->off += n;
	return s;
}

double *proto_get_f64s(struct proto_in *in, uint64_t n)
{
	double *v;

	if (in->bad || n > (in->len - in->off) / sizeof(double)) {
		in->bad = 1;
		return NULL;
	}
	v = xmalloc(n ? (size_t)n * sizeof(double) : 1);
	if (n)
		memcpy(v, in->p + in->off, (size_t)n * sizeof(double));
	in->off += (size_t)n * sizeof(double);
	return v;
}

int proto_in_done(const struct proto_in *in)
{
	return in->bad || in->off != in->len ? -1 : 0;
}
