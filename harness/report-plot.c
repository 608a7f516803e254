/* bnbench report: gnuplot data files and scripts. */
#include "config.h"

#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLOT_W 960
#define PLOT_H 540

static const char *backend_colour(const char *backend, size_t i)
{
	static const struct { const char *name, *rgb; } fixed[] = {
		{ "scalar", "#7f7f7f" }, { "sse", "#1f77b4" }, { "avx2", "#ff7f0e" }, { "avx512", "#2ca02c" },
		{ "cuda", "#9467bd" },   { "criterion", "#8c564b" },
	};
	static const char *const others[] = { "#17becf", "#bcbd22", "#e377c2", "#8c564b", "#393b79" };

	for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
		if (strcmp(fixed[k].name, backend) == 0)
			return fixed[k].rgb;
	return others[i % (sizeof others / sizeof others[0])];
}

static const char *class_colour(int cls)
{
	switch (cls) {
	case CMP_REGRESSED: return "#d62728";
	case CMP_IMPROVED: return "#2ca02c";
	case CMP_INCONCLUSIVE: return "#e6a700";
	default: return "#a0a0a0";
	}
}

/* `s`'s first character, or a space for a control character. */
static const char *printable(const char *s)
{
	return (unsigned char)*s < 0x20 || *s == 0x7f ? " " : s;
}

/*
 * A gnuplot single-quoted string literal: gnuplot interprets nothing inside one
 * (no backslash escapes, no `command` substitution, no @macros) except '' for a
 * quote.  Every text from the database reaches a script this way; line breaks
 * and other control characters become spaces.
 */
static void gp_str(struct strbuf *sb, const char *s)
{
	sb_adds(sb, "'");
	for (; s && *s; s++) {
		if (*s == '\'')
			sb_adds(sb, "''");
		else
			sb_add(sb, printable(s), 1);
	}
	sb_adds(sb, "'");
}

/* Text in a data file's comment line: on one line. */
static void dat_text(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++)
		sb_add(sb, printable(s), 1);
}

/* The comment that opens series i's block (gnuplot's index i: blocks two blank lines apart). */
static void dat_series_head(struct strbuf *dat, const struct report_chart *ch, size_t i)
{
	sb_addf(dat, "%s# series %zu: ", i ? "\n\n" : "", i);
	dat_text(dat, ch->series[i].title);
	sb_adds(dat, "\n");
}

/* A quoted string in a data file, which has no escapes: '"' becomes '\''. */
static void dat_str(struct strbuf *sb, const char *s)
{
	sb_adds(sb, "\"");
	for (; s && *s; s++)
		sb_add(sb, *s == '"' ? "'" : printable(s), 1);
	sb_adds(sb, "\"");
}

static void dat_num(struct strbuf *sb, double v)
{
	if (isfinite(v))
		sb_addf(sb, " %.6g", v);
	else
		sb_adds(sb, " -");
}

/* 1024 -> "1K", 262144 -> "256K", 3000 -> "3000". */
static void size_label(char *buf, size_t len, double x)
{
	unsigned long long v = (unsigned long long)x;

	if (v >= (1ull << 30) && v % (1ull << 30) == 0)
		snprintf(buf, len, "%lluG", v >> 30);
	else if (v >= (1ull << 20) && v % (1ull << 20) == 0)
		snprintf(buf, len, "%lluM", v >> 20);
	else if (v >= (1ull << 10) && v % (1ull << 10) == 0)
		snprintf(buf, len, "%lluK", v >> 10);
	else
		snprintf(buf, len, "%llu", v);
}

static size_t plot_width(const struct report_chart *ch)
{
	size_t w = PLOT_W;
	if (ch->kind == CHART_CHANGE || ch->kind == CHART_BARS) {
		size_t bars = ch->kind == CHART_CHANGE ? ch->n_cats : ch->n_cats * (ch->n_series + 1);
		if (140 + 16 * bars > w)
			w = 140 + 16 * bars;
	}
	return w > 2400 ? 2400 : w;
}

