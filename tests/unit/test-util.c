/* The suite value syntax and small helpers. */
#include <math.h>

#include "tap.h"
#include "util.h"

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
	sb_free(&sb);
	ok(glob_match("gemv/i2s/*", "gemv/i2s/avx2/2048x2048"), "glob matches case names");
	ok(!glob_match("gemv/tl1/*", "gemv/i2s/avx2/2048x2048"), "glob does not match other schemes");
	return tap_done();
}
