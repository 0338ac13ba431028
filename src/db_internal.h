/*
 * db_internal.h: the store's internal statement API, shared by the engine
 * file (db_sqlite.c, the only one that includes the engine's header) and
 * the files that implement parts of db.h on top of it (db_accounts.c,
 * db_reports.c, db_files.c, db_workflow.c, db_audit.c, db_case.c,
 * db_records.c, with the helpers they share in db_util.c).
 * Nothing outside the store includes this header.
 *
 * Every SQL statement is named by enum stmt and declared once, in the
 * table db_stmts[] (db_stmts.c). A caller takes a connection
 * from the pool, binds parameters to a statement by index, steps it,
 * reads columns, and gives the connection back:
 *
 *	c = db_acquire(db);
 *	db_bind_int(c, STMT_X, 1, id);
 *	switch (db_step(c, STMT_X)) { ... }
 *	db_release(c);
 *
 * Errors are sticky: a failed bind makes the next db_step() of the
 * connection return DB_ERROR without running anything, so a series of
 * binds need not be checked one by one. db_errstr() names the last
 * error (engine text only, never a value). Text and blob parameters are
 * borrowed until the statement is reset; db_release() resets every
 * statement the connection used and clears its parameters.
 */
#ifndef WBS_DB_INTERNAL_H
#define WBS_DB_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct db_conn;
struct db_event;
struct db_file;

enum stmt {
	/* db_sqlite.c: transactions, migrations, settings */
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_MIGRATIONS_EXIST,
	STMT_SCHEMA_VERSION,
	STMT_MIGRATION_ADD,
	STMT_META_GET,
	STMT_META_SET,
	/* db_accounts.c: users */
	STMT_USER_CREATE,
	STMT_USER_BY_NAME,
	STMT_USER_BY_ID,
	STMT_USER_BY_ENROL,
	STMT_USER_UPDATE_KEYS,
	STMT_USER_TOTP_STEP,
	STMT_USER_SET_STATUS,
	STMT_USER_SET_ROLES,
	STMT_USER_LIST,
	STMT_USER_COUNT_ROLE,
	/* db_accounts.c: units and membership */
	STMT_UNIT_CREATE,
	STMT_UNIT_BY_CODE,
	STMT_UNIT_LIST,
	STMT_UNIT_ADD_MEMBER,
	STMT_UNIT_REMOVE_MEMBER,
	STMT_USER_UNITS,
	/* db_accounts.c: sessions */
	STMT_SESSION_CREATE,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_OTHERS,
	STMT_SESSION_DELETE_USER,
	STMT_SESSION_EXPIRE,
	/* db_reports.c: reports and their keys */
	STMT_REPORT_LOOKUP_TAKEN,
	STMT_REPORT_NEXT_SEQ,
	STMT_REPORT_CREATE,
	STMT_CODE_COST_ADD,
	STMT_CODE_COST_LIST,
	STMT_CODE_COST_LEGACY,
	STMT_CODE_COST_DROP_LEGACY,
	STMT_REPORT_BY_LOOKUP,
	STMT_REPORT_BY_ID,
	STMT_REPORT_BY_REG,
	STMT_REPORT_LIST_FOR_USER,
	STMT_REPORT_COUNT_SINCE,
	STMT_REPORT_KEY_ADD,
	STMT_REPORT_KEY_GET,
	STMT_IDENTITY_KEY_ADD,
	STMT_USER_KEYS_BY_ROLE,
	/* db_files.c: files, messages, events */
	STMT_FILE_ADD,
	STMT_FILE_LIST,
	STMT_FILE_BY_ID,
	STMT_MESSAGE_ADD,
	STMT_MESSAGE_PAGE,
	STMT_REPORT_FILE_TOTALS,
	STMT_MESSAGE_LIST,
	STMT_EVENT_ADD,
	STMT_EVENT_LIST,
	/* db_reports.c: reporter sessions */
	STMT_RSESSION_CREATE,
	STMT_RSESSION_GET,
	STMT_RSESSION_TOUCH,
	STMT_RSESSION_DELETE,
	STMT_RSESSION_EXPIRE,
	/* db_workflow.c: stage changes */
	STMT_REPORT_TRANSITION,
	/* db_audit.c: the audit trail */
	STMT_AUDIT_LAST,
	STMT_AUDIT_ADD,
	STMT_AUDIT_RANGE,
	STMT_AUDIT_LIST,
	STMT_AUDIT_LIST_ACTOR,
	STMT_AUDIT_LIST_ACTION,
	STMT_AUDIT_LIST_OBJECT,
	STMT_AUDIT_LIST_TIME,
	STMT_AUDIT_NAME_REPORT,
	STMT_AUDIT_NAME_USER,
	STMT_AUDIT_NAME_UNIT,
	/* db_case.c: assessment, forwarding (key grants) */
	STMT_ASSESSMENT_SET,
	STMT_ASSESSMENT_GET,
	STMT_REPORT_SET_UNIT,
	STMT_REPORT_UNIT,
	STMT_UNIT_BY_ID,
	STMT_REPORT_MISSING_GRANTS,
	STMT_REPORT_KEYS_REMOVE_UNIT,
	/* db_records.c: case records, identity custody, dashboard pages */
	STMT_CASE_RECORD_ADD,
	STMT_CASE_RECORD_LIST,
	STMT_CASE_RECORD_LATEST,
	STMT_IDREQ_CREATE,
	STMT_IDREQ_GET,
	STMT_IDREQ_LIST_PENDING,
	STMT_IDREQ_LIST_REPORT,
	STMT_IDREQ_DECIDE,
	STMT_IDREQ_APPROVED_FOR,
	STMT_IDENTITY_SOLE_CUSTODY,
	STMT_IDENTITY_KEY_GET,
	STMT_REPORT_UNREAD,
	STMT_USER_REPORT_KEYS_DELETE,
	STMT_USER_IDENTITY_KEYS_DELETE,
	STMT_CASE_PAGE,
	STMT_CASE_PAGE_REG,
	STMT_CASE_PAGE_PLAN,
	STMT_CASE_PAGE_REG_PLAN,
	STMT_CASE_PAGE_ASC,
	STMT_CASE_PAGE_ASC_PLAN,
	STMT__MAX
};

