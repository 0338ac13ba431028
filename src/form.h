/*
 * form.h: whitelisted form fields and their validators. A route declares
 * its fields (name, kind, length limits, required); the HTTP layer feeds
 * parsed key/value chunks into a struct form; fields not in the list are
 * dropped; then form_validate() checks every field, so that a handler
 * reads only typed, checked values. Pure: no I/O.
 */
#ifndef WBS_FORM_H
#define WBS_FORM_H

#include <stddef.h>
#include <stdint.h>

struct arena;

enum form_kind {
	FORM_TEXT,	/* multi-line text: printable, TAB and LF (CRLF -> LF) */
	FORM_LINE,	/* one line: no control characters; trimmed */
	FORM_TOKEN,	/* [A-Za-z0-9_-] only */
	FORM_DIGITS,	/* digits; spaces and dashes are dropped */
	FORM_BOOL,	/* checkbox: absent = false, "1"/"on"/"true" = true */
	FORM_ENUM,	/* one of the field's choices */
	FORM_SECRET,	/* a password: no control characters, not trimmed */
	FORM__MAX
};

struct form_field {
	const char		*name;
	enum form_kind		 kind;
	size_t			 min_len;	/* after normalisation: characters */
	size_t			 max_len;	/* for TEXT/LINE/SECRET, else bytes */
	int			 required;
	const char *const	*choices;	/* FORM_ENUM: NULL-terminated */
};

enum form_err {
	FORM_OK,
	FORM_ERR_REQUIRED,
	FORM_ERR_TOO_LONG,
	FORM_ERR_TOO_SHORT,
	FORM_ERR_UTF8,
	FORM_ERR_CHARSET,
	FORM_ERR_INVALID,	/* duplicate, not a choice, bad bool */
	FORM_ERR__MAX
};

#define FORM_MAX_FIELDS		32
#define FORM_MAX_UNKNOWN	64	/* more unknown keys: the form is invalid */

struct form_value {
	char		*val;		/* NUL-terminated; "" when absent */
	size_t		 len;
	char		*raw;		/* as received (kept for form_raw) */
	size_t		 rawlen;
	size_t		 rawcap;
	int		 normalised;	/* val holds the normalised form */
	int		 present;
	int		 overflow;	/* raw input exceeded the limit */
	int		 done;		/* a later key of another name was seen */
	enum form_err	 err;
};

struct form {
	const struct form_field	*fields;
	size_t			 nfields;
	struct form_value	 v[FORM_MAX_FIELDS];
	size_t			 unknown;
	int			 nerrors;
};

void	 form_init(struct form *, const struct form_field *, size_t n);
/*
 * Appends a chunk of the value of key (chunks of one value arrive in
 * order, off being the offset of this chunk). Unknown keys are counted
 * and dropped; input beyond a field's limit is not stored. Never fails.
 */
void	 form_feed(struct form *, struct arena *, const char *key,
	    const char *data, uint64_t off, size_t size);
/*
 * Normalises and checks every field; returns the number of fields in
 * error (0 when the form is valid).
 */
int	 form_validate(struct form *, struct arena *);

/* The value of field i (after form_validate); "" when absent. */
const char *form_get(const struct form *, size_t i);
int	 form_bool(const struct form *, size_t i);
/*
 * The value of field i as received (normalised when that succeeded),
 * even when it is in error: to show the visitor what they typed.
 */
const char *form_raw(const struct form *, size_t i);
/* The field index for a name, or -1. */
int	 form_index(const struct form *, const char *name);

/* Translation key of an error, e.g. "form.error.too_long". */
const char *form_err_key(enum form_err);

#endif
