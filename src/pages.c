/*
 * pages.c: the route table of the server (one screen to audit) and the
 * handlers of the public information pages.
 */
#include <string.h>

#include "http.h"
#include "api_case.h"
#include "pages.h"
#include "reporter.h"
#include "staff.h"
#include "staff_audit.h"
#include "staff_case.h"
#include "staff_files.h"
#include "static.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

static void
page_home(struct req *r)
{
	web_render(r, 200, "home", web_vars(r, "title.home", "is_home"));
}

static void
page_alur(struct req *r)
{
	web_render(r, 200, "alur", web_vars(r, "title.alur", "is_alur"));
}

static void
page_kerahasiaan(struct req *r)
{
	web_render(r, 200, "kerahasiaan",
	    web_vars(r, "title.kerahasiaan", "is_kerahasiaan"));
}

static void
page_dasar_hukum(struct req *r)
{
	web_render(r, 200, "dasar_hukum",
	    web_vars(r, "title.dasar_hukum", "is_dasar_hukum"));
}

static void
page_health(struct req *r)
{
	resp_text(r, 200, "text/plain; charset=utf-8", "ok\n");
}

/*
 * The answer when the worker pool cannot take a ROUTE_SLOW request: the
 * JSON "busy" error on the API; the form again, with what was typed,
 * where the page can be shown without a session; else the 503 page.
 */
static const struct {
	route_fn	handler;
	route_fn	busy;
} busy_pages[] = {
	{ reporter_send, reporter_send_busy },
	{ reporter_login, reporter_login_busy },
	{ staff_login, staff_login_busy },
};

void
pages_busy(struct req *r)
{
	size_t i;

	if (strncmp(r->path, "/api/", 5) == 0) {
		web_json_error(r, 503, "busy", "error.busy");
		return;
	}
	for (i = 0; i < NELEM(busy_pages); i++)
		if (busy_pages[i].handler == r->route->handler) {
			busy_pages[i].busy(r);
			return;
		}
	web_error(r, 503);
}

/*
 * method, pattern, handler, roles, csrf, form fields, number of fields,
 * body limit (0: [server] max_form_bytes), flags
 */
