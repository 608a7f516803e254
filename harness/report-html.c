/* bnbench report: index.html, one self-contained page (inline CSS, relative image paths, no script). */
#include "config.h"

#include "report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char css[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d1d1d;max-width:1280px;"
	"margin:1.5em auto;padding:0 1.5em;line-height:1.45}\n"
	"h1{font-size:1.6em;margin-bottom:.3em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}\n"
	"h3{font-size:1.05em;margin:1.4em 0 .4em}\n"
	"table{border-collapse:collapse;margin:.4em 0 1em;font-size:.92em}\n"
	"th,td{border:1px solid #d5d5d5;padding:.2em .6em}th{background:#f3f3f3}td.r{text-align:right;"
	"font-variant-numeric:tabular-nums}\n"
	"table.facts th{text-align:left}\n"
	"figure{margin:1em 0 1.6em}figure img{max-width:100%;height:auto;border:1px solid #e5e5e5}\n"
	"figcaption{font-size:.88em;color:#555;margin-top:.3em}\n"
	".grid figure{display:inline-block;vertical-align:top;width:48%;margin:0 1.5% 1.4em 0}\n"
	"@media (max-width:900px){.grid figure{width:100%}}\n"
	".note{background:#fff7e0;border:1px solid #e8c766;padding:.6em 1em;border-radius:4px}\n"
	".missing{color:#8a6d00}nav a{margin-right:1em}code{font-size:.95em}\n"
	".tbl{display:inline-block;vertical-align:top;margin-right:2.5em;max-width:100%}\n"
	".noisy{color:#9a6b00}\n"
	".regressed{color:#b71c1c;font-weight:600}.improved{color:#1b7f2a}.inconclusive{color:#9a6b00}\n";

void report_html_esc(struct strbuf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sb_adds(out, "&amp;"); break;
		case '<': sb_adds(out, "&lt;"); break;
		case '>': sb_adds(out, "&gt;"); break;
		case '"': sb_adds(out, "&quot;"); break;
		case '\'': sb_adds(out, "&#39;"); break;
		default: sb_add(out, s, 1);
		}
	}
}

#define esc report_html_esc

static const char *section_id(enum report_section s)
{
	static const char *const ids[] = { "cases", "throughput", "gemv", "speedup", "baseline", "history" };
	return s < SEC_COUNT ? ids[s] : "";
}

static int section_used(const struct report_doc *d, enum report_section s)
{
	for (size_t i = 0; i < d->n_charts; i++)
		if (d->charts[i].section == s && !d->charts[i].page)
			return 1;
	for (size_t i = 0; i < d->n_tables; i++)
		if (d->tables[i].section == s && !d->tables[i].page)
			return 1;
	return 0;
}

void report_html_figure(struct strbuf *out, const struct report_chart *ch)
{
	sb_adds(out, "<figure>\n");
	if (ch->image) {
		sb_adds(out, "<img src=\"");
		esc(out, ch->image);
		sb_adds(out, "\" alt=\"");
		esc(out, ch->title);
		sb_adds(out, "\">\n");
	} else {
		sb_adds(out, "<p class=\"missing\">Plot not drawn: ");
		esc(out, ch->title);
		sb_adds(out, "</p>\n");
	}
	sb_adds(out, "<figcaption>");
	if (ch->caption) {
		esc(out, ch->caption);
		sb_adds(out, " ");
	}
	sb_adds(out, "Numbers: <a href=\"");
	esc(out, ch->name);
	sb_adds(out, ".dat\">");
	esc(out, ch->name);
	sb_adds(out, ".dat</a>, script: <a href=\"");
	esc(out, ch->name);
	sb_adds(out, ".gp\">");
	esc(out, ch->name);
	sb_adds(out, ".gp</a>.</figcaption>\n</figure>\n");
}

