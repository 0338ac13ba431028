/*
 * test_catalogue.c: the project rule "a string used in a template is in
 * every catalogue". Loads the real templates/ and po/ of the source tree
 * and fails, listing them all, when a {{t key}} has no non-empty entry in
 * po/id.po or po/en.po. Catalogue entries that no template and no C
 * source mentions are printed as warnings only.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "buf.h"
#include "i18n.h"
#include "tmpl.h"

/* A growable set of strings, sorted once filled. */
struct strset {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

static void
set_add(struct strset *s, const char *str)
{
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 64 : s->cap * 2;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		assert_non_null(s->v);
	}
	s->v[s->n] = strdup(str);
	assert_non_null(s->v[s->n]);
	s->n++;
}

static int
set_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts and removes duplicates. */
static void
set_sort(struct strset *s)
{
	size_t i, j;

	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof(*s->v), set_cmp);
	for (i = 1, j = 1; i < s->n; i++) {
		if (strcmp(s->v[i], s->v[j - 1]) == 0)
			free(s->v[i]);
		else
			s->v[j++] = s->v[i];
	}
	s->n = j;
}

static int
set_has(const struct strset *s, const char *str)
{
	return s->n > 0 && bsearch(&str, s->v, s->n, sizeof(*s->v),
	    set_cmp) != NULL;
}

static void
set_free(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* What the tmpl_lib_keys callback fills. */
struct keyscan {
	const struct i18n	*cat;		/* NULL: only collect used */
	struct strset		 used;		/* every key of every template */
	struct strset		 missing;	/* "lang key (template)" lines */
};

static void
on_key(void *arg, const char *tmpl, const char *key)
{
	struct keyscan *ks = arg;
	char line[512];
	int i;

	set_add(&ks->used, key);
	if (ks->cat == NULL)
		return;
	for (i = 0; i < LANG__MAX; i++) {
		if (i18n_has(ks->cat, (enum lang)i, key))
			continue;
		snprintf(line, sizeof(line), "po/%s.po: %s (templates/%s.html)",
		    lang_code((enum lang)i), key, tmpl);
		set_add(&ks->missing, line);
	}
}

/*
 * Adds to keys every single-line msgid "..." of the file (a light scan,
 * enough for warnings; the real parser is tested in test_i18n).
 */
static void
scan_msgids(const char *path, struct strset *keys)
{
	char *data, *line, *save = NULL, *end;

	if ((data = tu_read_file(path, NULL)) == NULL)
		return;
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "msgid \"", 7) != 0)
			continue;
		line += 7;
		if ((end = strchr(line, '"')) == NULL || end == line)
			continue;
		*end = '\0';
		set_add(keys, line);
	}
	free(data);
}

/* Appends the text of every src/ *.c file to out. */
static void
read_c_sources(const char *srcdir, struct buf *out)
{
	char dir[1024], path[2048], *data;
	struct dirent *e;
	DIR *d;
	size_t n, len;

	snprintf(dir, sizeof(dir), "%s/src", srcdir);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if ((data = tu_read_file(path, &len)) == NULL)
			continue;
		buf_append(out, data, len);
		buf_putc(out, '\n');
		free(data);
	}
	closedir(d);
}

static void
test_templates_keys_translated(void **state)
{
	struct keyscan ks;
	struct tmpl_lib *lib = tmpl_lib_new();
	struct i18n *cat = NULL;
	char path[1024], err[1024];
	size_t i, nused = 0, nmissing = 0;
	int loaded = 0;

	(void)state;
	memset(&ks, 0, sizeof(ks));
	err[0] = '\0';
	snprintf(path, sizeof(path), "%s/po", tu_srcdir());
	if (i18n_load(&cat, path, err, sizeof(err)) == -1)
		goto done;
	snprintf(path, sizeof(path), "%s/templates", tu_srcdir());
	if (tmpl_lib_load(lib, path, err, sizeof(err)) == -1)
		goto done;
	loaded = 1;

	ks.cat = cat;
	tmpl_lib_keys(lib, on_key, &ks);
	set_sort(&ks.used);
	set_sort(&ks.missing);
	nused = ks.used.n;
	nmissing = ks.missing.n;
	for (i = 0; i < ks.missing.n; i++)
		fprintf(stderr, "missing translation: %s\n", ks.missing.v[i]);
done:
	/* Free first: the assertions below do not return. */
	set_free(&ks.used);
	set_free(&ks.missing);
	tmpl_lib_free(lib);
	i18n_free(cat);
	if (!loaded)
		fail_msg("%s", err);
	/* The templates do use translations; none found means a broken scan. */
	assert_true(nused > 0);
	if (nmissing > 0)
		fail_msg("%zu template string(s) missing from the catalogues",
		    nmissing);
}

/*
 * Warns about catalogue entries that neither a template nor a C source
 * ("key" as a literal) uses, and about English entries that Indonesian
 * lacks. Never fails: keys may be built at run time (e.g. "stage." plus
 * a stage code).
 */
static void
test_unused_entries_warned(void **state)
{
	struct strset used, keys[LANG__MAX];
	struct tmpl_lib *lib = tmpl_lib_new();
	struct keyscan ks;
	struct buf csrc, lit;
	char path[1024], err[1024];
	size_t i, l, nwarn = 0;

	(void)state;
	memset(&ks, 0, sizeof(ks));
	memset(keys, 0, sizeof(keys));
	buf_init(&csrc);
	buf_init(&lit);

	snprintf(path, sizeof(path), "%s/templates", tu_srcdir());
	if (tmpl_lib_load(lib, path, err, sizeof(err)) == -1)
		fail_msg("templates: %s", err);
	tmpl_lib_keys(lib, on_key, &ks);
	used = ks.used;
	set_sort(&used);
	read_c_sources(tu_srcdir(), &csrc);

	for (l = 0; l < LANG__MAX; l++) {
		snprintf(path, sizeof(path), "%s/po/%s.po", tu_srcdir(),
		    lang_code((enum lang)l));
		scan_msgids(path, &keys[l]);
		set_sort(&keys[l]);
	}
	for (l = 0; l < LANG__MAX; l++) {
		for (i = 0; i < keys[l].n; i++) {
			const char *k = keys[l].v[i];

			if (l != LANG_ID && !set_has(&keys[LANG_ID], k)) {
				fprintf(stderr, "warning: po/%s.po: %s is not "
				    "in po/id.po\n", lang_code((enum lang)l),
				    k);
				nwarn++;
			}
			if (set_has(&used, k))
				continue;
			buf_reset(&lit);
			buf_printf(&lit, "\"%s\"", k);
			if (csrc.data != NULL && strstr(csrc.data,
			    lit.data) != NULL)
				continue;
			fprintf(stderr, "warning: po/%s.po: %s is used by no "
			    "template and no C literal\n",
			    lang_code((enum lang)l), k);
			nwarn++;
		}
	}
	fprintf(stderr, "%zu catalogue warning(s)\n", nwarn);

	for (l = 0; l < LANG__MAX; l++)
		set_free(&keys[l]);
	set_free(&used);
	buf_free(&csrc);
	buf_free(&lit);
	tmpl_lib_free(lib);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_templates_keys_translated),
		cmocka_unit_test(test_unused_entries_warned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
