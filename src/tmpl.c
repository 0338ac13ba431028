/*
 * tmpl.c: the template engine (see tmpl.h for the syntax). A template is
 * parsed once (tmpl_parse.c) into a tree of nodes held in an arena of
 * its own inside the library; rendering walks that tree against a chain
 * of variable scopes. This file holds the library, its loaders
 * (directory and embedded files), the variable scopes and the renderer.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "embed.h"
#include "tmpl.h"
#include "tmpl_parse.h"
#include "util.h"

#define TMPL_MAX_STEPS	(16ul * 1024 * 1024)	/* nodes visited per render */
#define TMPL_FILE_MAX	(1024 * 1024)	/* bytes per template file */
#define TMPL_SUFFIX	".html"
#define TMPL_EMBED_DIR	"templates/"

struct tmpl {
	char		 name[TMPL_NAME_MAX + 1];
	struct arena	*arena;	/* holds the source copy and every node */
	struct tnode	*root;
};

struct tmpl_lib {
	struct tmpl	*v;
	size_t		 n;
	size_t		 cap;
};

enum tval_type {
	TV_STR,
	TV_BOOL,
	TV_LIST
};

struct tvar {
	const char	*name;
	enum tval_type	 type;
	const char	*str;	/* TV_STR */
	size_t		 len;
	int		 b;	/* TV_BOOL */
	struct tmpl_vars *head;	/* TV_LIST items, in order */
	struct tmpl_vars *tail;
	struct tvar	*next;
};

struct tmpl_vars {
	struct arena		*arena;
	const struct tmpl_vars	*parent;
	struct tvar		*vars;
	struct tmpl_vars	*next;	/* next item of the same list */
};

struct render {
	const struct tmpl_lib	*lib;
	tmpl_translate_fn	 tr;
	void			*trarg;
	struct buf		*out;
	size_t			 start;	/* out->len before rendering */
	unsigned long		 steps;
	char			*err;
	size_t			 errlen;
};

