/* Minimal TAP producer for C unit tests (automake's tap-driver reads it). */
#ifndef BNB_TAP_H
#define BNB_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __VA_ARGS__)

#define is_int(got, want, name)                                                  \
	do {                                                                     \
		long long g_ = (long long)(got), w_ = (long long)(want);         \
		if (!ok(g_ == w_, "%s", name))                                   \
			printf("#   got %lld, want %lld\n", g_, w_);             \
	} while (0)

#define is_str(got, want, name)                                                  \
	do {                                                                     \
		const char *g_ = (got), *w_ = (want);                            \
		if (!ok(g_ && w_ && strcmp(g_, w_) == 0, "%s", name))            \
			printf("#   got '%s'\n#  want '%s'\n", g_ ? g_ : "(null)", \
			       w_ ? w_ : "(null)");                              \
	} while (0)

#define is_double(got, want, tol, name)                                          \
	do {                                                                     \
		double g_ = (got), w_ = (want);                                  \
		if (!ok(g_ - w_ <= (tol) && w_ - g_ <= (tol), "%s", name))       \
			printf("#   got %.17g, want %.17g\n", g_, w_);           \
	} while (0)

static inline void tap_skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	exit(0);
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
