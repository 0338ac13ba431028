/*
 * api_case.h: the handlers' JSON API on reports (api_case.c): the
 * list, one case decrypted, transitions, the review checklist,
 * forwarding (the key grant), messages, notes, and identity custody.
 * The same use cases as the case pages (case.h, report.h); bearer
 * tokens only. Their routes are in pages.c.
 */
#ifndef WBS_API_CASE_H
#define WBS_API_CASE_H

#include <stdint.h>

#include "case.h"

#include <stddef.h>

#include "form.h"

struct req;

void	 api_case_list(struct req *);		/* GET  /api/v1/cases */
void	 api_case_get(struct req *);		/* GET  /api/v1/cases/:id */
void	 api_case_transition(struct req *);	/* POST .../:id/transition */
void	 api_case_assess(struct req *);		/* POST .../:id/assessment */
void	 api_case_forward(struct req *);	/* POST .../:id/forward */
void	 api_case_message(struct req *);	/* POST .../:id/messages */
void	 api_case_note(struct req *);		/* POST .../:id/notes */
void	 api_case_idreq(struct req *);		/* POST .../:id/identity-requests */
void	 api_case_identity(struct req *);	/* GET  .../:id/identity */
void	 api_idreq_pending(struct req *);	/* GET  /api/v1/identity-requests */
void	 api_idreq_decide(struct req *);	/* POST .../:rid/decision */

extern const struct form_field api_case_transition_fields[];
extern const size_t api_case_transition_nfields;
extern const struct form_field api_case_assess_fields[];
extern const size_t api_case_assess_nfields;
extern const struct form_field api_case_forward_fields[];
extern const size_t api_case_forward_nfields;
extern const struct form_field api_case_message_fields[];
extern const size_t api_case_message_nfields;
extern const struct form_field api_case_note_fields[];
extern const size_t api_case_note_nfields;
extern const struct form_field api_case_idreq_fields[];
extern const size_t api_case_idreq_nfields;
extern const struct form_field api_case_iddecide_fields[];
extern const size_t api_case_iddecide_nfields;

void		 api_case_lhp(struct req *);
void		 api_case_decision(struct req *);
extern const struct form_field api_case_lhp_fields[];
extern const size_t api_case_lhp_nfields;
extern const struct form_field api_case_decision_fields[];
extern const size_t api_case_decision_nfields;

/* Report keys (api_identity.c): the waiting list of a case, and granting. */
struct json_out;
int		 api_case_waiting(struct req *, struct json_out *, int64_t id);
void		 api_case_grant(struct req *);
void		 api_case_route(struct req *);
extern const struct form_field api_case_route_fields[];
extern const size_t api_case_route_nfields;
extern const struct form_field api_case_grant_fields[];
extern const size_t api_case_grant_nfields;

/* Shared with api_identity.c: see api_case.c. */
void		 api_case_error(struct req *, enum case_result, enum wf_error,
		    const char *invalid_key);
int64_t		 api_case_find(struct req *);

#endif
