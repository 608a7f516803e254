/* The suite value syntax and small helpers. */
#include <math.h>

#include "tap.h"
#include "strset.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	uint64_t u, m, k;
	double d;
	int b;

	ok(parse_size("64K", &u) == 0 && u == 65536, "64K is 65536");
	ok(parse_size("1M", &u) == 0 && u == 1048576, "1M is 1048576");
	ok(parse_size("256M", &u) == 0 && u == 268435456, "256M");
	ok(parse_size("1024", &u) == 0 && u == 1024, "plain number");
	ok(parse_size("-1", &u) != 0, "negative size rejected");
	ok(parse_size("abc", &u) != 0, "not a number rejected");
	ok(parse_size("1.5", &u) != 0, "fractional size rejected");
	ok(parse_size("12Q", &u) != 0, "unknown suffix rejected");
	static const char *const not_sizes[] = { "0x80", "1.28e2", "0x1p10", "1e3", "+1", " 1", "1 ", "1.",
		".5K", "1.0001K", "18446744073709551616", "17179869184G", "1.5K5", "nan", "inf", "" };
	for (size_t i = 0; i < sizeof not_sizes / sizeof not_sizes[0]; i++)
		ok(parse_size(not_sizes[i], &u) != 0, "size '%s' rejected", not_sizes[i]);
	ok(parse_size("1.5K", &u) == 0 && u == 1536, "1.5K is 1536");
	ok(parse_size("0.25Ki", &u) == 0 && u == 256, "0.25Ki is 256");
	ok(parse_size("2.50M", &u) == 0 && u == 2621440, "trailing zeros of a fraction");
	ok(parse_size("18446744073709551615", &u) == 0 && u == UINT64_MAX, "the largest size");
	ok(parse_size("16777215G", &u) == 0 && u == UINT64_C(16777215) << 30, "the largest G");
	ok(mul_u64(UINT64_C(1) << 32, UINT64_C(1) << 32) == 0, "mul_u64: overflow is 0");
	ok(mul_u64(3, 5) == 15, "mul_u64");
	ok(parse_duration_ns("500ms", &u) == 0 && u == 500000000, "500ms");
	ok(parse_duration_ns("2s", &u) == 0 && u == 2000000000, "2s");
	ok(parse_duration_ns("100us", &u) == 0 && u == 100000, "100us");
	ok(parse_duration_ns("1.5s", &u) == 0 && u == 1500000000, "1.5s");
	ok(parse_duration_ns("5", &u) != 0, "a duration needs a unit");
	ok(parse_percent("5%", &d) == 0 && fabs(d - 0.05) < 1e-12, "5%%");
	ok(parse_percent("0.5%", &d) == 0 && fabs(d - 0.005) < 1e-12, "0.5%%");
	ok(parse_percent("x%", &d) != 0, "bad percentage");
	ok(parse_bool("true", &b) == 0 && b == 1, "true");
	ok(parse_bool("off", &b) == 0 && b == 0, "off");
	ok(parse_bool("maybe", &b) != 0, "maybe is no bool");
	ok(parse_shape("2560x6912", &m, &k) == 0 && m == 2560 && k == 6912, "shape MxK");
	ok(parse_shape("2Kx2K", &m, &k) == 0 && m == 2048 && k == 2048, "shape with suffixes");
	ok(parse_shape("2560", &m, &k) != 0, "shape without x");
	ok(parse_shape("x128", &m, &k) != 0, "shape without M");

	const char *cands[] = { "sizes", "shapes", "schemes", "backends" };
	is_str(suggest("szes", cands, 4), "sizes", "suggest sizes for szes");
	ok(suggest("completely_different", cands, 4) == NULL, "no suggestion when nothing is close");

	char buf[64];
	fmt_time_ns(buf, sizeof buf, 1234.0);
	is_str(buf, "1.23 us", "time format");
	fmt_rate(buf, sizeof buf, 5.31e9, "elem");
	is_str(buf, "5.31 Gelem/s", "rate format");

	struct bnb_err e;
	err_set(&e, BNB_EINVAL, "bad %s", "thing");
	err_prefix(&e, "file.yaml:%d", 3);
	is_str(e.msg, "file.yaml:3: bad thing", "error prefix");
	is_int(e.status, BNB_EINVAL, "error status kept");

	struct strbuf sb = STRBUF_INIT;
	sb_add_json_str(&sb, "a\"b\\c\n\x01");
	is_str(sb_str(&sb), "\"a\\\"b\\\\c\\n\\u0001\"", "json string escaping");
	sb_reset(&sb);
	sb_add_xml_str(&sb, "<a href='x'>\"&\"\t\n\r\x01\x7f</a>");
	is_str(sb_str(&sb), "&lt;a href=&apos;x&apos;&gt;&quot;&amp;&quot;&#9;&#10;&#13;&lt;/a&gt;",
	       "xml escaping; other control characters dropped");
	sb_free(&sb);
	ok(glob_match("gemv/i2s/*", "gemv/i2s/avx2/2048x2048"), "glob matches case names");
	ok(!glob_match("gemv/tl1/*", "gemv/i2s/avx2/2048x2048"), "glob does not match other schemes");
	/* strset: many keys, each found with its value; a key given twice reports the first */
	struct strset set = STRSET_INIT;
	char (*keys)[16] = calloc(100000, sizeof *keys);
	size_t old = 0, bad = 0;
	for (size_t i = 0; i < 100000; i++) {
		snprintf(keys[i], sizeof keys[i], "k%zu", i);
		bad += strset_add(&set, keys[i], i, NULL) != 1;
	}
	for (size_t i = 0; i < 100000; i++) {
		size_t *v = strset_find(&set, keys[i]);
		bad += !v || *v != i;
	}
	is_int(bad, 0, "strset: 100000 keys added and found");
	ok(strset_add(&set, "k77", 5, &old) == 0 && old == 77, "strset: a key again gives the first value");
	ok(strset_find(&set, "k100000") == NULL, "strset: a missing key");
	strset_free(&set);
	free(keys);

	/* file_read_text: the cap, and what is not a regular file */
	char tmpl[] = "/tmp/bnb-test-util.XXXXXX", *text = NULL;
	size_t len = 0;
	int fd = mkstemp(tmpl);
	ok(fd >= 0 && write(fd, "0123456789", 10) == 10, "a 10-byte file");
	close(fd);
	ok(file_read_text(tmpl, 10, &text, &len, &e) == BNB_OK && len == 10 && strcmp(text, "0123456789") == 0,
	   "file_read_text: at the cap");
	free(text);
	is_int(file_read_text(tmpl, 9, &text, &len, &e), BNB_EIO, "file_read_text: over the cap");
	char want[128];
	snprintf(want, sizeof want, "%s: file too large (10 bytes; the limit is 9 bytes)", tmpl);
	is_str(e.msg, want, "file_read_text: over the cap, message");
	unlink(tmpl);
	is_int(file_read_text("/dev/zero", 100, &text, &len, &e), BNB_EIO, "file_read_text: /dev/zero");
	is_str(e.msg, "/dev/zero: not a regular file", "file_read_text: /dev/zero, message");
	is_int(file_read_text("/", 100, &text, &len, &e), BNB_EIO, "file_read_text: a directory");
	is_str(e.msg, "/: is a directory", "file_read_text: a directory, message");
	fmt_bytes(buf, sizeof buf, (uint64_t)4 << 20);
	is_str(buf, "4 MiB", "fmt_bytes: whole");
	fmt_bytes(buf, sizeof buf, (uint64_t)3 << 29);
	is_str(buf, "1.5 GiB", "fmt_bytes: a fraction");
	return tap_done();
}
