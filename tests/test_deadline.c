/*
 * test_deadline.c: working-day arithmetic in WIB: the local day around
 * midnight, weekends, holidays, the year end, counting working days
 * between two times, the due time of each stage and the overdue second;
 * the holiday file parser and its errors; the shipped calendar.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include "deadline.h"
#include "util.h"
#include "workflow.h"

/* Unix seconds of a wall-clock time in WIB (timegm is independent of deadline.c). */
static int64_t
wib(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm) - 7 * 3600;
}

/* The local day number of a date (its midnight UTC / 86400). */
static int64_t
day_of(int y, int mo, int d)
{
	return (wib(y, mo, d, 7, 0, 0)) / 86400;
}

/* 23:59:59 WIB of a date. */
static int64_t
eod(int y, int mo, int d)
{
	return wib(y, mo, d, 23, 59, 59);
}

static struct holidays *
load_shipped(void)
{
	struct holidays *h = NULL;
	char path[4096], err[512];

	snprintf(path, sizeof(path), "%s/conf/holidays.txt", tu_srcdir());
	if (holidays_load(&h, path, err, sizeof(err)) == -1)
		fail_msg("%s", err);
	assert_non_null(h);
	return h;
}

static void
test_day_around_midnight(void **state)
{
	int64_t t;

	(void)state;
	/* 2026-03-18 16:59:59 UTC is 23:59:59 WIB; a second later, the 19th */
	t = wib(2026, 3, 18, 23, 59, 59);
	assert_int_equal(wd_day(t), day_of(2026, 3, 18));
	assert_int_equal(wd_day(t + 1), day_of(2026, 3, 19));
	assert_int_equal(wd_day(t + 1) - wd_day(t), 1);
	assert_int_equal(wd_day(wib(2026, 3, 18, 0, 0, 0)),
	    day_of(2026, 3, 18));
	assert_int_equal(wd_day(wib(2026, 3, 18, 0, 0, 0) - 1),
	    day_of(2026, 3, 17));
	/* 20530 days from 1970-01-01 to 2026-03-18 */
	assert_int_equal(day_of(2026, 3, 18), 20530);
	/* the epoch is 07:00 WIB on day 0 */
	assert_int_equal(wd_day(0), 0);
	assert_int_equal(wd_day(17 * 3600 - 1), 0);
	assert_int_equal(wd_day(17 * 3600), 1);
	/* before the epoch: floor, not truncation */
	assert_int_equal(wd_day(-1), 0);
	assert_int_equal(wd_day(-7 * 3600), 0);
	assert_int_equal(wd_day(-7 * 3600 - 1), -1);
	assert_int_equal(wd_day(-7 * 3600 - 86400), -1);
	assert_int_equal(wd_day(-7 * 3600 - 86400 - 1), -2);
	assert_int_equal(wd_day(wib(1969, 12, 31, 12, 0, 0)), -1);
	/* no overflow at the ends */
	assert_true(wd_day(INT64_MAX) > 0);
	assert_true(wd_day(INT64_MIN) < 0);
}

static void
test_weekdays(void **state)
{
	int64_t d;
	int i;

	(void)state;
	/* 2026-03-02 is a Monday: Monday..Friday work, weekend does not */
	d = day_of(2026, 3, 2);
	for (i = 0; i < 7; i++)
		assert_int_equal(wd_is_working(NULL, d + i), i < 5);
	/* 1970-01-01 was a Thursday; 1969-12-27 a Saturday */
	assert_int_equal(wd_is_working(NULL, 0), 1);
	assert_int_equal(wd_is_working(NULL, 2), 0);
	assert_int_equal(wd_is_working(NULL, 3), 0);
	assert_int_equal(wd_is_working(NULL, 4), 1);
	assert_int_equal(wd_is_working(NULL, -5), 0);
	assert_int_equal(wd_is_working(NULL, -4), 0);
	assert_int_equal(wd_is_working(NULL, -3), 1);
}

