/* Small helpers shared by every harness module. */
#include "config.h"

#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

int err_vset(struct bnb_err *e, int status, const char *fmt, va_list ap)
{
	if (e) {
		e->status = status;
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	}
	return status;
}

int err_set(struct bnb_err *e, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, status, fmt, ap);
	va_end(ap);
	return status;
}

int err_prefix(struct bnb_err *e, const char *fmt, ...)
{
	char prefix[BNB_ERR_MAX];
	size_t plen, mlen;
	va_list ap;

	if (!e)
		return BNB_EINTERNAL;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix - 2, fmt, ap);
	va_end(ap);
	memcpy(prefix + strlen(prefix), ": ", 3);
	plen = strlen(prefix);
	mlen = strlen(e->msg);
	if (plen + mlen >= sizeof e->msg)
		mlen = sizeof e->msg - 1 - plen;
	memmove(e->msg + plen, e->msg, mlen);
	memcpy(e->msg, prefix, plen);
	e->msg[plen + mlen] = '\0';
	return e->status;
}

static void oom(size_t n)
{
	fprintf(stderr, "bnbench: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xmalloc(n);
	memcpy(p, s, n);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom(0);
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void *xaligned_alloc(size_t n)
{
	size_t rounded = (n + 63) & ~(size_t)63;
	void *p;

	if (rounded == 0)
		rounded = 64;
	p = aligned_alloc(64, rounded);
	if (!p)
		oom(rounded);
	memset(p, 0, rounded);
	return p;
}

static void sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

void sb_add(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	sb_grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void sb_add_xml_str(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': sb_adds(sb, "&lt;"); break;
		case '>': sb_adds(sb, "&gt;"); break;
		case '&': sb_adds(sb, "&amp;"); break;
		case '"': sb_adds(sb, "&quot;"); break;
		case '\'': sb_adds(sb, "&apos;"); break;
		case '\t': sb_adds(sb, "&#9;"); break;
		case '\n': sb_adds(sb, "&#10;"); break;
		case '\r': sb_adds(sb, "&#13;"); break;
		default:
			/* Other control characters cannot appear in XML 1.0 at all, not even escaped. */
			if ((unsigned char)*s >= 0x20 && *s != 0x7f)
				sb_add(sb, s, 1);
		}
	}
}

void sb_add_json_str(struct strbuf *sb, const char *s)
{
	sb_adds(sb, "\"");
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"': sb_adds(sb, "\\\""); break;
		case '\\': sb_adds(sb, "\\\\"); break;
		case '\n': sb_adds(sb, "\\n"); break;
		case '\r': sb_adds(sb, "\\r"); break;
		case '\t': sb_adds(sb, "\\t"); break;
		default:
			if (*p < 0x20)
				sb_addf(sb, "\\u%04x", *p);
			else
				sb_add(sb, (const char *)p, 1);
		}
	}
	sb_adds(sb, "\"");
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Split "123.5ms" into a number and a suffix; the number must be finite and >= 0. */
static int split_number(const char *s, double *num, const char **suffix)
{
	char *end;

	if (!s || !*s || isspace((unsigned char)*s) || *s == '-' || *s == '+')
		return BNB_EINVAL;
	errno = 0;
	*num = strtod(s, &end);
	if (end == s || errno || !isfinite(*num))
		return BNB_EINVAL;
	*suffix = end;
	return BNB_OK;
}

int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !isdigit((unsigned char)*s))
		return BNB_EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end || errno)
		return BNB_EINVAL;
	*out = v;
	return BNB_OK;
}

/*
 * Decimal digits, an optional fraction and a binary multiplier; the product
 * must be whole and fit 64 bits.  No sign, exponent or hexadecimal.
 */
