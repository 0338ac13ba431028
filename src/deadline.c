/*
 * deadline.c: working-day arithmetic in the regency's time zone (WIB)
 * over a holiday calendar, and the due time of each workflow stage (see
 * deadline.h). Everything but holidays_load is pure; holidays_load reads
 * one file, or the copy of conf/holidays.txt built into the binary.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deadline.h"
#include "embed.h"
#include "util.h"

#define DAY_SECS		86400
#define HOLIDAYS_BUILTIN	"conf/holidays.txt"
#define HOLIDAYS_FILE_MAX	(1024 * 1024)

struct holidays {
	int64_t		 days[HOLIDAYS_MAX];	/* sorted, no duplicates */
	size_t		 n;
};

/* Floor division and modulo for a positive divisor. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b < 0) ? q - 1 : q;
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;

	return r < 0 ? r + b : r;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/* Days since 1970-01-01 of a valid proleptic Gregorian date. */
static int64_t
civil_to_days(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct holidays *
holidays_new(void)
{
	return xcalloc(1, sizeof(struct holidays));
}

void
holidays_free(struct holidays *h)
{
	free(h);
}

/* Index of the first day >= d in h. */
static size_t
lower_bound(const struct holidays *h, int64_t d)
{
	size_t lo = 0, hi = h->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (h->days[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
holidays_add(struct holidays *h, int year, int month, int day)
{
	int64_t d;
	size_t i;

	if (year < 1900 || year > 9999 || month < 1 || month > 12 ||
	    day < 1 || day > month_days(year, month))
		return -1;
	d = civil_to_days(year, month, day);
	i = lower_bound(h, d);
	if (i < h->n && h->days[i] == d)
		return 0;
	if (h->n == HOLIDAYS_MAX)
		return -1;
	memmove(&h->days[i + 1], &h->days[i], (h->n - i) * sizeof(h->days[0]));
	h->days[i] = d;
	h->n++;
	return 0;
}

/* Reads exactly n decimal digits at s into *out. */
static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * Parses one line (without its newline) into h. Returns 0, or -1 with a
 * reason in *why.
 */
static int
parse_line(struct holidays *h, const char *s, size_t len, const char **why)
{
	size_t i = 0;
	int y, m, d;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len || s[i] == '#')
		return 0;
	if (len - i < 10 || digits(s + i, 4, &y) == -1 || s[i + 4] != '-' ||
	    digits(s + i + 5, 2, &m) == -1 || s[i + 7] != '-' ||
	    digits(s + i + 8, 2, &d) == -1) {
		*why = "expected YYYY-MM-DD";
		return -1;
	}
	i += 10;
	if (i < len && s[i] != ' ' && s[i] != '\t') {
		*why = "expected a space after the date";
		return -1;
	}
	if (!utf8_valid(s + i, len - i)) {
		*why = "the name is not UTF-8 text";
		return -1;
	}
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > month_days(y, m)) {
		*why = "no such date";
		return -1;
	}
	if (holidays_add(h, y, m, d) == -1) {
		*why = "too many holidays";
		return -1;
	}
	return 0;
}

int
holidays_parse(struct holidays *h, const char *name, const char *text,
    size_t len, char *err, size_t errlen)
{
	const char *why = NULL, *p = text, *end = text + len, *nl;
	size_t n;
	unsigned line = 0;

	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (nl != NULL ? nl : end) - p;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (parse_line(h, p, n, &why) == -1) {
			snprintf(err, errlen, "%s:%u: %s", name, line, why);
			return -1;
		}
		p = nl != NULL ? nl + 1 : end;
	}
	return 0;
}

/* Reads the whole of path (at most HOLIDAYS_FILE_MAX bytes). */
static char *
read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f;
	char *buf = NULL;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(HOLIDAYS_FILE_MAX + 1);
	n = fread(buf, 1, HOLIDAYS_FILE_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto fail;
	}
	if (n > HOLIDAYS_FILE_MAX) {
		snprintf(err, errlen, "%s: file too large", path);
		goto fail;
	}
	fclose(f);
	*len = n;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

int
holidays_load(struct holidays **out, const char *path, char *err,
    size_t errlen)
{
	const struct embed_file *ef;
	struct holidays *h;
	char *buf = NULL;
	size_t len;
	int rc;

	*out = NULL;
	h = holidays_new();
	if (path == NULL || *path == '\0') {
		if ((ef = embed_find(HOLIDAYS_BUILTIN)) == NULL) {
			snprintf(err, errlen, "%s: not built in",
			    HOLIDAYS_BUILTIN);
			goto fail;
		}
		rc = holidays_parse(h, HOLIDAYS_BUILTIN,
		    (const char *)ef->data, ef->len, err, errlen);
	} else {
		if ((buf = read_file(path, &len, err, errlen)) == NULL)
			goto fail;
		rc = holidays_parse(h, path, buf, len, err, errlen);
		free(buf);
	}
	if (rc == -1)
		goto fail;
	*out = h;
	return 0;
fail:
	holidays_free(h);
	return -1;
}

int64_t
wd_day(int64_t t)
{
	int64_t q = floor_div(t, DAY_SECS), r = floor_mod(t, DAY_SECS);

	/* t + offset, without overflow near INT64_MAX */
	return r + DEADLINE_TZ_OFFSET >= DAY_SECS ? q + 1 : q;
}

/* 0 Sunday .. 6 Saturday; day 0 (1970-01-01) was a Thursday. */
static int
weekday(int64_t day)
{
	return (int)floor_mod(day + 4, 7);
}

int
wd_is_working(const struct holidays *h, int64_t day)
{
	int wd = weekday(day);
	size_t i;

	if (wd == 0 || wd == 6)
		return 0;
	if (h == NULL)
		return 1;
	i = lower_bound(h, day);
	return !(i < h->n && h->days[i] == day);
}

/*
 * The last second (23:59:59 WIB) of local day d; INT64_MAX for a day
 * too far to express.
 */
static int64_t
day_end(int64_t d)
{
	if (d >= INT64_MAX / DAY_SECS - 1)
		return INT64_MAX;
	return (d + 1) * DAY_SECS - DEADLINE_TZ_OFFSET - 1;
}

/*
 * Weekdays (Monday..Friday) in [4, x): day 4 (1970-01-05) was a Monday.
 * Negative for x < 4, so that differences count any range.
 */
static int64_t
weekdays_before(int64_t x)
{
	int64_t y = x - 4, r = floor_mod(y, 7);

	return 5 * floor_div(y, 7) + (r < 5 ? r : 5);
}

/* The k-th weekday (k >= 1) after day d0. */
static int64_t
weekday_nth(int64_t d0, int64_t k)
{
	int64_t j = weekdays_before(d0 + 1) + k - 1;

	return 4 + 7 * floor_div(j, 5) + floor_mod(j, 5);
}

/* Holidays on weekdays in the days (lo, hi]. */
static int64_t
holidays_within(const struct holidays *h, int64_t lo, int64_t hi)
{
	int64_t n = 0;
	size_t i;

	if (h == NULL)
		return 0;
	for (i = lower_bound(h, lo + 1); i < h->n && h->days[i] <= hi; i++)
		if (weekday(h->days[i]) != 0 && weekday(h->days[i]) != 6)
			n++;
	return n;
}

/*
 * Jumps over whole runs of weekdays, then again over as many as there
 * were holidays among them, until a run holds none: as many steps as
 * there are holidays at most, whatever n is.
 */
int64_t
wd_add(const struct holidays *h, int64_t t, unsigned n)
{
	int64_t d = wd_day(t), from, missing = n;

	while (missing > 0) {
		from = d;
		d = weekday_nth(from, missing);
		missing = holidays_within(h, from, d);
	}
	return day_end(d);
}

unsigned
wd_between(const struct holidays *h, int64_t a, int64_t b)
{
	int64_t da = wd_day(a), db = wd_day(b), n;

	if (db <= da)
		return 0;
	/* weekdays in (da, db], less the holidays on weekdays there */
	n = weekdays_before(db + 1) - weekdays_before(da + 1) -
	    holidays_within(h, da, db);
	return n > (int64_t)UINT_MAX ? UINT_MAX : (unsigned)n;
}

int
deadline_due(const struct deadline_policy *p, const struct holidays *h,
    enum wf_stage s, const struct deadline_anchors *a, int64_t *due)
{
	switch (s) {
	case WF_RECEIVED:
		*due = wd_add(h, a->received, p->acknowledge);
		return 1;
	case WF_REVIEW:
		*due = wd_add(h, a->received, p->review);
		return 1;
	case WF_FORWARDED:
	case WF_CLARIFICATION:
	case WF_INVESTIGATION:
	case WF_REPORTING:
		*due = wd_add(h, a->forwarded != 0 ? a->forwarded :
		    a->stage_at, p->investigation);
		return 1;
	case WF_FOLLOW_UP:
		/* calendar days: the reporter hears at least this often */
		*due = day_end(wd_day(a->stage_at) + (int64_t)p->update_days);
		return 1;
	default:
		return 0;
	}
}

int
deadline_overdue(const struct deadline_policy *p, const struct holidays *h,
    enum wf_stage s, const struct deadline_anchors *a, int64_t now)
{
	int64_t due;

	if (!deadline_due(p, h, s, a, &due))
		return 0;
	return now > due;
}

unsigned
holidays_in_year(const struct holidays *h, int year)
{
	if (year < 1900 || year > 9998)
		return 0;
	return (unsigned)(lower_bound(h, civil_to_days(year + 1, 1, 1)) -
	    lower_bound(h, civil_to_days(year, 1, 1)));
}

/* The year of a day number (days since 1970-01-01). */
static int
year_of_day(int64_t d)
{
	int y = 1970 + (int)floor_div(d * 400, 146097);

	while (civil_to_days(y + 1, 1, 1) <= d)
		y++;
	while (civil_to_days(y, 1, 1) > d)
		y--;
	return y;
}

int
holidays_cover(const struct holidays *h, int64_t now, int *missing_year)
{
	int64_t d = wd_day(now);
	int y, y0, y1;

	/* The years of today and of twelve months on. */
	y0 = year_of_day(d);
	y1 = year_of_day(d + 365);
	for (y = y0; y <= y1; y++)
		if (holidays_in_year(h, y) < HOLIDAYS_FULL_YEAR) {
			*missing_year = y;
			return 0;
		}
	return 1;
}
