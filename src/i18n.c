/*
 * i18n.c: translation catalogues read from gettext .po files, lookup with
 * the Indonesian fallback, and language negotiation from Accept-Language.
 *
 * The .po reader accepts the subset that a translator's editor writes:
 * comments ("#", "#.", "#:", "#|", "#~"), flags ("#, fuzzy" drops the
 * entry that follows), msgctxt (parsed, not used for lookup), msgid and
 * msgstr, strings continued by adjacent "..." lines, and the escapes
 * \n \t \" \\. Plural forms are refused. The header entry (msgid "") is
 * skipped. Every error names the file and the line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "embed.h"
#include "i18n.h"
#include "util.h"

#define PO_MAX_FILE	(4u * 1024 * 1024)	/* bytes in one .po file */
#define PO_MAX_ENTRY	(64u * 1024)		/* decoded bytes in one entry */
#define AL_MAX		512			/* bytes of Accept-Language read */

/* One catalogue entry; val may be "" (untranslated). */
struct slot {
	const char	*key;
	const char	*val;
	unsigned	 line;	/* line of the msgid, for duplicate errors */
};

/* An open-addressing hash table of one language; strings live in a. */
struct cat {
	struct arena	*a;
	struct slot	*slots;
	size_t		 cap;	/* a power of two, or 0 */
	size_t		 n;
};

struct i18n {
	struct cat	 cats[LANG__MAX];
};

static const char *const lang_codes[LANG__MAX] = {
	[LANG_ID] = "id",
	[LANG_EN] = "en",
};

enum po_state {
	PS_NONE,	/* between entries */
	PS_CTXT,	/* after msgctxt */
	PS_ID,		/* after msgid */
	PS_STR		/* after msgstr */
};

/* Parser state for one file. */
struct po {
	const char	*name;
	struct cat	*cat;		/* the catalogue being built */
	unsigned	 line;
	enum po_state	 state;
	struct buf	*cur;		/* field continued by a "..." line, or NULL */
	struct buf	 ctxt, id, str;
	int		 fuzzy;		/* the pending entry is fuzzy */
	unsigned	 idline;
	size_t		 entrylen;	/* decoded bytes of the pending entry */
	char		*err;
	size_t		 errlen;
};

