/* A string set on open addressing with linear probing. */
#include "config.h"

#include "strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* FNV-1a, 64 bits, then a finalizer that spreads every bit into the low ones. */
static uint64_t hash(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return h;
}

static struct strset_slot *find(const struct strset *s, const char *key)
{
	size_t i = (size_t)hash(key) & (s->cap - 1);

	while (s->slots[i].key && strcmp(s->slots[i].key, key) != 0)
		i = (i + 1) & (s->cap - 1);
	return &s->slots[i];
}

static void grow(struct strset *s)
{
	struct strset old = *s;

	s->cap = old.cap ? 2 * old.cap : 16;
	s->slots = xcalloc(s->cap, sizeof *s->slots);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*find(s, old.slots[i].key) = old.slots[i];
	free(old.slots);
}

int strset_add(struct strset *s, const char *key, size_t value, size_t *old)
{
	struct strset_slot *slot;

	if (2 * (s->n + 1) > s->cap)   /* at most half full */
		grow(s);
	slot = find(s, key);
	if (slot->key) {
		if (old)
			*old = slot->value;
		return 0;
	}
	slot->key = key;
	slot->value = value;
	s->n++;
	return 1;
}

size_t *strset_find(const struct strset *s, const char *key)
{
	struct strset_slot *slot;

	if (!s->cap)
		return NULL;
	slot = find(s, key);
	return slot->key ? &slot->value : NULL;
}

void strset_free(struct strset *s)
{
	free(s->slots);
	memset(s, 0, sizeof *s);
}
