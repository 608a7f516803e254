/*
 * libFuzzer target: the Criterion importer (import_criterion_read).  The
 * input is a benchmark's benchmark.json, estimates.json and sample.json,
 * separated by NUL bytes; a missing part is an empty file.
 */
#include "config.h"

#include <sys/stat.h>

#include "fuzz.h"
#include "import-criterion.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const files[] = { "benchmark.json", "estimates.json", "sample.json" };
	static char root[128], bench[256];
	struct run_info run;
	struct case_result *cases;
	struct bnb_err e = { 0, "" };
	size_t n;

	if (!root[0]) {
		snprintf(root, sizeof root, "%s/tree", fuzz_dir());
		snprintf(bench, sizeof bench, "%s/quantization_sizes", root);
		mkdir(root, 0700);
		mkdir(bench, 0700);
		snprintf(bench, sizeof bench, "%s/quantization_sizes/I2S_quantize", root);
		mkdir(bench, 0700);
		snprintf(bench, sizeof bench, "%s/quantization_sizes/I2S_quantize/1024", root);
		mkdir(bench, 0700);
		snprintf(bench, sizeof bench, "%s/quantization_sizes/I2S_quantize/1024/new", root);
		mkdir(bench, 0700);
	}
	for (size_t i = 0; i < 3; i++) {
		const uint8_t *end = memchr(data, 0, size);
		size_t len = end ? (size_t)(end - data) : size;
		char path[320];

		snprintf(path, sizeof path, "%s/%s", bench, files[i]);
		fuzz_write(path, data, len);
		data += len + (end ? 1 : 0);
		size -= len + (end ? 1 : 0);
	}
	if (import_criterion_read(root, "new", &run, &cases, &n, &e) == BNB_OK) {
		store_cases_free(cases, n);
		run_info_free(&run);
	} else if (!e.msg[0]) {
		abort();
	}
	return 0;
}
