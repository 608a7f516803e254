/* Small helpers shared by every harness module: errors, memory, strings, parsing. */
#ifndef BNB_UTIL_H
#define BNB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <bnbench/status.h>

/* An error buffer: functions return a status and describe it here. */
#define BNB_ERR_MAX 1024
struct bnb_err {
	int status;
	char msg[BNB_ERR_MAX];
};

/* Fill `e` (which may be NULL) and return `status`. */
int err_set(struct bnb_err *e, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int err_vset(struct bnb_err *e, int status, const char *fmt, va_list ap);
/* Prefix the message already in `e` with "prefix: " and return e->status. */
int err_prefix(struct bnb_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Memory: these abort with a message on exhaustion, as git's x-functions do. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* 64-byte aligned, zeroed, size rounded up; free with free(). */
void *xaligned_alloc(size_t n);

/* A growable string. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
#define STRBUF_INIT { NULL, 0, 0 }
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
/* Append s as a JSON string literal, quotes included. */
void sb_add_json_str(struct strbuf *sb, const char *s);
/* Append s escaped for XML text and attribute values (no quotes); other control characters are dropped. */
void sb_add_xml_str(struct strbuf *sb, const char *s);
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);
/* Never NULL. */
const char *sb_str(const struct strbuf *sb);

/* Monotonic clock in ns. */
uint64_t now_ns(void);
/* Wall clock, ns since the epoch. */
uint64_t wall_ns(void);

/* a * b, or 0 when it overflows 64 bits (callers refuse 0 sizes anyway). */
static inline uint64_t mul_u64(uint64_t a, uint64_t b)
{
	uint64_t r;
	return __builtin_mul_overflow(a, b, &r) ? 0 : r;
}

/* Suite value syntax (bnbench-suite(5) PARAMETER TYPES). */
int parse_u64(const char *s, uint64_t *out);
int parse_size(const char *s, uint64_t *out);          /* 1024, 64K, 1M, 2G */
int parse_duration_ns(const char *s, uint64_t *out);   /* 500ms, 2s, 100us, 50ns, 1m */
int parse_percent(const char *s, double *out);         /* 5% -> 0.05; 0.05 -> 0.05 */
int parse_double(const char *s, double *out);
int parse_bool(const char *s, int *out);               /* true/false/yes/no/on/off */
int parse_shape(const char *s, uint64_t *m, uint64_t *k); /* 2048x2048, 2Kx2K */

/* The candidate closest to `word` by edit distance, or NULL if none is close. */
const char *suggest(const char *word, const char *const *candidates, size_t n);

/* Format helpers for human output: "1.23 us", "4.56 Gelem/s". */
void fmt_time_ns(char *buf, size_t len, double ns);
void fmt_rate(char *buf, size_t len, double per_s, const char *unit);
/* "4 MiB" when a whole number of the unit, else "1.5 GiB", or "100 bytes". */
void fmt_bytes(char *buf, size_t len, uint64_t bytes);

/* Memory available to a new allocation: MemAvailable, else physical memory. */
uint64_t mem_available(void);

/* True if glob `pattern` matches `s` (fnmatch without FNM_PATHNAME). */
int glob_match(const char *pattern, const char *s);



/*
 * Files read whole are regular files: a FIFO, a device or a directory is
 * refused before anything is read ("PATH: not a regular file", "PATH: is a
 * directory"), and so is a file over `cap` bytes.
 */
/* Read a whole file into a 64-byte aligned buffer (free with free()). */
int file_read(const char *path, void **buf, size_t *len, struct bnb_err *e);
/* Read a text file of at most `cap` bytes, NUL-terminated (free with free()). */
int file_read_text(const char *path, size_t cap, char **buf, size_t *len, struct bnb_err *e);
/* "PATH: no such file or directory" (BNB_ENOTFOUND) or another errno (BNB_EIO). */
int file_error(const char *path, int err, struct bnb_err *e);
/* Write a file atomically: a temporary file in the same folder, then rename. */
int file_write_atomic(const char *path, const void *buf, size_t len, struct bnb_err *e);

#endif
