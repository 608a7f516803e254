/* Pieces several commands share. */
#define _GNU_SOURCE   /* sched_getaffinity */
#include "config.h"

#include "cli.h"
#include "report.h"
#include "suite-override.h"
#include "term.h"

#include <errno.h>
#include <sched.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

const char *cli_db_path(const struct global_opts *g)
{
	const char *env = getenv("BNBENCH_DB");

	if (g->db_path)
		return g->db_path;
	if (env && *env)
		return env;
	return CLI_DEFAULT_DB;
}

int cli_open_store(const struct global_opts *g, unsigned flags, struct store **out, struct bnb_err *e)
{
	const char *path = cli_db_path(g);

	if ((flags & STORE_CREATE) && strcmp(path, CLI_DEFAULT_DB) == 0 && mkdir("results", 0777) != 0 &&
	    errno != EEXIST)
		return err_set(e, BNB_EIO, "results: cannot create the folder: %s", strerror(errno));
	return store_open(path, flags, out, e);
}

volatile int cli_stop;

static void on_signal(int sig)
{
	(void)sig;
	cli_stop = 1;
}

void cli_signals_catch(struct cli_signals *saved)
{
	struct sigaction sa;

	cli_stop = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &saved->old_int);
	sigaction(SIGTERM, &sa, &saved->old_term);
}

void cli_signals_restore(const struct cli_signals *saved)
{
	sigaction(SIGINT, &saved->old_int, NULL);
	sigaction(SIGTERM, &saved->old_term, NULL);
}

int cli_compare_status(const struct compare_result *res, int fail_on_inconclusive)
{
	switch (compare_verdict(res, fail_on_inconclusive)) {
	case VERDICT_REGRESSED: return EXIT_REGRESSION;
	case VERDICT_INCONCLUSIVE: return EXIT_INCONCLUSIVE;
	case VERDICT_PASS: break;
	}
	return EXIT_OK;
}

/* "--name" of the option getopt just refused: the argument before optind, up to any '='. */
static void refused_option(char **argv, char *buf, size_t len)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	snprintf(buf, len, "%.*s", (int)strcspn(arg, "="), arg);
}

/* "see 'bnbench help run'" */
static void help_hint(char *buf, size_t len, const char *cmd)
{
	if (cmd)
		snprintf(buf, len, "see 'bnbench help %s'", cmd);
	else
		snprintf(buf, len, "see 'bnbench --help'");
}

/* An unknown or ambiguous long option `arg` ("--name"), with the options it may have meant. */
static void unknown_long(const char *where, const char *hint, const char *arg, const struct cli_option *opts)
{
	const char *names[CLI_MAX_OPTIONS];
	struct strbuf amb = STRBUF_INIT;
	size_t n = 0, n_amb = 0;
	const char *s;

	for (; opts && opts->name && n < CLI_MAX_OPTIONS; opts++) {
		names[n++] = opts->name;
		if (strncmp(opts->name, arg + 2, strlen(arg + 2)) == 0)
			sb_addf(&amb, "%s--%s", n_amb++ ? ", " : "", opts->name);
	}
	s = suggest(arg + 2, names, n);
	if (n_amb > 1 && arg[2])
		die_msg("%soption '%s' is ambiguous (%s)", where, arg, sb_str(&amb));
	else if (s)
		die_msg("%sunknown option '%s' (did you mean '--%s'?)", where, arg, s);
	else
		die_msg("%sunknown option '%s' (%s)", where, arg, hint);
	sb_free(&amb);
}

static int arg_kind(const struct cli_option *o)
{
	return !o->arg ? no_argument : o->arg[0] == '[' ? optional_argument : required_argument;
}

/* The getopt_long() tables of `opts`: ":" (and "+" for the global options) then the short letters. */
static void getopt_tables(const struct cli_option *opts, int global, struct option *lo, char *spec)
{
	size_t n = 0, k = 0;

	spec[k++] = global ? '+' : ':';
	if (global)
		spec[k++] = ':';
	for (; opts->name && n + 1 < CLI_MAX_OPTIONS; opts++, n++) {
		lo[n] = (struct option){ opts->name, arg_kind(opts), NULL, opts->key };
		if (!(opts->flags & CLI_SHORT))
			continue;
		spec[k++] = (char)opts->key;
		if (arg_kind(opts) != no_argument)
			spec[k++] = ':';
		if (arg_kind(opts) == optional_argument)
			spec[k++] = ':';
	}
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
	spec[k] = '\0';
}

