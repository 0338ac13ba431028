/*
 * db.h: the store interface. Callers use only these functions; the
 * engine (SQLite now, db_sqlite.c; PostgreSQL later) stays behind it.
 * All functions are safe to call from several threads at once.
 * Functions return 0 on success and -1 on error unless stated otherwise;
 * errors are logged without any stored value.
 */
#ifndef WBS_DB_H
#define WBS_DB_H

#include <stddef.h>

struct db;

/*
 * Opens (and, with create, creates) the store at path, applies the
 * pragmas and every pending migration. Returns 0 or -1 with err set.
 */
int	 db_open(struct db **, const char *path, int create, char *err,
	    size_t errlen);
void	 db_close(struct db *);

/* The highest applied migration, and the newest this binary knows. */
int	 db_schema_version(struct db *, int *);
int	 db_schema_latest(void);

/* Small key/value settings table. Returns 1 found, 0 absent, -1 error. */
int	 db_meta_get(struct db *, const char *key, char *out, size_t outlen);
int	 db_meta_set(struct db *, const char *key, const char *value);

#endif