static void
test_add_weekends(void **state)
{
	struct holidays *h = holidays_new();
	int64_t fri = wib(2026, 3, 6, 10, 0, 0);

	(void)state;
	/* Friday + 1 = Monday, whatever the hour of Friday */
	assert_int_equal(wd_add(h, fri, 1), eod(2026, 3, 9));
	assert_int_equal(wd_add(h, wib(2026, 3, 6, 0, 0, 0), 1),
	    eod(2026, 3, 9));
	assert_int_equal(wd_add(h, eod(2026, 3, 6), 1), eod(2026, 3, 9));
	/* a second later it is Saturday: still Monday */
	assert_int_equal(wd_add(h, eod(2026, 3, 6) + 1, 1), eod(2026, 3, 9));
	assert_int_equal(wd_add(h, wib(2026, 3, 8, 12, 0, 0), 1),
	    eod(2026, 3, 9));
	/* Thursday + 1 = Friday; Monday + 5 = next Monday */
	assert_int_equal(wd_add(h, wib(2026, 3, 5, 9, 0, 0), 1),
	    eod(2026, 3, 6));
	assert_int_equal(wd_add(h, wib(2026, 3, 9, 9, 0, 0), 5),
	    eod(2026, 3, 16));
	assert_int_equal(wd_add(h, fri, 10), eod(2026, 3, 20));
	/* n == 0: the end of the same day */
	assert_int_equal(wd_add(h, fri, 0), eod(2026, 3, 6));
	assert_int_equal(wd_add(NULL, fri, 1), eod(2026, 3, 9));
	/* the result is 16:59:59 UTC */
	assert_int_equal((wd_add(h, fri, 1) % 86400), 17 * 3600 - 1);
	holidays_free(h);
}

static void
test_add_holidays(void **state)
{
	struct holidays *h = load_shipped();

	(void)state;
	/* Nyepi (Thu 19), Idul Fitri (Fri 20, Sat 21), Sunday: Monday 23 */
	assert_int_equal(wd_add(h, wib(2026, 3, 18, 8, 0, 0), 1),
	    eod(2026, 3, 23));
	assert_int_equal(wd_add(NULL, wib(2026, 3, 18, 8, 0, 0), 1),
	    eod(2026, 3, 19));
	assert_int_equal(wd_add(h, wib(2026, 3, 18, 8, 0, 0), 3),
	    eod(2026, 3, 25));
	/* started on the holiday itself */
	assert_int_equal(wd_add(h, wib(2026, 3, 19, 8, 0, 0), 1),
	    eod(2026, 3, 23));
	/* Kemerdekaan on Monday 2026-08-17 */
	assert_int_equal(wd_add(h, wib(2026, 8, 14, 15, 0, 0), 1),
	    eod(2026, 8, 18));
	/* Christmas on Friday: Thursday 24 + 1 = Monday 28 */
	assert_int_equal(wd_add(h, wib(2026, 12, 24, 15, 0, 0), 1),
	    eod(2026, 12, 28));
	/*
	 * year end: Thu 31 + 3 skips Fri 1 Jan, the weekend and Isra Mikraj
	 * (Tue 5): Thu 7
	 */
	assert_int_equal(wd_add(h, wib(2026, 12, 31, 15, 0, 0), 3),
	    eod(2027, 1, 7));
	assert_int_equal(wd_add(NULL, wib(2026, 12, 31, 15, 0, 0), 3),
	    eod(2027, 1, 5));
	/* 3, 14 and 60 working days from receipt on 2026-03-16 */
	assert_int_equal(wd_add(h, wib(2026, 3, 16, 9, 0, 0), 3),
	    eod(2026, 3, 23));
	assert_int_equal(wd_add(h, wib(2026, 3, 16, 9, 0, 0), 14),
	    eod(2026, 4, 8));
	holidays_free(h);
}

