/*
 * A plugin's description: a child opens the plugin (plugin-open.c), sends its
 * tables and its schemes' buffer sizes as data, then the answer of its probe.
 * bnbench decodes both trusting nothing, so a plugin that crashes, hangs or
 * lies while loading is broken alone.
 */
#include "config.h"

#include "loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "host.h"
#include "params.h"
#include "proto.h"

#define DESCRIBE_VERSION 1u
#define DESCRIBE_MAX_ITEMS 4096u      /* schemes, kernels, parameters of a kernel */
#define DESCRIBE_MAX_SIZES 65536u     /* buffer sizes of a scheme */
#define DESCRIBE_MAX_STR 4096u        /* bytes of a name, summary or help line */

enum { MSG_DESCRIPTION = 'D', MSG_PROBE = 'P' };

/* ---- the description ---- */

static void put_param(struct proto_out *o, const struct bnb_param *d)
{
	proto_put_u32(o, d->type);
	proto_put_str(o, d->name);
	proto_put_str(o, d->default_value);
	proto_put_str(o, d->choices);
	proto_put_str(o, d->help);
	proto_put_f64(o, d->min);
	proto_put_f64(o, d->max);
}

static void put_scheme(struct proto_out *o, const struct bnb_scheme *s, const struct scheme_size *shapes,
                       size_t n_shapes)
{
	uint32_t n = 0;

	proto_put_str(o, s->name);
	proto_put_str(o, s->summary);
	proto_put_u32(o, s->k_multiple);
	proto_put_f64(o, s->bits_per_weight);
	for (size_t i = 0; i < n_shapes && n < DESCRIBE_MAX_SIZES; i++)
		n += shapes[i].m && shapes[i].k && shapes[i].k % s->k_multiple == 0;
	proto_put_u32(o, n);
	for (size_t i = 0; i < n_shapes && n; i++) {
		if (!shapes[i].m || !shapes[i].k || shapes[i].k % s->k_multiple)
			continue;
		proto_put_u64(o, shapes[i].m);
		proto_put_u64(o, shapes[i].k);
		proto_put_u64(o, (uint64_t)s->buffer_bytes(shapes[i].m, shapes[i].k));
		n--;
	}
}

static void put_kernel(struct proto_out *o, const struct plugin_kernel *pk)
{
	const struct bnb_kernel *k = &pk->k;

	proto_put_u32(o, k->flags);
	proto_put_str(o, k->op);
	proto_put_str(o, k->scheme);
	proto_put_str(o, k->backend);
	proto_put_str(o, k->summary);
	proto_put_u64(o, k->features);
	proto_put_u32(o, (uint32_t)pk->n_params);
	for (size_t i = 0; i < pk->n_params; i++)
		put_param(o, &pk->params[i]);
}

void describe_encode(const struct plugin *p, const struct scheme_size *shapes, size_t n_shapes,
                     struct proto_out *o)
{
	proto_put_u32(o, DESCRIBE_VERSION);
	proto_put_u32(o, p->status == PLUGIN_BROKEN);
	if (p->status == PLUGIN_BROKEN) {
		proto_put_str(o, p->reason);
		return;
	}
	proto_put_u32(o, p->p.abi_major);
	proto_put_u32(o, p->p.abi_minor);
	proto_put_u32(o, p->p.struct_size);
	proto_put_u32(o, p->p.flags);
	proto_put_str(o, p->p.name);
	proto_put_str(o, p->p.version);
	proto_put_str(o, p->p.summary);
	proto_put_str(o, p->p.compiler);
	proto_put_str(o, p->p.cflags);
	proto_put_u32(o, p->has_probe);
	proto_put_u32(o, (uint32_t)p->n_schemes);
	for (size_t i = 0; i < p->n_schemes; i++)
		put_scheme(o, &p->schemes[i].s, shapes, n_shapes);
	proto_put_u32(o, (uint32_t)p->n_kernels);
	for (size_t j = 0; j < p->n_kernels; j++)
		put_kernel(o, &p->kernels[j]);
}

/* ---- reading it back ---- */

/* A string of the description, kept by p: printable, bounded; NULL stays NULL. */
static const char *get_str(struct proto_in *in, struct plugin *p)
{
	char *s = proto_get_str(in);

	if (!s)
		return NULL;
	if (strlen(s) > DESCRIBE_MAX_STR) {
		in->bad = 1;
		free(s);
		return NULL;
	}
	for (char *c = s; *c; c++)
		if ((unsigned char)*c < 32 || *c == 127)
			*c = '?';   /* no terminal control from a plugin */
	p->strs = xrealloc(p->strs, (p->n_strs + 1) * sizeof *p->strs);
	p->strs[p->n_strs++] = s;
	return s;
}

