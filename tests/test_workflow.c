/*
 * test_workflow.c: the transition table. Every allowed transition works
 * for its role with its requirements; the whole cross product of stage x
 * stage x role is checked against an independent copy of the table, so
 * that exactly the listed moves pass and every other one is refused with
 * the right reason; each missing requirement is refused; stage codes
 * round trip.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#include "route.h"
#include "util.h"
#include "workflow.h"

#define NEED_ALL	(WF_NEED_REASON | WF_NEED_ASSESSMENT | WF_NEED_UNIT | \
			 WF_NEED_LHP | WF_NEED_DECISION)

/*
 * The expected table, written out again from the brief (DESIGN.md) and
 * not derived from wf_transitions, so that a change to either shows.
 */
static const struct {
	enum wf_stage	 from, to;
	unsigned	 roles, needs;
	const char	*action;
} expect[] = {
	{ WF_RECEIVED, WF_REVIEW, ROLE_REVIEWER, 0, "start_review" },
	{ WF_REVIEW, WF_FORWARDED, ROLE_REVIEWER,
	    WF_NEED_ASSESSMENT | WF_NEED_UNIT, "forward" },
	{ WF_REVIEW, WF_ARCHIVED, ROLE_REVIEWER, WF_NEED_REASON,
	    "close_not_actionable" },
	{ WF_FORWARDED, WF_CLARIFICATION, ROLE_INVESTIGATOR, 0, "clarify" },
	{ WF_FORWARDED, WF_INVESTIGATION, ROLE_INVESTIGATOR, 0,
	    "investigate" },
	{ WF_CLARIFICATION, WF_INVESTIGATION, ROLE_INVESTIGATOR, 0,
	    "investigate" },
	{ WF_INVESTIGATION, WF_CLARIFICATION, ROLE_INVESTIGATOR,
	    WF_NEED_REASON, "ask_again" },
	{ WF_INVESTIGATION, WF_REPORTING, ROLE_INVESTIGATOR, 0,
	    "start_report" },
	{ WF_REPORTING, WF_FOLLOW_UP, ROLE_INVESTIGATOR, WF_NEED_LHP,
	    "submit_lhp" },
	{ WF_FOLLOW_UP, WF_ARCHIVED, ROLE_REVIEWER, WF_NEED_DECISION,
	    "archive" },
};

/* No role, each single role bit, and every staff role together. */
static const unsigned roles_tried[] = {
	0, ROLE_REPORTER, ROLE_ADMIN, ROLE_REVIEWER, ROLE_INVESTIGATOR,
	ROLE_CUSTODIAN, ROLE_AUDITOR,
};

static int
expect_index(enum wf_stage from, enum wf_stage to)
{
	size_t i;

	for (i = 0; i < NELEM(expect); i++)
		if (expect[i].from == from && expect[i].to == to)
			return (int)i;
	return -1;
}

static void
test_table_matches(void **state)
{
	size_t i, j;

	(void)state;
	assert_int_equal(wf_ntransitions, NELEM(expect));
	for (i = 0; i < NELEM(expect); i++) {
		const struct wf_transition *t =
		    wf_find(expect[i].from, expect[i].to);

		assert_non_null(t);
		assert_int_equal(t->roles, expect[i].roles);
		assert_int_equal(t->needs, expect[i].needs);
		assert_string_equal(t->action, expect[i].action);
	}
	/* no pair twice, no stage outside the enum */
	for (i = 0; i < wf_ntransitions; i++) {
		assert_true((unsigned)wf_transitions[i].from < WF__MAX);
		assert_true((unsigned)wf_transitions[i].to < WF__MAX);
		assert_true(wf_transitions[i].from != wf_transitions[i].to);
		for (j = i + 1; j < wf_ntransitions; j++)
			assert_false(wf_transitions[i].from ==
			    wf_transitions[j].from &&
			    wf_transitions[i].to == wf_transitions[j].to);
	}
}

