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

/* The reason recorded with a timeline event, decrypted; NULL if none. */
char		*case_event_reason(const unsigned char key[32],
		    const unsigned char *note, size_t note_len);

#endif