int parse_size(const char *s, uint64_t *out)
{
	static const struct { const char *suffix; unsigned shift; } units[] = {
		{ "", 0 }, { "K", 10 }, { "M", 20 }, { "G", 30 },
		{ "k", 10 }, { "Ki", 10 }, { "Mi", 20 }, { "Gi", 30 },
	};
	uint64_t whole = 0, frac = 0, scale = 1, v;
	size_t nfrac = 0;
	const char *p = s;

	if (!s || !isdigit((unsigned char)*p))
		return BNB_EINVAL;
	for (; isdigit((unsigned char)*p); p++)
		if (__builtin_mul_overflow(whole, 10, &whole) ||
		    __builtin_add_overflow(whole, (uint64_t)(*p - '0'), &whole))
			return BNB_EINVAL;
	if (*p == '.') {
		const char *f = ++p;
		if (!isdigit((unsigned char)*p))
			return BNB_EINVAL;
		while (isdigit((unsigned char)*p))
			p++;
		nfrac = (size_t)(p - f);
		while (nfrac && f[nfrac - 1] == '0')   /* 1.50K is 1.5K */
			nfrac--;
		if (nfrac > 9)
			return BNB_EINVAL;
		for (size_t i = 0; i < nfrac; i++) {
			frac = frac * 10 + (uint64_t)(f[i] - '0');
			scale *= 10;
		}
	}
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(p, units[i].suffix) != 0)
			continue;
		/* frac < 10^9 and shift <= 30: frac << shift fits. */
		if ((frac << units[i].shift) % scale)
			return BNB_EINVAL;
		if (units[i].shift && whole > (UINT64_MAX >> units[i].shift))
			return BNB_EINVAL;
		v = whole << units[i].shift;
		if (__builtin_add_overflow(v, (frac << units[i].shift) / scale, &v))
			return BNB_EINVAL;
		*out = v;
		return BNB_OK;
	}
	return BNB_EINVAL;
}

int parse_duration_ns(const char *s, uint64_t *out)
{
	static const struct { const char *suffix; double mult; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "m", 60e9 }, { "min", 60e9 },
	};
	const char *suffix;
	double v;

	if (split_number(s, &v, &suffix))
		return BNB_EINVAL;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(suffix, units[i].suffix) == 0) {
			double r = v * units[i].mult;
			if (r >= 1.8e19)
				return BNB_EINVAL;
			*out = (uint64_t)llround(r);
			return BNB_OK;
		}
	}
	return BNB_EINVAL;
}

int parse_percent(const char *s, double *out)
{
	const char *suffix;
	double v;

	if (split_number(s, &v, &suffix))
		return BNB_EINVAL;
	if (strcmp(suffix, "%") == 0)
		*out = v / 100.0;
	else if (*suffix == '\0')
		*out = v;
	else
		return BNB_EINVAL;
	return BNB_OK;
}

int parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return BNB_EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || !isfinite(v))
		return BNB_EINVAL;
	*out = v;
	return BNB_OK;
}

int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = 1;
			return BNB_OK;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = 0;
			return BNB_OK;
		}
	}
	return BNB_EINVAL;
}

int parse_shape(const char *s, uint64_t *m, uint64_t *k)
{
	const char *x = strchr(s, 'x');
	char left[64];
	size_t n;

	if (!x)
		return BNB_EINVAL;
	n = (size_t)(x - s);
	if (n == 0 || n >= sizeof left)
		return BNB_EINVAL;
	memcpy(left, s, n);
	left[n] = '\0';
	if (parse_size(left, m) || parse_size(x + 1, k))
		return BNB_EINVAL;
	return BNB_OK;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof *row);
	size_t result;

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	result = row[lb];
	free(row);
	return result;
}

const char *suggest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	size_t limit = strlen(word) / 3 + 1;

	if (limit > 3)
		limit = 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best_d <= limit ? best : NULL;
}

void fmt_time_ns(char *buf, size_t len, double ns)
{
	if (!isfinite(ns))
		snprintf(buf, len, "-");
	else if (ns < 1e3)
		snprintf(buf, len, "%.2f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, len, "%.2f us", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, len, "%.2f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.3f s", ns / 1e9);
}

void fmt_rate(char *buf, size_t len, double per_s, const char *unit)
{
	static const char *const prefixes[] = { "", "K", "M", "G", "T" };
	size_t i = 0;

	if (!isfinite(per_s)) {
		snprintf(buf, len, "-");
		return;
	}
	while (per_s >= 1000.0 && i < 4) {
		per_s /= 1000.0;
		i++;
	}
	snprintf(buf, len, "%.2f %s%s/s", per_s, prefixes[i], unit);
}

void fmt_bytes(char *buf, size_t len, uint64_t bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = (double)bytes / 1024;
	size_t u = 0;

	if (bytes < 1024) {
		snprintf(buf, len, "%" PRIu64 " bytes", bytes);
		return;
	}
	while (u < 5 && v >= 1024) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, v == floor(v) ? "%.0f %s" : "%.1f %s", v, units[u]);
}