static void
test_allowed_transitions(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(expect); i++) {
		/* exactly what it needs, everything, and the role among others */
		assert_int_equal(wf_check(expect[i].from, expect[i].to,
		    expect[i].roles, expect[i].needs), WF_OK);
		assert_int_equal(wf_check(expect[i].from, expect[i].to,
		    expect[i].roles, NEED_ALL), WF_OK);
		assert_int_equal(wf_check(expect[i].from, expect[i].to,
		    expect[i].roles | ROLE_ADMIN | ROLE_AUDITOR,
		    expect[i].needs), WF_OK);
	}
}

static void
test_cross_product(void **state)
{
	int from, to;
	size_t r;
	unsigned checked = 0, passed = 0;

	(void)state;
	for (from = 0; from < WF__MAX; from++)
		for (to = 0; to < WF__MAX; to++)
			for (r = 0; r < NELEM(roles_tried); r++) {
				unsigned role = roles_tried[r];
				int k = expect_index((enum wf_stage)from,
				    (enum wf_stage)to);
				enum wf_error want, got_all, got_none;

				if (k < 0)
					want = WF_ERR_UNKNOWN;
				else if ((role & expect[k].roles) == 0)
					want = WF_ERR_ROLE;
				else
					want = WF_OK;
				got_all = wf_check((enum wf_stage)from,
				    (enum wf_stage)to, role, NEED_ALL);
				if (got_all != want)
					fail_msg("%s -> %s role %#x: %d, want "
					    "%d", wf_stage_code(from),
					    wf_stage_code(to), role, got_all,
					    want);
				/* with nothing present, needs are refused */
				got_none = wf_check((enum wf_stage)from,
				    (enum wf_stage)to, role, 0);
				if (want == WF_OK && expect[k].needs != 0)
					want = WF_ERR_NEEDS;
				if (got_none != want)
					fail_msg("%s -> %s role %#x, no needs: "
					    "%d, want %d", wf_stage_code(from),
					    wf_stage_code(to), role, got_none,
					    want);
				checked++;
				if (got_all == WF_OK)
					passed++;
				if (k < 0)
					assert_null(wf_find(
					    (enum wf_stage)from,
					    (enum wf_stage)to));
			}
	assert_int_equal(checked, WF__MAX * WF__MAX * NELEM(roles_tried));
	/* each transition is open to exactly one of the single roles */
	assert_int_equal(passed, NELEM(expect));
}

static void
test_missing_needs(void **state)
{
	size_t i;
	unsigned bit;

	(void)state;
	for (i = 0; i < NELEM(expect); i++)
		for (bit = 1; bit <= WF_NEED_DECISION; bit <<= 1) {
			enum wf_error e = wf_check(expect[i].from,
			    expect[i].to, expect[i].roles, NEED_ALL & ~bit);

			if (expect[i].needs & bit)
				assert_int_equal(e, WF_ERR_NEEDS);
			else
				assert_int_equal(e, WF_OK);
		}
	/* forward needs both the assessment and the unit */
	assert_int_equal(wf_check(WF_REVIEW, WF_FORWARDED, ROLE_REVIEWER,
	    WF_NEED_ASSESSMENT), WF_ERR_NEEDS);
	assert_int_equal(wf_check(WF_REVIEW, WF_FORWARDED, ROLE_REVIEWER,
	    WF_NEED_UNIT), WF_ERR_NEEDS);
	/* the role is checked before the needs */
	assert_int_equal(wf_check(WF_REVIEW, WF_FORWARDED, ROLE_INVESTIGATOR,
	    0), WF_ERR_ROLE);
}

static void
test_examples(void **state)
{
	(void)state;
	/* no skipping stages, no way back out of the archive */
	assert_int_equal(wf_check(WF_RECEIVED, WF_FORWARDED, ROLE_REVIEWER,
	    NEED_ALL), WF_ERR_UNKNOWN);
	assert_int_equal(wf_check(WF_ARCHIVED, WF_REVIEW, ROLE_STAFF,
	    NEED_ALL), WF_ERR_UNKNOWN);
	assert_int_equal(wf_check(WF_REVIEW, WF_REVIEW, ROLE_STAFF,
	    NEED_ALL), WF_ERR_UNKNOWN);
	/* an administrator does not handle reports */
	assert_int_equal(wf_check(WF_RECEIVED, WF_REVIEW, ROLE_ADMIN, 0),
	    WF_ERR_ROLE);
	/* nor does the reporter */
	assert_int_equal(wf_check(WF_INVESTIGATION, WF_CLARIFICATION,
	    ROLE_REPORTER, NEED_ALL), WF_ERR_ROLE);
	/* values outside the enum are unknown, not a crash */
	assert_int_equal(wf_check((enum wf_stage)WF__MAX, WF_REVIEW,
	    ROLE_STAFF, NEED_ALL), WF_ERR_UNKNOWN);
	assert_int_equal(wf_check((enum wf_stage)-1, WF_REVIEW,
	    ROLE_STAFF, NEED_ALL), WF_ERR_UNKNOWN);
}

