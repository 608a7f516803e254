/*
 * A plugin's description: made in a child (this process never opens the
 * plugin), round-tripped as data, every malformed description refused, and
 * activation taking callbacks only from the plugin that was described.
 */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader.h"
#include "proto.h"
#include "tap.h"

/* A fresh folder with a link to $BNB_TEST_PLUGINDIR/<name>.so. */
static char *plugin_folder(const char *name)
{
	const char *from = getenv("BNB_TEST_PLUGINDIR");
	char *dir = xstrdup("/tmp/bnb-describe-XXXXXX"), *src, *dst;

	if (!from || !mkdtemp(dir)) {
		printf("Bail out! no BNB_TEST_PLUGINDIR or no temporary folder\n");
		exit(99);
	}
	src = xasprintf("%s/%s.so", from, name);
	dst = xasprintf("%s/%s.so", dir, name);
	if (symlink(src, dst) != 0) {
		printf("Bail out! cannot link %s\n", src);
		exit(99);
	}
	free(src);
	free(dst);
	return dir;
}

static void plugin_folder_remove(char *dir, const char *name)
{
	char *path = xasprintf("%s/%s.so", dir, name);

	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
}

static struct plugin *described(const char *dir, const char *name, const struct scheme_size *shapes, size_t n)
{
	struct plugin *p = xcalloc(1, sizeof *p);

	p->name = xstrdup(name);
	p->path = xasprintf("%s/%s.so", dir, name);
	plugin_describe(p, shapes, n, REGISTRY_TIMEOUT_NS);
	return p;
}

static void plugin_free(struct plugin *p)
{
	plugin_clear(p);
	free(p->name);
	free(p->path);
	free(p);
}

static int loaded_here(const char *path)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);

	if (h)
		dlclose(h);
	return h != NULL;
}

static void test_describe_in_child(void)
{
	static const struct scheme_size shapes[] = { { 1, 1024, 0 }, { 4, 64, 0 } };
	char *dir = plugin_folder("t_loadnoise");
	struct plugin *p = described(dir, "t_loadnoise", shapes, 2);

	is_int(p->status, PLUGIN_OK, "t_loadnoise, which prints and forks as it loads, is described");
	ok(!loaded_here(p->path), "without being opened in this process");
	plugin_free(p);
	plugin_folder_remove(dir, "t_loadnoise");

	dir = plugin_folder("t_loadok");
	p = described(dir, "t_loadok", shapes, 2);
	is_int(p->status, PLUGIN_OK, "t_loadok is described");
	ok(!loaded_here(p->path), "without being opened in this process");
	ok(p->handle == NULL, "no handle here");
	is_str(p->p.name, "t_loadok", "its name");
	is_int(p->n_schemes, 1, "one scheme");
	is_int(p->n_kernels, 1, "one kernel");
	if (p->n_schemes == 1) {
		const struct plugin_scheme *s = &p->schemes[0];
		ok(s->s.buffer_bytes == NULL && s->s.check_quantized == NULL, "the scheme has no callbacks here");
		is_int(plugin_scheme_bytes(s, 1, 1024), 1024, "buffer size at 1x1024, asked in the child");
		is_int(plugin_scheme_bytes(s, 4, 64), 256, "buffer size at 4x64");
		is_int(plugin_scheme_bytes(s, 8, 8), 0, "a shape not asked for: 0");
	}
	if (p->n_kernels == 1) {
		ok(p->kernels[0].k.setup == NULL && p->kernels[0].k.run == NULL, "the kernel has no callbacks here");
		is_str(p->kernels[0].k.backend, "t_loadok", "the kernel's backend");
	}

	/* Activation opens it here and takes its callbacks; a changed plugin is refused. */
	if (p->n_kernels == 1) {
		char why[600];
		const char *backend = p->kernels[0].k.backend;
		p->kernels[0].k.backend = "other";
		ok(plugin_activate(p, why, sizeof why) != 0, "a plugin unlike its description is not activated");
		ok(strstr(why, "has changed since it was loaded") != NULL, "because it has changed (%s)", why);
		p->kernels[0].k.backend = backend;
		is_int(plugin_activate(p, why, sizeof why), 0, "activation");
		ok(p->handle && p->kernels[0].k.setup && p->kernels[0].k.run && p->schemes[0].s.buffer_bytes,
		   "takes the callbacks");
		is_int(plugin_scheme_bytes(&p->schemes[0], 8, 8), 64, "buffer size from the plugin itself once active");
	}
	plugin_free(p);
	plugin_folder_remove(dir, "t_loadok");
}

static void test_broken_in_child(void)
{
	static const char *const names[] = { "t_ctorcrash", "t_initcrash" };

	for (size_t i = 0; i < 2; i++) {
		char *dir = plugin_folder(names[i]);
		struct plugin *p = described(dir, names[i], NULL, 0);
		ok(p->status == PLUGIN_BROKEN, "%s is broken", names[i]);
		ok(!strcmp(p->reason, "loading it crashed: Segmentation fault (signal 11)"), "%s: %s", names[i], p->reason);
		plugin_free(p);
		plugin_folder_remove(dir, names[i]);
	}
}

/* A plugin built by hand, with every kind of field. */
static struct bnb_param params[2] = {
	{ sizeof(struct bnb_param), BNB_PARAM_ENUM, "mode", "hot", 0, 0, "hot|cold", "cache state" },
	{ sizeof(struct bnb_param), BNB_PARAM_DOUBLE, "scale", NULL, 0.5, 2.0, NULL, NULL },
};

