/*
 * staff_case.h: shared by the case page (staff_case.c) and its record
 * forms (staff_records.c).
 */
#ifndef WBS_STAFF_CASE_H
#define WBS_STAFF_CASE_H

#include <stdint.h>

#include "case.h"
#include "form.h"

struct req;
struct tmpl_vars;

/* Shows the case page again with the outcome of a use case. */
void	 staff_case_result(struct req *, enum case_result, enum wf_error,
	    const char *done_key);
/* Notes, LHP and decision of the case, and which forms to show. */
void	 staff_records_vars(struct req *, struct tmpl_vars *,
	    const unsigned char key[32], int64_t id, const char *stage);
/* The :id of the path, or -1. */
int64_t	 staff_case_id(struct req *);

extern const struct form_field staff_note_fields[];
extern const size_t staff_note_nfields;
extern const struct form_field staff_lhp_fields[];
extern const size_t staff_lhp_nfields;
extern const struct form_field staff_decision_fields[];
extern const size_t staff_decision_nfields;

extern const struct form_field staff_idreq_fields[];
extern const size_t staff_idreq_nfields;
extern const struct form_field staff_iddecide_fields[];
extern const size_t staff_iddecide_nfields;

/* Identity custody (staff_identity.c). */
void	 staff_identity_vars(struct req *, struct tmpl_vars *, int64_t id);
void	 staff_identity_request(struct req *);
void	 staff_identity_view(struct req *);
void	 staff_identity_queue(struct req *);
void	 staff_identity_decide(struct req *);

extern const struct form_field staff_evidence_fields[];
extern const size_t staff_evidence_nfields;
void	 staff_case_evidence(struct req *);
extern const struct form_field staff_completion_fields[];
extern const size_t staff_completion_nfields;
void	 staff_case_completion(struct req *);
void	 staff_case_withdraw(struct req *);

/* Routing to a unit again, or to another unit (staff_case.c). */
extern const struct form_field staff_route_fields[];
extern const size_t staff_route_nfields;
void	 staff_case_route(struct req *);

/* Who waits for the report's key, and granting it (staff_access.c). */
extern const struct form_field staff_grant_fields[];
extern const size_t staff_grant_nfields;
void	 staff_access_vars(struct req *, struct tmpl_vars *, int64_t id);
void	 staff_case_grant(struct req *);

void	 staff_case_note(struct req *);
void	 staff_case_lhp(struct req *);
void	 staff_case_decision(struct req *);
void	 staff_case_lhp_pdf(struct req *);

#endif
