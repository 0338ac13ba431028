/*
 * report.h: the reporter's use cases: submitting a report with evidence,
 * logging in with the access code, reading the report's timeline and
 * messages, replying, adding evidence; and the handler's side of the
 * message thread. One function per use case.
 *
 * Keys (DESIGN.md, "Confidentiality"): each report has a random report
 * key; its content, messages, file names and files are encrypted under
 * subkeys of it. The report key is sealed to every reviewer and to the
 * key pair derived from the access code. The optional identity is
 * encrypted under a separate identity key sealed only to the custodians.
 * The access code is never stored: only a pepper-keyed hash of its
 * Argon2id output, for the lookup.
 */
#ifndef WBS_REPORT_H
#define WBS_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "crypto.h"
#include "db.h"

struct app;
struct auth_session;
struct auth_source;
struct upload;

/* The text fields of a report, in this order everywhere. */
enum report_field {
	RF_TITLE, RF_WHAT, RF_WHO, RF_WHERE, RF_WHEN, RF_WHY, RF_HOW,
	RF_UNIT, RF_PERIOD, RF__MAX
};
enum identity_field {
	IF_NAME, IF_ID_NUMBER, IF_CONTACT, IF__MAX
};
extern const char *const report_field_names[RF__MAX];
extern const char *const identity_field_names[IF__MAX];

struct report_input {
	const char	*category;
	const char	*text[RF__MAX];
	const char	*identity[IF__MAX];	/* all empty: anonymous */
	int		 solved_pow;		/* a proof-of-work was solved */
};

enum report_result {
	REPORT_OK,
	REPORT_NO_REVIEWER,	/* nobody could read it: refused */
	REPORT_LIMIT,		/* per-source or global ceiling */
	REPORT_BUSY,		/* too many Argon2id runs at once */
	REPORT_FILE,		/* an evidence file was refused (see upload) */
	REPORT_FAIL,		/* wrong code or session: one answer */
	REPORT_THROTTLED,	/* too many tries (wrong codes; or messages and
				   uploads to one report): *retry_after */
	REPORT_QUOTA,		/* the report's evidence is at its limit */
	REPORT_INVALID,		/* a value out of bounds (e.g. category) */
	REPORT_ERROR		/* internal; nothing was stored */
};

/* What the reporter is shown once, right after submitting. */
struct report_receipt {
	char	registration[DB_REG_MAX + 1];
	char	code[25];		/* "dddd dddd dddd dddd dddd" */
	char	category[DB_CODE_MAX + 1];
	int64_t	created_at;
	char	token[CRYPTO_TOKEN_TEXT];	/* a reporter session */
	unsigned retry_after;		/* REPORT_LIMIT: seconds to wait */
};

/* A reporter's session (cookie or bearer token), loaded per request. */
struct report_session {
	int64_t		 report_id;
	unsigned char	 id_hash[32];
	unsigned char	 token[CRYPTO_TOKEN_BYTES];
	unsigned char	 key[CRYPTO_KEY_BYTES];	/* the report key */
	char		 csrf[CRYPTO_TOKEN_TEXT];
};

/* 1 if code is one of the configured categories. */
int		 report_category_valid(const struct app *, const char *code);

/*
 * Stores a report durably (content, keys, files) and only then fills the
 * receipt with its registration number and access code. On any failure
 * nothing remains stored. up may be NULL (no files).
 */
enum report_result report_submit(struct app *, const struct auth_source *,
		    const struct report_input *, struct upload *up,
		    int remove_metadata, struct report_receipt *);
/*
 * Access code -> a new reporter session token. REPORT_THROTTLED sets
 * *retry_after (seconds).
 */
enum report_result report_login(struct app *, const struct auth_source *,
		    const char *code, char token[CRYPTO_TOKEN_TEXT],
		    unsigned *retry_after);
/*
 * Reads the access-code costs: the configured one and those of stored
 * reports (giving reports made before costs were kept the [auth] cost).
 * Called once by app_open. Returns 0 or -1.
 */
int		 report_costs_load(struct app *);
/* 1 valid, 0 none or expired, -1 error. Wipe with report_session_wipe. */
int		 report_session_load(struct app *, const char *token,
		    time_t now, struct report_session *);
void		 report_session_wipe(struct report_session *);
enum report_result report_logout(struct app *, const struct report_session *);

/* The decrypted report, for the status page and the case page. */
struct report_view {
	struct db_report	 meta;		/* content blobs cleared */
	char			*text[RF__MAX];	/* malloc'd, NUL-terminated */
	int			 has_identity;
};
enum report_result report_view_load(struct app *, int64_t report_id,
		    const unsigned char key[CRYPTO_KEY_BYTES],
		    struct report_view *);
void		 report_view_free(struct report_view *);

/*
 * Visits the newest `limit` decrypted messages with ids below before_id
 * (0: the newest), oldest first, so that no thread makes a page too
 * long; *older is the before_id of the page before (0: none).
 */
#define REPORT_MESSAGES_PAGE	50
enum report_result report_messages(struct app *, int64_t report_id,
		    const unsigned char key[CRYPTO_KEY_BYTES],
		    int64_t before_id, unsigned limit,
		    int (*fn)(void *, const struct db_message *, const char *body),
		    void *arg, int64_t *older);
/* Visits the files with their decrypted names. */
struct report_file_info {
	int64_t		 id;
	char		 name[256];
	char		 mime[128];
	uint64_t	 size;
	int		 metadata_removed;
	int		 by_reporter;
	int64_t		 created_at;
};
enum report_result report_files(struct app *, int64_t report_id,
		    const unsigned char key[CRYPTO_KEY_BYTES],
		    int (*fn)(void *, const struct report_file_info *), void *arg);
/*
 * Opens file file_id of report report_id for reading with the report
 * key: its meta record gives the file's own key. Fills info. Returns
 * REPORT_OK with *out to be closed by filestore_close, REPORT_FAIL
 * when there is no such file in that report, REPORT_ERROR when the
 * record or the stored file does not open (damaged, missing).
 */
struct filestore_reader;
enum report_result report_file_open(struct app *,
		    const unsigned char report_key[CRYPTO_KEY_BYTES],
		    int64_t report_id, int64_t file_id,
		    struct filestore_reader **out, struct report_file_info *info);

/*
 * The reporter writes to the handlers. At most a few messages a minute
 * per report (REPORT_THROTTLED with *retry_after).
 */
enum report_result report_reply(struct app *, const struct report_session *,
		    const char *body, unsigned *retry_after);
/*
 * The reporter adds evidence: a few uploads an hour per report
 * (REPORT_THROTTLED), and at most [reports] max_report_files files and
 * max_report_mb of them per report (REPORT_QUOTA).
 */
enum report_result report_add_files(struct app *,
		    const struct report_session *, struct upload *,
		    int remove_metadata, unsigned *retry_after);
/*
 * A handler writes to the reporter: the report key is opened with the
 * handler's own private key (so only a handler holding a sealed key can).
 */
enum report_result report_staff_message(struct app *,
		    const struct auth_session *, int64_t report_id,
		    const char *body);
/* The report key of report_id for a staff session, into key. */
enum report_result report_staff_key(struct app *, const struct auth_session *,
		    int64_t report_id, unsigned char key[CRYPTO_KEY_BYTES]);

#endif
