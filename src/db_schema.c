/*
 * db_schema.c: the ordered list of schema migrations (see db_schema.h)
 * and db_schema_latest(). SQL here stays portable between SQLite and
 * PostgreSQL: standard types, no engine-only syntax.
 */
#include "db.h"
#include "db_schema.h"
#include "util.h"

const char *const db_migrations[] = {
	/* 1: migration bookkeeping and the settings table. */
	"CREATE TABLE schema_migrations ("
	"  version INTEGER PRIMARY KEY,"
	"  applied_at TEXT NOT NULL"
	");"
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	");",
};

const int db_migrations_count = (int)NELEM(db_migrations);

int
db_schema_latest(void)
{
	return db_migrations_count;
}
