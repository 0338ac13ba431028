/*
 * tmpl.h: the template engine. Templates are text with tags:
 *
 *   {{name}}            value of name, HTML-escaped (& < > " ')
 *   {{raw name}}        value of name, unescaped (the only raw form; grep "{{raw")
 *   {{t key}}           translation of key in the current language, escaped
 *   {{#name}}..{{/name}} section: repeated for each item when name is a
 *                       list; rendered once when name is a non-empty
 *                       string or true; skipped when absent, empty or false
 *   {{^name}}..{{/name}} inverted section: rendered when #name would be skipped
 *   {{>partial}}        another template of the same library, by name
 *   {{!comment}}        nothing
 *
 * Names and keys are [A-Za-z0-9_.-]{1,64}; spaces inside the braces around
 * them are allowed. Lookup walks from the innermost scope outwards.
 * Template names are file names without ".html" ("home", "layout_head").
 *
 * Parsing never crashes on any input; malformed templates (unclosed or
 * mismatched sections, bad names, unknown tag forms) are refused with an
 * error naming the line. Rendering never crashes on any values; partial
 * nesting is limited to TMPL_MAX_DEPTH and output to TMPL_MAX_OUTPUT.
 */
#ifndef WBS_TMPL_H
#define WBS_TMPL_H

#include <stddef.h>

#define TMPL_MAX_DEPTH	16
#define TMPL_MAX_OUTPUT	(8u * 1024 * 1024)

struct arena;
struct buf;
struct tmpl_lib;
struct tmpl_vars;

/* Returns the text for key, or NULL when there is none. */
typedef const char *(*tmpl_translate_fn)(void *arg, const char *key);

struct tmpl_lib	*tmpl_lib_new(void);
void		 tmpl_lib_free(struct tmpl_lib *);
/*
 * Parses src as template name and adds it to the library (replacing one
 * of the same name). Returns 0 or -1 with err set to "NAME:LINE: reason".
 */
int		 tmpl_lib_add(struct tmpl_lib *, const char *name,
		    const char *src, size_t len, char *err, size_t errlen);
/*
 * Loads every "*.html" file of dir, or of the embedded templates/ when
 * dir is NULL or empty. Returns 0 or -1 with err set.
 */
int		 tmpl_lib_load(struct tmpl_lib *, const char *dir, char *err,
		    size_t errlen);
/* Returns 1 if the library holds a template of that name. */
int		 tmpl_lib_has(const struct tmpl_lib *, const char *name);

/* Variable scopes; all memory comes from the arena. */
struct tmpl_vars *tmpl_vars_new(struct arena *, const struct tmpl_vars *parent);
/* Sets name to a copy of value (NULL removes nothing and sets ""). */
void		 tmpl_set(struct tmpl_vars *, const char *name, const char *value);
void		 tmpl_set_bool(struct tmpl_vars *, const char *name, int);
/* Appends a new item (a child scope) to list name and returns it. */
struct tmpl_vars *tmpl_add_item(struct tmpl_vars *, const char *list);

/*
 * Renders template name with vars, appending to out. tr may be NULL (a
 * {{t key}} then prints key). Returns 0, or -1 with err set (unknown
 * template or partial, depth or size exceeded); out may then hold a
 * partial result that the caller discards.
 */
int		 tmpl_render(const struct tmpl_lib *, const char *name,
		    const struct tmpl_vars *, tmpl_translate_fn tr, void *trarg,
		    struct buf *out, char *err, size_t errlen);

/*
 * Calls fn for every translation key used by {{t key}} in the library
 * (for the catalogue-completeness test).
 */
void		 tmpl_lib_keys(const struct tmpl_lib *,
		    void (*fn)(void *arg, const char *tmpl, const char *key),
		    void *arg);

#endif