static void
test_between(void **state)
{
	struct holidays *h = load_shipped();
	int64_t fri = wib(2026, 3, 6, 10, 0, 0);

	(void)state;
	assert_int_equal(wd_between(h, fri, wib(2026, 3, 9, 8, 0, 0)), 1);
	assert_int_equal(wd_between(h, fri, wib(2026, 3, 8, 23, 0, 0)), 0);
	assert_int_equal(wd_between(h, fri, eod(2026, 3, 6)), 0);
	assert_int_equal(wd_between(h, fri, fri), 0);
	assert_int_equal(wd_between(h, wib(2026, 3, 9, 8, 0, 0),
	    wib(2026, 3, 16, 8, 0, 0)), 5);
	/* reversed */
	assert_int_equal(wd_between(h, wib(2026, 3, 16, 8, 0, 0), fri), 0);
	/* Nyepi and Idul Fitri */
	assert_int_equal(wd_between(h, wib(2026, 3, 18, 8, 0, 0),
	    wib(2026, 3, 23, 8, 0, 0)), 1);
	assert_int_equal(wd_between(NULL, wib(2026, 3, 18, 8, 0, 0),
	    wib(2026, 3, 23, 8, 0, 0)), 3);
	/* whole years: 261 weekdays less 14 and 3 holidays on weekdays */
	assert_int_equal(wd_between(h, eod(2025, 12, 31), eod(2026, 12, 31)),
	    247);
	/* 2027: 261 weekdays less the 11 holidays that fall on them */
	assert_int_equal(wd_between(h, eod(2026, 12, 31), eod(2027, 12, 31)),
	    250);
	assert_int_equal(wd_between(NULL, eod(2025, 12, 31),
	    eod(2026, 12, 31)), 261);
	/* across the epoch */
	assert_int_equal(wd_between(NULL, wib(1969, 12, 26, 12, 0, 0),
	    wib(1970, 1, 5, 12, 0, 0)), 6);
	holidays_free(h);
}

/* The n-th working day after day d0, one day at a time. */
static int64_t
naive_add(const struct holidays *h, int64_t d0, unsigned n)
{
	while (n > 0)
		if (wd_is_working(h, ++d0))
			n--;
	return d0;
}

/* wd_add against a day-by-day walk, from every kind of day. */
static void
test_add_agrees(void **state)
{
	struct holidays *h = load_shipped();
	int64_t d, t;
	unsigned n;

	(void)state;
	for (d = day_of(2025, 12, 20); d < day_of(2027, 1, 10); d++)
		for (n = 0; n < 70; n += (n < 10 ? 1 : 13)) {
			t = d * 86400 + 5 * 3600;	/* 12:00 WIB */
			assert_int_equal(wd_day(wd_add(h, t, n)),
			    naive_add(h, d, n));
		}
	for (d = -40; d < 10; d++)
		for (n = 0; n < 30; n++)
			assert_int_equal(wd_day(wd_add(NULL, d * 86400, n)),
			    naive_add(NULL, d, n));
	/* a huge n neither hangs nor overflows */
	t = wib(2026, 3, 18, 8, 0, 0);
	assert_int_equal(wd_between(h, t, wd_add(h, t, UINT32_MAX)),
	    UINT32_MAX);
	assert_int_equal(wd_between(h, t, wd_add(h, t, 261 * 3 - 14 - 3)),
	    261 * 3 - 14 - 3);
	holidays_free(h);
}

/* wd_between against a day-by-day count, and wd_add as its inverse. */
static void
test_between_agrees(void **state)
{
	struct holidays *h = load_shipped();
	int64_t a, b, d, start = day_of(2025, 12, 1), t;
	unsigned n, count;

	(void)state;
	for (a = start; a < start + 60; a += 3)
		for (b = a - 5; b < a + 420; b += 7) {
			count = 0;
			for (d = a + 1; d <= b; d++)
				count += wd_is_working(h, d);
			assert_int_equal(wd_between(h, a * 86400,
			    b * 86400), count);
		}
	for (n = 0; n < 80; n++) {
		t = wib(2026, 3, 1, 10, 0, 0) + (int64_t)n * 86400 * 3;
		assert_int_equal(wd_between(h, t, wd_add(h, t, n)), n);
		if (n > 0)
			assert_true(wd_is_working(h, wd_day(wd_add(h, t, n))));
	}
	/* a negative range too */
	for (a = -30; a < 0; a++) {
		count = 0;
		for (d = a + 1; d <= 10; d++)
			count += wd_is_working(NULL, d);
		assert_int_equal(wd_between(NULL, a * 86400 + 3600,
		    10 * 86400 + 3600), count);
	}
	holidays_free(h);
}

/* Anchors that are all the same time (one stage so far). */
static struct deadline_anchors
at_all(int64_t t)
{
	struct deadline_anchors a = { t, t, t };

	return a;
}

