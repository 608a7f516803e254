/* The worker's result message: round trip, and every malformed message refused. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "tap.h"
#include "worker.h"

static struct case_outcome sample_outcome(int paired)
{
	static double a[3] = { 10, 11, 12 }, b[3] = { 20, 21, 22 };
	struct case_outcome o;

	memset(&o, 0, sizeof o);
	o.status = CASE_OK;
	o.detail = "verified";
	o.boundary_elems = 7;
	o.m.iters_per_sample = 100;
	o.m.n_samples = 3;
	o.m.samples = a;
	o.base_samples = paired ? b : NULL;
	o.has_work = 1;
	o.work_items = 5;
	o.work_bytes = 6;
	return o;
}

/* Decode a copy of `len` bytes (so ASan sees any read past them). */
static int decode(const char *buf, size_t len, uint32_t *index, struct case_outcome *o)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, buf, len);
	rc = worker_decode_result(copy, len, index, o);
	free(copy);
	return rc;
}

static int bad_count;
static void fail_at(size_t cut)
{
	bad_count++;
	ok(0, "truncated at %zu bytes and accepted", cut);
}

static void test_round_trip(void)
{
	struct case_outcome in = sample_outcome(1), got;
	struct proto_out out = { 0 };
	uint32_t index;

	worker_encode_result(42, &in, &out);
	ok(decode(out.buf, out.len, &index, &got) == 0, "a result decodes");
	is_int(index, 42, "index");
	is_int(got.status, CASE_OK, "status");
	is_str(got.detail, "verified", "detail");
	is_int(got.m.n_samples, 3, "samples");
	is_double(got.m.samples[2], 12, 0, "candidate sample");
	ok(got.base_samples && got.base_samples[0] == 20, "paired base samples");
	ok(got.has_work && got.work_items == 5 && got.work_bytes == 6, "work");
	case_outcome_free(&got);

	for (size_t cut = 0; cut < out.len; cut++) {
		if (decode(out.buf, cut, &index, &got) != 0)
			continue;
		fail_at(cut);
		case_outcome_free(&got);
	}
	ok(1, "every truncation of the message is refused");
	proto_out_free(&out);
}

/* Encode sample_outcome with one field overwritten at byte `at`. */
static int decode_patched(size_t at, const void *v, size_t n, int paired)
{
	struct case_outcome in = sample_outcome(paired), got;
	struct proto_out out = { 0 };
	uint32_t index;
	int rc;

	worker_encode_result(1, &in, &out);
	memcpy(out.buf + at, v, n);
	rc = decode(out.buf, out.len, &index, &got);
	if (rc == 0)
		case_outcome_free(&got);
	proto_out_free(&out);
	return rc;
}

static void test_malformed(void)
{
	/* layout: index 0, status 4, detail len 8 + "verified" 12, boundary 20, iters 28,
	 * has_work 36, items 40, bytes 48, paired 56, n 60, samples 68 */
	uint32_t four = 4, two = 2, zero = 0, nul_len = 3;
	uint64_t huge = (uint64_t)1 << 61, zero64 = 0;
	double nan_v = NAN, neg = -1, inf = INFINITY;
	char nul[3] = { 'a', '\0', 'b' };

	ok(decode_patched(4, &four, 4, 0) != 0, "an unknown status is refused");
	ok(decode_patched(36, &two, 4, 0) != 0, "has_work other than 0 or 1 is refused");
	ok(decode_patched(56, &two, 4, 1) != 0, "paired other than 0 or 1 is refused");
	ok(decode_patched(60, &huge, 8, 0) != 0, "more samples than the message holds is refused");
	ok(decode_patched(60, &zero64, 8, 0) != 0, "an ok case without samples is refused");
	ok(decode_patched(28, &zero64, 8, 0) != 0, "an ok case without iterations is refused");
	ok(decode_patched(68, &nan_v, 8, 0) != 0, "a NaN sample is refused");
	ok(decode_patched(76, &neg, 8, 0) != 0, "a negative sample is refused");
	ok(decode_patched(84, &inf, 8, 1) != 0, "an infinite base sample is refused");
	ok(decode_patched(8, &nul_len, 4, 0) != 0, "a detail length that does not fit the message is refused");
	{
		struct case_outcome in = sample_outcome(0), got;
		struct proto_out out = { 0 };
		uint32_t index;
		in.detail = "abc";
		worker_encode_result(1, &in, &out);
		memcpy(out.buf + 12, nul, 3);
		ok(decode(out.buf, out.len, &index, &got) != 0, "a detail with a NUL inside is refused");
		proto_out_free(&out);
	}
	{
		struct case_outcome in = sample_outcome(0), got;
		struct proto_out out = { 0 };
		uint32_t index;
		worker_encode_result(1, &in, &out);
		proto_put_u32(&out, zero);
		ok(decode(out.buf, out.len, &index, &got) != 0, "trailing bytes are refused");
		proto_out_free(&out);
	}
}

int main(void)
{
	test_round_trip();
	is_int(bad_count, 0, "no truncation accepted");
	test_malformed();
	return tap_done();
}
