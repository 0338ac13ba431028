/*
 * db_stmts.c: every SQL statement the store runs, named by enum stmt
 * (db_internal.h) and declared once, in db_stmts[], with the column
 * lists whose order the readers (db_accounts.c, db_reports.c,
 * db_audit.c, db_records.c) rely on. The engine (db_sqlite.c) prepares
 * them all on each connection once the migrations have run, and refuses
 * to open when an entry is missing. The table is only text: no engine
 * header is included here.
 *
 * The SQL stays portable except where a statement is engine bookkeeping
 * (sqlite_master); a PostgreSQL engine declares its own table.
 */
#include "db_internal.h"

#define USER_COLS \
	"id, username, display_name, roles, status, created_at, pw_salt," \
	" pw_ops, pw_mem, pw_verifier, public_key, sk_by_password," \
	" sk_by_recovery, totp_by_password, totp_last_step, key_generation," \
	" enrol_hash, enrol_expires"
#define SESSION_COLS \
	"id_hash, user_id, created_at, last_seen, sealed_key"
/* Variable-length blobs are read with their length first (db_reports.c). */
#define REPORT_COLS \
	"id, registration, year, seq, code_lookup, reporter_pk, category," \
	" stage, created_at, stage_at, length(content), content," \
	" length(identity), identity, code_ops, code_mem_kib," \
	" COALESCE(forwarded_at, 0)"
/* The same order without the records: lists show metadata only. */
#define REPORT_META_COLS \
	"r.id, r.registration, r.year, r.seq, r.code_lookup, r.reporter_pk," \
	" r.category, r.stage, r.created_at, r.stage_at, 0, NULL, 0, NULL," \
	" r.code_ops, r.code_mem_kib, COALESCE(r.forwarded_at, 0)"
#define FILE_COLS \
	"id, report_id, stored_name, length(meta), meta, stored_size," \
	" metadata_removed, by_reporter, created_at"

#define AUDIT_COLS \
	"id, at, actor, action, object_type, object_id, detail, prev, hash"
/* before_id, then each optional filter twice (any: '' or 0), limit. */
#define AUDIT_FILTER \
	" AND id < ? AND (? = '' OR action = ?) AND (? = 0 OR actor = ?)" \
	" AND (? = '' OR object_type = ?) AND (? = 0 OR object_id = ?)" \
	" AND (? = 0 OR at >= ?) AND (? = 0 OR at <= ?)" \
	" ORDER BY id DESC LIMIT ?"

/* Variable-length records, as in db_reports.c: length first. */
#define CASE_RECORD_COLS \
	"id, report_id, user_id, kind, created_at, length(rec), rec"
#define IDREQ_COLS \
	"id, report_id, requester, created_at, status, decided_by," \
	" decided_at, length(reason), reason"
/*
 * A dashboard page (db_records.c binds it): user_id, the keyset bound
 * (created_at, id), each optional filter twice (any: '' or 0), limit.
 */
#define CASE_PAGE_SELECT \
	"SELECT " REPORT_META_COLS " FROM reports r CROSS JOIN report_keys k" \
	" WHERE "
#define CASE_PAGE_FILTER \
	"k.report_id = r.id AND k.user_id = ?" \
	" AND (r.created_at, r.id) < (?, ?)" \
	" AND (? = '' OR r.stage = ?) AND (? = '' OR r.category = ?)" \
	" AND (? = 0 OR r.unit_id = ?)" \
	" ORDER BY r.created_at DESC, r.id DESC LIMIT ?"
#define CASE_PAGE	CASE_PAGE_SELECT CASE_PAGE_FILTER
/* Oldest first: the same walk of the index, the other way. */
#define CASE_PAGE_ASC	CASE_PAGE_SELECT \
	"k.report_id = r.id AND k.user_id = ?" \
	" AND (r.created_at, r.id) > (?, ?)" \
	" AND (? = '' OR r.stage = ?) AND (? = '' OR r.category = ?)" \
	" AND (? = 0 OR r.unit_id = ?)" \
	" ORDER BY r.created_at ASC, r.id ASC LIMIT ?"
#define CASE_PAGE_REG	CASE_PAGE_SELECT "r.registration = ? AND " \
	CASE_PAGE_FILTER

