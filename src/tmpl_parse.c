/*
 * tmpl_parse.c: the template parser. Turns template source into the node
 * tree (tmpl_parse.h) that tmpl.c stores and renders; refuses malformed
 * templates with "LABEL:LINE: reason".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "tmpl_parse.h"

#define TMPL_MAX_NEST	64		/* sections open at once in one template */

/* An open section while parsing; level 0 is the template body. */
struct pframe {
	struct tnode	*sec;
	struct tnode	**tail;
};

struct parser {
	struct arena	*arena;
	const char	*label;	/* names the template in errors */
	const char	*src;
	size_t		 len;
	size_t		 pos;
	unsigned long	 line;
	struct pframe	 stack[TMPL_MAX_NEST + 1];
	size_t		 depth;
	char		*err;
	size_t		 errlen;
};

static int	 perr(struct parser *, unsigned long, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Sets a "LABEL:LINE: reason" parse error; always returns -1. */
static int
perr(struct parser *p, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->err == NULL || p->errlen == 0)
		return -1;
	n = snprintf(p->err, p->errlen, "%s:%lu: ", p->label, line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static int
space_char(char c)
{
	return c == ' ' || c == '\t';
}

int
tmpl_name_valid(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > TMPL_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!name_char(s[i]))
			return 0;
	return 1;
}

static unsigned long
count_lines(const char *s, size_t len)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	return n;
}

/* Appends a fresh node to the innermost open level. */
static struct tnode *
parse_node(struct parser *p, enum tnode_type type, const char *str,
    size_t len, unsigned long line)
{
	struct pframe *f = &p->stack[p->depth];
	struct tnode *n;

	n = arena_alloc(p->arena, sizeof(*n));
	n->type = type;
	n->str = str;
	n->len = len;
	n->line = line;
	*f->tail = n;
	f->tail = &n->next;
	return n;
}

/*
 * Reads a name at s[*i..len) into a NUL-terminated arena copy at *out.
 * Returns 0, or -1 with the parse error set.
 */
static int
parse_name(struct parser *p, const char *s, size_t len, size_t *i,
    unsigned long line, const char **out)
{
	size_t start = *i;

	while (*i < len && name_char(s[*i]))
		(*i)++;
	if (*i == start) {
		if (*i == len || space_char(s[*i]))
			return perr(p, line, "empty name");
		return perr(p, line, "bad character in name");
	}
	if (*i < len && !space_char(s[*i]))
		return perr(p, line, "bad character in name");
	if (*i - start > TMPL_NAME_MAX)
		return perr(p, line, "name longer than %d characters",
		    TMPL_NAME_MAX);
	*out = arena_strndup(p->arena, s + start, *i - start);
	return 0;
}

static void
skip_spaces(const char *s, size_t len, size_t *i)
{
	while (*i < len && space_char(s[*i]))
		(*i)++;
}

/* Opens a section, or closes the innermost one when type is 0. */
static int
parse_section(struct parser *p, char sigil, const char *name,
    unsigned long line)
{
	struct pframe *f;
	struct tnode *n;

	if (sigil == '/') {
		if (p->depth == 0)
			return perr(p, line, "{{/%s}} closes no section",
			    name);
		f = &p->stack[p->depth];
		if (strcmp(f->sec->str, name) != 0)
			return perr(p, line, "{{/%s}} does not close "
			    "section '%s' of line %lu", name, f->sec->str,
			    f->sec->line);
		p->depth--;
		return 0;
	}
	if (p->depth == TMPL_MAX_NEST)
		return perr(p, line, "sections nested deeper than %d",
		    TMPL_MAX_NEST);
	n = parse_node(p, sigil == '#' ? TN_SECTION : TN_INVERTED, name,
	    strlen(name), line);
	p->depth++;
	f = &p->stack[p->depth];
	f->sec = n;
	f->tail = &n->child;
	return 0;
}

/*
 * Parses the inside of one tag, s[0..len), found on the given line.
 * Returns 0, or -1 with the parse error set.
 */
static int
parse_tag(struct parser *p, const char *s, size_t len, unsigned long line)
{
	const char *name, *key;
	size_t i = 0, mark;
	char sigil;

	if (len > 0 && s[0] == '!')
		return 0;
	skip_spaces(s, len, &i);
	if (i == len)
		return perr(p, line, "empty name");
	sigil = s[i];
	if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>') {
		i++;
		skip_spaces(s, len, &i);
		if (parse_name(p, s, len, &i, line, &name) == -1)
			return -1;
		skip_spaces(s, len, &i);
		if (i != len)
			return perr(p, line, "unexpected text after name");
		if (sigil == '>') {
			parse_node(p, TN_PARTIAL, name, strlen(name), line);
			return 0;
		}
		return parse_section(p, sigil, name, line);
	}
	if (!name_char(sigil))
		return perr(p, line, "unknown tag form");
	if (parse_name(p, s, len, &i, line, &name) == -1)
		return -1;
	mark = i;
	skip_spaces(s, len, &i);
	if (i == len) {
		parse_node(p, TN_VAR, name, strlen(name), line);
		return 0;
	}
	if (i == mark || (strcmp(name, "t") != 0 && strcmp(name, "raw") != 0))
		return perr(p, line, "unknown tag form");
	if (parse_name(p, s, len, &i, line, &key) == -1)
		return -1;
	skip_spaces(s, len, &i);
	if (i != len)
		return perr(p, line, "unexpected text after name");
	parse_node(p, name[0] == 't' ? TN_TRANS : TN_RAW, key, strlen(key),
	    line);
	return 0;
}

int
tmpl_parse(struct arena *a, const char *label, const char *src, size_t len,
    struct tnode **root, char *err, size_t errlen)
{
	struct parser p;
	const char *open, *close, *body;
	size_t n;

	memset(&p, 0, sizeof(p));
	p.arena = a;
	p.label = label;
	p.src = src;
	p.len = len;
	p.line = 1;
	p.err = err;
	p.errlen = errlen;
	*root = NULL;
	p.stack[0].tail = root;

	while (p.pos < p.len) {
		open = memmem(p.src + p.pos, p.len - p.pos, "{{", 2);
		n = (open == NULL ? p.src + p.len : open) - (p.src + p.pos);
		if (n > 0) {
			parse_node(&p, TN_TEXT, p.src + p.pos, n, p.line);
			p.line += count_lines(p.src + p.pos, n);
			p.pos += n;
		}
		if (open == NULL)
			break;
		body = open + 2;
		close = memmem(body, p.len - (body - p.src), "}}", 2);
		if (close == NULL)
			return perr(&p, p.line, "unterminated tag");
		n = close - body;
		if (body[0] != '!' && memchr(body, '\n', n) != NULL)
			return perr(&p, p.line, "line break inside a tag");
		if (parse_tag(&p, body, n, p.line) == -1)
			return -1;
		p.line += count_lines(body, n);
		p.pos = (close + 2) - p.src;
	}
	if (p.depth > 0)
		return perr(&p, p.stack[p.depth].sec->line,
		    "section '%s' is not closed", p.stack[p.depth].sec->str);
	return 0;
}
