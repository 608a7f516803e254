/*
 * A set of strings with a value each, for finding duplicates in linear time
 * (keys of a mapping, names of a list).  Keys are borrowed: they must outlive
 * the set.
 */
#ifndef BNB_STRSET_H
#define BNB_STRSET_H

#include <stddef.h>

struct strset_slot {
	const char *key;
	size_t value;
};

struct strset {
	struct strset_slot *slots;
	size_t cap, n;              /* cap: a power of two, or 0 */
};

#define STRSET_INIT { NULL, 0, 0 }

/*
 * Add `key` with `value`; returns 1 if added, 0 if the key was there (its
 * value then goes to *old when old is not NULL).
 */
int strset_add(struct strset *s, const char *key, size_t value, size_t *old);
/* The value of `key`, or NULL when it is not in the set. */
size_t *strset_find(const struct strset *s, const char *key);
void strset_free(struct strset *s);

#endif
