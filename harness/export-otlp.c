/* bnbench export otlp: send a stored run to an OpenTelemetry collector. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "otlp.h"
#include "store.h"


#ifdef HAVE_LIBCURL
static int send_run(const struct global_opts *g, const char *spec, const char *endpoint)
{
	struct otlp_config cfg;
	struct otlp_summary sum;
	struct store *s;
	struct bnb_err e = { 0, "" };
	int64_t id;
	int rc;

	if (otlp_config_load(&cfg, endpoint, &e)) {
		die_msg("export otlp: %s", e.msg);
		otlp_config_free(&cfg);
		return EXIT_USAGE;
	}
	if (cli_open_store(g, STORE_READONLY, &s, &e)) {
		die_msg("%s", e.msg);
		otlp_config_free(&cfg);
		return EXIT_USAGE;
	}
	rc = store_run_resolve(s, spec, &id, &e);
	if (rc) {
		die_msg("%s", e.msg);
	} else if ((rc = otlp_export(s, id, &cfg, &sum, &e))) {
		die_msg("export otlp: run %" PRId64 ": %s", id, e.msg);
	} else if (sum.requests == 0) {
		printf("run %" PRId64 ": no measured cases, nothing sent\n", id);
	} else {
		printf("run %" PRId64 ": sent %zu cases (%zu data points) in %zu request%s to %s\n", id, sum.cases,
		       sum.points, sum.requests, sum.requests == 1 ? "" : "s", cfg.endpoint);
	}
	store_close(s);
	otlp_config_free(&cfg);
	return rc ? EXIT_USAGE : EXIT_OK;
}
#endif

int export_otlp(int argc, char **argv, const struct global_opts *g)
{
	const char *spec = "latest", *endpoint = NULL;
	int c;

	optind = 0;
	while ((c = cli_getopt(argc, argv, "export", export_options)) != -1) {
		switch (c) {
		case 'e': endpoint = optarg; break;
		case 'h': cli_help(stdout, command_find("export")); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		die_msg("export otlp: too many arguments");
		return EXIT_USAGE;
	}
	if (optind < argc)
		spec = argv[optind];
#ifdef HAVE_LIBCURL
	return send_run(g, spec, endpoint);
#else
	(void)g;
	(void)spec;
	(void)endpoint;
	die_msg("export otlp: unsupported: built without libcurl");
	return EXIT_USAGE;
#endif
}
