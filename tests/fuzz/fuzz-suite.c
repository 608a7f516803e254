/* libFuzzer target: the suite parser (suite_load) on any bytes. */
#include "config.h"

#include "fuzz.h"
#include "suite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[128];
	struct bnb_err e = { 0, "" };
	struct suite *s;

	if (!path[0])
		snprintf(path, sizeof path, "%s/suite.yaml", fuzz_dir());
	fuzz_write(path, data, size);
	if (suite_load(path, &s, &e) == BNB_OK) {
		char buf[256];

		for (size_t i = 0; i < s->n_groups; i++)
			for (size_t j = 0; j < s->groups[i].n_sizes; j++)
				suite_case_name(buf, sizeof buf, s->groups[i].op.name, NULL, "b", &s->groups[i].sizes[j]);
		suite_free(s);
	} else if (!e.msg[0]) {
		abort();   /* every refusal says why */
	}
	return 0;
}