static void
test_due(void **state)
{
	const struct deadline_policy p = { 1, 2, 3, 4 };
	struct holidays *h = load_shipped();
	int64_t at = wib(2026, 3, 13, 10, 0, 0), due;	/* a Friday */
	struct deadline_anchors a = at_all(at);

	(void)state;
	assert_int_equal(deadline_due(&p, h, WF_RECEIVED, &a, &due), 1);
	assert_int_equal(due, eod(2026, 3, 16));
	assert_int_equal(deadline_due(&p, h, WF_REVIEW, &a, &due), 1);
	assert_int_equal(due, eod(2026, 3, 17));
	assert_int_equal(deadline_due(&p, h, WF_FORWARDED, &a, &due), 1);
	assert_int_equal(due, eod(2026, 3, 18));
	assert_int_equal(deadline_due(&p, h, WF_CLARIFICATION, &a, &due), 1);
	assert_int_equal(due, eod(2026, 3, 18));
	assert_int_equal(deadline_due(&p, h, WF_INVESTIGATION, &a, &due), 1);
	assert_int_equal(due, eod(2026, 3, 18));
	assert_int_equal(deadline_due(&p, h, WF_REPORTING, &a, &due), 1);
	assert_int_equal(due, eod(2026, 3, 18));
	/* follow-up: calendar days, holidays and weekends included */
	assert_int_equal(deadline_due(&p, h, WF_FOLLOW_UP, &a, &due), 1);
	assert_int_equal(due, eod(2026, 3, 17));
	due = 42;
	assert_int_equal(deadline_due(&p, h, WF_ARCHIVED, &a, &due), 0);
	assert_int_equal(due, 42);
	assert_int_equal(deadline_due(&p, h, WF__MAX, &a, &due), 0);
	/* investigation over Nyepi and Idul Fitri: 3 days from Wed 18 */
	a = at_all(wib(2026, 3, 18, 10, 0, 0));
	assert_int_equal(deadline_due(&p, h, WF_INVESTIGATION, &a, &due), 1);
	assert_int_equal(due, eod(2026, 3, 25));
	holidays_free(h);
}

/* The shipped calendar covers 2026 and 2027; a thin year does not. */
static void
test_calendar_coverage(void **state)
{
	struct holidays *h = load_shipped(), *thin = holidays_new();
	int missing = 0;

	(void)state;
	assert_true(holidays_in_year(h, 2026) >= HOLIDAYS_FULL_YEAR);
	assert_true(holidays_in_year(h, 2027) >= HOLIDAYS_FULL_YEAR);
	assert_int_equal(holidays_in_year(h, 2028), 0);
	assert_int_equal(holidays_cover(h, wib(2026, 6, 1, 9, 0, 0),
	    &missing), 1);
	/* in December 2027 the next twelve months reach into 2028 */
	assert_int_equal(holidays_cover(h, wib(2027, 12, 1, 9, 0, 0),
	    &missing), 0);
	assert_int_equal(missing, 2028);
	/* a calendar with only the fixed dates of a year is incomplete */
	assert_int_equal(holidays_add(thin, 2026, 1, 1), 0);
	assert_int_equal(holidays_add(thin, 2026, 8, 17), 0);
	assert_int_equal(holidays_cover(thin, wib(2026, 2, 1, 9, 0, 0),
	    &missing), 0);
	assert_int_equal(missing, 2026);
	holidays_free(thin);
	holidays_free(h);
}

/*
 * The clocks follow the SOP from the case's history: penelaahan runs
 * from receipt however late the review began, and a clarification in
 * the middle of the investigation does not restart it.
 */
static void
test_clocks_from_history(void **state)
{
	const struct deadline_policy p = { 3, 14, 60, 90 };
	struct holidays *h = load_shipped();
	int64_t received = wib(2026, 6, 1, 9, 0, 0);	/* a Monday */
	int64_t forwarded = wib(2026, 6, 22, 9, 0, 0);
	struct deadline_anchors a = { received, 0, wib(2026, 6, 10, 9, 0, 0) };
	int64_t due, due2;

	(void)state;
	assert_int_equal(deadline_due(&p, h, WF_REVIEW, &a, &due), 1);
	assert_int_equal(due, wd_add(h, received, 14));
	/* forwarded on the 22nd; clarification asked on 7 August */
	a.forwarded = forwarded;
	a.stage_at = forwarded;
	assert_int_equal(deadline_due(&p, h, WF_FORWARDED, &a, &due), 1);
	a.stage_at = wib(2026, 8, 7, 9, 0, 0);
	assert_int_equal(deadline_due(&p, h, WF_CLARIFICATION, &a, &due2), 1);
	assert_int_equal(due2, due);
	assert_int_equal(due, wd_add(h, forwarded, 60));
	/* 72 working days after forwarding it is overdue in any stage */
	assert_true(deadline_overdue(&p, h, WF_INVESTIGATION, &a,
	    wd_add(h, forwarded, 72)));
	/* a report forwarded before its first forwarding was recorded
	 * (no anchor) counts from its stage */
	a.forwarded = 0;
	assert_int_equal(deadline_due(&p, h, WF_INVESTIGATION, &a, &due), 1);
	assert_int_equal(due, wd_add(h, a.stage_at, 60));
	holidays_free(h);
}