static void
test_error_keys(void **state)
{
	(void)state;
	assert_string_equal(wf_error_key(WF_OK), "");
	assert_string_equal(wf_error_key(WF_ERR_UNKNOWN),
	    "workflow.error.unknown");
	assert_string_equal(wf_error_key(WF_ERR_ROLE), "workflow.error.role");
	assert_string_equal(wf_error_key(WF_ERR_NEEDS),
	    "workflow.error.needs");
	assert_string_equal(wf_error_key(WF__ERRMAX),
	    "workflow.error.unknown");
}

static void
test_stage_codes(void **state)
{
	static const char *const codes[WF__MAX] = {
		"received", "review", "forwarded", "clarification",
		"investigation", "reporting", "follow_up", "archived",
	};
	enum wf_stage s;
	int i;

	(void)state;
	for (i = 0; i < WF__MAX; i++) {
		assert_string_equal(wf_stage_code((enum wf_stage)i), codes[i]);
		s = WF__MAX;
		assert_int_equal(wf_stage_parse(codes[i], &s), 0);
		assert_int_equal(s, i);
		assert_int_equal(wf_is_final((enum wf_stage)i),
		    i == WF_ARCHIVED);
	}
	assert_string_equal(wf_stage_code(WF__MAX), "");
	s = WF_REVIEW;
	assert_int_equal(wf_stage_parse("", &s), -1);
	assert_int_equal(wf_stage_parse("Review", &s), -1);
	assert_int_equal(wf_stage_parse("review ", &s), -1);
	assert_int_equal(wf_stage_parse("archive", &s), -1);
	assert_int_equal(wf_stage_parse("follow-up", &s), -1);
	assert_int_equal(wf_stage_parse("penelaahan", &s), -1);
	assert_int_equal(wf_stage_parse(NULL, &s), -1);
	assert_int_equal(s, WF_REVIEW);
}

/* Routing (the unit, not the stage): written out again from the brief. */
static void
test_routing(void **state)
{
	static const enum wf_stage can[] = {
		WF_FORWARDED, WF_CLARIFICATION, WF_INVESTIGATION
	};
	const unsigned need = WF_NEED_UNIT | WF_NEED_REASON;
	size_t i, k;
	int st, yes;

	(void)state;
	assert_int_equal(wf_nroutings, NELEM(can));
	for (st = 0; st < WF__MAX; st++) {
		for (yes = 0, k = 0; k < NELEM(can); k++)
			yes |= can[k] == (enum wf_stage)st;
		for (i = 0; i < NELEM(roles_tried); i++) {
			enum wf_error e = wf_check_route((enum wf_stage)st,
			    roles_tried[i], need);

			if (!yes)
				assert_int_equal(e, WF_ERR_UNKNOWN);
			else if (roles_tried[i] != ROLE_REVIEWER)
				assert_int_equal(e, WF_ERR_ROLE);
			else
				assert_int_equal(e, WF_OK);
		}
		if (yes) {
			assert_int_equal(wf_check_route((enum wf_stage)st,
			    ROLE_REVIEWER, WF_NEED_UNIT), WF_ERR_NEEDS);
			assert_int_equal(wf_check_route((enum wf_stage)st,
			    ROLE_REVIEWER, WF_NEED_REASON), WF_ERR_NEEDS);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routing),
		cmocka_unit_test(test_table_matches),
		cmocka_unit_test(test_allowed_transitions),
		cmocka_unit_test(test_cross_product),
		cmocka_unit_test(test_missing_needs),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_error_keys),
		cmocka_unit_test(test_stage_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
