/* Runtime CPU feature detection. */
#include "config.h"

#include "cpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bnbench/plugin.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define BNB_X86 1
#endif

static const struct {
	uint64_t bit;
	const char *name;
} feature_names[] = {
	{ BNB_FEAT_SSE2, "sse2" },         { BNB_FEAT_SSSE3, "ssse3" },
	{ BNB_FEAT_SSE41, "sse4.1" },      { BNB_FEAT_SSE42, "sse4.2" },
	{ BNB_FEAT_POPCNT, "popcnt" },     { BNB_FEAT_AVX, "avx" },
	{ BNB_FEAT_AVX2, "avx2" },         { BNB_FEAT_FMA, "fma" },
	{ BNB_FEAT_F16C, "f16c" },         { BNB_FEAT_BMI2, "bmi2" },
	{ BNB_FEAT_AVX512F, "avx512f" },   { BNB_FEAT_AVX512BW, "avx512bw" },
	{ BNB_FEAT_AVX512VL, "avx512vl" }, { BNB_FEAT_AVX512DQ, "avx512dq" },
	{ BNB_FEAT_AVX512VNNI, "avx512vnni" }, { BNB_FEAT_AVX512VBMI, "avx512vbmi" },
	{ BNB_FEAT_AVXVNNI, "avxvnni" },
};
#define N_FEATURES (sizeof feature_names / sizeof feature_names[0])

const char *cpu_feature_name(uint64_t bit)
{
	for (size_t i = 0; i < N_FEATURES; i++)
		if (feature_names[i].bit == bit)
			return feature_names[i].name;
	return NULL;
}

uint64_t cpu_feature_parse(const char *name)
{
	for (size_t i = 0; i < N_FEATURES; i++)
		if (strcmp(feature_names[i].name, name) == 0)
			return feature_names[i].bit;
	if (strcmp(name, "sse41") == 0)
		return BNB_FEAT_SSE41;
	if (strcmp(name, "sse42") == 0)
		return BNB_FEAT_SSE42;
	return 0;
}

void cpu_features_str(uint64_t mask, char *buf, size_t len)
{
	size_t used = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (unsigned b = 0; b < 64 && used < len; b++) {
		uint64_t bit = UINT64_C(1) << b;
		const char *name;
		char tmp[16];
		int n;

		if (!(mask & bit))
			continue;
		name = cpu_feature_name(bit);
		if (!name) {
			snprintf(tmp, sizeof tmp, "bit%u", b);
			name = tmp;
		}
		n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

#ifdef BNB_X86
static uint64_t xgetbv0(void)
{
	uint32_t eax, edx;
	__asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
	return ((uint64_t)edx << 32) | eax;
}

static uint64_t detect(void)
{
	unsigned a, b, c, d, max;
	uint64_t f = 0, xcr0 = 0;
	int os_avx = 0, os_avx512 = 0;

	max = __get_cpuid_max(0, NULL);
	if (max < 1 || !__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	if (d & bit_SSE2) f |= BNB_FEAT_SSE2;
	if (c & bit_SSSE3) f |= BNB_FEAT_SSSE3;
	if (c & bit_SSE4_1) f |= BNB_FEAT_SSE41;
	if (c & bit_SSE4_2) f |= BNB_FEAT_SSE42;
	if (c & bit_POPCNT) f |= BNB_FEAT_POPCNT;
	/* AVX state must be enabled by the OS (XCR0 bits 1, 2), AVX-512 also bits 5-7. */
	if (c & bit_OSXSAVE) {
		xcr0 = xgetbv0();
		os_avx = (xcr0 & 0x6) == 0x6;
		os_avx512 = os_avx && (xcr0 & 0xe0) == 0xe0;
	}
	if (os_avx) {
		if (c & bit_AVX) f |= BNB_FEAT_AVX;
		if (c & bit_FMA) f |= BNB_FEAT_FMA;
		if (c & bit_F16C) f |= BNB_FEAT_F16C;
	}
	if (max >= 7) {
		__cpuid_count(7, 0, a, b, c, d);
		if (b & bit_BMI2) f |= BNB_FEAT_BMI2;
		if (os_avx && (b & bit_AVX2)) f |= BNB_FEAT_AVX2;
		if (os_avx512) {
			if (b & bit_AVX512F) f |= BNB_FEAT_AVX512F;
			if (b & bit_AVX512BW) f |= BNB_FEAT_AVX512BW;
			if (b & bit_AVX512VL) f |= BNB_FEAT_AVX512VL;
			if (b & bit_AVX512DQ) f |= BNB_FEAT_AVX512DQ;
			if (c & bit_AVX512VNNI) f |= BNB_FEAT_AVX512VNNI;
			if (c & bit_AVX512VBMI) f |= BNB_FEAT_AVX512VBMI;
		}
		__cpuid_count(7, 1, a, b, c, d);
		if (os_avx && (a & (1u << 4))) f |= BNB_FEAT_AVXVNNI;
	}
	return f;
}

const char *cpu_model(void)
{
	static char model[49];
	unsigned regs[12];

	if (model[0])
		return model;
	if (__get_cpuid_max(0x80000000, NULL) < 0x80000004) {
		snprintf(model, sizeof model, "unknown");
		return model;
	}
	for (unsigned i = 0; i < 3; i++)
		__get_cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2], &regs[4 * i + 3]);
	memcpy(model, regs, 48);
	model[48] = '\0';
	/* Trim leading and trailing blanks. */
	size_t start = strspn(model, " "), len = strlen(model);
	while (len > start && model[len - 1] == ' ')
		len--;
	memmove(model, model + start, len - start);
	model[len - start] = '\0';
	return model;
}
#else
static uint64_t detect(void)
{
	return 0;
}

const char *cpu_model(void)
{
	return "unknown";
}
#endif

uint64_t cpu_features(void)
{
	static int done;
	static uint64_t features;
	const char *disable;

	if (done)
		return features;
	features = detect();
	disable = getenv("BNBENCH_CPU_DISABLE");
	if (disable && *disable) {
		char *list = strdup(disable), *save = NULL;
		for (char *tok = list ? strtok_r(list, ", ", &save) : NULL; tok; tok = strtok_r(NULL, ", ", &save))
			features &= ~cpu_feature_parse(tok);
		free(list);
	}
	done = 1;
	return features;
}