static void
test_overdue(void **state)
{
	const struct deadline_policy p = { 3, 14, 60, 90 };
	struct holidays *h = load_shipped();
	int64_t at = wib(2026, 3, 13, 10, 0, 0), due;
	struct deadline_anchors an = at_all(at);
	int s;

	(void)state;
	for (s = 0; s < WF__MAX; s++) {
		if (!deadline_due(&p, h, (enum wf_stage)s, &an, &due)) {
			assert_int_equal(s, WF_ARCHIVED);
			assert_int_equal(deadline_overdue(&p, h,
			    (enum wf_stage)s, &an, INT64_MAX), 0);
			continue;
		}
		assert_int_equal(deadline_overdue(&p, h, (enum wf_stage)s, &an,
		    at), 0);
		assert_int_equal(deadline_overdue(&p, h, (enum wf_stage)s, &an,
		    due - 1), 0);
		assert_int_equal(deadline_overdue(&p, h, (enum wf_stage)s, &an,
		    due), 0);
		assert_int_equal(deadline_overdue(&p, h, (enum wf_stage)s, &an,
		    due + 1), 1);
	}
	/* received on Friday 13 March: 3 working days end Wednesday 18 */
	assert_int_equal(deadline_overdue(&p, h, WF_RECEIVED, &an,
	    eod(2026, 3, 18)), 0);
	assert_int_equal(deadline_overdue(&p, h, WF_RECEIVED, &an,
	    wib(2026, 3, 19, 0, 0, 0)), 1);
	/* follow-up: 90 calendar days, 2026-06-11 */
	assert_int_equal(deadline_overdue(&p, h, WF_FOLLOW_UP, &an,
	    eod(2026, 6, 11)), 0);
	assert_int_equal(deadline_overdue(&p, h, WF_FOLLOW_UP, &an,
	    eod(2026, 6, 11) + 1), 1);
	holidays_free(h);
}

/* Parses text; returns 0 or -1 and leaves the error in err. */
static int
parse(struct holidays *h, const char *text, char *err, size_t errlen)
{
	err[0] = '\0';
	return holidays_parse(h, "t.txt", text, strlen(text), err, errlen);
}

static void
test_parse_ok(void **state)
{
	struct holidays *h = holidays_new();
	char err[256];

	(void)state;
	assert_int_equal(parse(h,
	    "# comment\n"
	    "\n"
	    "   \t\n"
	    "  # indented comment\n"
	    "2026-03-19 Hari Suci Nyepi\n"
	    "2026-03-20\n"				/* no name */
	    "2026-03-19 Nyepi again\n"			/* duplicate */
	    "2026-03-18\tTab\r\n"			/* CRLF, tab */
	    "2028-02-29 leap day\n"
	    "2026-03-17 Bahasa \xc3\xa9\xc3\xa9 last line", err, sizeof(err)),
	    0);
	assert_string_equal(err, "");
	assert_int_equal(wd_is_working(h, day_of(2026, 3, 16)), 1);
	assert_int_equal(wd_is_working(h, day_of(2026, 3, 17)), 0);
	assert_int_equal(wd_is_working(h, day_of(2026, 3, 18)), 0);
	assert_int_equal(wd_is_working(h, day_of(2026, 3, 19)), 0);
	assert_int_equal(wd_is_working(h, day_of(2026, 3, 20)), 0);
	assert_int_equal(wd_is_working(h, day_of(2026, 3, 23)), 1);
	assert_int_equal(wd_is_working(h, day_of(2028, 2, 29)), 0);
	assert_int_equal(wd_is_working(h, day_of(2028, 3, 1)), 1);
	/* empty text */
	assert_int_equal(holidays_parse(h, "t.txt", "", 0, err, sizeof(err)),
	    0);
	holidays_free(h);
}

