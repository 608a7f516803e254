/* Noisy cases in a comparison: said, never a class of their own (bnbench-compare(1), Noisy cases). */
#include "config.h"

#include "compare.h"

#include "util.h"

/* Both sides measured and compared (not "not compared", not on one side only). */
static int compared(const struct compare_row *r)
{
	return r->base && r->run && r->cls != CMP_NOT_OK;
}

void compare_print_noisy(FILE *f, const struct compare_result *res)
{
	size_t in_run = 0, in_base = 0;

	for (size_t i = 0; i < res->n_rows; i++) {
		in_run += compared(&res->rows[i]) && case_noisy(res->rows[i].run);
		in_base += compared(&res->rows[i]) && case_noisy(res->rows[i].base);
	}
	if (in_run || in_base)
		fprintf(f, "noisy (CI wider than its target): %zu case%s in the run, %zu in the %s; each result rests on "
		        "the CI of its ratio\n", in_run, in_run == 1 ? "" : "s", in_base, res->base_plugins ? "base" : "baseline");
}

void compare_json_noisy(struct strbuf *sb, const struct compare_row *r)
{
	sb_addf(sb, ", \"baseline_noisy\": %s, \"run_noisy\": %s", case_noisy(r->base) ? "true" : "false",
	        case_noisy(r->run) ? "true" : "false");
}
