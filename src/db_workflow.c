/*
 * db_workflow.c: the store's stage changes (db_report_transition in
 * db.h), on the statement API of db_internal.h. A change moves the
 * report only if it is still in the stage the caller saw, and adds the
 * timeline event in the same transaction: two handlers acting at once
 * cannot both move it, and a stage never changes without its event.
 */
#include <stdint.h>
#include <string.h>

#include "db.h"
#include "db_internal.h"
#include "log.h"

#define DB_NOTE_MAX	(1024 * 1024)	/* one encrypted record */

int
db_report_transition(struct db *db, int64_t report_id, const char *from,
    const char *to, int64_t now, const unsigned char *note, size_t note_len)
{
	const enum stmt s = STMT_REPORT_TRANSITION, e = STMT_EVENT_ADD;
	struct db_conn *c;
	int ret = -1;

	if (from == NULL || to == NULL || !db_len_ok(from, 1, DB_CODE_MAX) ||
	    !db_len_ok(to, 1, DB_CODE_MAX) || report_id <= 0 ||
	    (note_len > 0 && note == NULL) || note_len > DB_NOTE_MAX) {
		log_warnx("db_report_transition: invalid transition record");
		return -1;
	}
	c = db_acquire(db);
	if (db_begin(c) == -1) {
		log_warnx("db_report_transition: begin: %s", db_errstr(c));
		goto done;
	}
	db_bind_text(c, s, 1, to);
	db_bind_int(c, s, 2, now);
	db_bind_text(c, s, 3, to);
	db_bind_int(c, s, 4, now);
	db_bind_int(c, s, 5, report_id);
	db_bind_text(c, s, 6, from);
	if (db_step(c, s) != DB_DONE) {
		log_warnx("db_report_transition: %s", db_errstr(c));
		goto done;
	}
	db_reset(c, s);
	if (db_changes(c) == 0) {
		ret = 1;	/* moved by someone else, or no such report */
		goto done;
	}

	db_bind_int(c, e, 1, report_id);
	db_bind_text(c, e, 2, to);
	db_bind_int(c, e, 3, now);
	if (note_len == 0)
		db_bind_null(c, e, 4);
	else
		db_bind_blob(c, e, 4, note, note_len);
	if (db_step(c, e) != DB_DONE) {
		log_warnx("db_report_transition: event: %s", db_errstr(c));
		goto done;
	}
	db_reset(c, e);
	if (db_commit(c) == -1) {
		log_warnx("db_report_transition: commit: %s", db_errstr(c));
		goto done;
	}
	ret = 0;
done:
	db_rollback(c);
	db_release(c);
	return ret;
}
