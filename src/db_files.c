/*
 * db_files.c: the evidence files, messages and timeline events of a
 * report (db.h), on the statement API of db_internal.h; the SQL is in
 * db_stmts.c. The store sees only ciphertext: file meta, message
 * bodies and event notes are encrypted records, read into malloc'd
 * copies by db_col_record() (db_util.c); a value out of bounds is an
 * error, never truncated. db_report_create() (db_reports.c) inserts a
 * new report's files and first event with the insert helpers here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_internal.h"
#include "log.h"

/* --- files ----------------------------------------------------------- */

int
db_file_ok(const struct db_file *f)
{
	return db_len_ok(f->stored_name, 1, sizeof(f->stored_name) - 1) &&
	    db_record_ok(f->meta, f->meta_len) && f->stored_size <= INT64_MAX &&
	    (f->metadata_removed == 0 || f->metadata_removed == 1) &&
	    (f->by_reporter == 0 || f->by_reporter == 1);
}

enum db_step
db_file_insert(struct db_conn *c, struct db_file *f)
{
	const enum stmt s = STMT_FILE_ADD;
	enum db_step r;

	db_bind_int(c, s, 1, f->report_id);
	db_bind_text(c, s, 2, f->stored_name);
	db_bind_blob(c, s, 3, f->meta, f->meta_len);
	db_bind_int(c, s, 4, (int64_t)f->stored_size);
	db_bind_int(c, s, 5, f->metadata_removed);
	db_bind_int(c, s, 6, f->by_reporter);
	db_bind_int(c, s, 7, f->created_at);
	if ((r = db_step(c, s)) == DB_DONE)
		f->id = db_last_id(c);
	db_reset(c, s);
	return r;
}

enum db_step
db_event_insert(struct db_conn *c, struct db_event *e)
{
	const enum stmt s = STMT_EVENT_ADD;
	enum db_step r;

	db_bind_int(c, s, 1, e->report_id);
	db_bind_text(c, s, 2, e->stage);
	db_bind_int(c, s, 3, e->created_at);
	db_bind_opt_record(c, s, 4, e->note, e->note_len);
	if ((r = db_step(c, s)) == DB_DONE)
		e->id = db_last_id(c);
	db_reset(c, s);
	return r;
}

void
db_file_clear(struct db_file *f)
{
	free(f->meta);
	f->meta = NULL;
	f->meta_len = 0;
}

static void
file_free(void *p)
{
	db_file_clear(p);
}

/* Fills f from the current row of s, in the column order of FILE_COLS. */
static int
file_row(struct db_conn *c, enum stmt s, void *p)
{
	struct db_file *f = p;
	int64_t v;

	memset(f, 0, sizeof(*f));
	f->id = db_col_int(c, s, 0);
	f->report_id = db_col_int(c, s, 1);
	if (db_col_text(c, s, 2, f->stored_name,
	    sizeof(f->stored_name)) == -1 ||
	    db_col_record(c, s, 3, &f->meta, &f->meta_len) == -1)
		goto fail;
	if (db_col_range(c, s, 5, 0, INT64_MAX, &v) == -1)
		goto fail;
	f->stored_size = (uint64_t)v;
	if (db_col_range(c, s, 6, 0, 1, &v) == -1)
		goto fail;
	f->metadata_removed = (int)v;
	if (db_col_range(c, s, 7, 0, 1, &v) == -1)
		goto fail;
	f->by_reporter = (int)v;
	f->created_at = db_col_int(c, s, 8);
	return 0;
fail:
	db_file_clear(f);
	memset(f, 0, sizeof(*f));
	return -1;
}

static const struct db_rowtype file_type = {
	sizeof(struct db_file), file_row, file_free, "record"
};

int
db_file_add(struct db *db, struct db_file *f)
{
	struct db_conn *c;

	if (!db_file_ok(f)) {
		log_warnx("db_file_add: invalid file record");
		return -1;
	}
	c = db_acquire(db);
	return db_write_done(c, db_file_insert(c, f), "db_file_add");
}

int
db_file_list(struct db *db, int64_t report_id,
    int (*fn)(void *, const struct db_file *), void *arg)
{
	struct db_file *v;
	void *p;
	size_t i, n;
	int ret = 0;

	if (db_report_rows(db, STMT_FILE_LIST, report_id, &file_type, &p, &n,
	    "db_file_list") == -1)
		return -1;
	v = p;
	for (i = 0; i < n && ret == 0; i++)
		if (fn(arg, &v[i]) == -1)
			ret = -1;
	db_rows_free(&file_type, p, n);
	return ret;
}

int
db_file_by_id(struct db *db, int64_t id, struct db_file *f)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_FILE_BY_ID, 1, id);
	return db_fetch_one(c, STMT_FILE_BY_ID, &file_type, f,
	    "db_file_by_id");
}

/* --- messages and timeline events ------------------------------------ */

static void
message_free(void *p)
{
	struct db_message *m = p;

	free(m->body);
	m->body = NULL;
	m->body_len = 0;
}

static int
message_row(struct db_conn *c, enum stmt s, void *p)
{
	struct db_message *m = p;
	int64_t v;

	memset(m, 0, sizeof(*m));
	m->id = db_col_int(c, s, 0);
	m->report_id = db_col_int(c, s, 1);
	if (db_col_range(c, s, 2, 0, 1, &v) == -1)
		return -1;
	m->by_reporter = (int)v;
	m->user_id = db_col_int(c, s, 3);
	if (db_col_record(c, s, 4, &m->body, &m->body_len) == -1)
		return -1;
	m->created_at = db_col_int(c, s, 6);
	return 0;
}