static void	seterr(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	po_fail(struct po *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

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

/* Sets "NAME:LINE: reason" and returns -1. */
static int
po_fail(struct po *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	seterr(p->err, p->errlen, "%s:%u: %s", p->name, p->line, msg);
	return -1;
}

/* FNV-1a over the key. */
static size_t
cat_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return (size_t)h;
}

/* Returns the slot holding key, or NULL. */
static const struct slot *
cat_find(const struct cat *c, const char *key)
{
	size_t i, mask;

	if (c->cap == 0)
		return NULL;
	mask = c->cap - 1;
	for (i = cat_hash(key) & mask; c->slots[i].key != NULL;
	    i = (i + 1) & mask)
		if (strcmp(c->slots[i].key, key) == 0)
			return &c->slots[i];
	return NULL;
}

static void
cat_put(struct slot *slots, size_t cap, const struct slot *s)
{
	size_t i, mask = cap - 1;

	for (i = cat_hash(s->key) & mask; slots[i].key != NULL;
	    i = (i + 1) & mask)
		;
	slots[i] = *s;
}

/* Keeps the load factor at or below one half. */
static void
cat_grow(struct cat *c)
{
	struct slot *old = c->slots;
	size_t i, oldcap = c->cap;

	if ((c->n + 1) * 2 <= c->cap)
		return;
	c->cap = oldcap == 0 ? 64 : oldcap * 2;
	c->slots = xcalloc(c->cap, sizeof(*c->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			cat_put(c->slots, c->cap, &old[i]);
	free(old);
}

static void
cat_clear(struct cat *c)
{
	arena_free(c->a);
	free(c->slots);
	memset(c, 0, sizeof(*c));
}

struct i18n *
i18n_new(void)
{
	return xcalloc(1, sizeof(struct i18n));
}

void
i18n_free(struct i18n *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < LANG__MAX; i++)
		cat_clear(&t->cats[i]);
	free(t);
}

static void
po_reset_entry(struct po *p)
{
	buf_reset(&p->ctxt);
	buf_reset(&p->id);
	buf_reset(&p->str);
	p->state = PS_NONE;
	p->cur = NULL;
	p->fuzzy = 0;
	p->entrylen = 0;
}

/*
 * Ends the pending entry: adds it to the catalogue unless it is fuzzy or
 * the header. An entry ends at the next msgctxt/msgid, comment, blank
 * line or the end of the file. Returns 0, or -1 on a duplicate msgid.
 */
static int
po_finish(struct po *p)
{
	const struct slot *dup;
	struct slot s;
	const char *key;

	if (p->state != PS_STR)
		return 0;
	key = p->id.data != NULL ? p->id.data : "";
	if (p->fuzzy || *key == '\0') {
		po_reset_entry(p);
		return 0;
	}
	if ((dup = cat_find(p->cat, key)) != NULL) {
		p->line = p->idline;
		return po_fail(p, "duplicate msgid (first at line %u)",
		    dup->line);
	}
	cat_grow(p->cat);
	s.key = arena_strdup(p->cat->a, key);
	s.val = arena_strdup(p->cat->a, p->str.data != NULL ?
	    p->str.data : "");
	s.line = p->idline;
	cat_put(p->cat->slots, p->cat->cap, &s);
	p->cat->n++;
	po_reset_entry(p);
	return 0;
}

/*
 * Decodes the quoted string starting at s[0] == '"' into out; only
 * blanks may follow it on the line. Returns 0 or -1.
 */
static int
po_string(struct po *p, const char *s, size_t len, struct buf *out)
{
	size_t i, start;
	char c;

	for (i = 1, start = 1; i < len; i++) {
		if (s[i] == '"')
			break;
		if (s[i] != '\\')
			continue;
		buf_append(out, s + start, i - start);
		if (++i == len)
			break;
		switch (s[i]) {
		case 'n': c = '\n'; break;
		case 't': c = '\t'; break;
		case '"': c = '"'; break;
		case '\\': c = '\\'; break;
		default:
			if ((unsigned char)s[i] < 0x20 ||
			    (unsigned char)s[i] >= 0x7f)
				return po_fail(p, "invalid escape sequence");
			return po_fail(p, "invalid escape sequence \\%c",
			    s[i]);
		}
		buf_putc(out, c);
		p->entrylen++;
		start = i + 1;
	}
	if (i >= len)
		return po_fail(p, "unterminated string");
	buf_append(out, s + start, i - start);
	p->entrylen += i - start;
	if (p->entrylen > PO_MAX_ENTRY)
		return po_fail(p, "entry larger than 64 KiB");
	for (i++; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return po_fail(p, "text outside a string");
	return 0;
}

/* A comment line; "#," carries flags, of which only "fuzzy" matters. */
static int
po_comment(struct po *p, const char *s, size_t len)
{
	size_t i, j;

	if (p->state == PS_CTXT || p->state == PS_ID)
		return po_fail(p, "comment inside an entry");
	if (po_finish(p) == -1)
		return -1;
	if (len < 2 || s[1] != ',')
		return 0;
	for (i = 2; i < len; i = j) {
		while (i < len && (s[i] == ',' || s[i] == ' ' ||
		    s[i] == '\t'))
			i++;
		for (j = i; j < len && s[j] != ',' && s[j] != ' ' &&
		    s[j] != '\t'; j++)
			;
		if (j - i == 5 && memcmp(s + i, "fuzzy", 5) == 0)
			p->fuzzy = 1;
	}
	return 0;
}

/* A line starting with a keyword. */
static int
po_keyword(struct po *p, const char *s, size_t len)
{
	size_t k, i;

	for (k = 0; k < len && ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '_');
	    k++)
		;
	for (i = k; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (k == 7 && memcmp(s, "msgctxt", 7) == 0) {
		if (p->state == PS_CTXT || p->state == PS_ID)
			return po_fail(p, "msgctxt inside an entry");
		if (po_finish(p) == -1)
			return -1;
		p->state = PS_CTXT;
		p->cur = &p->ctxt;
	} else if (k == 5 && memcmp(s, "msgid", 5) == 0) {
		if (p->state == PS_ID)
			return po_fail(p, "msgid without msgstr");
		if (po_finish(p) == -1)
			return -1;
		p->state = PS_ID;
		p->idline = p->line;
		p->cur = &p->id;
	} else if (k == 12 && memcmp(s, "msgid_plural", 12) == 0) {
		return po_fail(p, "plural forms (msgid_plural) are not "
		    "supported");
	} else if (k == 6 && memcmp(s, "msgstr", 6) == 0) {
		if (k < len && s[k] == '[')
			return po_fail(p, "plural forms (msgstr[n]) are not "
			    "supported");
		if (p->state != PS_ID)
			return po_fail(p, "msgstr without msgid");
		p->state = PS_STR;
		p->cur = &p->str;
	} else
		return po_fail(p, "text outside a string");
	if (i == len || s[i] != '"')
		return po_fail(p, "expected a string after the keyword");
	return po_string(p, s + i, len - i, p->cur);
}

/* One line without its terminator. */
static int
po_line(struct po *p, const char *s, size_t len)
{
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (memchr(s, '\0', len) != NULL)
		return po_fail(p, "NUL byte");
	if (!utf8_valid(s, len))
		return po_fail(p, "invalid UTF-8");
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (len == 0) {
		p->cur = NULL;
		return po_finish(p);
	}
	if (*s == '#')
		return po_comment(p, s, len);
	if (*s == '"') {
		if (p->cur == NULL)
			return po_fail(p, "string without a keyword");
		return po_string(p, s, len, p->cur);
	}
	return po_keyword(p, s, len);
}

int
i18n_add_po(struct i18n *t, enum lang lang, const char *name,
    const char *src, size_t len, char *err, size_t errlen)
{
	struct po p;
	struct cat c;
	size_t off = 0, n;
	const char *nl;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	memset(&c, 0, sizeof(c));
	buf_init(&p.ctxt);
	buf_init(&p.id);
	buf_init(&p.str);
	p.name = name != NULL ? name : "(catalogue)";
	p.cat = &c;
	p.err = err;
	p.errlen = errlen;
	p.line = 1;
	c.a = arena_new();

	if ((unsigned)lang >= LANG__MAX) {
		seterr(err, errlen, "%s: unknown language", p.name);
		goto fail;
	}
	if (src == NULL)
		len = 0;
	if (len > PO_MAX_FILE) {
		po_fail(&p, "file larger than 4 MiB");
		goto fail;
	}
	/* A UTF-8 byte order mark is allowed and skipped. */
	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	while (off < len) {
		nl = memchr(src + off, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - (src + off)) : len - off;
		if (po_line(&p, src + off, n) == -1)
			goto fail;
		off += n + (nl != NULL ? 1 : 0);
		if (nl != NULL && off < len)
			p.line++;
	}
	if (p.state == PS_CTXT) {
		po_fail(&p, "msgctxt without msgid");
		goto fail;
	}
	if (p.state == PS_ID) {
		po_fail(&p, "msgid without msgstr");
		goto fail;
	}
	if (po_finish(&p) == -1)
		goto fail;

	/* Replace the language's catalogue only on success. */
	cat_clear(&t->cats[lang]);
	t->cats[lang] = c;
	memset(&c, 0, sizeof(c));
	rc = 0;
fail:
	cat_clear(&c);
	buf_free(&p.ctxt);
	buf_free(&p.id);
	buf_free(&p.str);
	return rc;
}

/*
 * Reads path into *out (NUL-terminated, caller frees) refusing files over
 * PO_MAX_FILE. Returns 0 or -1 with err set.
 */
static int
i18n_read_file(const char *path, char **out, size_t *lenp, char *err,
    size_t errlen)
{
	struct buf b;
	FILE *f;
	char chunk[16384];
	size_t n;

	buf_init(&b);
	if ((f = fopen(path, "rb")) == NULL) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_append(&b, chunk, n);
		if (b.len > PO_MAX_FILE) {
			seterr(err, errlen, "%s:1: file larger than 4 MiB",
			    path);
			goto fail;
		}
	}
	if (ferror(f)) {
		seterr(err, errlen, "%s: read error", path);
		goto fail;
	}
	fclose(f);
	*out = buf_detach(&b, lenp);
	return 0;
fail:
	fclose(f);
	buf_free(&b);
	return -1;
}

int
i18n_load(struct i18n **out, const char *dir, char *err, size_t errlen)
{
	struct i18n *t = i18n_new();
	const struct embed_file *ef;
	char path[4096], *data = NULL;
	size_t i, len;
	int n;

	for (i = 0; i < LANG__MAX; i++) {
		if (dir == NULL || *dir == '\0') {
			n = snprintf(path, sizeof(path), "po/%s.po",
			    lang_codes[i]);
			if (n < 0 || (size_t)n >= sizeof(path))
				goto fail;
			if ((ef = embed_find(path)) == NULL) {
				seterr(err, errlen, "%s: not embedded", path);
				goto fail;
			}
			if (i18n_add_po(t, (enum lang)i, path,
			    (const char *)ef->data, ef->len, err,
			    errlen) == -1)
				goto fail;
			continue;
		}
		n = snprintf(path, sizeof(path), "%s/%s.po", dir,
		    lang_codes[i]);
		if (n < 0 || (size_t)n >= sizeof(path)) {
			seterr(err, errlen, "%s: path too long", dir);
			goto fail;
		}
		if (i18n_read_file(path, &data, &len, err, errlen) == -1)
			goto fail;
		if (i18n_add_po(t, (enum lang)i, path, data, len, err,
		    errlen) == -1)
			goto fail;
		free(data);
		data = NULL;
	}
	*out = t;
	return 0;
fail:
	free(data);
	i18n_free(t);
	return -1;
}

/* lang's own non-empty text for key, or NULL. */
static const char *
i18n_own(const struct i18n *t, enum lang lang, const char *key)
{
	const struct slot *s;

	if (t == NULL || key == NULL || (unsigned)lang >= LANG__MAX)
		return NULL;
	if ((s = cat_find(&t->cats[lang], key)) == NULL || *s->val == '\0')
		return NULL;
	return s->val;
}

const char *
i18n_get(const struct i18n *t, enum lang lang, const char *key)
{
	const char *v;

	if ((v = i18n_own(t, lang, key)) != NULL)
		return v;
	return i18n_own(t, LANG_ID, key);
}

int
i18n_has(const struct i18n *t, enum lang lang, const char *key)
{
	return i18n_own(t, lang, key) != NULL;
}

const char *
lang_code(enum lang lang)
{
	if ((unsigned)lang >= LANG__MAX)
		return lang_codes[LANG_ID];
	return lang_codes[lang];
}

int
lang_parse(const char *s, enum lang *out)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < LANG__MAX; i++)
		if (strcmp(s, lang_codes[i]) == 0) {
			*out = (enum lang)i;
			return 0;
		}
	return -1;
}