/* A name as plugin_name_valid wants it; `optional` allows NULL. */
static const char *get_name(struct proto_in *in, struct plugin *p, int optional)
{
	const char *s = get_str(in, p);

	if (s ? !plugin_name_valid(s) : !optional)
		in->bad = 1;
	return s;
}

static uint32_t get_count(struct proto_in *in, uint32_t max)
{
	uint32_t n = proto_get_u32(in);

	if (n > max)
		in->bad = 1;
	return in->bad ? 0 : n;
}

static void get_param(struct proto_in *in, struct plugin *p, struct bnb_param *d)
{
	d->struct_size = sizeof *d;
	d->type = proto_get_u32(in);
	d->name = get_name(in, p, 0);
	d->default_value = get_str(in, p);
	d->choices = get_str(in, p);
	d->help = get_str(in, p);
	d->min = proto_get_f64(in);
	d->max = proto_get_f64(in);
	if (!params_type_name(d->type) || (d->type == BNB_PARAM_ENUM && (!d->choices || !*d->choices)))
		in->bad = 1;
}

static void get_scheme(struct proto_in *in, struct plugin *p, struct plugin_scheme *ps)
{
	struct bnb_scheme *s = &ps->s;

	s->struct_size = sizeof *s;
	s->name = get_name(in, p, 0);
	s->summary = get_str(in, p);
	s->k_multiple = proto_get_u32(in);
	s->bits_per_weight = proto_get_f64(in);
	if (s->k_multiple == 0 || !(s->bits_per_weight > 0 && s->bits_per_weight < 1e6))
		in->bad = 1;
	ps->plugin = p;
	ps->n_sizes = get_count(in, DESCRIBE_MAX_SIZES);
	ps->sizes = xcalloc(ps->n_sizes ? ps->n_sizes : 1, sizeof *ps->sizes);
	for (size_t i = 0; i < ps->n_sizes; i++) {
		ps->sizes[i].m = proto_get_u64(in);
		ps->sizes[i].k = proto_get_u64(in);
		ps->sizes[i].bytes = proto_get_u64(in);
	}
}

static void get_kernel(struct proto_in *in, struct plugin *p, struct plugin_kernel *pk)
{
	struct bnb_kernel *k = &pk->k;

	k->struct_size = sizeof *k;
	k->flags = proto_get_u32(in);
	k->op = get_name(in, p, 0);
	k->scheme = get_name(in, p, 1);
	k->backend = get_name(in, p, 0);
	k->summary = get_str(in, p);
	k->features = proto_get_u64(in);
	pk->plugin = p;
	pk->n_params = get_count(in, DESCRIBE_MAX_ITEMS);
	pk->params = xcalloc(pk->n_params ? pk->n_params : 1, sizeof *pk->params);
	for (size_t i = 0; i < pk->n_params && !in->bad; i++)
		get_param(in, p, &pk->params[i]);
}

int describe_decode(const void *payload, size_t len, struct plugin *p)
{
	struct proto_in in;
	uint32_t version, broken;

	proto_in_init(&in, payload, len);
	version = proto_get_u32(&in);
	broken = proto_get_u32(&in);
	if (version != DESCRIBE_VERSION || broken > 1)
		in.bad = 1;
	if (!in.bad && broken) {
		const char *why = get_str(&in, p);
		if (!proto_in_done(&in) && why) {
			plugin_mark_broken(p, "%s", why);
			return 0;
		}
	}
	p->p.abi_major = (uint16_t)proto_get_u32(&in);
	p->p.abi_minor = (uint16_t)proto_get_u32(&in);
	p->p.struct_size = proto_get_u32(&in);
	p->p.flags = proto_get_u32(&in);
	p->p.name = get_name(&in, p, 0);
	p->p.version = get_str(&in, p);
	p->p.summary = get_str(&in, p);
	p->p.compiler = get_str(&in, p);
	p->p.cflags = get_str(&in, p);
	p->has_probe = proto_get_u32(&in) != 0;
	p->n_schemes = get_count(&in, DESCRIBE_MAX_ITEMS);
	p->schemes = xcalloc(p->n_schemes ? p->n_schemes : 1, sizeof *p->schemes);
	for (size_t i = 0; i < p->n_schemes && !in.bad; i++)
		get_scheme(&in, p, &p->schemes[i]);
	p->n_kernels = get_count(&in, DESCRIBE_MAX_ITEMS);
	p->kernels = xcalloc(p->n_kernels ? p->n_kernels : 1, sizeof *p->kernels);
	for (size_t j = 0; j < p->n_kernels && !in.bad; j++)
		get_kernel(&in, p, &p->kernels[j]);
	if (proto_in_done(&in) || broken || !p->p.name || strcmp(p->p.name, p->name) != 0) {
		plugin_clear(p);
		memset(&p->p, 0, sizeof p->p);
		return -1;
	}
	return 0;
}

