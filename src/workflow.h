/*
 * workflow.h: the eight stages of a report and the transitions between
 * them, as a table (domain code: no I/O). Each transition names the
 * roles that may take it and what it requires. Anything not in the
 * table is refused.
 */
#ifndef WBS_WORKFLOW_H
#define WBS_WORKFLOW_H

#include <stddef.h>

enum wf_stage {
	WF_RECEIVED,		/* Penerimaan dan pencatatan */
	WF_REVIEW,		/* Penelaahan */
	WF_FORWARDED,		/* Penyaluran */
	WF_CLARIFICATION,	/* Konfirmasi dan klarifikasi */
	WF_INVESTIGATION,	/* Penelitian, investigasi, dan pemeriksaan */
	WF_REPORTING,		/* Pelaporan */
	WF_FOLLOW_UP,		/* Tindak lanjut */
	WF_ARCHIVED,		/* Pengarsipan */
	WF__MAX
};

/* What a transition requires, as bits. */
#define WF_NEED_REASON		(1u << 0)	/* a reason the reporter sees */
#define WF_NEED_ASSESSMENT	(1u << 1)	/* the 5W+1H review checklist */
#define WF_NEED_UNIT		(1u << 2)	/* the unit it is forwarded to */
#define WF_NEED_LHP		(1u << 3)	/* the investigation report */
#define WF_NEED_DECISION	(1u << 4)	/* the follow-up decision */

struct wf_transition {
	enum wf_stage	 from;
	enum wf_stage	 to;
	unsigned	 roles;		/* ROLE_* bits (route.h) */
	unsigned	 needs;		/* WF_NEED_* bits */
	const char	*action;	/* stable code, e.g. "forward" */
};

enum wf_error {
	WF_OK,
	WF_ERR_UNKNOWN,		/* no such transition */
	WF_ERR_ROLE,		/* the transition exists; the roles may not take it */
	WF_ERR_NEEDS,		/* something it requires is missing */
	WF__ERRMAX
};

extern const struct wf_transition	wf_transitions[];
extern const size_t			wf_ntransitions;

/* "received", "review", ... and back; parse returns 0 or -1. */
const char	*wf_stage_code(enum wf_stage);
int		 wf_stage_parse(const char *, enum wf_stage *);
/* The transition from -> to, or NULL. */
const struct wf_transition *wf_find(enum wf_stage from, enum wf_stage to);
/*
 * Checks that roles (the actor's ROLE_* bits) may move a report from ->
 * to with the requirements in have (WF_NEED_* bits present). Returns
 * WF_OK or the reason for refusing.
 */
enum wf_error	 wf_check(enum wf_stage from, enum wf_stage to, unsigned roles,
		    unsigned have);
/* Translation key of an error ("workflow.error.role", ...). */
const char	*wf_error_key(enum wf_error);
/* 1 when a report in stage s can no longer change (archived). */
int		 wf_is_final(enum wf_stage);

/*
 * Routing, a step that changes the unit, not the stage: forwarding
 * again after the unit's access was withdrawn, or transferring to
 * another unit (the old unit's keys deleted, the new unit's granted),
 * with a reason. One row per stage in which it may be taken.
 */
struct wf_routing {
	enum wf_stage	 stage;
	unsigned	 roles;
	unsigned	 needs;		/* WF_NEED_* bits */
};
extern const struct wf_routing wf_routings[];
extern const size_t wf_nroutings;
/* WF_OK when roles may route a report in stage with have, else why not. */
enum wf_error	 wf_check_route(enum wf_stage, unsigned roles, unsigned have);

#endif