const struct route pages_routes[] = {
	/* public information */
	{ HTTP_GET, "/", page_home, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/alur", page_alur, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/kerahasiaan", page_kerahasiaan, ROLE_PUBLIC, 0, NULL, 0,
	    0, 0 },
	{ HTTP_GET, "/dasar-hukum", page_dasar_hukum, ROLE_PUBLIC, 0, NULL, 0,
	    0, 0 },
	{ HTTP_GET, "/static/*", web_static, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/healthz", page_health, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },

	/* the reporter: writing a report */
	{ HTTP_GET, "/lapor", reporter_form, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_POST, "/lapor", reporter_edit, ROLE_PUBLIC, 0, reporter_fields,
	    13, 262144, ROUTE_FORM_SELF },
	{ HTTP_POST, "/lapor/tinjau", reporter_review, ROLE_PUBLIC, 0,
	    reporter_fields, 13, 262144, ROUTE_FORM_SELF },
	{ HTTP_POST, "/lapor/kirim", reporter_send, ROLE_PUBLIC, 0,
	    reporter_send_fields, 17, 0,
	    ROUTE_FORM_SELF | ROUTE_UPLOAD | ROUTE_SLOW },
	{ HTTP_POST, "/lapor/simpan", reporter_save_code, ROLE_PUBLIC, 0,
	    reporter_save_fields, 2, 0, 0 },
	/* the reporter: following it with the access code */
	{ HTTP_GET, "/status", reporter_login_form, ROLE_PUBLIC, 0, NULL, 0, 0,
	    0 },
	{ HTTP_POST, "/status", reporter_login, ROLE_PUBLIC, 0,
	    reporter_login_fields, 1, 0, ROUTE_FORM_SELF | ROUTE_SLOW },
	{ HTTP_GET, "/status/laporan", reporter_status, ROLE_REPORTER, 0, NULL,
	    0, 0, 0 },
	{ HTTP_POST, "/status/balas", reporter_reply, ROLE_REPORTER, 1,
	    reporter_reply_fields, 2, 65536, ROUTE_FORM_SELF },
	{ HTTP_POST, "/status/bukti", reporter_evidence, ROLE_REPORTER, 1,
	    reporter_evidence_fields, 2, 0,
	    ROUTE_FORM_SELF | ROUTE_UPLOAD | ROUTE_SLOW },
	{ HTTP_POST, "/status/keluar", reporter_logout, ROLE_REPORTER, 1,
	    staff_csrf_fields, 1, 0, 0 },
	{ HTTP_GET, "/status/tanda-terima", reporter_receipt, ROLE_REPORTER, 0,
	    NULL, 0, 0, 0 },
	{ HTTP_GET, "/tanda-terima", receipt_check_form, ROLE_PUBLIC, 0, NULL,
	    0, 0, 0 },
	{ HTTP_POST, "/tanda-terima", receipt_check, ROLE_PUBLIC, 0,
	    receipt_fields, 1, 32768, ROUTE_FORM_SELF },

	/* staff: login, enrolment, recovery (no session yet) */
	{ HTTP_GET, "/staff/login", staff_login_form, ROLE_PUBLIC, 0, NULL, 0,
	    0, 0 },
	{ HTTP_POST, "/staff/login", staff_login, ROLE_PUBLIC, 0,
	    staff_login_fields, 3, 0, ROUTE_FORM_SELF | ROUTE_SLOW },
	{ HTTP_GET, "/staff/enrol/:token", staff_enrol_form, ROLE_PUBLIC, 0,
	    NULL, 0, 0, 0 },
	{ HTTP_POST, "/staff/enrol/:token", staff_enrol, ROLE_PUBLIC, 0,
	    staff_enrol_fields, 2, 0, ROUTE_FORM_SELF | ROUTE_SLOW },
	{ HTTP_POST, "/staff/enrol/:token/confirm", staff_enrol_confirm,
	    ROLE_PUBLIC, 0, staff_confirm_fields, 3, 0, ROUTE_FORM_SELF },
	{ HTTP_GET, "/staff/recover", staff_recover_form, ROLE_PUBLIC, 0,
	    NULL, 0, 0, 0 },
	{ HTTP_POST, "/staff/recover", staff_recover, ROLE_PUBLIC, 0,
	    staff_recover_fields, 4, 0, ROUTE_FORM_SELF | ROUTE_SLOW },
	{ HTTP_POST, "/staff/recover/confirm", staff_recover_confirm,
	    ROLE_PUBLIC, 0, staff_recover_confirm_fields, 3, 0,
	    ROUTE_FORM_SELF },

	/* staff: every role */
	{ HTTP_GET, "/staff", staff_dashboard, ROLE_STAFF, 0, NULL, 0, 0, 0 },
	{ HTTP_POST, "/staff/logout", staff_logout, ROLE_STAFF, 1,
	    staff_csrf_fields, 1, 0, 0 },
	{ HTTP_GET, "/staff/account", staff_account, ROLE_STAFF, 0, NULL, 0,
	    0, 0 },
	{ HTTP_POST, "/staff/account/password", staff_password, ROLE_STAFF, 1,
	    staff_password_fields, 5, 0, ROUTE_FORM_SELF | ROUTE_SLOW },
	{ HTTP_POST, "/staff/account/totp", staff_totp, ROLE_STAFF, 1,
	    staff_reauth_fields, 3, 0, ROUTE_FORM_SELF | ROUTE_SLOW },
	{ HTTP_POST, "/staff/account/totp/confirm", staff_totp_confirm,
	    ROLE_STAFF, 1, staff_confirm_fields, 3, 0, ROUTE_FORM_SELF },

	/* staff: reports */
	{ HTTP_GET, "/staff/laporan/:id", staff_case, ROLE_REVIEWER |
	    ROLE_INVESTIGATOR, 0, NULL, 0, 0, 0 },
	{ HTTP_POST, "/staff/laporan/:id/pesan", staff_case_message,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 1, staff_message_fields, 2,
	    65536, 0 },

	{ HTTP_POST, "/staff/laporan/:id/tahap", staff_case_transition,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 1, staff_transition_fields, 5,
	    65536, ROUTE_FORM_SELF },

	{ HTTP_POST, "/staff/laporan/:id/telaah", staff_case_assess,
	    ROLE_REVIEWER, 1, staff_assess_fields, 15, 131072,
	    ROUTE_FORM_SELF },
	{ HTTP_POST, "/staff/laporan/:id/salurkan", staff_case_forward,
	    ROLE_REVIEWER, 1, staff_forward_fields, 2, 0, ROUTE_FORM_SELF },

	{ HTTP_POST, "/staff/laporan/:id/catatan", staff_case_note,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 1, staff_note_fields, 2, 131072,
	    ROUTE_FORM_SELF },
	{ HTTP_POST, "/staff/laporan/:id/lhp", staff_case_lhp,
	    ROLE_INVESTIGATOR, 1, staff_lhp_fields, 4, 262144,
	    ROUTE_FORM_SELF },
	{ HTTP_GET, "/staff/laporan/:id/berkas/:fid", staff_file_download,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/staff/laporan/:id/lhp.pdf", staff_case_lhp_pdf,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 0, NULL, 0, 0, ROUTE_SLOW },
	{ HTTP_POST, "/staff/laporan/:id/keputusan", staff_case_decision,
	    ROLE_REVIEWER, 1, staff_decision_fields, 3, 131072,
	    ROUTE_FORM_SELF },

	{ HTTP_POST, "/staff/laporan/:id/bukti", staff_case_evidence,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 1, staff_evidence_fields, 2, 0,
	    ROUTE_FORM_SELF | ROUTE_UPLOAD | ROUTE_SLOW },
	{ HTTP_POST, "/staff/laporan/:id/lengkapi", staff_case_completion,
	    ROLE_REVIEWER, 1, staff_completion_fields, 2, 65536,
	    ROUTE_FORM_SELF },
	{ HTTP_POST, "/staff/laporan/:id/alihkan", staff_case_route,
	    ROLE_REVIEWER, 1, staff_route_fields, 3, 65536, ROUTE_FORM_SELF },
	{ HTTP_POST, "/staff/laporan/:id/akses", staff_case_grant,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 1, staff_grant_fields, 2, 0,
	    0 },
	{ HTTP_POST, "/staff/laporan/:id/tarik", staff_case_withdraw,
	    ROLE_REVIEWER, 1, staff_csrf_fields, 1, 0, 0 },

	/* staff: identity custody */
	{ HTTP_POST, "/staff/laporan/:id/identitas/minta",
	    staff_identity_request, ROLE_REVIEWER | ROLE_INVESTIGATOR, 1,
	    staff_idreq_fields, 2, 65536, ROUTE_FORM_SELF },
	{ HTTP_GET, "/staff/laporan/:id/identitas", staff_identity_view,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/staff/identitas", staff_identity_queue, ROLE_CUSTODIAN,
	    0, NULL, 0, 0, 0 },
	{ HTTP_POST, "/staff/identitas/:rid/putuskan", staff_identity_decide,
	    ROLE_CUSTODIAN, 1, staff_iddecide_fields, 3, 0, ROUTE_FORM_SELF },

	/* staff: the audit trail */
	{ HTTP_GET, "/staff/audit", staff_audit, ROLE_AUDITOR, 0, NULL, 0, 0,
	    0 },

	/* staff: administration */
	{ HTTP_GET, "/staff/admin/users", staff_users, ROLE_ADMIN, 0, NULL, 0,
	    0, 0 },
	{ HTTP_POST, "/staff/admin/users", staff_user_create, ROLE_ADMIN, 1,
	    staff_user_fields, 9, 0, ROUTE_FORM_SELF },
	{ HTTP_POST, "/staff/admin/users/:id/disable", staff_user_disable,
	    ROLE_ADMIN, 1, staff_csrf_fields, 1, 0, 0 },
	{ HTTP_POST, "/staff/admin/users/:id/reset", staff_user_reset,
	    ROLE_ADMIN, 1, staff_csrf_fields, 1, 0, 0 },
	{ HTTP_GET, "/staff/admin/units", staff_units, ROLE_ADMIN, 0, NULL, 0,
	    0, 0 },
	{ HTTP_POST, "/staff/admin/units", staff_unit_create, ROLE_ADMIN, 1,
	    staff_unit_fields, 3, 0, ROUTE_FORM_SELF },

	/* staff JSON API */
	{ HTTP_POST, "/api/v1/staff/session", api_staff_login, ROLE_PUBLIC, 0,
	    staff_login_fields, 3, 8192, ROUTE_JSON | ROUTE_SLOW },
	{ HTTP_DELETE, "/api/v1/staff/session", api_staff_logout, ROLE_STAFF,
	    0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/api/v1/staff/me", api_staff_me, ROLE_STAFF, 0, NULL, 0,
	    0, 0 },

	/* staff JSON API: cases */
	{ HTTP_GET, "/api/v1/cases", api_case_list, ROLE_REVIEWER |
	    ROLE_INVESTIGATOR, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/api/v1/cases/:id", api_case_get, ROLE_REVIEWER |
	    ROLE_INVESTIGATOR, 0, NULL, 0, 0, 0 },
	{ HTTP_POST, "/api/v1/cases/:id/transition", api_case_transition,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 0, api_case_transition_fields,
	    2, 65536, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/cases/:id/assessment", api_case_assess,
	    ROLE_REVIEWER, 0, api_case_assess_fields, 14, 131072, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/cases/:id/forward", api_case_forward,
	    ROLE_REVIEWER, 0, api_case_forward_fields, 1, 4096, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/cases/:id/messages", api_case_message,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 0, api_case_message_fields, 1,
	    65536, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/cases/:id/notes", api_case_note, ROLE_REVIEWER |
	    ROLE_INVESTIGATOR, 0, api_case_note_fields, 1, 131072, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/cases/:id/lhp", api_case_lhp, ROLE_INVESTIGATOR,
	    0, api_case_lhp_fields, 3, 262144, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/cases/:id/decision", api_case_decision,
	    ROLE_REVIEWER, 0, api_case_decision_fields, 2, 131072, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/cases/:id/identity-requests", api_case_idreq,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 0, api_case_idreq_fields, 1,
	    65536, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/cases/:id/route", api_case_route,
	    ROLE_REVIEWER, 0, api_case_route_fields, 2, 65536, ROUTE_JSON },
	{ HTTP_POST, "/api/v1/cases/:id/grants", api_case_grant,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 0, api_case_grant_fields, 1,
	    4096, ROUTE_JSON },
	{ HTTP_GET, "/api/v1/cases/:id/identity", api_case_identity,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/api/v1/identity-requests", api_idreq_pending,
	    ROLE_CUSTODIAN, 0, NULL, 0, 0, 0 },
	{ HTTP_POST, "/api/v1/identity-requests/:rid/decision",
	    api_idreq_decide, ROLE_CUSTODIAN, 0, api_case_iddecide_fields, 2,
	    4096, ROUTE_JSON },

	/* reporter JSON API */
	{ HTTP_POST, "/api/v1/reports", api_report_create, ROLE_PUBLIC, 0,
	    api_report_fields, 13, 262144, ROUTE_JSON | ROUTE_SLOW },
	{ HTTP_POST, "/api/v1/reporter/session", api_reporter_login,
	    ROLE_PUBLIC, 0, api_reporter_login_fields, 1, 4096,
	    ROUTE_JSON | ROUTE_SLOW },
	{ HTTP_GET, "/api/v1/reporter/report", api_reporter_report,
	    ROLE_REPORTER, 0, NULL, 0, 0, 0 },
	{ HTTP_POST, "/api/v1/reporter/messages", api_reporter_message,
	    ROLE_REPORTER, 0, api_reporter_message_fields, 1, 65536,
	    ROUTE_JSON },
	{ HTTP_POST, "/api/v1/reporter/files", api_reporter_files,
	    ROLE_REPORTER, 0, api_reporter_files_fields, 1, 0,
	    ROUTE_UPLOAD | ROUTE_SLOW },
};
const size_t pages_nroutes = NELEM(pages_routes);

/* Each field list with its length, to check the counts in the table. */
static const struct {
	const struct form_field	*fields;
	const size_t		*n;
} field_sets[] = {
	{ staff_login_fields, &staff_login_nfields },
	{ staff_csrf_fields, &staff_csrf_nfields },
	{ staff_password_fields, &staff_password_nfields },
	{ staff_reauth_fields, &staff_reauth_nfields },
	{ staff_confirm_fields, &staff_confirm_nfields },
	{ staff_enrol_fields, &staff_enrol_nfields },
	{ staff_recover_fields, &staff_recover_nfields },
	{ staff_recover_confirm_fields, &staff_recover_confirm_nfields },
	{ staff_user_fields, &staff_user_nfields },
	{ staff_unit_fields, &staff_unit_nfields },
	{ staff_message_fields, &staff_message_nfields },
	{ staff_transition_fields, &staff_transition_nfields },
	{ staff_assess_fields, &staff_assess_nfields },
	{ staff_forward_fields, &staff_forward_nfields },
	{ staff_note_fields, &staff_note_nfields },
	{ staff_evidence_fields, &staff_evidence_nfields },
	{ staff_completion_fields, &staff_completion_nfields },
	{ staff_grant_fields, &staff_grant_nfields },
	{ staff_route_fields, &staff_route_nfields },
	{ staff_idreq_fields, &staff_idreq_nfields },
	{ staff_iddecide_fields, &staff_iddecide_nfields },
	{ staff_lhp_fields, &staff_lhp_nfields },
	{ staff_decision_fields, &staff_decision_nfields },
	{ reporter_fields, &reporter_nfields },
	{ reporter_send_fields, &reporter_send_nfields },
	{ reporter_save_fields, &reporter_save_nfields },
	{ reporter_login_fields, &reporter_login_nfields },
	{ reporter_reply_fields, &reporter_reply_nfields },
	{ reporter_evidence_fields, &reporter_evidence_nfields },
	{ receipt_fields, &receipt_nfields },
	{ api_report_fields, &api_report_nfields },
	{ api_reporter_login_fields, &api_reporter_login_nfields },
	{ api_reporter_message_fields, &api_reporter_message_nfields },
	{ api_reporter_files_fields, &api_reporter_files_nfields },
	{ api_case_transition_fields, &api_case_transition_nfields },
	{ api_case_assess_fields, &api_case_assess_nfields },
	{ api_case_forward_fields, &api_case_forward_nfields },
	{ api_case_message_fields, &api_case_message_nfields },
	{ api_case_note_fields, &api_case_note_nfields },
	{ api_case_idreq_fields, &api_case_idreq_nfields },
	{ api_case_iddecide_fields, &api_case_iddecide_nfields },
	{ api_case_grant_fields, &api_case_grant_nfields },
	{ api_case_route_fields, &api_case_route_nfields },
	{ api_case_lhp_fields, &api_case_lhp_nfields },
	{ api_case_decision_fields, &api_case_decision_nfields },
};

int
pages_check(void)
{
	size_t i, k;

	for (i = 0; i < pages_nroutes; i++) {
		const struct route *r = &pages_routes[i];

		if (r->fields == NULL)
			continue;
		for (k = 0; k < NELEM(field_sets); k++)
			if (field_sets[k].fields == r->fields)
				break;
		if (k == NELEM(field_sets) || *field_sets[k].n != r->nfields)
			return -1;
	}
	return 0;
}
