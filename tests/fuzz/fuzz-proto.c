/* libFuzzer target: the decoder of a worker's result message (worker_decode_result). */
#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "worker.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct case_outcome o;
	uint32_t index;

	if (worker_decode_result(data, size, &index, &o) == 0) {
		for (size_t i = 0; i < o.m.n_samples; i++)
			if (!(o.m.samples[i] >= 0) || (o.base_samples && !(o.base_samples[i] >= 0)))
				abort();
		free(o.detail);
		free(o.m.samples);
		free(o.base_samples);
	}
	return 0;
}
