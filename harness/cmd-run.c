/* bnbench run: measure a suite and store the run. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "otlp.h"
#include "output.h"
#include "runner.h"
#include "session.h"
#include "sink.h"
#include "store.h"
#include "suite-override.h"

/* Each case, why it would be skipped, and the parameters the suite gives it (files as resolved). */
static void print_dry_run(const struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_case *c = &p->cases[i];
		printf("%-36s %s%s\n", c->name, c->skip ? "skip: " : "run", c->skip ? c->skip : "");
		for (size_t j = 0; j < c->params.n; j++) {
			const struct param_value *v = &c->params.v[j];
			if (v->given || v->def->type == BNB_PARAM_FILE)
				printf("    %s: %s\n", v->def->name, v->def->type == BNB_PARAM_FILE && v->path ? v->path : v->text);
		}
	}
	printf("%zu cases\n", p->n);
}

struct run_opts {
	const char *suite, *label, *baseline, *format;
	const char *output;      /* -o FILE, or NULL: stdout */
	struct suite_overrides overrides;
	struct plan_filter filter;
	int dry_run, isolate, cpu;
	int samples;             /* --samples: raw samples in --format json */
	unsigned processes;      /* --processes N, 0: the suite's */
	uint64_t timeout_ns;
	int otlp;                /* --otlp[=URL]: export the stored run */
	const char *otlp_url;    /* NULL: from the environment */
};