/*
 * db_stmts.c: the text of every statement, indexed by enum stmt. The
 * engine refuses to open when an entry is NULL.
 */
extern const char *const db_stmts[STMT__MAX];

/* What db_step() returns. */
enum db_step {
	DB_ERROR = -1,
	DB_DONE = 0,		/* finished; no (more) rows */
	DB_ROW = 1,		/* a row is ready for db_col_*() */
	DB_DUPLICATE = 2	/* a UNIQUE or PRIMARY KEY constraint refused */
};

/* Takes a connection from the pool, waiting while all are in use. */
struct db_conn	*db_acquire(struct db *);
/* Resets the statements c used, clears their parameters, returns c. */
void		 db_release(struct db_conn *);

/*
 * Binding parameter idx (from 1) of statement s. Return 0 or -1; after
 * -1 the connection's next db_step() fails too. A NULL blob (or text)
 * binds SQL NULL.
 */
int		 db_bind_int(struct db_conn *, enum stmt, int idx, int64_t);
int		 db_bind_text(struct db_conn *, enum stmt, int idx,
		    const char *);
int		 db_bind_blob(struct db_conn *, enum stmt, int idx,
		    const void *, size_t);
int		 db_bind_null(struct db_conn *, enum stmt, int idx);

/*
 * Runs s one step. Returns DB_ROW, DB_DONE, DB_DUPLICATE or DB_ERROR
 * (any other failure, including other constraints: CHECK, NOT NULL,
 * FOREIGN KEY).
 */
enum db_step	 db_step(struct db_conn *, enum stmt);
/* Rewinds s and clears its parameters, so that it can run again. */
void		 db_reset(struct db_conn *, enum stmt);

/*
 * Columns (from 0) of the current row. db_col_int() gives 0 for NULL.
 * db_col_text() copies a value into out of size bytes with its NUL and
 * returns 0, or -1 when it does not fit or holds a NUL byte (NULL reads
 * as ""). db_col_blob() copies up to size bytes, zero-fills the rest of
 * out, stores the length in *len and returns 0, or -1 when the value is
 * longer than size (NULL reads as length 0). Nothing is ever truncated.
 */
int64_t		 db_col_int(struct db_conn *, enum stmt, int col);
int		 db_col_text(struct db_conn *, enum stmt, int col, char *out,
		    size_t size);
int		 db_col_blob(struct db_conn *, enum stmt, int col, void *out,
		    size_t size, size_t *len);

/*
 * A write transaction (taking the write lock at once), its commit and
 * its rollback; rollback is a no-op outside a transaction.
 */
int		 db_begin(struct db_conn *);
int		 db_commit(struct db_conn *);
void		 db_rollback(struct db_conn *);

/* The id of the row the last INSERT made; rows the last write changed. */
int64_t		 db_last_id(struct db_conn *);
int		 db_changes(struct db_conn *);

/* The last error on c, as the engine's generic text. */
const char	*db_errstr(struct db_conn *);

/* --- db_util.c: helpers on top of the statement API -------------------- */

/* Returns 1 when s holds between min and max bytes before its NUL. */
int		 db_len_ok(const char *s, size_t min, size_t max);
/*
 * Grows the array p of *cap elements of size bytes by half or more
 * (to 8 at least); sets *cap. Aborts on overflow or out of memory.
 */
