/*
 * deadline.h: due dates in working days. Weekends (Saturday, Sunday)
 * and the days of a holiday calendar are skipped. Pure functions over a
 * loaded calendar; times are Unix seconds, days are counted in the
 * regency's time zone (WIB, UTC+7).
 */
#ifndef WBS_DEADLINE_H
#define WBS_DEADLINE_H

#include <stddef.h>
#include <stdint.h>

#include "workflow.h"

#define DEADLINE_TZ_OFFSET	(7 * 3600)	/* WIB */
#define HOLIDAYS_MAX		1024

struct holidays;

/*
 * A calendar file: one "YYYY-MM-DD description" per line; blank lines
 * and lines starting with '#' are ignored; anything else is refused with
 * "PATH:LINE: reason". NULL or "" loads the built-in conf/holidays.txt.
 */
/* Holidays listed for year. */
unsigned holidays_in_year(const struct holidays *, int year);
/*
 * A year of Indonesian national holidays has sixteen or so days; fewer
 * than this means the year's moving holidays were not entered.
 */
#define HOLIDAYS_FULL_YEAR	12
/*
 * 1 when every year from now to twelve months on is complete, else 0
 * with *missing_year the first that is not.
 */
int	 holidays_cover(const struct holidays *, int64_t now,
	    int *missing_year);
int	 holidays_load(struct holidays **, const char *path, char *err,
	    size_t errlen);
struct holidays *holidays_new(void);
/* Adds a day; 0, or -1 for an invalid date or a full calendar. */
int	 holidays_add(struct holidays *, int year, int month, int day);
/* Parses calendar text (for the loader and the tests); 0 or -1 with err. */
int	 holidays_parse(struct holidays *, const char *name, const char *text,
	    size_t len, char *err, size_t errlen);
void	 holidays_free(struct holidays *);

/* The local day number (days since 1970-01-01 WIB) of time t. */
int64_t	 wd_day(int64_t t);
/* 1 when local day d is a working day. */
int	 wd_is_working(const struct holidays *, int64_t day);
/*
 * The end (23:59:59 WIB) of the n-th working day after the day of t
 * (n >= 1; the day of t itself does not count).
 */
int64_t	 wd_add(const struct holidays *, int64_t t, unsigned n);
/* Working days from the day of a to the day of b (0 if b <= a). */
unsigned wd_between(const struct holidays *, int64_t a, int64_t b);

/* Deadlines per stage, in working days (config [deadlines]). */
struct deadline_policy {
	unsigned	 acknowledge;	/* received: 3 */
	unsigned	 review;	/* review: 14 */
	unsigned	 investigation;	/* forwarded .. reporting: 60 */
	unsigned	 update_days;	/* reporter update at least every 90 calendar days */
};

/*
 * What the SOP's clocks run from, read off a report's history: a stage
 * change does not restart them.
 */
struct deadline_anchors {
	int64_t	received;	/* the report's receipt */
	int64_t	forwarded;	/* its first forwarding; 0: not yet */
	int64_t	stage_at;	/* when the current stage began */
};

/*
 * The due time for a report in stage s: acknowledgement and penelaahan
 * from receipt, the investigation (forwarded to reporting) from the
 * first forwarding, a reporter update (follow-up) every update_days
 * calendar days from the stage. Returns 1 and *due, or 0 when the stage
 * has no deadline (archived).
 */
int	 deadline_due(const struct deadline_policy *, const struct holidays *,
	    enum wf_stage s, const struct deadline_anchors *, int64_t *due);
/* 1 when the deadline of stage s has passed at now. */
int	 deadline_overdue(const struct deadline_policy *,
	    const struct holidays *, enum wf_stage s,
	    const struct deadline_anchors *, int64_t now);

#endif