/* Option values that need no suite or plugin: checked before anything is read or run. */
static int check_opts(const struct run_opts *o)
{
	struct bnb_err e = { 0, "" };

	if (output_format_parse(o->format) < 0) {
		die_msg("run: unknown format '%s' (table, json, csv or markdown)", o->format);
		return EXIT_USAGE;
	}
	if (o->samples && output_format_parse(o->format) != OUT_JSON) {
		die_msg("run: --samples goes with --format json");
		return EXIT_USAGE;
	}
	if (o->label && !*o->label) {
		die_msg("run: empty --label");
		return EXIT_USAGE;
	}
	if (o->baseline && !*o->baseline) {
		die_msg("run: empty --save-baseline name");
		return EXIT_USAGE;
	}
	if (!o->isolate && o->processes > 1) {
		die_msg("run: --processes %u needs worker processes: it cannot be given with --no-isolate", o->processes);
		return EXIT_USAGE;
	}
	if (o->otlp) {
		struct otlp_config oc;
		int rc = otlp_config_load(&oc, o->otlp_url, &e);
		otlp_config_free(&oc);
		if (rc) {
			die_msg("run: --otlp: %s", e.msg);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

const struct cli_option run_options[] = {
	{ "label", 'l', "L", "a label stored with the run, usable as its name", CLI_SHORT },
	{ "save-baseline", 'B', "NAME", "save the run as this baseline when it is complete", 0 },
	{ "format", 'f', "FORMAT", "table (default), json, csv or markdown", CLI_SHORT },
	{ "output", 'o', "FILE", "write the results to FILE (format from its extension without --format)", CLI_SHORT },
	{ "op", 'p', "LIST", "only these ops (comma-separated)", 0 },
	{ "scheme", 's', "LIST", "only these schemes", 0 },
	{ "backend", 'b', "LIST", "only these backends", 0 },
	{ "filter", 'F', "GLOB", "only the cases whose name matches", 0 },
	{ "dry-run", 'n', NULL, "list the cases and their parameters; measure nothing", CLI_SHORT },
	{ "cpu", 'c', "N", "pin the workers to CPU N", 0 },
	{ "timeout", 'T', "DURATION", "time allowed per case before its worker is killed", 0 },
	{ "no-isolate", 'I', NULL, "run the cases in bnbench itself (for a debugger)", 0 },
	{ "otlp", 'O', "[=URL]", "send the stored run to an OpenTelemetry collector", 0 },
	{ "allow-outside-files", 'A', NULL, "let file parameters name files outside the suite's folder", 0 },
	{ "processes", 'P', "N", "measure each case in N worker processes, interleaved, pooled", 0 },
	{ "samples", 'S', NULL, "with json: each case's raw samples too", 0 },
	CLI_OPTS_SETTINGS,
	CLI_OPT_QUIET,
	CLI_OPT_COLOR,
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int parse_opts(int argc, char **argv, struct run_opts *o)
{
	struct bnb_err e = { 0, "" };
	int c, rc;

	memset(o, 0, sizeof *o);
	o->isolate = 1;
	o->cpu = -1;
	while ((c = cli_getopt(argc, argv, "run", run_options)) != -1) {
		if ((rc = cli_common_opt("run", c, optarg, &o->overrides)) >= 0) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'l': o->label = optarg; break;
		case 'B': o->baseline = optarg; break;
		case 'f': o->format = optarg; break;
		case 'b': o->filter.backends = optarg; break;
		case 's': o->filter.schemes = optarg; break;
		case 'p': o->filter.ops = optarg; break;
		case 'o': o->output = optarg; break;
		case 'F': o->filter.glob = optarg; break;
		case 'n': o->dry_run = 1; break;
		case 'S': o->samples = 1; break;
		case 'I': o->isolate = 0; break;
		case 'c':
			if (cli_parse_cpu(optarg, &o->cpu, &e)) {
				die_msg("run: %s", e.msg);
				return EXIT_USAGE;
			}
			break;
		case 'A': o->filter.allow_outside_files = 1; break;
		case 'P': {
			uint64_t v;
			if (parse_u64(optarg, &v) || v == 0 || v > SUITE_MAX_PROCESSES) {
				die_msg("run: invalid --processes '%s' (an integer from 1 to %d)", optarg, SUITE_MAX_PROCESSES);
				return EXIT_USAGE;
			}
			o->processes = (unsigned)v;
			break;
		}
		case 'O': o->otlp = 1; o->otlp_url = optarg; break;
		case 'T':
			if (parse_duration_ns(optarg, &o->timeout_ns) || !o->timeout_ns) {
				die_msg("run: invalid --timeout '%s' (a duration such as 30s)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': cli_help(stdout, command_find("run")); return -1;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		die_msg(optind >= argc ? "run: no suite given (usage: bnbench run SUITE)" : "run: too many arguments");
		return EXIT_USAGE;
	}
	o->suite = argv[optind];
	o->filter.overrides = &o->overrides;
	if (!(o->format = cli_output_format("run", o->output, o->format)))
		return EXIT_USAGE;
	return check_opts(o);
}

/* Run the plan into the store and print the results; returns the exit status. */
static int execute(struct store *s, const struct run_opts *o, const struct session *ses)
{
	const struct plan *plan = &ses->plan;
	enum output_format fmt = (enum output_format)output_format_parse(o->format);
	struct runner_opts ro = { o->label, o->isolate, o->cpu, o->timeout_ns, 1, &cli_stop, o->processes, &o->overrides };
	int lines = !cli_quiet && (fmt == OUT_TABLE || o->output);   /* stdout is free for them */
	FILE *doc;
	int doc_failed = 0;
	struct sink_store store;
	struct sink_console console;
	struct run_sink sinks[2];
	struct cli_signals sig;
	struct runner x;
	struct case_result *cases;
	struct bnb_err e = { 0, "" };
	size_t n, bad = 0;
	int rc;

	for (size_t i = 0; !o->isolate && i < ses->suite->n_groups; i++) {
		if (ses->suite->groups[i].settings.processes > 1) {
			warn_msg("--no-isolate: each case is measured in this process alone (the suite's processes: %u "
			         "does not apply)", ses->suite->groups[i].settings.processes);
			break;
		}
	}
	/* The store first: a case that cannot be stored is not shown as done. */
	sinks[0] = sink_store(&store, s);
	sinks[1] = sink_console(&console, &ses->plan, stdout, lines, cli_progress());
	if (runner_start(&x, plan, ses->suite, &ses->reg, &ro, sinks, 2, &e)) {
		die_msg("%s", e.msg);
		die_msg("run: the store could not be written: nothing was measured");
		sink_console_free(&console);
		runner_free(&x);
		return EXIT_RUNTIME;
	}
	cli_signals_catch(&sig);
	rc = runner_all(&x);
	cli_signals_restore(&sig);
	if (x.sink_failed)
		die_msg("%s", x.err.msg);
	if (runner_finish(&x, rc == BNB_EINTR, &e)) {
		die_msg("%s", e.msg);
		x.sink_failed = 1;
	}
	n = runner_take(&x, &cases);
	for (size_t i = 0; i < n; i++)
		bad += cases[i].status == CASE_FAILED || cases[i].status == CASE_ERROR;
	sink_console_free(&console);
	/* Each case once on stdout: its line, or its row in the document. */
	if ((fmt == OUT_TABLE && !o->output) || lines)
		printf("%srun %lld (%s): %s\n", lines ? "\n" : "", (long long)x.run.id, x.run.suite,
		       run_status_name(x.run.status));
	if (lines)
		output_summary(stdout, 0, &x.run, cases, n);
	if (o->output || !lines) {
		doc = cli_output_open("run", o->output);
		if (doc)
			output_run(doc, fmt, o->samples, &x.run, cases, n);
		doc_failed = !doc || cli_output_close("run", o->output, doc);
	}
	if (x.sink_failed) {
		die_msg("run: the store could not be written: run %lld is incomplete with %zu of %zu cases stored",
		        (long long)x.run.id, n, plan->n);
		rc = EXIT_RUNTIME;
	} else if (rc == BNB_EINTR) {
		warn_msg("interrupted: run %lld kept as incomplete with %zu of %zu cases", (long long)x.run.id, n,
		         plan->n);
		rc = 130;
	} else if (rc) {
		die_msg("run: cannot start a worker process");
		rc = EXIT_USAGE;
	} else if (o->baseline && store_baseline_save(s, o->baseline, x.run.id, NULL, &e)) {
		die_msg("%s", e.msg);
		rc = EXIT_USAGE;
	} else {
		rc = bad ? 1 : EXIT_OK;
	}
	if (doc_failed && (rc == EXIT_OK || rc == 1))
		rc = EXIT_RUNTIME;   /* the run is stored; its file is not */
	/* The run is stored: a failed export is reported and changes neither the run nor rc. */
	if (o->otlp && (rc == EXIT_OK || rc == 1) && otlp_export_run(s, x.run.id, o->otlp_url, &e))
		die_msg("otlp: run %lld is stored, but its export failed: %s", (long long)x.run.id, e.msg);
	for (size_t i = 0; i < n; i++)
		case_result_free(&cases[i]);
	free(cases);
	runner_free(&x);
	return rc;
}

int cmd_run(int argc, char **argv, const struct global_opts *g)
{
	struct run_opts o;
	struct session ses;
	struct store *store;
	struct bnb_err e = { 0, "" };
	int rc = parse_opts(argc, argv, &o);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (session_open(&ses, o.suite, g->plugin_dir, &o.filter, &e)) {
		die_msg("%s", e.msg);
		rc = EXIT_USAGE;
	} else if (ses.plan.n == 0) {
		die_msg("run: no case of %s matches the filters", o.suite);
		rc = EXIT_USAGE;
	} else if (o.dry_run) {
		print_dry_run(&ses.plan);
	} else if (cli_open_store(g, STORE_CREATE, &store, &e)) {
		die_msg("%s", e.msg);
		rc = EXIT_USAGE;
	} else {
		rc = execute(store, &o, &ses);
		store_close(store);
	}
	session_close(&ses);
	return rc;
}
