/*
 * tmpl_parse.h: private to the template engine (tmpl.c, tmpl_parse.c).
 * The parsed form of a template: a list of nodes, sections holding
 * their body as a child list. Users of templates include tmpl.h only.
 */
#ifndef WBS_TMPL_PARSE_H
#define WBS_TMPL_PARSE_H

#include <stddef.h>

#define TMPL_NAME_MAX	64	/* names, keys and template names */

struct arena;

enum tnode_type {
	TN_TEXT,	/* literal text */
	TN_VAR,		/* {{name}} */
	TN_RAW,		/* {{raw name}} */
	TN_TRANS,	/* {{t key}} */
	TN_SECTION,	/* {{#name}}..{{/name}} */
	TN_INVERTED,	/* {{^name}}..{{/name}} */
	TN_PARTIAL	/* {{>name}} */
};

/* One parsed element; text points into the caller's source buffer. */
struct tnode {
	enum tnode_type	 type;
	const char	*str;	/* text bytes, or the NUL-terminated name */
	size_t		 len;	/* length of str */
	unsigned long	 line;	/* where the element starts */
	struct tnode	*child;	/* section body */
	struct tnode	*next;
};

/* Returns 1 when s[0..len) matches [A-Za-z0-9_.-]{1,64}, else 0. */
int	tmpl_name_valid(const char *s, size_t len);

/*
 * Parses src[0..len) into the node list *root, allocating every node
 * and name from a; text nodes point into src, which must outlive the
 * tree. Returns 0, or -1 with err set to "LABEL:LINE: reason".
 */
int	tmpl_parse(struct arena *a, const char *label, const char *src,
	    size_t len, struct tnode **root, char *err, size_t errlen);

#endif
