/*
 * reporter.h: the reporter's pages (reporter.c): the report form, its
 * summary and sending, the success page, the status pages; the public
 * receipt check; and the reporter JSON API (api_report.c).
 */
#ifndef WBS_REPORTER_H
#define WBS_REPORTER_H

#include <stddef.h>

#include "form.h"

struct req;


void	 reporter_form(struct req *);
void	 reporter_edit(struct req *);
void	 reporter_review(struct req *);
void	 reporter_send(struct req *);
void	 reporter_save_code(struct req *);
void	 reporter_login_form(struct req *);
void	 reporter_login(struct req *);
void	 reporter_status(struct req *);
void	 reporter_reply(struct req *);
void	 reporter_evidence(struct req *);
void	 reporter_logout(struct req *);
void	 reporter_receipt(struct req *);
void	 receipt_check_form(struct req *);
void	 receipt_check(struct req *);
/* The page again with what was typed, 503: the worker pool was full. */
void	 reporter_send_busy(struct req *);
void	 reporter_login_busy(struct req *);

void	 api_report_create(struct req *);
void	 api_reporter_login(struct req *);
void	 api_reporter_report(struct req *);
void	 api_reporter_message(struct req *);
void	 api_reporter_files(struct req *);


extern const struct form_field reporter_fields[];	/* form and summary */
extern const size_t reporter_nfields;
extern const struct form_field reporter_send_fields[];	/* + consent, metadata */
extern const size_t reporter_send_nfields;
extern const struct form_field reporter_save_fields[];
extern const size_t reporter_save_nfields;
extern const struct form_field reporter_login_fields[];
extern const size_t reporter_login_nfields;
extern const struct form_field reporter_reply_fields[];
extern const size_t reporter_reply_nfields;
extern const struct form_field reporter_evidence_fields[];
extern const size_t reporter_evidence_nfields;
extern const struct form_field receipt_fields[];
extern const size_t receipt_nfields;
extern const struct form_field api_report_fields[];
extern const size_t api_report_nfields;
extern const struct form_field api_reporter_login_fields[];
extern const size_t api_reporter_login_nfields;
extern const struct form_field api_reporter_files_fields[];
extern const size_t api_reporter_files_nfields;
extern const struct form_field api_reporter_message_fields[];
extern const size_t api_reporter_message_nfields;

#endif