static const struct db_rowtype message_type = {
	sizeof(struct db_message), message_row, message_free, "record"
};

int
db_message_add(struct db *db, struct db_message *m)
{
	const enum stmt s = STMT_MESSAGE_ADD;
	struct db_conn *c;
	int ret = -1;

	if (!db_record_ok(m->body, m->body_len) ||
	    (m->by_reporter != 0 && m->by_reporter != 1) ||
	    (m->by_reporter ? m->user_id != 0 : m->user_id <= 0)) {
		log_warnx("db_message_add: invalid message record");
		return -1;
	}
	c = db_acquire(db);
	db_bind_int(c, s, 1, m->report_id);
	db_bind_int(c, s, 2, m->by_reporter);
	if (m->by_reporter)
		db_bind_null(c, s, 3);
	else
		db_bind_int(c, s, 3, m->user_id);
	db_bind_blob(c, s, 4, m->body, m->body_len);
	db_bind_int(c, s, 5, m->created_at);
	if (db_step(c, s) != DB_DONE) {
		log_warnx("db_message_add: %s", db_errstr(c));
		goto done;
	}
	m->id = db_last_id(c);
	ret = 0;
done:
	db_release(c);
	return ret;
}

int
db_message_list(struct db *db, int64_t report_id,
    int (*fn)(void *, const struct db_message *), void *arg)
{
	struct db_message *v;
	void *p;
	size_t i, n;
	int ret = 0;

	if (db_report_rows(db, STMT_MESSAGE_LIST, report_id, &message_type,
	    &p, &n, "db_message_list") == -1)
		return -1;
	v = p;
	for (i = 0; i < n && ret == 0; i++)
		if (fn(arg, &v[i]) == -1)
			ret = -1;
	db_rows_free(&message_type, p, n);
	return ret;
}

int
db_message_page(struct db *db, int64_t report_id, int64_t before_id,
    unsigned limit, int (*fn)(void *, const struct db_message *), void *arg,
    int64_t *older)
{
	struct db_conn *c = db_acquire(db);
	struct db_message *v;
	void *p;
	size_t i, n, shown;
	int ret = 0;

	*older = 0;
	if (limit == 0)
		limit = 1;
	/* One more than asked: whether older messages remain. */
	db_bind_int(c, STMT_MESSAGE_PAGE, 1, report_id);
	db_bind_int(c, STMT_MESSAGE_PAGE, 2, before_id > 0 ? before_id :
	    INT64_MAX);
	db_bind_int(c, STMT_MESSAGE_PAGE, 3, (int64_t)limit + 1);
	if (db_collect(c, STMT_MESSAGE_PAGE, &message_type, &p, &n,
	    "db_message_page") == -1)
		return -1;
	v = p;
	shown = n > limit ? limit : n;
	if (n > limit)
		*older = v[shown - 1].id;
	/* Newest first from the store; visited oldest first. */
	for (i = shown; i > 0 && ret == 0; i--)
		if (fn(arg, &v[i - 1]) == -1)
			ret = -1;
	db_rows_free(&message_type, p, n);
	return ret;
}

int
db_report_file_totals(struct db *db, int64_t report_id, int64_t *count,
    uint64_t *bytes)
{
	struct db_conn *c = db_acquire(db);
	const enum stmt s = STMT_REPORT_FILE_TOTALS;
	int ret = -1;

	db_bind_int(c, s, 1, report_id);
	if (db_step(c, s) == DB_ROW) {
		*count = db_col_int(c, s, 0);
		*bytes = (uint64_t)db_col_int(c, s, 1);
		ret = 0;
	} else
		log_warnx("db_report_file_totals: %s", db_errstr(c));
	db_release(c);
	return ret;
}

static void
event_free(void *p)
{
	struct db_event *e = p;

	free(e->note);
	e->note = NULL;
	e->note_len = 0;
}

static int
event_row(struct db_conn *c, enum stmt s, void *p)
{
	struct db_event *e = p;

	memset(e, 0, sizeof(*e));
	e->id = db_col_int(c, s, 0);
	e->report_id = db_col_int(c, s, 1);
	if (db_col_text(c, s, 2, e->stage, sizeof(e->stage)) == -1)
		return -1;
	e->created_at = db_col_int(c, s, 3);
	return db_col_record(c, s, 4, &e->note, &e->note_len);
}

static const struct db_rowtype event_type = {
	sizeof(struct db_event), event_row, event_free, "record"
};

int
db_event_add(struct db *db, struct db_event *e)
{
	struct db_conn *c;

	if (!db_len_ok(e->stage, 1, DB_CODE_MAX) ||
	    !db_opt_record_ok(e->note, e->note_len)) {
		log_warnx("db_event_add: invalid event record");
		return -1;
	}
	c = db_acquire(db);
	return db_write_done(c, db_event_insert(c, e), "db_event_add");
}

int
db_event_list(struct db *db, int64_t report_id,
    int (*fn)(void *, const struct db_event *), void *arg)
{
	struct db_event *v;
	void *p;
	size_t i, n;
	int ret = 0;

	if (db_report_rows(db, STMT_EVENT_LIST, report_id, &event_type, &p, &n,
	    "db_event_list") == -1)
		return -1;
	v = p;
	for (i = 0; i < n && ret == 0; i++)
		if (fn(arg, &v[i]) == -1)
			ret = -1;
	db_rows_free(&event_type, p, n);
	return ret;
}
