/*
 * fuzz_tmpl.c: libFuzzer harness for the template engine. The input is
 * split at NUL bytes: the first part is a template source, the next ones
 * are variable values. The template is added under two names (so that
 * partials and recursion between them are reached), rendered with
 * strings, lists, booleans and a translate function, and its keys are
 * listed. The whole input, NULs included, is parsed once more as a
 * template of its own. Nothing may crash, leak or overrun.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "tmpl.h"

#define NPARTS	6

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Translates keys starting with "a" to a fixed text with markup. */
static const char *
fuzz_tr(void *arg, const char *key)
{
	const char *value = arg;

	if (key[0] == 'a')
		return "<tr & 'key'>";
	if (key[0] == 'v')
		return value;
	return NULL;
}

static void
fuzz_key(void *arg, const char *tmpl, const char *key)
{
	size_t *n = arg;

	*n += strlen(tmpl) + strlen(key);
}

/* Fills a scope with the parts as values of the usual names. */
static void
fuzz_vars(struct tmpl_vars *v, char *parts[], size_t nparts)
{
	static const char *names[NPARTS] = { "a", "b", "c", "x", "name",
	    "t" };
	struct tmpl_vars *item, *sub;
	size_t i, j;

	for (i = 0; i < nparts; i++)
		tmpl_set(v, names[i], parts[i]);
	tmpl_set_bool(v, "yes", 1);
	tmpl_set_bool(v, "no", 0);
	tmpl_set(v, "empty", "");
	tmpl_add_item(v, "one");
	for (i = 0; i < 3; i++) {
		item = tmpl_add_item(v, "l");
		tmpl_set(item, "a", nparts > i ? parts[nparts - 1 - i] : "i");
		tmpl_set_bool(item, "first", i == 0);
		for (j = 0; j < 2; j++) {
			sub = tmpl_add_item(item, "m");
			tmpl_set(sub, "b", "<sub>");
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpl_lib *lib;
	struct arena *a;
	struct tmpl_vars *v;
	struct buf out;
	char *copy, *parts[NPARTS], *p, *end, err[256];
	size_t nparts = 0, nkeys = 0;

	/* A NUL-terminated copy whose NULs separate the parts. */
	a = arena_new();
	copy = arena_alloc(a, size + 1);
	if (size > 0)
		memcpy(copy, data, size);
	copy[size] = '\0';
	p = copy;
	end = copy + size;
	while (nparts < NPARTS) {
		parts[nparts++] = p;
		p += strlen(p);
		if (p >= end)
			break;
		p++;
	}

	lib = tmpl_lib_new();
	v = tmpl_vars_new(a, NULL);
	fuzz_vars(v, parts + 1, nparts - 1);
	buf_init(&out);

	tmpl_lib_add(lib, "raw", (const char *)data, size, err, sizeof(err));
	if (tmpl_lib_add(lib, "t", parts[0], strlen(parts[0]), err,
	    sizeof(err)) == 0 &&
	    tmpl_lib_add(lib, "p", parts[0], strlen(parts[0]), err,
	    sizeof(err)) == 0) {
		tmpl_render(lib, "t", v, fuzz_tr,
		    nparts > 1 ? parts[1] : NULL, &out, err, sizeof(err));
		buf_reset(&out);
		tmpl_render(lib, "p", v, NULL, NULL, &out, err, sizeof(err));
	}
	if (tmpl_lib_has(lib, "raw")) {
		buf_reset(&out);
		tmpl_render(lib, "raw", v, fuzz_tr, NULL, &out, err,
		    sizeof(err));
	}
	tmpl_lib_keys(lib, fuzz_key, &nkeys);

	buf_free(&out);
	tmpl_lib_free(lib);
	arena_free(a);
	return 0;
}