void report_html_table(struct strbuf *out, const struct report_table *t)
{
	sb_adds(out, "<div class=\"tbl\">\n<h3>");
	esc(out, t->title);
	sb_adds(out, "</h3>\n");
	if (t->caption) {
		sb_adds(out, "<p>");
		esc(out, t->caption);
		sb_adds(out, "</p>\n");
	}
	if (t->n_rows == 0) {
		sb_adds(out, "<p>(none)</p>\n</div>\n");
		return;
	}
	sb_adds(out, "<table>\n<tr>");
	for (size_t c = 0; c < t->n_cols; c++) {
		sb_adds(out, "<th>");
		esc(out, t->head[c]);
		sb_adds(out, "</th>");
	}
	sb_adds(out, "</tr>\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		sb_adds(out, "<tr>");
		for (size_t c = 0; c < t->n_cols; c++) {
			const char *cell = t->cells[r * t->n_cols + c];
			const char *link = t->links ? t->links[r * t->n_cols + c] : NULL;
			int cls = strcmp(cell, "regressed") == 0 || strcmp(cell, "improved") == 0 ||
			          strcmp(cell, "inconclusive") == 0;
			if (cls)
				sb_addf(out, "<td class=\"%s\">", cell);
			else
				sb_adds(out, t->align[c] == 'r' ? "<td class=\"r\">" : "<td>");
			if (link) {
				sb_adds(out, "<a href=\"");
				esc(out, link);
				sb_adds(out, "\">");
			}
			esc(out, cell);
			sb_adds(out, link ? "</a></td>" : "</td>");
		}
		sb_adds(out, "</tr>\n");
	}
	sb_adds(out, "</table>\n</div>\n");
}

void report_html_head(struct strbuf *out, const char *title)
{
	sb_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	esc(out, title);
	sb_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
}

void report_html(const struct report *r, const struct report_doc *d, const char *plot_note, struct strbuf *out)
{
	struct report_fact facts[16];
	size_t nf = report_facts(r, facts, 16);
	const struct run_info *run = &r->run.info;
	char *title = xasprintf("bnbench report: run %" PRId64, run->id);

	report_html_head(out, title);
	free(title);
	sb_addf(out, "<h1>bnbench report: run %" PRId64 "</h1>\n<table class=\"facts\">\n", run->id);
	for (size_t i = 0; i < nf; i++) {
		char *link = strcmp(facts[i].key, "Commit") == 0 ? report_commit_link(r, run->git_commit) : NULL;
		sb_adds(out, "<tr><th>");
		esc(out, facts[i].key);
		sb_adds(out, "</th><td>");
		if (link) {
			sb_adds(out, "<a href=\"");
			esc(out, link);
			sb_adds(out, "\">");
		}
		esc(out, facts[i].value);
		sb_adds(out, link ? "</a></td></tr>\n" : "</td></tr>\n");
		free(facts[i].value);
		free(link);
	}
	sb_adds(out, "</table>\n");
	if (plot_note) {
		sb_adds(out, "<p class=\"note\">");
		esc(out, plot_note);
		sb_adds(out, "</p>\n");
	}
	if (d->n_charts == 0 && d->n_tables == 0)
		sb_adds(out, "<p>" REPORT_NOTHING "</p>\n");
	sb_adds(out, "<nav>");
	for (int s = 0; s < SEC_COUNT; s++)
		if (section_used(d, (enum report_section)s))
			sb_addf(out, "<a href=\"#%s\">%s</a>", section_id((enum report_section)s),
			        report_section_title((enum report_section)s));
	sb_adds(out, "<a href=\"#env\">Environment</a><a href=\"report.md\">report.md</a>"
	             "<a href=\"report.csv\">report.csv</a></nav>\n");
	for (int s = 0; s < SEC_COUNT; s++) {
		if (!section_used(d, (enum report_section)s))
			continue;
		sb_addf(out, "<h2 id=\"%s\">%s</h2>\n", section_id((enum report_section)s),
		        report_section_title((enum report_section)s));
		sb_adds(out, "<div class=\"grid\">\n");
		for (size_t i = 0; i < d->n_charts; i++)
			if (d->charts[i].section == (enum report_section)s && !d->charts[i].page)
				report_html_figure(out, &d->charts[i]);
		sb_adds(out, "</div>\n");
		for (size_t i = 0; i < d->n_tables; i++)
			if (d->tables[i].section == (enum report_section)s && !d->tables[i].page)
				report_html_table(out, &d->tables[i]);
	}
	sb_adds(out, "<h2 id=\"env\">Environment</h2>\n<table class=\"facts\">\n");
	for (size_t i = 0; i < run->n_env; i++) {
		sb_adds(out, "<tr><th>");
		esc(out, run->env[i].key);
		sb_adds(out, "</th><td>");
		esc(out, run->env[i].value);
		sb_adds(out, "</td></tr>\n");
	}
	if (run->n_env == 0)
		sb_adds(out, "<tr><td>(none recorded)</td></tr>\n");
	sb_adds(out, "</table>\n</body>\n</html>\n");
}