/* Two options of a table with one key or one name (a merge that reused a letter): the first such pair. */
static int table_clash(const struct cli_option *opts, const struct cli_option **a, const struct cli_option **b)
{
	for (*a = opts; (*a)->name; (*a)++) {
		if (*a - opts >= CLI_MAX_OPTIONS - 1)
			return *b = *a, 1;   /* more than getopt_tables() holds */
		for (*b = *a + 1; (*b)->name; (*b)++)
			if ((*a)->key == (*b)->key || strcmp((*a)->name, (*b)->name) == 0)
				return 1;
	}
	return 0;
}

int cli_getopt(int argc, char **argv, const char *cmd, const struct cli_option *opts)
{
	struct option lo[CLI_MAX_OPTIONS];
	char spec[3 * CLI_MAX_OPTIONS + 3], where[64], arg[128], hint[64];
	const struct cli_option *x, *y;
	const char *full;
	int c;

	if (table_clash(opts, &x, &y)) {
		die_msg("internal error: %s: options --%s and --%s share a key or a name (or too many options)", cmd ? cmd : "bnbench", x->name,
		        y->name);
		return '?';
	}
	getopt_tables(opts, cmd == NULL, lo, spec);
	snprintf(where, sizeof where, "%s%s", cmd ? cmd : "", cmd ? ": " : "");
	help_hint(hint, sizeof hint, cmd);
	opterr = 0;
	c = getopt_long(argc, argv, spec, lo, NULL);
	if (c != ':' && c != '?')
		return c;
	full = optind > 0 ? argv[optind - 1] : "";
	refused_option(argv, arg, sizeof arg);
	if (c == ':' && strncmp(full, "--", 2) != 0) {
		die_msg("%soption '-%c' needs an argument", where, optopt);
	} else if (c == ':') {
		die_msg("%soption '%s' needs an argument", where, arg);
	} else if (optopt && strncmp(full, "--", 2) == 0 && strchr(full, '=')) {
		die_msg("%soption '%s' takes no argument", where, arg);
	} else if (optopt) {
		die_msg("%sunknown option '-%c' (%s)", where, optopt, hint);
	} else if (strncmp(arg, "--", 2) == 0) {
		unknown_long(where, hint, arg, opts);
	} else {
		die_msg("%sunknown option '%s' (%s)", where, arg, hint);
	}
	return '?';
}

void cli_help_options(FILE *f, const struct cli_option *opts)
{
	for (; opts->name; opts++) {
		char head[80];
		const char *arg = opts->arg ? opts->arg : "";
		const char *sep = *arg && *arg != '[' ? " " : "";
		int n;

		if (opts->flags & CLI_SHORT)
			n = snprintf(head, sizeof head, "-%c, --%s%s%s", opts->key, opts->name, sep, arg);
		else
			n = snprintf(head, sizeof head, "    --%s%s%s", opts->name, sep, arg);
		if (n < 28)
			fprintf(f, "  %-28s %s\n", head, opts->help);
		else
			fprintf(f, "  %s\n  %-28s %s\n", head, "", opts->help);
	}
}

void cli_help(FILE *f, const struct command *c)
{
	fprintf(f, "usage: %s\n\n%s (see bnbench-%s(1))\n", c->usage, c->summary, c->name);
	if (c->options) {
		fprintf(f, "\noptions:\n");
		cli_help_options(f, c->options);
	}
}

/* The CPUs of `set` as "0-3,6". */
static void cpu_list(const cpu_set_t *set, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int c = 0; c < CPU_SETSIZE && used < len; c++) {
		int last = c;
		if (!CPU_ISSET(c, set))
			continue;
		while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, set))
			last++;
		used += (size_t)snprintf(buf + used, len - used, last > c ? "%s%d-%d" : "%s%d", used ? "," : "", c, last);
		c = last;
	}
}

int cli_parse_cpu(const char *text, int *cpu, struct bnb_err *e)
{
	cpu_set_t set;
	char allowed[256];
	uint64_t v;

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof set, &set) != 0)
		return err_set(e, BNB_EIO, "--cpu: cannot read the CPUs this process may run on: %s", strerror(errno));
	cpu_list(&set, allowed, sizeof allowed);
	if (parse_u64(text, &v))
		return err_set(e, BNB_EINVAL, "invalid --cpu '%s': not a CPU number (this process may run on %s)", text,
		               allowed);
	if (v >= CPU_SETSIZE || !CPU_ISSET((int)v, &set))
		return err_set(e, BNB_EINVAL, "invalid --cpu '%s': not a CPU this process may run on (%s)", text, allowed);
	*cpu = (int)v;
	return BNB_OK;
}