const char *const db_stmts[STMT__MAX] = {
	/* Takes the write lock at once, so two migrators cannot interleave. */
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_MIGRATIONS_EXIST] =
	    "SELECT COUNT(*) FROM sqlite_master"
	    " WHERE type = 'table' AND name = 'schema_migrations'",
	[STMT_SCHEMA_VERSION] =
	    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
	[STMT_MIGRATION_ADD] =
	    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
	[STMT_META_GET] = "SELECT value FROM meta WHERE key = ?",
	[STMT_META_SET] =
	    "INSERT INTO meta (key, value) VALUES (?, ?)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",

	/* Users; USER_COLS is the order db_accounts.c reads. */
	[STMT_USER_CREATE] =
	    "INSERT INTO users (username, display_name, roles, status,"
	    " created_at, enrol_hash, enrol_expires)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)",
	[STMT_USER_BY_NAME] =
	    "SELECT " USER_COLS " FROM users WHERE username = ?",
	[STMT_USER_BY_ID] = "SELECT " USER_COLS " FROM users WHERE id = ?",
	[STMT_USER_BY_ENROL] =
	    "SELECT " USER_COLS " FROM users WHERE enrol_hash = ?",
	[STMT_USER_UPDATE_KEYS] =
	    "UPDATE users SET pw_salt = ?, pw_ops = ?, pw_mem = ?,"
	    " pw_verifier = ?, public_key = ?, sk_by_password = ?,"
	    " sk_by_recovery = ?, totp_by_password = ?, totp_last_step = ?,"
	    " key_generation = ?, status = ?, enrol_hash = ?,"
	    " enrol_expires = ? WHERE id = ?",
	[STMT_USER_TOTP_STEP] =
	    "UPDATE users SET totp_last_step = ?"
	    " WHERE id = ? AND totp_last_step < ?",
	[STMT_USER_SET_STATUS] = "UPDATE users SET status = ? WHERE id = ?",
	[STMT_USER_SET_ROLES] = "UPDATE users SET roles = ? WHERE id = ?",
	[STMT_USER_LIST] =
	    "SELECT " USER_COLS " FROM users ORDER BY username",
	[STMT_USER_COUNT_ROLE] =
	    "SELECT COUNT(*) FROM users WHERE status = ? AND (roles & ?) <> 0",

	/* Units and membership. */
	[STMT_UNIT_CREATE] = "INSERT INTO units (code, name) VALUES (?, ?)",
	[STMT_UNIT_BY_CODE] = "SELECT id, code, name FROM units WHERE code = ?",
	[STMT_UNIT_LIST] = "SELECT id, code, name FROM units ORDER BY code",
	[STMT_UNIT_ADD_MEMBER] =
	    "INSERT INTO unit_members (unit_id, user_id) VALUES (?, ?)"
	    " ON CONFLICT (unit_id, user_id) DO NOTHING",
	[STMT_UNIT_REMOVE_MEMBER] =
	    "DELETE FROM unit_members WHERE unit_id = ? AND user_id = ?",
	[STMT_USER_UNITS] =
	    "SELECT u.id, u.code, u.name FROM units u"
	    " JOIN unit_members m ON m.unit_id = u.id"
	    " WHERE m.user_id = ? ORDER BY u.code",

	/* Sessions. */
	[STMT_SESSION_CREATE] =
	    "INSERT INTO sessions (" SESSION_COLS ") VALUES (?, ?, ?, ?, ?)",
	[STMT_SESSION_GET] =
	    "SELECT " SESSION_COLS " FROM sessions WHERE id_hash = ?",
	/* Never moves last_seen back (requests may finish out of order). */
	[STMT_SESSION_TOUCH] =
	    "UPDATE sessions SET last_seen = ?"
	    " WHERE id_hash = ? AND last_seen < ?",
	[STMT_SESSION_DELETE] = "DELETE FROM sessions WHERE id_hash = ?",
	[STMT_SESSION_DELETE_USER] = "DELETE FROM sessions WHERE user_id = ?",
	[STMT_SESSION_DELETE_OTHERS] =
	    "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?",
	[STMT_SESSION_EXPIRE] =
	    "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?",

	/* Reports; REPORT_COLS, FILE_COLS: the orders db_reports.c reads. */
	[STMT_REPORT_LOOKUP_TAKEN] =
	    "SELECT COUNT(*) FROM reports WHERE code_lookup = ?",
	[STMT_REPORT_NEXT_SEQ] =
	    "SELECT COALESCE(MAX(seq), 0) + 1 FROM reports WHERE year = ?",
	[STMT_REPORT_CREATE] =
	    "INSERT INTO reports (registration, year, seq, code_lookup,"
	    " reporter_pk, category, stage, created_at, stage_at, content,"
	    " identity, code_ops, code_mem_kib)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_CODE_COST_ADD] =
	    "INSERT OR IGNORE INTO code_costs (ops, mem_kib) VALUES (?, ?)",
	[STMT_CODE_COST_LIST] =
	    "SELECT ops, mem_kib FROM code_costs ORDER BY ops, mem_kib",
	[STMT_CODE_COST_LEGACY] =
	    "UPDATE reports SET code_ops = ?, code_mem_kib = ?"
	    " WHERE code_ops = 0",
	[STMT_CODE_COST_DROP_LEGACY] =
	    "DELETE FROM code_costs WHERE ops = 0",
	[STMT_REPORT_BY_LOOKUP] =
	    "SELECT " REPORT_COLS " FROM reports WHERE code_lookup = ?",
	[STMT_REPORT_BY_ID] =
	    "SELECT " REPORT_COLS " FROM reports WHERE id = ?",
	[STMT_REPORT_BY_REG] =
	    "SELECT " REPORT_COLS " FROM reports WHERE registration = ?",
	[STMT_REPORT_LIST_FOR_USER] =
	    "SELECT " REPORT_META_COLS " FROM reports r JOIN report_keys k"
	    " ON k.report_id = r.id WHERE k.user_id = ?"
	    " ORDER BY r.created_at DESC, r.id DESC LIMIT 200",
	[STMT_REPORT_COUNT_SINCE] =
	    "SELECT COUNT(*) FROM reports WHERE created_at >= ?",
	/* A holder's second copy is ignored: adding keys is idempotent. */
	[STMT_REPORT_KEY_ADD] =
	    "INSERT INTO report_keys (report_id, holder, user_id, sealed)"
	    " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
	[STMT_REPORT_KEY_GET] =
	    "SELECT sealed FROM report_keys WHERE report_id = ? AND holder = ?"
	    " AND COALESCE(user_id, 0) = ?",
	[STMT_IDENTITY_KEY_ADD] =
	    "INSERT INTO identity_keys (report_id, user_id, sealed)"
	    " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
	[STMT_USER_KEYS_BY_ROLE] =
	    "SELECT id, public_key FROM users WHERE status = ?"
	    " AND (roles & ?) <> 0 AND length(public_key) = 32 ORDER BY id",

	/* Files, messages, timeline events. */
	[STMT_FILE_ADD] =
	    "INSERT INTO report_files (report_id, stored_name, meta,"
	    " stored_size, metadata_removed, by_reporter, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)",
	[STMT_FILE_LIST] =
	    "SELECT " FILE_COLS " FROM report_files WHERE report_id = ?"
	    " ORDER BY id",
	[STMT_FILE_BY_ID] =
	    "SELECT " FILE_COLS " FROM report_files WHERE id = ?",
	[STMT_MESSAGE_ADD] =
	    "INSERT INTO messages (report_id, by_reporter, user_id, body,"
	    " created_at) VALUES (?, ?, ?, ?, ?)",
	[STMT_MESSAGE_PAGE] =
	    "SELECT id, report_id, by_reporter, user_id, length(body), body,"
	    " created_at FROM messages WHERE report_id = ? AND id < ?"
	    " ORDER BY id DESC LIMIT ?",
	[STMT_REPORT_FILE_TOTALS] =
	    "SELECT COUNT(*), COALESCE(SUM(stored_size), 0) FROM report_files"
	    " WHERE report_id = ? AND by_reporter = 1",
	[STMT_MESSAGE_LIST] =
	    "SELECT id, report_id, by_reporter, user_id, length(body), body,"
	    " created_at FROM messages WHERE report_id = ?"
	    " ORDER BY created_at, id",
	[STMT_EVENT_ADD] =
	    "INSERT INTO report_events (report_id, stage, created_at, note)"
	    " VALUES (?, ?, ?, ?)",
	[STMT_EVENT_LIST] =
	    "SELECT id, report_id, stage, created_at, length(note), note"
	    " FROM report_events WHERE report_id = ? ORDER BY created_at, id",

	/* Reporter sessions, as staff sessions. */
	[STMT_RSESSION_CREATE] =
	    "INSERT INTO reporter_sessions (id_hash, report_id, created_at,"
	    " last_seen, sealed_key) VALUES (?, ?, ?, ?, ?)",
	[STMT_RSESSION_GET] =
	    "SELECT id_hash, report_id, created_at, last_seen, sealed_key"
	    " FROM reporter_sessions WHERE id_hash = ?",
	[STMT_RSESSION_TOUCH] =
	    "UPDATE reporter_sessions SET last_seen = ?"
	    " WHERE id_hash = ? AND last_seen < ?",
	[STMT_RSESSION_DELETE] =
	    "DELETE FROM reporter_sessions WHERE id_hash = ?",
	[STMT_RSESSION_EXPIRE] =
	    "DELETE FROM reporter_sessions"
	    " WHERE last_seen < ? OR created_at < ?",

	/* Stage changes (db_workflow.c): only from the stage expected. */
	[STMT_REPORT_TRANSITION] =
	    "UPDATE reports SET stage = ?, stage_at = ?,"
	    " forwarded_at = COALESCE(forwarded_at,"
	    " CASE WHEN ? = 'forwarded' THEN ? END)"
	    " WHERE id = ? AND stage = ?",

	/*
	 * The audit trail (db_audit.c); AUDIT_COLS is the order it reads.
	 * Rows get explicit ids (the last one + 1, under the write lock).
	 * The listings differ only in the condition an index serves; each
	 * then applies the whole filter (AUDIT_FILTER, the same
	 * parameters in the same order) and pages by id.
	 */
	[STMT_AUDIT_LAST] =
	    "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
	[STMT_AUDIT_ADD] =
	    "INSERT INTO audit (" AUDIT_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?)",
	[STMT_AUDIT_RANGE] =
	    "SELECT " AUDIT_COLS " FROM audit WHERE id >= ? ORDER BY id"
	    " LIMIT ?",
	[STMT_AUDIT_LIST] =
	    "SELECT " AUDIT_COLS " FROM audit WHERE 1 = 1" AUDIT_FILTER,
	[STMT_AUDIT_LIST_ACTOR] =
	    "SELECT " AUDIT_COLS " FROM audit WHERE actor = ?" AUDIT_FILTER,
	[STMT_AUDIT_LIST_ACTION] =
	    "SELECT " AUDIT_COLS " FROM audit WHERE action = ?" AUDIT_FILTER,
	[STMT_AUDIT_LIST_OBJECT] =
	    "SELECT " AUDIT_COLS " FROM audit WHERE object_type = ?"
	    " AND object_id = ?" AUDIT_FILTER,
	[STMT_AUDIT_LIST_TIME] =
	    "SELECT " AUDIT_COLS " FROM audit WHERE at >= ? AND at <= ?"
	    AUDIT_FILTER,
	/* What the auditor reads for an object: names only, no content. */
	[STMT_AUDIT_NAME_REPORT] =
	    "SELECT registration FROM reports WHERE id = ?",
	[STMT_AUDIT_NAME_USER] = "SELECT username FROM users WHERE id = ?",
	[STMT_AUDIT_NAME_UNIT] = "SELECT code FROM units WHERE id = ?",

	/*
	 * Case handling (db_case.c): the review checklist (one per report,
	 * the latest wins), the unit a report is forwarded to, and its
	 * key grants. A missing grant is an active member of the unit with
	 * a public key and no sealed key for the report (the UNIQUE
	 * (report_id, user_id) index answers that). Removing a unit's
	 * access leaves the keys of members who also hold a role that
	 * reads every report (bound), and the reporter's (user_id NULL).
	 */
	[STMT_ASSESSMENT_SET] =
	    "INSERT INTO assessments (report_id, by_user, at, rec)"
	    " VALUES (?, ?, ?, ?) ON CONFLICT (report_id) DO UPDATE SET"
	    " by_user = excluded.by_user, at = excluded.at,"
	    " rec = excluded.rec",
	[STMT_ASSESSMENT_GET] =
	    "SELECT length(rec), rec FROM assessments WHERE report_id = ?",
	[STMT_REPORT_SET_UNIT] = "UPDATE reports SET unit_id = ? WHERE id = ?",
	[STMT_REPORT_UNIT] = "SELECT unit_id FROM reports WHERE id = ?",
	[STMT_UNIT_BY_ID] = "SELECT id, code, name FROM units WHERE id = ?",
	[STMT_REPORT_MISSING_GRANTS] =
	    "SELECT u.id, u.public_key FROM unit_members m"
	    " JOIN users u ON u.id = m.user_id"
	    " WHERE m.unit_id = ? AND u.status = ?"
	    " AND length(u.public_key) = 32 AND NOT EXISTS"
	    " (SELECT 1 FROM report_keys k WHERE k.report_id = ?"
	    " AND k.user_id = u.id) ORDER BY u.id",
	[STMT_REPORT_KEYS_REMOVE_UNIT] =
	    "DELETE FROM report_keys WHERE report_id = ? AND user_id IN"
	    " (SELECT user_id FROM unit_members WHERE unit_id = ?)"
	    " AND user_id NOT IN (SELECT id FROM users WHERE (roles & ?) <> 0)",

	/*
	 * Case records and identity custody (db_records.c). A handler's
	 * second pending request for a report is refused by the partial
	 * unique index identity_requests_pending (DB_DUPLICATE). A
	 * decision changes only a pending request.
	 */
	[STMT_CASE_RECORD_ADD] =
	    "INSERT INTO case_records (report_id, user_id, kind, created_at,"
	    " rec) VALUES (?, ?, ?, ?, ?)",
	[STMT_CASE_RECORD_LIST] =
	    "SELECT " CASE_RECORD_COLS " FROM case_records"
	    " WHERE report_id = ? AND kind = ? ORDER BY created_at, id",
	[STMT_CASE_RECORD_LATEST] =
	    "SELECT " CASE_RECORD_COLS " FROM case_records"
	    " WHERE report_id = ? AND kind = ?"
	    " ORDER BY created_at DESC, id DESC LIMIT 1",
	[STMT_IDREQ_CREATE] =
	    "INSERT INTO identity_requests (report_id, requester, created_at,"
	    " status, reason) VALUES (?, ?, ?, ?, ?)",
	[STMT_IDREQ_GET] =
	    "SELECT " IDREQ_COLS " FROM identity_requests WHERE id = ?",
	[STMT_IDREQ_LIST_PENDING] =
	    "SELECT " IDREQ_COLS " FROM identity_requests WHERE status = ?"
	    " ORDER BY created_at, id",
	[STMT_IDREQ_LIST_REPORT] =
	    "SELECT " IDREQ_COLS " FROM identity_requests WHERE report_id = ?"
	    " ORDER BY created_at, id",
	[STMT_IDREQ_DECIDE] =
	    "UPDATE identity_requests SET status = ?, decided_by = ?,"
	    " decided_at = ?, decision_note = ? WHERE id = ? AND status = ?",
	[STMT_IDREQ_APPROVED_FOR] =
	    "SELECT COUNT(*) FROM identity_requests WHERE report_id = ?"
	    " AND requester = ? AND status = ?",
	/*
	 * Reports whose identity key the user holds with no other active
	 * custodian holding it: a reset of the user would lose them.
	 */
	[STMT_IDENTITY_SOLE_CUSTODY] =
	    "SELECT COUNT(*) FROM identity_keys k WHERE k.user_id = ?"
	    " AND NOT EXISTS (SELECT 1 FROM identity_keys o"
	    " JOIN users u ON u.id = o.user_id"
	    " WHERE o.report_id = k.report_id AND o.user_id <> k.user_id"
	    " AND u.status = ? AND (u.roles & ?) <> 0)",
	[STMT_IDENTITY_KEY_GET] =
	    "SELECT sealed FROM identity_keys WHERE report_id = ?"
	    " AND user_id = ?",

	/*
	 * The dashboard's pages (db_records.c), newest first. CROSS JOIN
	 * makes SQLite walk reports in the order of the (created_at, id)
	 * index from the keyset bound (the first page binds the largest
	 * key) and stop at the limit, probing the UNIQUE (report_id,
	 * user_id) index of report_keys for each row, instead of sorting
	 * every report the user holds a key for; to PostgreSQL it is an
	 * inner join like any other. With a registration number the page
	 * starts from its unique index. The plan statements are SQLite's
	 * EXPLAIN QUERY PLAN of the same text (engine bookkeeping).
	 */
	[STMT_USER_REPORT_KEYS_DELETE] =
	    "DELETE FROM report_keys WHERE user_id = ?",
	[STMT_USER_IDENTITY_KEYS_DELETE] =
	    "DELETE FROM identity_keys WHERE user_id = ?",
	[STMT_REPORT_UNREAD] =
	    "SELECT COUNT(*) FROM messages WHERE report_id = ?"
	    " AND by_reporter = 1 AND created_at > COALESCE((SELECT MAX(at)"
	    " FROM audit WHERE actor = ? AND action = 'case_view'"
	    " AND object_type = 'report' AND object_id = ?), 0)",
	[STMT_CASE_PAGE] = CASE_PAGE,
	[STMT_CASE_PAGE_REG] = CASE_PAGE_REG,
	[STMT_CASE_PAGE_PLAN] = "EXPLAIN QUERY PLAN " CASE_PAGE,
	[STMT_CASE_PAGE_REG_PLAN] = "EXPLAIN QUERY PLAN " CASE_PAGE_REG,
	[STMT_CASE_PAGE_ASC] = CASE_PAGE_ASC,
	[STMT_CASE_PAGE_ASC_PLAN] = "EXPLAIN QUERY PLAN " CASE_PAGE_ASC,
};
