/*
 * db_schema.h: the store's versioned migrations. Engine-neutral SQL that
 * every store engine (db_sqlite.c now, PostgreSQL later) applies in order.
 */
#ifndef WBS_DB_SCHEMA_H
#define WBS_DB_SCHEMA_H

/*
 * db_migrations[i] brings the schema from version i to version i + 1.
 * Each entry is one script of ';'-separated statements that an engine
 * runs inside its own transaction; scripts never hold BEGIN or COMMIT
 * and never change once released: a schema change is a new entry.
 */
extern const char *const db_migrations[];
extern const int	 db_migrations_count;

#endif
