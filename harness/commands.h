/* The command table: one function per command, each in its own cmd-<name>.c. */
#ifndef BNB_COMMANDS_H
#define BNB_COMMANDS_H

/* Options common to every command, parsed before the command name. */
struct global_opts {
	const char *plugin_dir;  /* --plugin-dir */
	const char *db_path;     /* --db */
	int verbose;
};

/* Each returns the process exit status (0 to 4 or 130; see bnbench(1)). */
/*
 * A command's options: one table that the parser (cli_getopt), 'bnbench help
 * COMMAND' and the bash completion (which reads that help) all use.  Adding an
 * option is one line in the table and one case in the command's switch.
 */
enum { CLI_SHORT = 1 };          /* -key works as well as --name */
#define CLI_MAX_OPTIONS 64
struct cli_option {
	const char *name;         /* --name */
	int key;                  /* what cli_getopt() returns for it */
	const char *arg;          /* the argument in help: NULL for none, "[=URL]" optional, else required */
	const char *help;         /* one line */
	int flags;                /* CLI_SHORT */
};
typedef int (*command_fn)(int argc, char **argv, const struct global_opts *g);

struct command {
	const char *name;
	command_fn fn;
	const char *summary;
	const char *usage;       /* synopsis, printed by help COMMAND */
	const struct cli_option *options;   /* what its parser takes, listed by help COMMAND */
};

const struct command *command_find(const char *name);
const struct command *command_table(void);

/* Exit codes. */
/* EXIT_RUNTIME: the store could not be written during a run (a lock, a full disk). */
enum { EXIT_OK = 0, EXIT_REGRESSION = 1, EXIT_USAGE = 2, EXIT_INCONCLUSIVE = 3, EXIT_RUNTIME = 4 };

/* Print "bnbench: msg" to stderr. */
void die_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_run(int argc, char **argv, const struct global_opts *g);
int cmd_show(int argc, char **argv, const struct global_opts *g);
int cmd_list(int argc, char **argv, const struct global_opts *g);
int cmd_exec(int argc, char **argv, const struct global_opts *g);
int cmd_help(int argc, char **argv, const struct global_opts *g);
int cmd_report(int argc, char **argv, const struct global_opts *g);
int cmd_history(int argc, char **argv, const struct global_opts *g);
int cmd_compare(int argc, char **argv, const struct global_opts *g);
int cmd_baseline(int argc, char **argv, const struct global_opts *g);
int cmd_ab(int argc, char **argv, const struct global_opts *g);
int cmd_gate(int argc, char **argv, const struct global_opts *g);
int cmd_import(int argc, char **argv, const struct global_opts *g);
int cmd_export(int argc, char **argv, const struct global_opts *g);
int cmd_merge(int argc, char **argv, const struct global_opts *g);
/* Each command's options (cli.h), beside its parser. */
extern const struct cli_option run_options[], show_options[], list_options[], exec_options[],
	import_options[], export_options[], merge_options[], compare_options[], baseline_options[],
	ab_options[], gate_options[], report_options[], history_options[], help_options[];
/* export otlp (export-otlp.c) */
int export_otlp(int argc, char **argv, const struct global_opts *g);

#endif