static void gp_begin(struct strbuf *gp, const struct report_chart *ch, int svg)
{
	size_t w = plot_width(ch), h = PLOT_H;

	if (ch->kind == CHART_CHANGE || ch->kind == CHART_HISTORY || ch->n_cats > 8)
		h += 80;   /* room for slanted x labels */
	sb_addf(gp, "# %s.gp: a plot of a bnbench report, drawn from %s.dat.\n", ch->name, ch->name);
	sb_addf(gp, "# Edit and redraw it with 'gnuplot %s.gp' in this folder.\n", ch->name);
	sb_adds(gp, "reset\n");
	if (svg) {
		sb_addf(gp, "set terminal svg size %zu,%zu dynamic font \"sans,11\" background rgb \"white\"\n", w, h);
		sb_addf(gp, "set output \"%s.svg\"\n", ch->name);
	} else {
		sb_adds(gp, "if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n");
		sb_addf(gp, "\tset terminal pngcairo size %zu,%zu font \"sans,10\"\n", w, h);
		sb_adds(gp, "} else {\n");
		sb_addf(gp, "\tset terminal png size %zu,%zu\n}\n", w, h);
		sb_addf(gp, "set output \"%s.png\"\n", ch->name);
	}
	sb_adds(gp, "set termoption noenhanced\n");
	sb_adds(gp, "set datafile missing \"-\"\n");
	sb_adds(gp, "set title ");
	gp_str(gp, ch->title);
	if (ch->subtitle) {
		sb_adds(gp, ".\"\\n\".");   /* joined by a new line, in a double-quoted string of its own */
		gp_str(gp, ch->subtitle);
	}

	sb_adds(gp, "\nset xlabel ");
	gp_str(gp, ch->xlabel);
	sb_adds(gp, "\nset ylabel ");
	gp_str(gp, ch->ylabel);
	sb_adds(gp, "\nset title font \",13\"\nset border 3\nset tics nomirror\nset grid ytics lc rgb \"#dddddd\"\n");
	sb_adds(gp, "set key outside right top vertical samplen 2\n");
	if (ch->logy)
		sb_adds(gp, "set logscale y\n");
	else if (ch->kind != CHART_CHANGE && ch->kind != CHART_ORDER)
		sb_adds(gp, "set yrange [0:*]\n");
	if (isfinite(ch->ref_y))
		sb_addf(gp, "set arrow from graph 0, first %g to graph 1, first %g nohead dt 2 lw 1.5 lc rgb \"#555555\" front\n",
		        ch->ref_y, ch->ref_y);
}

static void write_lines(const struct report_chart *ch, struct strbuf *dat, struct strbuf *gp)
{
	double lo = INFINITY, hi = 0;
	int first = 1;
	char lab[32];

	sb_addf(dat, "# columns: elements, %s at the median, at the slow and the fast end of its 95%% CI\n",
	        ch->ylabel);
	for (size_t i = 0; i < ch->n_series; i++) {
		dat_series_head(dat, ch, i);
		for (size_t j = 0; j < ch->series[i].n; j++) {
			const struct chart_point *p = &ch->series[i].pts[j];
			sb_addf(dat, "%.0f", p->x);
			dat_num(dat, p->y);
			dat_num(dat, p->lo);
			dat_num(dat, p->hi);
			sb_adds(dat, "\n");
			lo = fmin(lo, p->x);
			hi = fmax(hi, p->x);
		}
	}
	sb_adds(gp, "set logscale x 2\nunset mxtics\n");
	if (hi > 0)
		sb_addf(gp, "set xrange [%g:%g]\n", lo / 1.5, hi * 1.5);
	/* a tic at each size measured, labelled 1K, 4K, ... */
	sb_adds(gp, "set xtics (");
	for (size_t i = 0; i < ch->n_series; i++)
		for (size_t j = 0; j < ch->series[i].n; j++) {
			double x = ch->series[i].pts[j].x;
			int dup = 0;
			for (size_t a = 0; a <= i && !dup; a++)
				for (size_t b = 0; b < (a == i ? j : ch->series[a].n) && !dup; b++)
					dup = ch->series[a].pts[b].x == x;
			if (dup)
				continue;
			size_label(lab, sizeof lab, x);
			sb_addf(gp, "%s\"%s\" %.0f", first ? "" : ", ", lab, x);
			first = 0;
		}
	sb_adds(gp, ")\nplot ");
	for (size_t i = 0; i < ch->n_series; i++) {
		sb_addf(gp, "%s\"%s.dat\" index %zu using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1 lc rgb \"%s\" title ",
		        i ? ", \\\n     " : "", ch->name, i, backend_colour(ch->series[i].title, i));
		gp_str(gp, ch->series[i].title);
	}
	sb_adds(gp, "\n");
}

