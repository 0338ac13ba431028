/*
 * workflow.c: the stages of a report and the one table of transitions
 * between them (see workflow.h and the workflow table in DESIGN.md).
 * Pure domain code: no I/O, no allocation.
 */
#include <string.h>

#include "roles.h"
#include "workflow.h"

#define R_REV	ROLE_REVIEWER
#define R_INV	ROLE_INVESTIGATOR

/*
 * Every transition a report may take. Anything not listed is refused.
 * review -> archived is "tidak dapat ditindaklanjuti": the reason is
 * shown to the reporter.
 */
const struct wf_transition wf_transitions[] = {
	/* from		   to		      roles  needs */
	{ WF_RECEIVED,	   WF_REVIEW,	      R_REV, 0,
	    "start_review" },
	{ WF_REVIEW,	   WF_FORWARDED,      R_REV,
	    WF_NEED_ASSESSMENT | WF_NEED_UNIT, "forward" },
	{ WF_REVIEW,	   WF_ARCHIVED,	      R_REV, WF_NEED_REASON,
	    "close_not_actionable" },
	{ WF_FORWARDED,	   WF_CLARIFICATION,  R_INV, 0,
	    "clarify" },
	{ WF_FORWARDED,	   WF_INVESTIGATION,  R_INV, 0,
	    "investigate" },
	{ WF_CLARIFICATION, WF_INVESTIGATION, R_INV, 0,
	    "investigate" },
	{ WF_INVESTIGATION, WF_CLARIFICATION, R_INV, WF_NEED_REASON,
	    "ask_again" },
	{ WF_INVESTIGATION, WF_REPORTING,     R_INV, 0,
	    "start_report" },
	{ WF_REPORTING,	   WF_FOLLOW_UP,      R_INV, WF_NEED_LHP,
	    "submit_lhp" },
	{ WF_FOLLOW_UP,	   WF_ARCHIVED,	      R_REV, WF_NEED_DECISION,
	    "archive" },
};
const size_t wf_ntransitions =
    sizeof(wf_transitions) / sizeof(wf_transitions[0]);

/*
 * Routing (the unit, not the stage): while the unit works the report,
 * before its LHP is written, a reviewer may forward it again or move it
 * to another unit, always with a reason.
 */
const struct wf_routing wf_routings[] = {
	/* stage	   roles  needs */
	{ WF_FORWARDED,	   R_REV, WF_NEED_UNIT | WF_NEED_REASON },
	{ WF_CLARIFICATION, R_REV, WF_NEED_UNIT | WF_NEED_REASON },
	{ WF_INVESTIGATION, R_REV, WF_NEED_UNIT | WF_NEED_REASON },
};
const size_t wf_nroutings = sizeof(wf_routings) / sizeof(wf_routings[0]);

enum wf_error
wf_check_route(enum wf_stage stage, unsigned roles, unsigned have)
{
	size_t i;

	for (i = 0; i < wf_nroutings; i++) {
		if (wf_routings[i].stage != stage)
			continue;
		if ((roles & wf_routings[i].roles) == 0)
			return WF_ERR_ROLE;
		if ((wf_routings[i].needs & ~have) != 0)
			return WF_ERR_NEEDS;
		return WF_OK;
	}
	return WF_ERR_UNKNOWN;
}

static const char *const stage_codes[WF__MAX] = {
	"received",
	"review",
	"forwarded",
	"clarification",
	"investigation",
	"reporting",
	"follow_up",
	"archived",
};

static const char *const error_keys[WF__ERRMAX] = {
	"",
	"workflow.error.unknown",
	"workflow.error.role",
	"workflow.error.needs",
};

/* Returns the code of stage s, or "" for a value outside the enum. */
const char *
wf_stage_code(enum wf_stage s)
{
	return (unsigned)s < WF__MAX ? stage_codes[s] : "";
}

int
wf_stage_parse(const char *s, enum wf_stage *out)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < WF__MAX; i++)
		if (strcmp(s, stage_codes[i]) == 0) {
			*out = (enum wf_stage)i;
			return 0;
		}
	return -1;
}

const struct wf_transition *
wf_find(enum wf_stage from, enum wf_stage to)
{
	size_t i;

	for (i = 0; i < wf_ntransitions; i++)
		if (wf_transitions[i].from == from &&
		    wf_transitions[i].to == to)
			return &wf_transitions[i];
	return NULL;
}

enum wf_error
wf_check(enum wf_stage from, enum wf_stage to, unsigned roles, unsigned have)
{
	const struct wf_transition *t;

	if ((t = wf_find(from, to)) == NULL)
		return WF_ERR_UNKNOWN;
	if ((roles & t->roles) == 0)
		return WF_ERR_ROLE;
	if ((t->needs & ~have) != 0)
		return WF_ERR_NEEDS;
	return WF_OK;
}

const char *
wf_error_key(enum wf_error e)
{
	return (unsigned)e < WF__ERRMAX ? error_keys[e] :
	    error_keys[WF_ERR_UNKNOWN];
}

int
wf_is_final(enum wf_stage s)
{
	return s == WF_ARCHIVED;
}