uint64_t mem_available(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	unsigned long long kb;
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);

	while (f && fgets(line, sizeof line, f)) {
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) {
			fclose(f);
			return (uint64_t)kb * 1024;
		}
	}
	if (f)
		fclose(f);
	return pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : UINT64_MAX;
}

int glob_match(const char *pattern, const char *s)
{
	return fnmatch(pattern, s, 0) == 0;
}

/* strerror(err) starting in lower case, as messages do. */
static void why(int err, char *buf, size_t len)
{
	snprintf(buf, len, "%s", strerror(err));
	buf[0] = (char)tolower((unsigned char)buf[0]);
}

int file_error(const char *path, int err, struct bnb_err *e)
{
	char msg[256];

	why(err, msg, sizeof msg);
	return err_set(e, err == ENOENT ? BNB_ENOTFOUND : BNB_EIO, "%s: %s", path, msg);
}

/*
 * Open `path` for reading if it is a regular file: O_NONBLOCK so that a FIFO
 * without a writer does not block the open, then fstat before any read.
 */
static int open_regular(const char *path, size_t cap, int *fd, size_t *size, struct bnb_err *e)
{
	struct stat st;

	*fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (*fd < 0)
		return file_error(path, errno, e);
	if (fstat(*fd, &st) != 0) {
		int err = errno;
		close(*fd);
		return file_error(path, err, e);
	}
	if (!S_ISREG(st.st_mode)) {
		close(*fd);
		return err_set(e, BNB_EIO, "%s: %s", path,
		               S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
	}
	if ((uint64_t)st.st_size > cap) {
		char limit[32];
		close(*fd);
		fmt_bytes(limit, sizeof limit, cap);
		return err_set(e, BNB_EIO, "%s: file too large (%lld bytes; the limit is %s)", path,
		               (long long)st.st_size, limit);
	}
	*size = (size_t)st.st_size;
	return BNB_OK;
}

/* Read up to cap bytes of fd into p (room for cap + 1); more than cap is an error. */
static int read_fd(const char *path, int fd, char *p, size_t cap, size_t *len, struct bnb_err *e)
{
	size_t n = 0;

	for (;;) {
		ssize_t r = read(fd, p + n, cap + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return err_set(e, BNB_EIO, "%s: read error: %s", path, strerror(errno));
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > cap)
			return err_set(e, BNB_EIO, "%s: file grew while it was read", path);
	}
	*len = n;
	return BNB_OK;
}

int file_read_text(const char *path, size_t cap, char **buf, size_t *len, struct bnb_err *e)
{
	size_t size;
	char *p;
	int fd, rc = open_regular(path, cap, &fd, &size, e);

	*buf = NULL;
	*len = 0;
	if (rc)
		return rc;
	p = xmalloc(size + 2);
	rc = read_fd(path, fd, p, size, len, e);
	close(fd);
	if (rc) {
		free(p);
		return rc;
	}
	p[*len] = '\0';
	*buf = p;
	return BNB_OK;
}

int file_read(const char *path, void **buf, size_t *len, struct bnb_err *e)
{
	size_t size;
	void *p;
	int fd, rc = open_regular(path, SIZE_MAX / 2, &fd, &size, e);

	if (rc)
		return rc;
	p = xaligned_alloc(size + 1);
	rc = read_fd(path, fd, p, size, len, e);
	close(fd);
	if (rc) {
		free(p);
		return rc;
	}
	*buf = p;
	return BNB_OK;
}

int file_write_atomic(const char *path, const void *buf, size_t len, struct bnb_err *e)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	int ok;

	if (!f) {
		err_set(e, BNB_EIO, "%s: %s", path, strerror(errno));
		free(tmp);
		return BNB_EIO;
	}
	ok = fwrite(buf, 1, len, f) == len;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		err_set(e, BNB_EIO, "%s: write failed: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return BNB_EIO;
	}
	free(tmp);
	return BNB_OK;
}
