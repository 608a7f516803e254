/* Colour and the progress line (term.h). */
#include "config.h"

#include "term.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum term_color_mode color_mode = TERM_COLOR_AUTO;
static int progress_shown;
static char progress_line[512];

int term_color_parse(const char *s)
{
	static const char *const names[] = { "auto", "always", "never" };

	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

void term_color_set(enum term_color_mode m)
{
	color_mode = m;
}

int term_color(FILE *f)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
	int fd = f == stdout ? STDOUT_FILENO : f == stderr ? STDERR_FILENO : -1;

	if (fd < 0 || color_mode == TERM_COLOR_NEVER)
		return 0;
	if (color_mode == TERM_COLOR_ALWAYS)
		return 1;
	return isatty(fd) && !(no && *no) && !(term && strcmp(term, "dumb") == 0);
}

const char *term_on(FILE *f, enum term_tone t)
{
	static const char *const sgr[] = { "", "\033[31m", "\033[32m", "\033[33m", "\033[2m" };

	return t != TONE_NONE && term_color(f) ? sgr[t] : "";
}

const char *term_off(FILE *f, enum term_tone t)
{
	return t != TONE_NONE && term_color(f) ? "\033[0m" : "";
}

void term_progress(const char *line)
{
	snprintf(progress_line, sizeof progress_line, "%s", line);
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
	progress_shown = 1;
}

int term_progress_clear(void)
{
	if (!progress_shown)
		return 0;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress_shown = 0;
	return 1;
}

void term_progress_redraw(void)
{
	term_progress(progress_line);
}