static const struct chart_point *point_at(const struct chart_series *s, size_t cat)
{
	for (size_t j = 0; j < s->n; j++)
		if (s->pts[j].cat == cat)
			return &s->pts[j];
	return NULL;
}

static void write_bars(const struct report_chart *ch, struct strbuf *dat, struct strbuf *gp)
{
	int errors = 0;

	for (size_t i = 0; i < ch->n_series; i++)
		for (size_t j = 0; j < ch->series[i].n; j++)
			errors |= isfinite(ch->series[i].pts[j].lo) && isfinite(ch->series[i].pts[j].hi);
	sb_adds(dat, "# columns: category");
	for (size_t i = 0; i < ch->n_series; i++) {
		sb_adds(dat, ", ");
		dat_text(dat, ch->series[i].title);
		sb_adds(dat, errors ? " (median, CI low, CI high)" : "");
	}
	sb_addf(dat, "\n# unit: %s\n", ch->unit);
	for (size_t c = 0; c < ch->n_cats; c++) {
		dat_str(dat, ch->cats[c]);
		for (size_t i = 0; i < ch->n_series; i++) {
			const struct chart_point *p = point_at(&ch->series[i], c);
			dat_num(dat, p ? p->y : NAN);
			if (errors) {
				dat_num(dat, p ? p->lo : NAN);
				dat_num(dat, p ? p->hi : NAN);
			}
		}
		sb_adds(dat, "\n");
	}
	sb_adds(gp, "set style data histograms\n");
	sb_adds(gp, errors ? "set style histogram errorbars gap 2 lw 1\n" : "set style histogram clustered gap 2\n");
	sb_adds(gp, "set style fill solid 0.85 border rgb \"#404040\"\n");
	if (ch->n_cats > 8)
		sb_adds(gp, "set xtics rotate by 30 right\n");
	sb_adds(gp, "plot ");
	for (size_t i = 0; i < ch->n_series; i++) {
		size_t col = 2 + i * (errors ? 3 : 1);
		sb_addf(gp, "%s\"%s.dat\" using %zu", i ? ", \\\n     " : "", ch->name, col);
		if (errors)
			sb_addf(gp, ":%zu:%zu", col + 1, col + 2);
		if (i == 0)
			sb_adds(gp, ":xtic(1)");
		sb_addf(gp, " lc rgb \"%s\" title ", backend_colour(ch->series[i].title, i));
		gp_str(gp, ch->series[i].title);
	}
	sb_adds(gp, "\n");
}