static void	 seterr(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	 render_nodes(struct render *, const struct tmpl *,
		    const struct tnode *, const struct tmpl_vars *, int);

/* Writes a message into err when the caller gave room for one. */
static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

struct tmpl_lib *
tmpl_lib_new(void)
{
	return xcalloc(1, sizeof(struct tmpl_lib));
}

void
tmpl_lib_free(struct tmpl_lib *lib)
{
	size_t i;

	if (lib == NULL)
		return;
	for (i = 0; i < lib->n; i++)
		arena_free(lib->v[i].arena);
	free(lib->v);
	free(lib);
}

static const struct tmpl *
lib_find(const struct tmpl_lib *lib, const char *name)
{
	size_t i;

	if (lib == NULL || name == NULL)
		return NULL;
	for (i = 0; i < lib->n; i++)
		if (strcmp(lib->v[i].name, name) == 0)
			return &lib->v[i];
	return NULL;
}

int
tmpl_lib_has(const struct tmpl_lib *lib, const char *name)
{
	return lib_find(lib, name) != NULL;
}

/*
 * Parses src and stores it as name, replacing an older one; parse
 * errors name label. Returns 0, or -1 with err set and lib unchanged.
 */
static int
lib_add(struct tmpl_lib *lib, const char *name, const char *label,
    const char *src, size_t len, char *err, size_t errlen)
{
	struct arena *a = NULL;
	struct tnode *root;
	struct tmpl *t;
	const char *copy;
	size_t i;

	if (name == NULL || !tmpl_name_valid(name, strlen(name))) {
		seterr(err, errlen, "%s: bad template name", label);
		goto fail;
	}
	if (src == NULL && len > 0) {
		seterr(err, errlen, "%s: no source", label);
		goto fail;
	}
	a = arena_new();
	copy = len > 0 ? arena_memdup(a, src, len) : "";
	if (tmpl_parse(a, label, copy, len, &root, err, errlen) == -1)
		goto fail;

	for (i = 0; i < lib->n; i++)
		if (strcmp(lib->v[i].name, name) == 0)
			break;
	if (i == lib->n) {
		if (lib->n == lib->cap) {
			lib->cap = lib->cap == 0 ? 16 : lib->cap * 2;
			lib->v = xrealloc(lib->v, lib->cap * sizeof(*lib->v));
		}
		lib->n++;
		t = &lib->v[i];
		if (wbs_strlcpy(t->name, name, sizeof(t->name)) >=
		    sizeof(t->name))
			abort();	/* tmpl_name_valid bounds the length */
	} else {
		t = &lib->v[i];
		arena_free(t->arena);
	}
	t->arena = a;
	t->root = root;
	return 0;
fail:
	arena_free(a);
	return -1;
}

int
tmpl_lib_add(struct tmpl_lib *lib, const char *name, const char *src,
    size_t len, char *err, size_t errlen)
{
	return lib_add(lib, name, name != NULL ? name : "(null)", src, len,
	    err, errlen);
}

/*
 * Reads the regular file path into a malloc'd buffer. Returns 1 when
 * the file is not a regular one (skip it), 0 with *data and *len set,
 * or -1 with err set.
 */
static int
read_file(const char *path, const char *label, char **data, size_t *len,
    char *err, size_t errlen)
{
	struct stat st;
	char *p = NULL;
	size_t n = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		seterr(err, errlen, "%s: %s", label, strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) == -1) {
		seterr(err, errlen, "%s: %s", label, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return 1;
	}
	p = xmalloc(TMPL_FILE_MAX + 1);
	for (;;) {
		r = read(fd, p + n, TMPL_FILE_MAX + 1 - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			seterr(err, errlen, "%s: %s", label, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > TMPL_FILE_MAX) {
			seterr(err, errlen, "%s: larger than %d bytes", label,
			    TMPL_FILE_MAX);
			goto fail;
		}
	}
	close(fd);
	*data = p;
	*len = n;
	return 0;
fail:
	if (fd != -1)
		close(fd);
	free(p);
	return -1;
}

/* Returns the length of s without ".html", or 0 when s lacks it. */
static size_t
strip_suffix(const char *s)
{
	size_t len = strlen(s), sl = strlen(TMPL_SUFFIX);

	if (len <= sl || strcmp(s + len - sl, TMPL_SUFFIX) != 0)
		return 0;
	return len - sl;
}

/* Loads the embedded templates/NAME.html files (not subdirectories). */
static int
load_embedded(struct tmpl_lib *lib, char *err, size_t errlen)
{
	const struct embed_file *f;
	const char *base;
	char name[TMPL_NAME_MAX + 1];
	size_t i, n, pl = strlen(TMPL_EMBED_DIR);

	for (i = 0; i < embed_nfiles; i++) {
		f = &embed_files[i];
		if (f->path == NULL || strncmp(f->path, TMPL_EMBED_DIR, pl) != 0)
			continue;
		base = f->path + pl;
		if ((n = strip_suffix(base)) == 0 || memchr(base, '/', n))
			continue;
		if (n >= sizeof(name)) {
			seterr(err, errlen, "%s: bad template name", f->path);
			return -1;
		}
		memcpy(name, base, n);
		name[n] = '\0';
		if (lib_add(lib, name, f->path, (const char *)f->data, f->len,
		    err, errlen) == -1)
			return -1;
	}
	return 0;
}

int
tmpl_lib_load(struct tmpl_lib *lib, const char *dir, char *err,
    size_t errlen)
{
	DIR *d = NULL;
	struct dirent *de;
	char path[4096], name[TMPL_NAME_MAX + 1];
	char *data = NULL;
	size_t n, len;
	int r, rc = -1;

	if (dir == NULL || *dir == '\0')
		return load_embedded(lib, err, errlen);
	if ((d = opendir(dir)) == NULL) {
		seterr(err, errlen, "%s: %s", dir, strerror(errno));
		goto fail;
	}
	while ((de = readdir(d)) != NULL) {
		if ((n = strip_suffix(de->d_name)) == 0)
			continue;
		if (n >= sizeof(name)) {
			seterr(err, errlen, "%s: bad template name",
			    de->d_name);
			goto fail;
		}
		memcpy(name, de->d_name, n);
		name[n] = '\0';
		r = snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (r < 0 || (size_t)r >= sizeof(path)) {
			seterr(err, errlen, "%s: path too long", de->d_name);
			goto fail;
		}
		r = read_file(path, de->d_name, &data, &len, err, errlen);
		if (r == -1)
			goto fail;
		if (r == 1)
			continue;
		if (lib_add(lib, name, de->d_name, data, len, err,
		    errlen) == -1)
			goto fail;
		free(data);
		data = NULL;
	}
	rc = 0;
fail:
	free(data);
	if (d != NULL)
		closedir(d);
	return rc;
}

struct tmpl_vars *
tmpl_vars_new(struct arena *a, const struct tmpl_vars *parent)
{
	struct tmpl_vars *v;

	v = arena_alloc(a, sizeof(*v));
	v->arena = a;
	v->parent = parent;
	return v;
}

/* Returns the entry name of scope v itself, creating it when absent. */
static struct tvar *
vars_entry(struct tmpl_vars *v, const char *name)
{
	struct tvar *e;

	for (e = v->vars; e != NULL; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e;
	e = arena_alloc(v->arena, sizeof(*e));
	e->name = arena_strdup(v->arena, name);
	e->next = v->vars;
	v->vars = e;
	return e;
}

void
tmpl_set(struct tmpl_vars *v, const char *name, const char *value)
{
	struct tvar *e;

	if (v == NULL || name == NULL)
		return;
	if (value == NULL)
		value = "";
	e = vars_entry(v, name);
	e->type = TV_STR;
	e->len = strlen(value);
	e->str = arena_strndup(v->arena, value, e->len);
	e->head = e->tail = NULL;
}

void
tmpl_set_bool(struct tmpl_vars *v, const char *name, int b)
{
	struct tvar *e;

	if (v == NULL || name == NULL)
		return;
	e = vars_entry(v, name);
	e->type = TV_BOOL;
	e->b = b != 0;
	e->str = NULL;
	e->head = e->tail = NULL;
}

struct tmpl_vars *
tmpl_add_item(struct tmpl_vars *v, const char *list)
{
	struct tmpl_vars *item;
	struct tvar *e;

	e = vars_entry(v, list);
	if (e->type != TV_LIST) {
		e->type = TV_LIST;
		e->str = NULL;
		e->head = e->tail = NULL;
	}
	item = tmpl_vars_new(v->arena, v);
	if (e->tail == NULL)
		e->head = item;
	else
		e->tail->next = item;
	e->tail = item;
	return item;
}

/* Finds name from scope v outwards; NULL when no scope has it. */
static const struct tvar *
vars_lookup(const struct tmpl_vars *v, const char *name)
{
	const struct tvar *e;

	for (; v != NULL; v = v->parent)
		for (e = v->vars; e != NULL; e = e->next)
			if (strcmp(e->name, name) == 0)
				return e;
	return NULL;
}

/* Returns 1 when {{#name}} renders its body at least once. */
static int
var_truthy(const struct tvar *e)
{
	if (e == NULL)
		return 0;
	switch (e->type) {
	case TV_STR:
		return e->len > 0;
	case TV_BOOL:
		return e->b;
	case TV_LIST:
		return e->head != NULL;
	}
	return 0;
}

/* Fails when the output grew past TMPL_MAX_OUTPUT. */
static int
render_check(struct render *r, const struct tmpl *t, const struct tnode *n)
{
	if (r->out->len - r->start <= TMPL_MAX_OUTPUT)
		return 0;
	seterr(r->err, r->errlen, "%s:%lu: output larger than %u bytes",
	    t->name, n->line, TMPL_MAX_OUTPUT);
	return -1;
}

/* Appends s[0..len) unescaped unless that passes the output limit. */
static int
render_raw(struct render *r, const struct tmpl *t, const struct tnode *n,
    const char *s, size_t len)
{
	if (len > TMPL_MAX_OUTPUT - (r->out->len - r->start)) {
		seterr(r->err, r->errlen,
		    "%s:%lu: output larger than %u bytes", t->name, n->line,
		    TMPL_MAX_OUTPUT);
		return -1;
	}
	buf_append(r->out, s, len);
	return 0;
}

static int
render_escaped(struct render *r, const struct tmpl *t, const struct tnode *n,
    const char *s, size_t len)
{
	buf_html_escape(r->out, s, len);
	return render_check(r, t, n);
}

/* Renders one section (or inverted section) node. */
static int
render_section(struct render *r, const struct tmpl *t, const struct tnode *n,
    const struct tmpl_vars *v, int depth)
{
	const struct tvar *e = vars_lookup(v, n->str);
	const struct tmpl_vars *item;

	if (n->type == TN_INVERTED) {
		if (var_truthy(e))
			return 0;
		return render_nodes(r, t, n->child, v, depth);
	}
	if (!var_truthy(e))
		return 0;
	if (e->type != TV_LIST)
		return render_nodes(r, t, n->child, v, depth);
	for (item = e->head; item != NULL; item = item->next)
		if (render_nodes(r, t, n->child, item, depth) == -1)
			return -1;
	return 0;
}

static int
render_partial(struct render *r, const struct tmpl *t, const struct tnode *n,
    const struct tmpl_vars *v, int depth)
{
	const struct tmpl *p;

	if ((p = lib_find(r->lib, n->str)) == NULL) {
		seterr(r->err, r->errlen, "%s:%lu: unknown partial '%s'",
		    t->name, n->line, n->str);
		return -1;
	}
	if (depth >= TMPL_MAX_DEPTH) {
		seterr(r->err, r->errlen,
		    "%s:%lu: partials nested deeper than %d", t->name,
		    n->line, TMPL_MAX_DEPTH);
		return -1;
	}
	return render_nodes(r, p, p->root, v, depth + 1);
}

/*
 * Renders the node list n of template t in scope v; depth counts the
 * partials entered. Returns 0, or -1 with r->err set.
 */
static int
render_nodes(struct render *r, const struct tmpl *t, const struct tnode *n,
    const struct tmpl_vars *v, int depth)
{
	const struct tvar *e;
	const char *s;

	for (; n != NULL; n = n->next) {
		if (++r->steps > TMPL_MAX_STEPS) {
			seterr(r->err, r->errlen,
			    "%s:%lu: rendering takes more than %lu steps",
			    t->name, n->line, TMPL_MAX_STEPS);
			return -1;
		}
		switch (n->type) {
		case TN_TEXT:
			if (render_raw(r, t, n, n->str, n->len) == -1)
				return -1;
			break;
		case TN_VAR:
		case TN_RAW:
			e = vars_lookup(v, n->str);
			if (e == NULL || e->type != TV_STR)
				break;
			if (n->type == TN_RAW) {
				if (render_raw(r, t, n, e->str, e->len) == -1)
					return -1;
			} else if (render_escaped(r, t, n, e->str,
			    e->len) == -1)
				return -1;
			break;
		case TN_TRANS:
			s = r->tr != NULL ? r->tr(r->trarg, n->str) : NULL;
			if (s == NULL)
				s = n->str;
			if (render_escaped(r, t, n, s, strlen(s)) == -1)
				return -1;
			break;
		case TN_SECTION:
		case TN_INVERTED:
			if (render_section(r, t, n, v, depth) == -1)
				return -1;
			break;
		case TN_PARTIAL:
			if (render_partial(r, t, n, v, depth) == -1)
				return -1;
			break;
		}
	}
	return 0;
}

int
tmpl_render(const struct tmpl_lib *lib, const char *name,
    const struct tmpl_vars *v, tmpl_translate_fn tr, void *trarg,
    struct buf *out, char *err, size_t errlen)
{
	struct render r;
	const struct tmpl *t;

	if ((t = lib_find(lib, name)) == NULL) {
		seterr(err, errlen, "unknown template '%s'",
		    name != NULL ? name : "(null)");
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.lib = lib;
	r.tr = tr;
	r.trarg = trarg;
	r.out = out;
	r.start = out->len;
	r.err = err;
	r.errlen = errlen;
	return render_nodes(&r, t, t->root, v, 0);
}

/* Visits the {{t key}} nodes of list n, sections included. */
static void
keys_walk(const struct tmpl *t, const struct tnode *n,
    void (*fn)(void *, const char *, const char *), void *arg)
{
	for (; n != NULL; n = n->next) {
		if (n->type == TN_TRANS)
			fn(arg, t->name, n->str);
		else if (n->child != NULL)
			keys_walk(t, n->child, fn, arg);
	}
}

void
tmpl_lib_keys(const struct tmpl_lib *lib,
    void (*fn)(void *arg, const char *tmpl, const char *key), void *arg)
{
	size_t i;

	if (lib == NULL)
		return;
	for (i = 0; i < lib->n; i++)
		keys_walk(&lib->v[i], lib->v[i].root, fn, arg);
}
