/* Runtime CPU feature detection (cpuid + xgetbv). */
#ifndef BNB_CPU_H
#define BNB_CPU_H

#include <stddef.h>
#include <stdint.h>

/*
 * Features this CPU and OS support, as BNB_FEAT_* bits.  The environment
 * variable BNBENCH_CPU_DISABLE (a comma-separated list of feature names, e.g.
 * "avx512f,avx2") removes features, to test how bnbench behaves on a CPU
 * without them.
 */
uint64_t cpu_features(void);
/* Name of a single feature bit ("avx2"), or NULL for a reserved bit. */
const char *cpu_feature_name(uint64_t bit);
/* Space-separated names of the bits in mask ("avx2 fma"); unknown bits as "bitN". */
void cpu_features_str(uint64_t mask, char *buf, size_t len);
/* Parse one feature name; 0 if unknown. */
uint64_t cpu_feature_parse(const char *name);
/* "Intel(R) Xeon(R) ..." from cpuid, or "unknown". */
const char *cpu_model(void);

#endif
