/*
 * i18n.h: languages and translation catalogues. Catalogues are gettext
 * .po files (po/id.po, po/en.po) whose msgids are stable keys such as
 * "home.title" and whose msgstrs are the text. Indonesian is the default
 * and the fallback: a key missing or empty in English is looked up in
 * Indonesian. Fuzzy entries are ignored.
 */
#ifndef WBS_I18N_H
#define WBS_I18N_H

#include <stddef.h>

enum lang {
	LANG_ID,	/* Bahasa Indonesia, the default */
	LANG_EN,
	LANG__MAX
};

struct i18n;

/*
 * Loads "<code>.po" for every language from dir, or from the embedded
 * po/ when dir is NULL or empty. A malformed file is refused with
 * "FILE:LINE: reason". Returns 0 or -1 with err set.
 */
int		 i18n_load(struct i18n **, const char *dir, char *err,
		    size_t errlen);
void		 i18n_free(struct i18n *);
/*
 * Parses one catalogue from memory into lang (used by i18n_load and the
 * tests/fuzzers). Returns 0 or -1 with err set.
 */
struct i18n	*i18n_new(void);
int		 i18n_add_po(struct i18n *, enum lang, const char *name,
		    const char *src, size_t len, char *err, size_t errlen);

/* The text for key in lang, falling back to Indonesian; NULL if neither has it. */
const char	*i18n_get(const struct i18n *, enum lang, const char *key);
/* 1 if lang's own catalogue has a non-empty entry for key. */
int		 i18n_has(const struct i18n *, enum lang, const char *key);

/* "id" / "en"; parse returns 0 or -1. */
const char	*lang_code(enum lang);
int		 lang_parse(const char *, enum lang *);
/*
 * The best language for an Accept-Language header value (q-values
 * honoured, "id", "id-ID", "in" count as Indonesian, "en-*" as English);
 * LANG_ID when the header is NULL, empty, malformed or names neither.
 */
enum lang	 lang_from_accept(const char *);

#endif
