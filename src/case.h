/*
 * case.h: the handlers' use cases on a report, one function each:
 * moving it along the workflow (workflow.h decides what is allowed),
 * recorded in the timeline the reporter sees and in the audit trail.
 */
#ifndef WBS_CASE_H
#define WBS_CASE_H

#include <stdint.h>

#include "workflow.h"

struct app;
struct auth_session;

enum case_result {
	CASE_OK,
	CASE_DENIED,		/* the handler holds no key for the report */
	CASE_REFUSED,		/* the workflow does not allow it (see werr) */
	CASE_CONFLICT,		/* the stage changed meanwhile: reload */
	CASE_INVALID,		/* a value out of bounds */
	CASE_NOT_FOUND,
	CASE_ERROR
};

#define CASE_REASON_MAX	2000	/* characters */

/*
 * Moves report_id to stage to. reason (may be NULL or "") is stored
 * encrypted with the timeline event and shown to the reporter; it
 * satisfies WF_NEED_REASON. On CASE_REFUSED, *werr tells why.
 */
enum case_result case_transition(struct app *, const struct auth_session *,
		    int64_t report_id, enum wf_stage to, const char *reason,
		    enum wf_error *werr);

/* Penelaahan: the 5W+1H elements and the initial evidence. */
#define CASE_ELEMENTS	7
#define CASE_NOTE_MAX	1000	/* characters per element note */
enum case_status { CASE_ABSENT, CASE_PARTLY, CASE_PRESENT };
extern const char *const case_element_names[CASE_ELEMENTS];

struct case_assessment {
	int	 present;			/* an assessment is stored */
	int	 status[CASE_ELEMENTS];		/* enum case_status */
	char	*note[CASE_ELEMENTS];		/* malloc'd; "" when none */
};

/* Stores the reviewer's checklist (encrypted under the report key). */
enum case_result case_assess(struct app *, const struct auth_session *,
		    int64_t report_id, const int status[CASE_ELEMENTS],
		    const char *const note[CASE_ELEMENTS]);
/* Loads the checklist with the report key; a->present is 0 when none. */
enum case_result case_assessment_load(struct app *,
		    const unsigned char key[32], int64_t report_id,
		    struct case_assessment *);
void		 case_assessment_free(struct case_assessment *);
/* Completeness in percent: present counts 2, partly 1, absent 0. */
int		 case_completeness(const int status[CASE_ELEMENTS]);

/*
 * Penyaluran: forwards the report to unit_code (review -> forwarded,
 * which needs the checklist) and seals the report key to every active
 * member of the unit: access is a key grant.
 */
enum case_result case_forward(struct app *, const struct auth_session *,
		    int64_t report_id, const char *unit_code,
		    enum wf_error *werr);
/*
 * Routes the report to unit_code without changing its stage: forwards it
 * again after a withdrawal, or transfers it from its unit to another
 * (the old unit's members' keys deleted, the new unit's granted; both
 * audited). reason (required) is kept as an internal note. CASE_REFUSED
 * with *werr in a stage where it may not be done (wf_routings),
 * CASE_CONFLICT when it is already that unit's.
 */
#define CASE_ROUTE_REASON_MAX	2000	/* characters */
enum case_result case_route(struct app *, const struct auth_session *,
		    int64_t report_id, const char *unit_code, const char *reason,
		    enum wf_error *werr);
/*
 * Forwarding's grants: every active member of the report's unit who
 * holds no key gets it now (the caller holds it; actor forwards).
 * Returns the number granted, or -1.
 */
int		 case_grants(struct app *, const unsigned char key[32],
		    int64_t report_id, int64_t actor);
/*
 * Who is waiting for the report's key: active reviewers enrolled (or
 * reset) after it arrived, and members who joined its unit after it was
 * forwarded. Nobody receives an existing report's key by merely
 * existing: a key holder grants it (case_grant). fn(arg, user_id, pk)
 * is called for each (-1 from it: stop, an error). Returns 0 or -1.
 */
int		 case_pending_grants(struct app *, int64_t report_id,
		    int (*fn)(void *, int64_t, const unsigned char *),
		    void *arg);
/*
 * s, who holds the key, grants it to user_id, who must be waiting for it
 * (audited as a grant by s). CASE_OK, CASE_DENIED (s holds no key),
 * CASE_CONFLICT (user_id is not waiting) or CASE_ERROR.
 */
enum case_result case_grant(struct app *, const struct auth_session *,
		    int64_t report_id, int64_t user_id);

/* --- notes, the investigation report (LHP), the follow-up decision --- */

#define CASE_TEXT_MAX	10000	/* characters of a note or LHP part */