static void write_change(const struct report_chart *ch, struct strbuf *dat, struct strbuf *gp)
{
	static const enum compare_class order[] = { CMP_REGRESSED, CMP_INCONCLUSIVE, CMP_UNCHANGED, CMP_IMPROVED };
	const struct chart_series *s = ch->n_series ? &ch->series[0] : NULL;

	sb_adds(dat, "# columns: position, case, change of the median time (%), CI low, CI high, class\n");
	for (size_t j = 0; s && j < s->n; j++) {
		const struct chart_point *p = &s->pts[j];
		sb_addf(dat, "%zu ", p->cat);
		dat_str(dat, ch->cats[p->cat]);
		dat_num(dat, p->y);
		dat_num(dat, p->lo);
		dat_num(dat, p->hi);
		sb_addf(dat, " %s\n", compare_class_name((enum compare_class)p->mark));
	}
	sb_addf(gp, "set xrange [-0.75:%zu.25]\nset yrange [*<-1:1<*]\n", ch->n_cats ? ch->n_cats - 1 : 0);
	sb_adds(gp, "set xtics rotate by 45 right font \",8\"\n");
	sb_adds(gp, "set style fill solid 0.85 border rgb \"#404040\"\nset boxwidth 0.75\nplot ");
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		int any = 0;
		for (size_t j = 0; s && j < s->n; j++)
			any |= s->pts[j].mark == (int)order[k];
		if (!any)
			continue;
		sb_addf(gp, "\"%s.dat\" using 1:(strcol(6) eq \"%s\" ? $3 : 1/0) with boxes lc rgb \"%s\" title \"%s\", \\\n     ",
		        ch->name, compare_class_name(order[k]), class_colour((int)order[k]), compare_class_name(order[k]));
	}
	/* whiskers as vectors: yerrorbars would draw a point at the median */
	sb_addf(gp, "\"%s.dat\" using 1:4:(0):($5-$4):xtic(2) with vectors nohead lw 1.2 lc rgb \"#202020\" title \"95%% CI\"\n",
	        ch->name);
}

static void write_history(const struct report_chart *ch, struct strbuf *dat, struct strbuf *gp)
{
	size_t step = ch->n_cats > 30 ? (ch->n_cats + 29) / 30 : 1;
	int reg_titled = 0;

	sb_addf(dat, "# columns: run position, %s at the median, at the slow and the fast end of its 95%% CI, "
	             "the median again where compare found a regression\n# runs:", ch->ylabel);
	for (size_t c = 0; c < ch->n_cats; c++) {
		sb_addf(dat, "%s %zu = ", c ? ";" : "", c);
		dat_text(dat, ch->cats[c]);
	}
	sb_adds(dat, "\n");
	for (size_t i = 0; i < ch->n_series; i++) {
		dat_series_head(dat, ch, i);
		for (size_t j = 0; j < ch->series[i].n; j++) {
			const struct chart_point *p = &ch->series[i].pts[j];
			sb_addf(dat, "%zu", p->cat);
			dat_num(dat, p->y);
			dat_num(dat, p->lo);
			dat_num(dat, p->hi);
			dat_num(dat, p->mark & MARK_REGRESSION ? p->y : NAN);
			sb_adds(dat, "\n");
		}
	}
	/* a change point: a dashed line between the last run of the old level and the first of the new one */
	for (size_t i = 0; i < ch->n_series; i++)
		for (size_t j = 0; j < ch->series[i].n; j++)
			if (ch->series[i].pts[j].mark & MARK_CHANGE)
				sb_addf(gp, "set arrow from first %g, graph 0 to first %g, graph 1 nohead dt 2 lw 1.5 "
				            "lc rgb \"#d62728\" back\n", (double)ch->series[i].pts[j].cat - 0.5,
				        (double)ch->series[i].pts[j].cat - 0.5);
	if (ch->logy) {
		double lo = INFINITY, hi = 0;
		for (size_t i = 0; i < ch->n_series; i++)
			for (size_t j = 0; j < ch->series[i].n; j++) {
				const struct chart_point *p = &ch->series[i].pts[j];
				lo = fmin(lo, fmin(p->y, isfinite(p->lo) ? p->lo : p->y));
				hi = fmax(hi, fmax(p->y, isfinite(p->hi) ? p->hi : p->y));
			}
		if (lo > 0 && hi >= lo) {
			lo /= 1.08;
			hi *= 1.08;
			sb_addf(gp, "set yrange [%g:%g]\n", lo, hi);
			/* under a decade gnuplot's log axis has no tic: five, evenly spaced on it, two digits each */
			if (hi < 10 * lo) {
				sb_adds(gp, "set ytics (");
				for (int k = 0; k < 5; k++) {
					double v = lo * pow(hi / lo, (0.5 + k) / 5), mag = pow(10, floor(log10(v)) - 1);
					v = round(v / mag) * mag;
					sb_addf(gp, "%s\"%.3g\" %.3g", k ? ", " : "", v, v);
				}
				sb_adds(gp, ")\n");
			}
		}
	}
	sb_addf(gp, "set xrange [-0.5:%zu.5]\nset xtics rotate by 45 right font \",8\" (", ch->n_cats ? ch->n_cats - 1 : 0);
	for (size_t c = 0; c < ch->n_cats; c += step) {
		sb_adds(gp, c ? ", " : "");
		gp_str(gp, ch->cats[c]);
		sb_addf(gp, " %zu", c);
	}
	sb_adds(gp, ")\nset style fill transparent solid 0.18 noborder\nplot ");
	for (size_t i = 0; i < ch->n_series; i++) {
		const char *rgb = backend_colour(ch->series[i].title, i);
		sb_addf(gp, "%s\"%s.dat\" index %zu using 1:3:4 with filledcurves lc rgb \"%s\" notitle, \\\n     "
		            "\"\" index %zu using 1:2 with linespoints lw 2 pt 7 ps 0.7 lc rgb \"%s\" title ",
		        i ? ", \\\n     " : "", ch->name, i, rgb, i, rgb);
		gp_str(gp, ch->series[i].title);
	}
	/* the regression marks last, so that they sit on top and their key entry comes last */
	for (size_t i = 0; i < ch->n_series; i++) {
		int regs = 0;
		for (size_t j = 0; j < ch->series[i].n; j++)
			regs |= ch->series[i].pts[j].mark & MARK_REGRESSION;
		if (!regs)
			continue;
		sb_addf(gp, ", \\\n     \"%s.dat\" index %zu using 1:5 with points pt 6 ps 2.2 lw 2 lc rgb \"#d62728\" %s",
		        ch->name, i, reg_titled ? "notitle" : "title \"regression (compare)\"");
		reg_titled = 1;
	}
	sb_adds(gp, "\n");
}

