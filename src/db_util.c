/*
 * db_util.c: helpers shared by the files that implement the store on the
 * statement API of db_internal.h (db_accounts.c, db_reports.c,
 * db_files.c and the engine file): bounds checks of values, checked
 * column reads, encrypted records (bounded by DB_RECORD_MAX) read into
 * malloc'd copies, writes and single-value queries run to completion,
 * and the reading of rows into arrays (or one struct) before the caller
 * looks at them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "log.h"
#include "util.h"

#define DB_RECORD_MAX	(1024 * 1024)	/* one encrypted record */

int
db_len_ok(const char *s, size_t min, size_t max)
{
	size_t n = strnlen(s, max + 1);

	return n >= min && n <= max;
}

void *
db_grow(void *p, size_t *cap, size_t size)
{
	size_t n = *cap < 8 ? 8 : *cap + *cap / 2;

	if (n > SIZE_MAX / size)
		abort();
	p = xrealloc(p, n * size);
	*cap = n;
	return p;
}

int
db_col_exact(struct db_conn *c, enum stmt s, int col, void *out, size_t size)
{
	size_t len;

	if (db_col_blob(c, s, col, out, size, &len) == -1)
		return -1;
	return len == size ? 0 : -1;
}

int
db_col_range(struct db_conn *c, enum stmt s, int col, int64_t min,
    int64_t max, int64_t *out)
{
	int64_t v = db_col_int(c, s, col);

	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
db_run_write(struct db_conn *c, enum stmt s, const char *op)
{
	int ret = 0;

	if (db_step(c, s) != DB_DONE) {
		log_warnx("%s: %s", op, db_errstr(c));
		ret = -1;
	}
	db_release(c);
	return ret;
}

int
db_query_int(struct db_conn *c, enum stmt s, int64_t *out, const char *op)
{
	int ret = -1;

	if (db_step(c, s) != DB_ROW) {
		log_warnx("%s: %s", op, db_errstr(c));
		goto done;
	}
	*out = db_col_int(c, s, 0);
	ret = 0;
done:
	db_release(c);
	return ret;
}

int
db_collect(struct db_conn *c, enum stmt s, const struct db_rowtype *t,
    void **out, size_t *np, const char *op)
{
	unsigned char *v = NULL;
	size_t n = 0, cap = 0;
	enum db_step r;
	int ret = -1;

	while ((r = db_step(c, s)) == DB_ROW) {
		if (n == cap)
			v = db_grow(v, &cap, t->size);
		if (t->read(c, s, v + n * t->size) == -1) {
			log_warnx("%s: stored %s out of bounds", op, t->what);
			goto done;
		}
		n++;
	}
	if (r != DB_DONE) {
		log_warnx("%s: %s", op, db_errstr(c));
		goto done;
	}
	ret = 0;
done:
	db_release(c);
	if (ret == -1) {
		db_rows_free(t, v, n);
		v = NULL;
		n = 0;
	}
	*out = v;
	*np = n;
	return ret;
}

void
db_rows_free(const struct db_rowtype *t, void *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		t->clear((unsigned char *)v + i * t->size);
	free(v);
}

int
db_step_row(struct db_conn *c, enum stmt s, const char *op)
{
	switch (db_step(c, s)) {
	case DB_ROW:
		return 1;
	case DB_DONE:
		return 0;
	default:
		log_warnx("%s: %s", op, db_errstr(c));
		return -1;
	}
}

int
db_fetch_one(struct db_conn *c, enum stmt s, const struct db_rowtype *t,
    void *out, const char *op)
{
	int ret;

	memset(out, 0, t->size);
	ret = db_step_row(c, s, op);
	if (ret == 1 && t->read(c, s, out) == -1) {
		log_warnx("%s: stored %s out of bounds", op, t->what);
		ret = -1;
	}
	db_release(c);
	return ret;
}

int
db_record_ok(const unsigned char *p, size_t len)
{
	return p != NULL && len > 0 && len <= DB_RECORD_MAX;
}

int
db_opt_record_ok(const unsigned char *p, size_t len)
{
	return len == 0 || db_record_ok(p, len);
}

int
db_col_record(struct db_conn *c, enum stmt s, int col, unsigned char **out,
    size_t *outlen)
{
	int64_t n = db_col_int(c, s, col);
	unsigned char *p;
	size_t len;

	*out = NULL;
	*outlen = 0;
	if (n < 0 || n > DB_RECORD_MAX)
		return -1;
	if (n == 0)
		return 0;
	p = xmalloc((size_t)n);
	if (db_col_blob(c, s, col + 1, p, (size_t)n, &len) == -1 ||
	    len != (size_t)n) {
		free(p);
		return -1;
	}
	*out = p;
	*outlen = len;
	return 0;
}

void
db_bind_opt_record(struct db_conn *c, enum stmt s, int idx,
    const unsigned char *p, size_t len)
{
	if (len == 0)
		db_bind_null(c, s, idx);
	else
		db_bind_blob(c, s, idx, p, len);
}

int
db_write_done(struct db_conn *c, enum db_step r, const char *op)
{
	int ret = 0;

	if (r != DB_DONE) {
		log_warnx("%s: %s", op, db_errstr(c));
		ret = -1;
	}
	db_release(c);
	return ret;
}

int
db_report_rows(struct db *db, enum stmt s, int64_t report_id,
    const struct db_rowtype *t, void **out, size_t *np, const char *op)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, s, 1, report_id);
	return db_collect(c, s, t, out, np, op);
}
