/*
 * The terminal: colour on standard output and standard error (--color,
 * NO_COLOR), and the progress line that is rewritten in place on standard
 * error and cleared before anything else is printed.
 */
#ifndef BNB_TERM_H
#define BNB_TERM_H

#include <stdio.h>

enum term_color_mode { TERM_COLOR_AUTO = 0, TERM_COLOR_ALWAYS, TERM_COLOR_NEVER };

/* "auto", "always" or "never"; -1 otherwise. */
int term_color_parse(const char *s);
void term_color_set(enum term_color_mode m);
/*
 * Is `f` coloured?  Only stdout and stderr ever are: with --color=always; with
 * auto when it is a terminal, NO_COLOR is unset or empty and TERM is not dumb.
 */
int term_color(FILE *f);

enum term_tone { TONE_NONE = 0, TONE_BAD, TONE_GOOD, TONE_WARN, TONE_DIM };
/* The escape that starts `t` on f, or "" when f is not coloured; term_off ends it. */
const char *term_on(FILE *f, enum term_tone t);
const char *term_off(FILE *f, enum term_tone t);

/* The progress line on stderr (the caller checks that stderr is a terminal): drawn over the last one. */
void term_progress(const char *line);
/* Erase the progress line, if one is shown (then 1); before any other output. */
int term_progress_clear(void);
/* Draw the last progress line again (after a message that term_progress_clear() made room for). */
void term_progress_redraw(void);

#endif