static void hand_built(struct plugin *p, struct plugin_scheme *s, struct plugin_kernel *k)
{
	memset(p, 0, sizeof *p);
	memset(s, 0, 2 * sizeof *s);
	memset(k, 0, 2 * sizeof *k);
	p->name = "hand";
	p->p = (struct bnb_plugin){ 1, 1, sizeof(struct bnb_plugin), 1, 0, "hand", "2.5", "by hand", "cc 1", "-O2",
		                    NULL, NULL, NULL };
	p->has_probe = 1;
	s[0].s = (struct bnb_scheme){ sizeof(struct bnb_scheme), 4, "hs", "a scheme", 2.0, NULL, NULL };
	p->schemes = s;
	p->n_schemes = 1;
	k[0].k = (struct bnb_kernel){ .struct_size = sizeof(struct bnb_kernel), .flags = 2, .op = "gemv",
		                      .scheme = "hs", .backend = "hb", .features = 5, .summary = "k one" };
	k[0].params = params;
	k[0].n_params = 2;
	k[1].k = (struct bnb_kernel){ .struct_size = sizeof(struct bnb_kernel), .op = "mine", .backend = "hb" };
	p->kernels = k;
	p->n_kernels = 2;
}

static void encode(const struct plugin *p, struct proto_out *o)
{
	memset(o, 0, sizeof *o);
	describe_encode(p, NULL, 0, o);
}

/* Decode a copy of `len` bytes into a fresh plugin named `name` (so ASan sees reads past them). */
static int decode(const char *buf, size_t len, struct plugin *got)
{
	char *copy = xmalloc(len ? len : 1);
	int rc;

	memcpy(copy, buf, len);
	memset(got, 0, sizeof *got);
	got->name = "hand";
	rc = describe_decode(copy, len, got);
	free(copy);
	return rc;
}

static void test_round_trip(void)
{
	struct plugin p, got;
	struct plugin_scheme s[2];
	struct plugin_kernel k[2];
	struct proto_out o;
	size_t bad = 0;

	hand_built(&p, s, k);
	encode(&p, &o);
	is_int(decode(o.buf, o.len, &got), 0, "a description decodes");
	is_str(got.p.version, "2.5", "plugin version");
	ok(got.p.abi_minor == 1 && got.p.flags == 1 && got.has_probe, "abi, flags, probe");
	ok(got.n_schemes == 1 && !strcmp(got.schemes[0].s.name, "hs") && got.schemes[0].s.k_multiple == 4 &&
	   got.schemes[0].s.bits_per_weight == 2.0 && got.schemes[0].plugin == &got, "the scheme");
	ok(got.n_kernels == 2 && !strcmp(got.kernels[0].k.op, "gemv") && got.kernels[0].k.features == 5 &&
	   got.kernels[0].k.flags == 2 && !got.kernels[1].k.scheme && got.kernels[1].plugin == &got, "the kernels");
	ok(got.kernels[0].n_params == 2 && got.kernels[0].params[0].type == BNB_PARAM_ENUM &&
	   !strcmp(got.kernels[0].params[0].choices, "hot|cold") && !got.kernels[0].params[1].default_value &&
	   got.kernels[0].params[1].max == 2.0, "the parameters");
	plugin_clear(&got);

	for (size_t len = 0; len < o.len; len++) {
		if (decode(o.buf, len, &got) != 0)
			bad++;
		else
			plugin_clear(&got);
	}
	is_int(bad, o.len, "every truncation is refused");
	proto_out_free(&o);

	k[0].k.backend = "Bad Name";
	encode(&p, &o);
	is_int(decode(o.buf, o.len, &got), -1, "an invalid backend name is refused");
	ok(got.kernels == NULL && got.schemes == NULL && got.strs == NULL, "and nothing of it is kept");
	proto_out_free(&o);
	k[0].k.backend = "hb";
	params[1].type = 99;
	encode(&p, &o);
	is_int(decode(o.buf, o.len, &got), -1, "an unknown parameter type is refused");
	proto_out_free(&o);
	params[1].type = BNB_PARAM_DOUBLE;
	p.p.name = "other";
	encode(&p, &o);
	is_int(decode(o.buf, o.len, &got), -1, "a name other than the file's is refused");
	proto_out_free(&o);
	p.p.name = "hand";
	p.p.summary = "line\033[2Jclear";
	encode(&p, &o);
	is_int(decode(o.buf, o.len, &got), 0, "control characters in a summary");
	is_str(got.p.summary, "line?[2Jclear", "are neutralised");
	plugin_clear(&got);
	proto_out_free(&o);
	{
		struct proto_out big = { 0 };
		proto_put_u32(&big, 1);
		proto_put_u32(&big, 0);
		for (int i = 0; i < 4; i++)
			proto_put_u32(&big, 1);
		proto_put_str(&big, "hand");
		for (int i = 0; i < 4; i++)
			proto_put_str(&big, NULL);
		proto_put_u32(&big, 0);
		proto_put_u32(&big, 0xffffffffu);   /* schemes */
		is_int(decode(big.buf, big.len, &got), -1, "an absurd count is refused");
		proto_out_free(&big);
	}
}

int main(void)
{
	test_describe_in_child();
	test_broken_in_child();
	test_round_trip();
	return tap_done();
}