static void
test_parse_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*err;
	} cases[] = {
		{ "2026-02-30 bad\n", "t.txt:1: no such date" },
		{ "# x\n\n2026-13-01 bad\n", "t.txt:3: no such date" },
		{ "2026-00-10\n", "t.txt:1: no such date" },
		{ "2026-01-00\n", "t.txt:1: no such date" },
		{ "2026-04-31\n", "t.txt:1: no such date" },
		{ "2027-02-29\n", "t.txt:1: no such date" },
		{ "2100-02-29\n", "t.txt:1: no such date" },
		{ "0999-01-01\n", "t.txt:1: no such date" },
		{ "2026-01-01 ok\ngarbage\n", "t.txt:2: expected YYYY-MM-DD" },
		{ "2026-1-01 x\n", "t.txt:1: expected YYYY-MM-DD" },
		{ "2026/01/01\n", "t.txt:1: expected YYYY-MM-DD" },
		{ "26-01-01\n", "t.txt:1: expected YYYY-MM-DD" },
		{ "2026-01-01x\n", "t.txt:1: expected a space after the date" },
		{ "2026-01-011\n", "t.txt:1: expected a space after the date" },
		{ "a\r\nb\n", "t.txt:1: expected YYYY-MM-DD" },
		{ "\n\n\n\n2026-01-01 a\n2026-01-02 \xff\n",
		    "t.txt:6: the name is not UTF-8 text" },
	};
	struct holidays *h;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		h = holidays_new();
		if (parse(h, cases[i].text, err, sizeof(err)) != -1)
			fail_msg("accepted: %s", cases[i].text);
		assert_string_equal(err, cases[i].err);
		holidays_free(h);
	}
	/* a NUL byte inside the text is refused, not a line end */
	h = holidays_new();
	assert_int_equal(holidays_parse(h, "n", "2026-01-01 a\0b\n", 15, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "n:1: the name is not UTF-8 text");
	holidays_free(h);
}

static void
test_add_limits(void **state)
{
	struct holidays *h = holidays_new();
	char err[256], line[64];
	int64_t d;
	int i;

	(void)state;
	assert_int_equal(holidays_add(h, 2026, 2, 29), -1);
	assert_int_equal(holidays_add(h, 2026, 0, 1), -1);
	assert_int_equal(holidays_add(h, 2026, 12, 32), -1);
	assert_int_equal(holidays_add(h, 2024, 2, 29), 0);
	/* fill the calendar with distinct days from 2030 on */
	for (i = 0; i < HOLIDAYS_MAX - 1; i++) {
		time_t t = (time_t)wib(2030, 1, 1, 12, 0, 0) + (time_t)i * 86400;
		struct tm tm;

		gmtime_r(&t, &tm);
		assert_int_equal(holidays_add(h, tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday), 0);
	}
	/* full: a new day is refused, a known one is fine */
	assert_int_equal(holidays_add(h, 2029, 12, 31), -1);
	assert_int_equal(holidays_add(h, 2024, 2, 29), 0);
	assert_int_equal(holidays_add(h, 2030, 1, 1), 0);
	snprintf(line, sizeof(line), "2030-01-01\n2029-12-31 one more\n");
	assert_int_equal(parse(h, line, err, sizeof(err)), -1);
	assert_string_equal(err, "t.txt:2: too many holidays");
	/* every day in the range is now a holiday */
	for (d = day_of(2030, 1, 1); d < day_of(2030, 1, 1) + 1023; d++)
		assert_int_equal(wd_is_working(h, d), 0);
	assert_int_equal(wd_is_working(h, day_of(2030, 1, 1) + 1023),
	    wd_is_working(NULL, day_of(2030, 1, 1) + 1023));
	/* and the next working day is found after all of them */
	d = day_of(2029, 12, 31);	/* a Monday, the last day before */
	assert_true(wd_day(wd_add(h, d * 86400, 1)) >= day_of(2030, 1, 1) +
	    1023);
	assert_int_equal(wd_day(wd_add(h, d * 86400, 1)),
	    naive_add(h, d, 1));
	assert_int_equal(wd_day(wd_add(h, d * 86400, 7)),
	    naive_add(h, d, 7));
	assert_int_equal(wd_between(h, d * 86400, wd_add(h, d * 86400, 7)),
	    7);
	holidays_free(h);
}

