/*
 * db_audit.h: the store's part of the audit trail (db_audit.c): rows as
 * stored, with their action and object as text codes, appended under
 * the write lock and read back in id order (to verify the chain) or
 * newest first through a filter (to browse it). The chain itself (codes,
 * canonical form, hashing, checks) is audit.c's; the store only keeps
 * the rows and never judges them.
 */
#ifndef WBS_DB_AUDIT_H
#define WBS_DB_AUDIT_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define DB_AUDIT_CODE_MAX	32	/* action and object codes */
#define DB_AUDIT_DETAIL_MAX	63

/*
 * A stored row. When a value read back does not fit its field (a row
 * altered behind the store's back), bad is set and the fields it
 * concerns are left empty or zero: the row is still returned, so that
 * a check can name it.
 */
struct db_audit_row {
	int64_t		 id;
	int64_t		 at;
	int64_t		 actor;
	char		 action[DB_AUDIT_CODE_MAX + 1];
	char		 object_type[DB_AUDIT_CODE_MAX + 1];
	int64_t		 object_id;
	char		 detail[DB_AUDIT_DETAIL_MAX + 1];
	unsigned char	 prev[32];
	unsigned char	 hash[32];
	int		 bad;
};

/*
 * Appends row in one write transaction: reads the last row's id and
 * hash, sets row->id to the next id and row->prev to that hash (32 zero
 * bytes before the first row), calls seal(arg, row) to fill row->hash,
 * and inserts the row with that explicit id. Returns 0 or -1 (logged;
 * nothing stored).
 */
int	 db_audit_append(struct db *, struct db_audit_row *row,
	    void (*seal)(void *, struct db_audit_row *), void *arg);

/*
 * Reads at most max rows with ids from from_id on, in id order, into a
 * malloc'd array (NULL when there are none). Returns 0 or -1 (logged).
 */
int	 db_audit_range(struct db *, int64_t from_id, size_t max,
	    struct db_audit_row **out, size_t *np);

/* A filter on the stored form; empty codes and zero values: any. */
struct db_audit_query {
	int64_t		 actor;
	char		 action[DB_AUDIT_CODE_MAX + 1];
	char		 object_type[DB_AUDIT_CODE_MAX + 1];
	int64_t		 object_id;
	int64_t		 from, to;	/* at >= from, at <= to */
	int64_t		 before_id;	/* ids below this; 0: newest */
	unsigned	 limit;		/* 1..200 */
};

/* The rows matching q, newest first, as db_audit_range(). */
int	 db_audit_query(struct db *, const struct db_audit_query *q,
	    struct db_audit_row **out, size_t *np);

enum db_audit_name {
	DB_AUDIT_NAME_REPORT,	/* registration number */
	DB_AUDIT_NAME_USER,	/* username */
	DB_AUDIT_NAME_UNIT	/* unit code */
};

/*
 * The name an auditor reads for an object (no other column is read).
 * Returns 1 found (out set), 0 absent, -1 error or too long for out.
 */
int	 db_audit_name(struct db *, enum db_audit_name, int64_t id, char *out,
	    size_t outlen);

#endif