/* ---- the child ---- */

struct describe_job {
	struct plugin *p;
	const struct scheme_size *shapes;
	size_t n_shapes;
};

static void describe_body(void *arg, int fd)
{
	const struct describe_job *j = arg;
	struct proto_out o = { 0 };
	int rc;

	plugin_open(j->p);
	describe_encode(j->p, j->shapes, j->n_shapes, &o);
	fflush(NULL);
	if (proto_send(fd, MSG_DESCRIPTION, o.buf, o.len))
		_exit(2);
	proto_out_free(&o);
	if (j->p->status == PLUGIN_BROKEN || !j->p->has_probe)
		return;
	host_clear_error();
	rc = j->p->p.probe();
	proto_put_u32(&o, (uint32_t)rc);
	proto_put_str(&o, host_last_error());
	fflush(NULL);
	proto_send(fd, MSG_PROBE, o.buf, o.len);
	proto_out_free(&o);
}

/* The probe's answer: 0 when usable, else -1 and the reason (bnbench-plugin(3), PROBE). */
static int probe_answer(struct child *ch, uint64_t timeout_ns, char *why, size_t len)
{
	char type, *payload = NULL, *msg = NULL, how[256];
	struct proto_in in;
	uint32_t n, rc = 0;
	int got = child_read(ch, now_ns() + timeout_ns, NULL, &type, &payload, &n), status;

	if (got == CHILD_MSG) {
		proto_in_init(&in, payload, n);
		rc = proto_get_u32(&in);
		msg = proto_get_str(&in);
		if (type != MSG_PROBE || proto_in_done(&in))
			got = CHILD_MALFORMED;
	}
	free(payload);
	status = child_end(ch);
	if (got == CHILD_TIMEOUT) {
		snprintf(why, len, "probe timed out");
	} else if (got == CHILD_MALFORMED) {
		snprintf(why, len, "probe: malformed answer");
	} else if (got != CHILD_MSG) {
		child_describe_status(status, how, sizeof how);
		snprintf(why, len, "probe %s%s", how, WIFSIGNALED(status) ? "" : " without an answer");
	} else if (rc == BNB_OK) {
		free(msg);
		return 0;
	} else if (msg && *msg) {
		snprintf(why, len, "%.500s", msg);
	} else {
		snprintf(why, len, "probe failed: %s", bnb_status_name((int)rc));
	}
	free(msg);
	for (char *c = why; *c; c++)
		if ((unsigned char)*c < 32 || *c == 127)
			*c = '?';
	return -1;
}

/* Why no description came: the child's end and what it printed. */
static void describe_failed(struct plugin *p, struct child *ch, int got)
{
	char how[256], *out = child_take_output(ch);
	int status = child_end(ch);

	if (got == CHILD_TIMEOUT)
		snprintf(how, sizeof how, "timed out while loading");
	else if (got == CHILD_MALFORMED)
		snprintf(how, sizeof how, "malformed description");
	else
		child_describe_status(status, how, sizeof how);
	plugin_mark_broken(p, "%s%s%.300s%s", got == CHILD_EOF ? "loading it " : "", how, *out ? " (output: " : "",
	                   *out ? out : "");
	if (*out)
		strcat(p->reason, ")");
	free(out);
}

void plugin_describe(struct plugin *p, const struct scheme_size *shapes, size_t n_shapes, uint64_t timeout_ns)
{
	struct describe_job job = { p, shapes, n_shapes };
	char type, *payload = NULL, why[512];
	struct child ch;
	struct bnb_err e;
	uint32_t len;
	int got;

	if (child_start(&ch, describe_body, &job, &e)) {
		plugin_mark_broken(p, "cannot describe: %.400s", e.msg);
		return;
	}
	got = child_read(&ch, now_ns() + timeout_ns, NULL, &type, &payload, &len);
	if (got == CHILD_MSG && (type != MSG_DESCRIPTION || describe_decode(payload, len, p)))
		got = CHILD_MALFORMED;
	free(payload);
	if (got != CHILD_MSG) {
		describe_failed(p, &ch, got);
	} else if (p->status == PLUGIN_BROKEN || !p->has_probe) {
		child_end(&ch);
	} else if (probe_answer(&ch, timeout_ns, why, sizeof why)) {
		p->status = PLUGIN_UNSUPPORTED;
		snprintf(p->reason, sizeof p->reason, "%s", why);
	}
}