static int
al_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
al_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
al_ows(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Parses a qvalue ("0", "0.5", "1.000") from all of s[0..len) into
 * thousandths. Returns 0 or -1.
 */
static int
al_qvalue(const char *s, size_t len, unsigned *q)
{
	size_t i;
	unsigned v, scale = 100;

	if (len == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	v = (unsigned)(s[0] - '0') * 1000;
	if (len == 1) {
		*q = v;
		return 0;
	}
	if (s[1] != '.' || len > 5)
		return -1;
	for (i = 2; i < len; i++, scale /= 10) {
		if (!al_digit(s[i]))
			return -1;
		v += (unsigned)(s[i] - '0') * scale;
	}
	if (v > 1000)
		return -1;
	*q = v;
	return 0;
}

/*
 * Classifies one list element s[0..len) (blanks already trimmed).
 * Returns 0 with *lang (LANG__MAX for a language that is neither, or
 * "*") and *q set, or -1 when the element is malformed.
 */
static int
al_element(const char *s, size_t len, enum lang *lang, unsigned *q)
{
	size_t i = 0, sub, name;
	int qseen = 0;

	*q = 1000;
	if (len > 0 && s[0] == '*')
		i = 1;
	else {
		for (sub = 0; i < len && al_alpha(s[i]); i++)
			sub++;
		if (sub < 1 || sub > 8)
			return -1;
		while (i < len && s[i] == '-') {
			for (i++, sub = 0; i < len && (al_alpha(s[i]) ||
			    al_digit(s[i])); i++)
				sub++;
			if (sub < 1 || sub > 8)
				return -1;
		}
	}
	name = i;
	while (i < len) {
		size_t k, v;

		while (i < len && al_ows(s[i]))
			i++;
		if (i == len || s[i] != ';')
			return -1;
		for (i++; i < len && al_ows(s[i]); i++)
			;
		if (qseen || len - i < 2 || (s[i] != 'q' && s[i] != 'Q') ||
		    s[i + 1] != '=')
			return -1;
		for (v = i + 2, k = v; k < len && s[k] != ';' &&
		    !al_ows(s[k]); k++)
			;
		if (al_qvalue(s + v, k - v, q) == -1)
			return -1;
		qseen = 1;
		i = k;
	}
	*lang = LANG__MAX;
	if (name == 1 && s[0] == '*')
		return 0;
	if (name >= 2 && (name == 2 || s[2] == '-')) {
		if (strncasecmp(s, "id", 2) == 0 || strncasecmp(s, "in", 2) == 0)
			*lang = LANG_ID;
		else if (strncasecmp(s, "en", 2) == 0)
			*lang = LANG_EN;
	}
	return 0;
}

enum lang
lang_from_accept(const char *hdr)
{
	enum lang best = LANG_ID, l;
	unsigned bestq = 0, q;
	size_t len, i, j, a, b;

	if (hdr == NULL || (len = strnlen(hdr, AL_MAX + 1)) > AL_MAX)
		return LANG_ID;
	for (i = 0; i < len; i = j + 1) {
		for (j = i; j < len && hdr[j] != ','; j++)
			;
		for (a = i; a < j && al_ows(hdr[a]); a++)
			;
		for (b = j; b > a && al_ows(hdr[b - 1]); b--)
			;
		if (a == b || al_element(hdr + a, b - a, &l, &q) == -1)
			continue;
		if (l != LANG__MAX && q > bestq) {
			best = l;
			bestq = q;
		}
	}
	return best;
}