static const char *const sample_colours[] = { "#1f77b4", "#7f7f7f" };

/*
 * Each series' samples, a block each; gnuplot smooths them into a density.
 * gnuplot draws a density only inside the x range, so the range reaches
 * three bandwidths (Silverman's rule, the one gnuplot uses) past the samples.
 */
static void write_dist(const struct report_chart *ch, struct strbuf *dat, struct strbuf *gp)
{
	double lo = INFINITY, hi = -INFINITY, pad = 0;

	for (size_t i = 0; i < ch->n_series; i++) {
		const struct chart_series *s = &ch->series[i];
		double sum = 0, sq = 0, sd;
		for (size_t j = 0; j < s->n; j++) {
			sum += s->pts[j].y;
			lo = fmin(lo, s->pts[j].y);
			hi = fmax(hi, s->pts[j].y);
		}
		for (size_t j = 0; j < s->n; j++)
			sq += (s->pts[j].y - sum / (double)s->n) * (s->pts[j].y - sum / (double)s->n);
		sd = s->n > 1 ? sqrt(sq / (double)(s->n - 1)) : 0;
		pad = fmax(pad, 3 * 1.06 * sd * pow((double)s->n, -0.2));
	}
	if (isfinite(lo) && hi >= lo) {
		pad = fmax(pad, 0.01 * hi);
		sb_addf(gp, "set xrange [%g:%g]\nset samples 400\n", fmax(lo - pad, 0), hi + pad);
	}
	sb_addf(dat, "# columns: a sample (%s per iteration); a block per series\n", ch->unit);
	for (size_t i = 0; i < ch->n_series; i++) {
		dat_series_head(dat, ch, i);
		for (size_t j = 0; j < ch->series[i].n; j++) {
			sb_addf(dat, "%.6g\n", ch->series[i].pts[j].y);
		}
	}
	sb_adds(gp, "set style fill transparent solid 0.25 noborder\nplot ");
	for (size_t i = 0; i < ch->n_series; i++) {
		const char *rgb = sample_colours[i % 2];
		sb_addf(gp, "%s\"%s.dat\" index %zu using 1:(1.0/%zu) smooth kdensity with filledcurves y=0 "
		            "lc rgb \"%s\" notitle, \\\n     \"\" index %zu using 1:(1.0/%zu) smooth kdensity with lines "
		            "lw 2 lc rgb \"%s\" title ",
		        i ? ", \\\n     " : "", ch->name, i, ch->series[i].n, rgb, i, ch->series[i].n, rgb);
		gp_str(gp, ch->series[i].title);
	}
	sb_adds(gp, "\n");
}