static void
test_load_file(void **state)
{
	struct holidays *h = NULL;
	char *dir = tu_mkdtemp(), path[4096], err[4200];
	static const char text[] = "2026-05-01 Hari Buruh\n2026-05-32 x\n";

	(void)state;
	snprintf(path, sizeof(path), "%s/h.txt", dir);
	tu_write_file(path, text, sizeof(text) - 1);
	assert_int_equal(holidays_load(&h, path, err, sizeof(err)), -1);
	assert_null(h);
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_string_equal(err + strlen(path), ":2: no such date");

	tu_write_file(path, text, 22);
	assert_int_equal(holidays_load(&h, path, err, sizeof(err)), 0);
	assert_non_null(h);
	assert_int_equal(wd_is_working(h, day_of(2026, 5, 1)), 0);
	holidays_free(h);
	h = NULL;

	snprintf(path, sizeof(path), "%s/absent.txt", dir);
	assert_int_equal(holidays_load(&h, path, err, sizeof(err)), -1);
	assert_null(h);
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_non_null(strstr(err, "No such file"));
	tu_rmtree(dir);
	free(dir);
}

static void
test_shipped_calendar(void **state)
{
	static const int y2026[][2] = {
		{ 1, 1 }, { 1, 16 }, { 2, 17 }, { 3, 19 }, { 3, 20 },
		{ 3, 21 }, { 4, 3 }, { 4, 5 }, { 5, 1 }, { 5, 14 },
		{ 5, 27 }, { 5, 31 }, { 6, 1 }, { 6, 16 }, { 8, 17 },
		{ 8, 25 }, { 12, 25 },
	};
	static const int y2027[][2] = {
		{ 1, 1 }, { 5, 1 }, { 6, 1 }, { 8, 17 }, { 12, 25 },
	};
	struct holidays *h = load_shipped();
	size_t i;

	(void)state;
	/* 2026-08-17 is a Monday, and a holiday */
	assert_int_equal(wd_is_working(NULL, day_of(2026, 8, 17)), 1);
	assert_int_equal(wd_is_working(h, day_of(2026, 8, 17)), 0);
	assert_int_equal(wd_is_working(h, day_of(2026, 8, 18)), 1);
	for (i = 0; i < NELEM(y2026); i++)
		assert_int_equal(wd_is_working(h,
		    day_of(2026, y2026[i][0], y2026[i][1])), 0);
	for (i = 0; i < NELEM(y2027); i++)
		assert_int_equal(wd_is_working(h,
		    day_of(2027, y2027[i][0], y2027[i][1])), 0);
	holidays_free(h);
}

/*
 * holidays_load(NULL) uses the copy of conf/holidays.txt built into the
 * binary; it must equal the shipped file day for day.
 */
static void
test_builtin_calendar(void **state)
{
	struct holidays *file = load_shipped(), *h = NULL, *h2 = NULL;
	char err[512];
	int64_t d;

	(void)state;
	if (holidays_load(&h, NULL, err, sizeof(err)) == -1)
		fail_msg("%s", err);
	assert_int_equal(holidays_load(&h2, "", err, sizeof(err)), 0);
	for (d = day_of(2025, 1, 1); d < day_of(2029, 1, 1); d++) {
		assert_int_equal(wd_is_working(h, d), wd_is_working(file, d));
		assert_int_equal(wd_is_working(h2, d), wd_is_working(file, d));
	}
	holidays_free(h);
	holidays_free(h2);
	holidays_free(file);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_around_midnight),
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_add_weekends),
		cmocka_unit_test(test_add_holidays),
		cmocka_unit_test(test_add_agrees),
		cmocka_unit_test(test_between),
		cmocka_unit_test(test_between_agrees),
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_clocks_from_history),
		cmocka_unit_test(test_calendar_coverage),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_add_limits),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_shipped_calendar),
		cmocka_unit_test(test_builtin_calendar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
