/* The roofline: a case's GB/s against membw's at the same footprint. */
#include "config.h"

#include "roofline.h"

#include <math.h>
#include <string.h>

int roofline_is_reference(const struct case_result *c)
{
	return case_usable(c) && (!c->scheme || !*c->scheme) && c->backend && strcmp(c->backend, ROOFLINE_BACKEND) == 0 &&
	       c->bytes > 0;
}

int roofline_any(const struct case_result *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (roofline_is_reference(&cases[i]))
			return 1;
	return 0;
}

double roofline_gbps(const struct case_result *c, const struct case_result *cases, size_t n)
{
	double footprint = INFINITY, best = NAN;

	if (!(c->bytes > 0))
		return NAN;
	/* The smallest reference footprint that holds the case's bytes ... */
	for (size_t i = 0; i < n; i++) {
		const struct case_result *r = &cases[i];
		if (roofline_is_reference(r) && case_threads(r) == case_threads(c) && r->bytes >= c->bytes &&
		    r->bytes < footprint)
			footprint = r->bytes;
	}
	/* ... and the fastest reference op there. */
	for (size_t i = 0; i < n && isfinite(footprint); i++) {
		const struct case_result *r = &cases[i];
		double g;
		if (!roofline_is_reference(r) || case_threads(r) != case_threads(c) || r->bytes != footprint)
			continue;
		g = case_gbps(r);
		if (isfinite(g) && !(g <= best))
			best = g;
	}
	return best;
}

double roofline_fraction(const struct case_result *c, const struct case_result *cases, size_t n)
{
	double roof, g;

	if (!case_usable(c))
		return NAN;
	roof = roofline_gbps(c, cases, n);
	g = case_gbps(c);
	return isfinite(roof) && roof > 0 && isfinite(g) ? g / roof : NAN;
}