/* The samples against their position in the run. */
static void write_order(const struct report_chart *ch, struct strbuf *dat, struct strbuf *gp)
{
	sb_addf(dat, "# columns: sample number, %s per iteration\n", ch->unit);
	for (size_t i = 0; i < ch->n_series; i++) {
		dat_series_head(dat, ch, i);
		for (size_t j = 0; j < ch->series[i].n; j++) {
			sb_addf(dat, "%.0f", ch->series[i].pts[j].x);
			dat_num(dat, ch->series[i].pts[j].y);
			sb_adds(dat, "\n");
		}
	}
	sb_adds(gp, "set offsets 0.5, 0.5, 0, 0\nplot ");
	for (size_t i = 0; i < ch->n_series; i++) {
		sb_addf(gp, "%s\"%s.dat\" index %zu using 1:2 with linespoints lw 1 pt 7 ps 0.6 lc rgb \"%s\" title ",
		        i ? ", \\\n     " : "", ch->name, i, sample_colours[i % 2]);
		gp_str(gp, ch->series[i].title);
	}
	sb_adds(gp, "\n");
}

static int write_text(const char *dir, const char *name, const char *ext, const struct strbuf *sb,
                      struct bnb_err *e)
{
	char *path = xasprintf("%s/%s.%s", dir, name, ext);
	int status = file_write_atomic(path, sb_str(sb), sb->len, e);
	free(path);
	return status;
}

int report_plots_write(struct report_doc *d, const char *dir, const char *gnuplot, int svg,
                       size_t *failed, struct strbuf *warnings, struct bnb_err *e)
{
	struct strbuf dat = STRBUF_INIT, gp = STRBUF_INIT;
	int status = BNB_OK;

	*failed = 0;
	for (size_t i = 0; i < d->n_charts && status == BNB_OK; i++) {
		struct report_chart *ch = &d->charts[i];

		sb_reset(&dat);
		sb_reset(&gp);
		sb_addf(&dat, "# %s.dat: ", ch->name);
		dat_text(&dat, ch->title);
		sb_adds(&dat, "\n");
		gp_begin(&gp, ch, svg);
		switch (ch->kind) {
		case CHART_LINES: write_lines(ch, &dat, &gp); break;
		case CHART_BARS: write_bars(ch, &dat, &gp); break;
		case CHART_CHANGE: write_change(ch, &dat, &gp); break;
		case CHART_HISTORY: write_history(ch, &dat, &gp); break;
		case CHART_DIST: write_dist(ch, &dat, &gp); break;
		case CHART_ORDER: write_order(ch, &dat, &gp); break;
		}
		status = write_text(dir, ch->name, "dat", &dat, e);
		if (status == BNB_OK)
			status = write_text(dir, ch->name, "gp", &gp, e);
	}
	sb_free(&dat);
	sb_free(&gp);
	if (status != BNB_OK || !gnuplot)
		return status;
	report_gnuplot_draw(d, dir, gnuplot, svg, warnings);
	for (size_t i = 0; i < d->n_charts; i++)
		*failed += d->charts[i].image == NULL;
	return BNB_OK;
}
