/*
 * benchutil.h: what the benchmark's in-process tools (setup, gen) share:
 * opening the application on a data directory with a configuration
 * file, enrolling a staff account in-process, and a few small helpers.
 * These tools link build/libwbs.a like the tests do and call only the
 * project's own APIs (app.h, auth.h, report.h, db.h).
 */
#ifndef WBS_BENCHUTIL_H
#define WBS_BENCHUTIL_H

#include <stdint.h>
#include <time.h>

#include "app.h"
#include "config.h"

/* Prints "PROG: message" to stderr and exits 1. */
void	 bu_die(const char *, ...) __attribute__((format(printf, 1, 2)));

/*
 * Loads config (may be NULL: the defaults) with data_dir replaced by
 * data, and opens the application on it. Exits on failure.
 */
struct app *bu_open(struct wbs_config *cfg, const char *config,
	    const char *data);

/* Role bits from "reviewer,custodian" (names as in wbs user add). */
unsigned bu_roles(const char *);

/*
 * Creates and enrols an account with password pw at the auth clock
 * *clk (moved on by a TOTP step before each use of a code). Writes the
 * TOTP secret in base32 (TOTP_BASE32_TEXT bytes). Exits on failure.
 */
void	 bu_enrol(struct app *, const char *name, unsigned roles,
	    const char *pw, time_t *clk, char *base32);

/* Seconds on the monotonic clock. */
double	 bu_now(void);

#endif
