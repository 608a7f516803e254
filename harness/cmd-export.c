/* bnbench export: write a stored run for other machines and other tools. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "export-json.h"
#include "otlp.h"
#include "output.h"
#include "store.h"

const struct cli_option export_options[] = {
	{ "endpoint", 'e', "URL", "export otlp: the collector (default: OTEL_EXPORTER_OTLP_*)", 0 },
	CLI_OPT_HELP,
	CLI_OPT_END
};

/* [RUN] (default "latest") after the subcommand's options; `what` names it in messages. */
static int parse_run_arg(int argc, char **argv, const char *what, const char **spec)
{
	int c;

	while ((c = cli_getopt(argc, argv, "export", export_options)) != -1) {
		if (c == 'h') {
			cli_help(stdout, command_find("export"));
			return -1;
		}
		if (c == 'e')
			die_msg("export %s: --endpoint is an option of export otlp", what);
		return EXIT_USAGE;
	}
	if (argc - optind > 1) {
		die_msg("export %s: too many arguments", what);
		return EXIT_USAGE;
	}
	*spec = optind < argc ? argv[optind] : "latest";
	return EXIT_OK;
}

/* Load run `spec` and write it to stdout in `fmt` (OUT_JSON: the bnbench-run document, with samples). */
static int export_run(int argc, char **argv, const struct global_opts *g, const char *what,
                      enum output_format fmt)
{
	struct store *s;
	struct run_info run;
	struct case_result *cases = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct bnb_err e = { 0, "" };
	const char *spec;
	size_t n = 0;
	int64_t id;
	int rc = parse_run_arg(argc, argv, what, &spec);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (cli_open_store(g, STORE_READONLY, &s, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	if (store_run_resolve(s, spec, &id, &e) || store_run_load(s, id, &run, &cases, &n, &e)) {
		die_msg("%s", e.msg);
		store_close(s);
		return EXIT_USAGE;
	}
	store_close(s);
	if (fmt == OUT_JSON) {
		export_json_write(&sb, &run, cases, n, 1);
		fputs(sb_str(&sb), stdout);
		sb_free(&sb);
	} else {
		output_run(stdout, fmt, 0, &run, cases, n);
	}
	store_cases_free(cases, n);
	run_info_free(&run);
	return EXIT_OK;   /* main() checks that standard output was written */
}

static int export_json(int argc, char **argv, const struct global_opts *g)
{
	return export_run(argc, argv, g, "json", OUT_JSON);
}

static int export_csv(int argc, char **argv, const struct global_opts *g)
{
	return export_run(argc, argv, g, "csv", OUT_CSV);
}

static const struct {
	const char *name;
	command_fn fn;
} formats[] = {
	{ "json", export_json },
	{ "csv", export_csv },
	{ "otlp", export_otlp },
};

#define N_FORMATS (sizeof formats / sizeof formats[0])

int cmd_export(int argc, char **argv, const struct global_opts *g)
{
	const char *names[N_FORMATS], *s;
	struct strbuf list = STRBUF_INIT;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_help(stdout, command_find("export"));
		return EXIT_OK;
	}
	for (size_t i = 0; argc >= 2 && i < N_FORMATS; i++)
		if (strcmp(argv[1], formats[i].name) == 0)
			return formats[i].fn(argc - 1, argv + 1, g);
	for (size_t i = 0; i < N_FORMATS; i++) {
		names[i] = formats[i].name;
		sb_addf(&list, "%s%s", i == 0 ? "" : i + 1 == N_FORMATS ? " or " : ", ", names[i]);
	}
	s = argc >= 2 ? suggest(argv[1], names, N_FORMATS) : NULL;
	if (argc < 2)
		die_msg("export: no format given (%s)", sb_str(&list));
	else if (s)
		die_msg("export: unknown format '%s' (did you mean '%s'?)", argv[1], s);
	else
		die_msg("export: unknown format '%s' (%s)", argv[1], sb_str(&list));
	sb_free(&list);
	return EXIT_USAGE;
}
