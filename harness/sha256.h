/* SHA-256 (FIPS 180-4), for a suite's identity in the results. */
#ifndef BNB_SHA256_H
#define BNB_SHA256_H

#include <stddef.h>

/* The digest of p[0..len) as 64 lower-case hex digits and a NUL. */
void sha256_hex(const void *p, size_t len, char out[65]);

#endif