enum case_conclusion { CASE_PROVEN, CASE_PARTLY_PROVEN, CASE_NOT_PROVEN,
	CASE_CONCLUSION__MAX };
enum case_decision { CASE_SANCTION, CASE_IMPROVEMENT, CASE_REFERRAL,
	CASE_NO_ACTION, CASE_DECISION__MAX };
extern const char *const case_conclusion_codes[CASE_CONCLUSION__MAX];
extern const char *const case_decision_codes[CASE_DECISION__MAX];

/* An internal note (never shown to the reporter). */
enum case_result case_note_add(struct app *, const struct auth_session *,
		    int64_t report_id, const char *text);
/* The LHP: summary, findings, conclusion; investigators, stage reporting. */
enum case_result case_lhp_set(struct app *, const struct auth_session *,
		    int64_t report_id, const char *summary, const char *findings,
		    enum case_conclusion);
/*
 * The follow-up decision and its summary for the reporter; reviewers,
 * stage follow_up.
 */
enum case_result case_decision_set(struct app *, const struct auth_session *,
		    int64_t report_id, enum case_decision, const char *summary);

/* A decrypted record: parts[] are malloc'd strings (see case_records.c). */
struct case_text {
	int64_t		 user_id;
	int64_t		 created_at;
	char		*parts[3];
	size_t		 nparts;
};
void		 case_text_free(struct case_text *);
/* Visits the notes (oldest first); loads the newest LHP or decision. */
enum case_result case_notes(struct app *, const unsigned char key[32],
		    int64_t report_id,
		    int (*fn)(void *, const struct case_text *), void *arg);
/* 1 found, 0 none, -1 error. */
int		 case_lhp_get(struct app *, const unsigned char key[32],
		    int64_t report_id, struct case_text *);
int		 case_decision_get(struct app *, const unsigned char key[32],
		    int64_t report_id, struct case_text *);
/* The WF_NEED_* bits a report's stored records satisfy. */
unsigned	 case_have(struct app *, int64_t report_id);

/*
 * Evidence from the handlers (field evidence, interview records),
 * encrypted like the reporter's; never shown to the reporter.
 */
struct upload;
enum case_result case_add_evidence(struct app *, const struct auth_session *,
		    int64_t report_id, struct upload *, int remove_metadata);
/*
 * Withdraws the report from its unit: the sealed keys of the unit's
 * members are deleted (reviewers keep theirs) and the report has no
 * unit until forwarded again.
 */
enum case_result case_unit_withdraw(struct app *, const struct auth_session *,
		    int64_t report_id);

/*
 * Penelaahan: asks the reporter to complete the report (a message, and a
 * "completion requested" step in the timeline); the report then waits
 * for the reporter with its own deadline. Reviewers, stage review.
 */
enum case_result case_request_completion(struct app *,
		    const struct auth_session *, int64_t report_id,
		    const char *message);
/*
 * 1 when report_id (in review) waits for the reporter since *since
 * (a completion request not yet answered), 0 otherwise.
 */
int		 case_waiting(struct app *, int64_t report_id, int64_t *since);

/*
 * Records that s was refused what (a short code: "case", "file",
 * "identity") of report_id: an insider's probing leaves a trace.
 */
void		 case_denied(struct app *, const struct auth_session *,
		    int64_t report_id, const char *what);

/* --- identity custody (case_identity.c) --- */

struct db_idreq;

/*
 * A handler of the report asks, with a justification (1..2000
 * characters), while the report is between penelaahan and pelaporan
 * (CASE_REFUSED before and after).
 */
enum case_result case_identity_request(struct app *, const struct auth_session *,
		    int64_t report_id, const char *justification);
/*
 * A custodian approves (re-seals the identity key to the requester) or
 * denies, always with a reason (1..2000 characters, sealed to the
 * custodians and the requester; CASE_INVALID without one).
 */
enum case_result case_identity_decide(struct app *, const struct auth_session *,
		    int64_t request_id, int approve, const char *reason);
/* The identity, decrypted with the handler's own sealed key (audited). */
enum case_result case_identity_view(struct app *, const struct auth_session *,
		    int64_t report_id, char *out[3]);
/*
 * 1 when the handler may read the report's identity: an approved request
 * of theirs and the identity key re-sealed to them.
 */
int		 case_identity_held(struct app *, const struct auth_session *,
		    int64_t report_id);
/* The pending requests with their justification opened for the custodian. */
enum case_result case_identity_pending(struct app *,
		    const struct auth_session *,
		    int (*fn)(void *, const struct db_idreq *, const char *),
		    void *arg);

/* The reason recorded with a timeline event, decrypted; NULL if none. */
char		*case_event_reason(const unsigned char key[32],
		    const unsigned char *note, size_t note_len);

#endif
