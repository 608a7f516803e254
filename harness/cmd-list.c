/* bnbench list: plugins, schemes, kernels and their status. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "cpu.h"
#include "ops.h"
#include "params.h"
#include "session.h"

static void list_plugins(const struct registry *r)
{
	printf("%-12s %-12s %-8s %-4s %-12s %-7s %s\n", "PLUGIN", "STATUS", "VERSION", "ABI", "SCHEMES",
	       "KERNELS", "PATH");
	for (size_t i = 0; i < r->n_plugins; i++) {
		const struct plugin *p = r->plugins[i];
		char schemes[64] = "-", abi[16] = "-";
		size_t used = 0;

		for (size_t j = 0; j < p->n_schemes && p->status != PLUGIN_BROKEN; j++) {
			int n = snprintf(schemes + used, sizeof schemes - used, "%s%s", j ? "," : "",
			                 p->schemes[j].s.name);
			if (n < 0 || (size_t)n >= sizeof schemes - used)
				break;
			used += (size_t)n;
		}
		if (p->p.struct_size)
			snprintf(abi, sizeof abi, "%u.%u", p->p.abi_major, p->p.abi_minor);
		printf("%-12s %-12s %-8s %-4s %-12s %-7zu %s\n", p->name, plugin_status_name(p->status),
		       p->p.version && p->status != PLUGIN_BROKEN ? p->p.version : "-", abi, schemes,
		       p->status == PLUGIN_BROKEN ? 0 : p->n_kernels, p->path);
		if (p->status != PLUGIN_OK)
			printf("  %s: %s\n", plugin_status_name(p->status), p->reason);
	}
	if (r->n_plugins == 0) {
		printf("(no plugins found; searched:");
		for (size_t i = 0; i < r->n_dirs; i++)
			printf(" %s", r->dirs[i]);
		printf(")\n");
	}
}

static void list_schemes(const struct registry *r)
{
	printf("%-8s %-8s %-6s %-8s %-10s %s\n", "SCHEME", "PLUGIN", "BITS", "K-MULT", "OP", "BACKENDS");
	for (size_t i = 0; i < r->n_plugins; i++) {
		const struct plugin *p = r->plugins[i];
		if (p->status == PLUGIN_BROKEN)
			continue;
		for (size_t j = 0; j < p->n_schemes; j++) {
			const struct bnb_scheme *s = &p->schemes[j].s;
			for (size_t o = 0; o < ops_count(); o++) {
				if (o == 0)
					printf("%-8s %-8s %-6.3g %-8u ", s->name, p->name, s->bits_per_weight, s->k_multiple);
				else
					printf("%-8s %-8s %-6s %-8s ", "", "", "", "");
				printf("%-10s", ops_at(o)->name);
				for (size_t q = 0; q < r->n_plugins; q++) {
					const struct plugin *kp = r->plugins[q];
					if (kp->status == PLUGIN_BROKEN)
						continue;
					for (size_t k = 0; k < kp->n_kernels; k++) {
						const struct plugin_kernel *pk = &kp->kernels[k];
						if (pk->k.scheme && strcmp(pk->k.scheme, s->name) == 0 &&
						    strcmp(pk->k.op, ops_at(o)->name) == 0)
							printf(" %s%s", pk->k.backend, pk->supported ? "" : "(unsupported)");
					}
				}
				printf("\n");
			}
			printf("%-8s %s\n", "", s->summary ? s->summary : "");
		}
	}
}

static void print_param(const struct bnb_param *d)
{
	char range[64] = "";

	if (d->min <= d->max)
		snprintf(range, sizeof range, " [%g, %g]", d->min, d->max);
	printf("      %-18s %-8s default %s%s%s%s  %s\n", d->name, params_type_name(d->type),
	       d->default_value ? d->default_value : "(none)", range,
	       d->type == BNB_PARAM_ENUM ? " " : "", d->type == BNB_PARAM_ENUM ? d->choices : "",
	       d->help ? d->help : "");
}

static void show_plugin(const struct plugin *p)
{
	printf("plugin   %s\npath     %s\nstatus   %s%s%s\n", p->name, p->path, plugin_status_name(p->status),
	       p->status == PLUGIN_OK ? "" : ": ", p->status == PLUGIN_OK ? "" : p->reason);
	if (p->status == PLUGIN_BROKEN)
		return;
	printf("version  %s\nabi      %u.%u (struct_size %u)\nsummary  %s\ncompiler %s\ncflags   %s\n",
	       p->p.version ? p->p.version : "-", p->p.abi_major, p->p.abi_minor, p->p.struct_size,
	       p->p.summary ? p->p.summary : "-", p->p.compiler ? p->p.compiler : "-",
	       p->p.cflags && *p->p.cflags ? p->p.cflags : "-");
	if (!(p->p.flags & BNB_PLUGIN_OPTIMIZED))
		printf("warning  built without optimisation\n");
	for (size_t j = 0; j < p->n_schemes; j++) {
		const struct bnb_scheme *s = &p->schemes[j].s;
		printf("scheme   %s: %s (%.3g bits per weight, K a multiple of %u)\n", s->name,
		       s->summary ? s->summary : "", s->bits_per_weight, s->k_multiple);
	}
	printf("kernels  %zu\n", p->n_kernels);
	for (size_t j = 0; j < p->n_kernels; j++) {
		const struct plugin_kernel *k = &p->kernels[j];
		char feats[200];
		cpu_features_str(k->k.features, feats, sizeof feats);
		printf("  %-10s %-6s %-8s features: %-28s %s%s%s\n", k->k.op, k->k.scheme ? k->k.scheme : "-",
		       k->k.backend, feats[0] ? feats : "none", k->supported ? "ok" : "unsupported",
		       k->supported ? "" : ": ", k->supported ? "" : k->reason);
		if (k->k.summary)
			printf("      %s\n", k->k.summary);
		if (k->k.max_threads > 1)
			printf("      threads: 1 to %u\n", k->k.max_threads);
		for (size_t q = 0; q < k->n_params; q++)
			print_param(&k->params[q]);
	}
}

const struct cli_option list_options[] = {
	{ "schemes", 's', NULL, "list the schemes with their block layout", CLI_SHORT },
	CLI_OPT_HELP,
	CLI_OPT_END
};

int cmd_list(int argc, char **argv, const struct global_opts *g)
{
	struct session ses;
	struct bnb_err e = { 0, "" };
	int schemes = 0, c, rc = EXIT_OK;

	while ((c = cli_getopt(argc, argv, "list", list_options)) != -1) {
		switch (c) {
		case 's': schemes = 1; break;
		case 'h': cli_help(stdout, command_find("list")); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		die_msg("list: too many arguments");
		return EXIT_USAGE;
	}
	session_open(&ses, NULL, g->plugin_dir, NULL, &e);  /* without a suite, it cannot fail */
	if (optind < argc) {
		const struct plugin *p = registry_plugin(&ses.reg, argv[optind]);
		if (!p) {
			die_msg("list: no plugin '%s' (see 'bnbench list')", argv[optind]);
			rc = EXIT_USAGE;
		} else {
			show_plugin(p);
		}
	} else if (schemes) {
		list_schemes(&ses.reg);
	} else {
		list_plugins(&ses.reg);
	}
	session_close(&ses);
	return rc;
}