int cli_measure_opt(const char *cmd, int opt, const char *arg, double *threshold, int *cpu, uint64_t *timeout_ns)
{
	struct bnb_err e = { 0, "" };

	switch (opt) {
	case 't':
		if (parse_percent(arg, threshold) || !(*threshold > 0 && *threshold < 1)) {
			die_msg("%s: invalid --threshold '%s' (a percentage such as 5%%)", cmd, arg);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	case 'c':
		if (cli_parse_cpu(arg, cpu, &e)) {
			die_msg("%s: %s", cmd, e.msg);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	case 'T':
		if (parse_duration_ns(arg, timeout_ns) || !*timeout_ns) {
			die_msg("%s: invalid --timeout '%s' (a duration such as 30s)", cmd, arg);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	}
	return EXIT_USAGE;
}

int cli_threads_opt(const char *cmd, const char *arg, struct plan_filter *f)
{
	struct bnb_err e = { 0, "" };
	unsigned *v;
	size_t n;

	if (plan_parse_threads(arg, &v, &n, &e)) {
		die_msg("%s: %s", cmd, e.msg);
		return EXIT_USAGE;
	}
	free((void *)f->threads);
	f->threads = v;
	f->n_threads = n;
	return EXIT_OK;
}

void cli_measure_init(struct cli_measure *m)
{
	memset(m, 0, sizeof *m);
	m->cpu = -1;
}

int cli_measure_parse(const char *cmd, int key, const char *arg, struct cli_measure *m)
{
	int rc = cli_common_opt(cmd, key, arg, &m->overrides);

	if (rc >= 0)
		return rc;
	switch (key) {
	case 'l': m->label = arg; return EXIT_OK;
	case 'b': m->filter.backends = arg; return EXIT_OK;
	case 's': m->filter.schemes = arg; return EXIT_OK;
	case 'p': m->filter.ops = arg; return EXIT_OK;
	case 'F': m->filter.glob = arg; return EXIT_OK;
	case 'H': return cli_threads_opt(cmd, arg, &m->filter);
	case 'f': m->format_name = arg; return EXIT_OK;
	case 'o': m->output = arg; return EXIT_OK;
	case 't': case 'c': case 'T':
		return cli_measure_opt(cmd, key, arg, &m->threshold, &m->cpu, &m->timeout_ns);
	}
	return -1;
}

int cli_measure_finish(const char *cmd, const char *usage, int argc, char **argv, const char **suite,
                       struct cli_measure *m)
{
	if (optind != argc - 1) {
		if (optind >= argc)
			die_msg("%s: no suite given (usage: %s)", cmd, usage);
		else
			die_msg("%s: too many arguments", cmd);
		return EXIT_USAGE;
	}
	*suite = argv[optind];
	m->filter.overrides = &m->overrides;
	return cli_compare_output(cmd, m->output, m->format_name, &m->format);
}

int cli_history_opt(const char *cmd, int key, const char *arg, struct report_opts *o)
{
	uint64_t v;

	switch (key) {
	case 'H':
		if (parse_u64(arg, &v) || v < 2 || v > 100000) {
			die_msg("%s: invalid --history '%s' (a number of runs, at least 2)", cmd, arg);
			return EXIT_USAGE;
		}
		o->history_n = (size_t)v;
		return EXIT_OK;
	case 'S':
		if (report_parse_date(arg, &o->since_ns)) {
			die_msg("%s: invalid --since '%s' (a date as YYYY-MM-DD)", cmd, arg);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	case 'm':
		if (parse_percent(arg, &o->min_step) || !(o->min_step > 0 && o->min_step < 10)) {
			die_msg("%s: invalid --min-step '%s' (a percentage such as 5%%)", cmd, arg);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	case 'u':
		o->commit_url = arg;
		return EXIT_OK;
	}
	return -1;
}

int cli_run_arg(const char *cmd, int argc, char **argv, struct report_opts *o)
{
	if (argc - optind > 1) {
		die_msg("%s: too many arguments", cmd);
		return EXIT_USAGE;
	}
	if (optind < argc)
		o->run_spec = argv[optind];
	return EXIT_OK;
}

int cli_compare_format(const char *cmd, const char *arg, int *format)
{
	*format = compare_format_parse(arg);
	if (*format < 0 || *format == COMPARE_JUNIT) {
		die_msg("%s: unknown format '%s' (table, markdown or json)", cmd, arg);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int cli_check_writable(const char *path, struct bnb_err *e)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct stat st;
	int rc = BNB_OK;

	if (!*path)
		rc = err_set(e, BNB_EINVAL, "'': empty file name");
	else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		rc = err_set(e, BNB_EINVAL, "%s: is a directory", path);
	if (slash)
		*slash = '\0';
	if (!rc && (stat(slash ? (*dir ? dir : "/") : ".", &st) != 0 || !S_ISDIR(st.st_mode)))
		rc = err_set(e, BNB_ENOTFOUND, "%s: cannot write: no such directory", path);
	else if (!rc && access(slash ? (*dir ? dir : "/") : ".", W_OK) != 0)
		rc = err_set(e, BNB_EIO, "%s: cannot write: %s", path, strerror(errno));
	free(dir);
	return rc;
}

int cli_run_cases(struct runner *x, const size_t *idx, size_t n)
{
	struct cli_signals sig;
	int rc;

	cli_signals_catch(&sig);
	rc = idx ? runner_cases(x, idx, n) : runner_all(x);
	cli_signals_restore(&sig);
	if (x->sink_failed)
		die_msg("%s", x->err.msg);
	return rc;
}

int cli_quiet;

int cli_progress(void)
{
	return !cli_quiet && isatty(STDERR_FILENO);
}

int cli_common_opt(const char *cmd, int key, const char *arg, struct suite_overrides *ov)
{
	struct bnb_err e = { 0, "" };
	int m;

	switch (key) {
	case 'q':
		cli_quiet = 1;
		return EXIT_OK;
	case CLI_KEY_COLOR:
		if ((m = term_color_parse(arg)) < 0) {
			die_msg("%s%sinvalid --color '%s' (auto, always or never)", cmd ? cmd : "", cmd ? ": " : "", arg);
			return EXIT_USAGE;
		}
		term_color_set((enum term_color_mode)m);
		return EXIT_OK;
	case CLI_KEY_WARMUP: case CLI_KEY_MIN_TIME: case CLI_KEY_MAX_TIME:
	case CLI_KEY_MIN_SAMPLES: case CLI_KEY_TARGET_CI: case CLI_KEY_SEED:
		if (!ov)
			return -1;
		if (suite_override_parse(ov, (enum suite_override_key)(key - CLI_KEY_WARMUP), arg, &e)) {
			die_msg("%s: %s", cmd, e.msg);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	}
	return -1;
}

static const char *format_of_path(const char *path)
{
	static const char *const ext[][2] = {
		{ ".json", "json" }, { ".csv", "csv" }, { ".md", "markdown" }, { ".markdown", "markdown" }, { ".txt", "table" }
	};
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && !strchr(dot, '/') && i < sizeof ext / sizeof ext[0]; i++)
		if (strcasecmp(dot, ext[i][0]) == 0)
			return ext[i][1];
	return NULL;
}

const char *cli_output_format(const char *cmd, const char *path, const char *format)
{
	struct bnb_err e = { 0, "" };

	if (path && cli_check_writable(path, &e)) {
		die_msg("%s: -o: %s", cmd, e.msg);
		return NULL;
	}
	if (format)
		return format;
	if (!path)
		return "table";
	if (!(format = format_of_path(path)))
		die_msg("%s: -o %s: cannot tell the format from the extension (.json, .csv, .md or .txt); give --format",
		        cmd, path);
	return format;
}

int cli_compare_output(const char *cmd, const char *path, const char *format, int *fmt)
{
	if (!(format = cli_output_format(cmd, path, format)))
		return EXIT_USAGE;
	return cli_compare_format(cmd, format, fmt);
}

FILE *cli_output_open(const char *cmd, const char *path)
{
	FILE *f;

	if (!path)
		return stdout;
	if (!(f = fopen(path, "w")))
		die_msg("%s: -o %s: cannot write: %s", cmd, path, strerror(errno));
	return f;
}

int cli_output_close(const char *cmd, const char *path, FILE *f)
{
	int failed;

	if (!f || f == stdout)
		return EXIT_OK;
	failed = ferror(f) != 0;
	failed |= fclose(f) != 0;
	if (!failed)
		return EXIT_OK;
	die_msg("%s: -o %s: the write failed", cmd, path);
	return EXIT_RUNTIME;
}