void		*db_grow(void *p, size_t *cap, size_t size);
/* Reads a fixed-size blob that must hold exactly size bytes; 0 or -1. */
int		 db_col_exact(struct db_conn *, enum stmt, int col,
		    void *out, size_t size);
/* Reads an integer column that must lie in [min, max]; 0 or -1. */
int		 db_col_range(struct db_conn *, enum stmt, int col,
		    int64_t min, int64_t max, int64_t *out);
/*
 * Runs the write s (bound) to completion and releases c. Returns 0, or
 * -1 (logged as "op: error").
 */
int		 db_run_write(struct db_conn *, enum stmt, const char *op);
/*
 * Runs the query s (bound), which must give a row, reads its first
 * column into *out and releases c. Returns 0, or -1 (logged).
 */
int		 db_query_int(struct db_conn *, enum stmt, int64_t *out,
		    const char *op);
/*
 * Runs the query s (bound) one step. Returns 1 when a row is ready, 0
 * when there is none, -1 on error (logged as "op: error").
 */
int		 db_step_row(struct db_conn *, enum stmt, const char *op);

/*
 * Encrypted records (content, identity, file meta, message bodies,
 * event notes) hold at most DB_RECORD_MAX (1 MiB) bytes.
 * db_record_ok() returns 1 when one is present and not too long,
 * db_opt_record_ok() when one is absent (NULL, 0) or valid.
 */
int		 db_record_ok(const unsigned char *, size_t);
int		 db_opt_record_ok(const unsigned char *, size_t);
/*
 * Reads an encrypted record whose length is column col and whose value
 * is column col + 1 into a malloc'd copy; NULL (or empty) reads as NULL
 * with length 0. Longer than DB_RECORD_MAX, or not matching its
 * length, is an error (-1).
 */
int		 db_col_record(struct db_conn *, enum stmt, int col,
		    unsigned char **out, size_t *outlen);
/* Binds an optional record: SQL NULL when it is empty. */
void		 db_bind_opt_record(struct db_conn *, enum stmt, int idx,
		    const unsigned char *, size_t);
/*
 * Ends a single write whose step gave r: logs a failure and releases
 * c. Returns 0, or -1 when r is not DB_DONE.
 */
int		 db_write_done(struct db_conn *, enum db_step r,
		    const char *op);

/*
 * How to read one row into an element of size bytes, and to clear it
 * (free what it holds; the element itself is not freed). read() returns
 * 0, or -1 when a value is out of bounds, leaving nothing to clear.
 * what names the row in the log ("stored <what> out of bounds").
 */
struct db_rowtype {
	size_t		  size;
	int		(*read)(struct db_conn *, enum stmt, void *);
	void		(*clear)(void *);
	const char	 *what;
};

/*
 * Reads every row of s (parameters bound) into a malloc'd array and
 * releases c, so that a callback over the rows may use the store
 * itself. Returns 0 with *out (NULL when there are no rows) and *np,
 * or -1 (logged; nothing to free).
 */
int		 db_collect(struct db_conn *, enum stmt,
		    const struct db_rowtype *, void **out, size_t *np,
		    const char *op);
/*
 * Reads the rows of the listing s of one report (its id the only
 * parameter) into *out and *np, as db_collect() does.
 */
int		 db_report_rows(struct db *, enum stmt, int64_t report_id,
		    const struct db_rowtype *, void **out, size_t *np,
		    const char *op);
/* Clears the n elements of the array v of type t and frees it. */
void		 db_rows_free(const struct db_rowtype *, void *v, size_t n);
/*
 * Runs the single-row query s (parameters bound) into out and releases
 * c. Returns 1 found, 0 absent, -1 error (logged); out is zeroed unless
 * found, so that clearing it is always safe.
 */
int		 db_fetch_one(struct db_conn *, enum stmt,
		    const struct db_rowtype *, void *out, const char *op);

/*
 * db_reports.c: the reader of report rows (REPORT_COLS, or
 * REPORT_META_COLS for metadata only), an element: struct db_report.
 */
extern const struct db_rowtype db_report_type;

/*
 * db_files.c: the parts of a report that db_report_create() also
 * inserts, in its transaction. db_file_ok() returns 1 when f is a valid
 * file record. db_file_insert() inserts f (report_id set) and sets
 * f->id; db_event_insert() inserts e and sets e->id. Both reset their
 * statement and return what the step did.
 */
int		 db_file_ok(const struct db_file *);
enum db_step	 db_file_insert(struct db_conn *, struct db_file *);
enum db_step	 db_event_insert(struct db_conn *, struct db_event *);

#endif
