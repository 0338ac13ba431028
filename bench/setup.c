/*
 * setup.c: prepares a benchmark data directory in-process (the server
 * must not be running on it): staff accounts enrolled through the real
 * enrolment functions, and pools of identical login accounts.
 *
 *   bench-setup --data DIR [--config FILE] enrol NAME ROLES PASSWORD
 *	Creates and enrols one account; prints "NAME BASE32SECRET".
 *   bench-setup --data DIR [--config FILE] pool PREFIX COUNT PASSWORD
 *	Enrols PREFIX00000 (auditor) at the configured Argon2id cost and
 *	copies its key material into PREFIX00001..PREFIXCOUNT, so that a
 *	login storm has COUNT accounts whose logins cost exactly what a
 *	real account's login costs (each account may use each TOTP step
 *	once). Prints "PREFIX COUNT BASE32SECRET".
 *
 * Enrolment runs with the auth clock an hour back, so that no TOTP step
 * of the present is used up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "benchutil.h"
#include "db.h"
#include "route.h"
#include "totp.h"

const char *bu_prog = "bench-setup";

static void
usage(void)
{
	fprintf(stderr, "usage: bench-setup --data DIR [--config FILE] "
	    "enrol NAME ROLES PASSWORD\n"
	    "       bench-setup --data DIR [--config FILE] "
	    "pool PREFIX COUNT PASSWORD\n");
	exit(2);
}

static void
pool(struct app *a, const char *prefix, long count, const char *pw,
    time_t *clk)
{
	char name[DB_NAME_MAX + 1], b32[TOTP_BASE32_TEXT];
	struct db_user t, u;
	long i;

	if (snprintf(name, sizeof(name), "%s00000", prefix) >=
	    (int)sizeof(name))
		bu_die("prefix too long");
	bu_enrol(a, name, ROLE_AUDITOR, pw, clk, b32);
	if (db_user_by_name(a->db, name, &t) != 1)
		bu_die("%s: not found after enrolment", name);
	for (i = 1; i <= count; i++) {
		memset(&u, 0, sizeof(u));
		snprintf(u.username, sizeof(u.username), "%s%05ld", prefix, i);
		snprintf(u.display_name, sizeof(u.display_name), "%s",
		    u.username);
		u.roles = ROLE_AUDITOR;
		u.status = DB_USER_PENDING;
		if (db_user_create(a->db, &u) != 0)
			bu_die("%s: cannot create", u.username);
		memcpy(u.pw_salt, t.pw_salt, sizeof(u.pw_salt));
		u.pw_ops = t.pw_ops;
		u.pw_mem = t.pw_mem;
		memcpy(u.pw_verifier, t.pw_verifier, sizeof(u.pw_verifier));
		memcpy(u.public_key, t.public_key, sizeof(u.public_key));
		memcpy(u.sk_by_password, t.sk_by_password,
		    sizeof(u.sk_by_password));
		u.sk_by_password_len = t.sk_by_password_len;
		memcpy(u.sk_by_recovery, t.sk_by_recovery,
		    sizeof(u.sk_by_recovery));
		u.sk_by_recovery_len = t.sk_by_recovery_len;
		memcpy(u.totp_by_password, t.totp_by_password,
		    sizeof(u.totp_by_password));
		u.totp_by_password_len = t.totp_by_password_len;
		u.totp_last_step = 0;
		u.key_generation = t.key_generation;
		u.status = DB_USER_ACTIVE;
		u.enrol_expires = 0;
		if (db_user_update_keys(a->db, &u) == -1)
			bu_die("%s: cannot store keys", u.username);
	}
	printf("%s %ld %s\n", prefix, count, b32);
}

int
main(int argc, char *argv[])
{
	struct wbs_config cfg;
	const char *data = NULL, *config = NULL;
	char b32[TOTP_BASE32_TEXT];
	struct app *a;
	time_t clk = time(NULL) - 3600;
	int i;

	for (i = 1; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "--data") == 0)
			data = argv[i + 1];
		else if (strcmp(argv[i], "--config") == 0)
			config = argv[i + 1];
		else
			usage();
	}
	if (data == NULL || i >= argc)
		usage();
	if (strcmp(argv[i], "enrol") == 0 && argc - i == 4) {
		a = bu_open(&cfg, config, data);
		bu_enrol(a, argv[i + 1], bu_roles(argv[i + 2]), argv[i + 3],
		    &clk, b32);
		printf("%s %s\n", argv[i + 1], b32);
	} else if (strcmp(argv[i], "pool") == 0 && argc - i == 4) {
		long n = strtol(argv[i + 2], NULL, 10);

		if (n < 1 || n > 99999)
			bu_die("COUNT must be 1..99999");
		a = bu_open(&cfg, config, data);
		pool(a, argv[i + 1], n, argv[i + 3], &clk);
	} else
		usage();
	app_close(a);
	return 0;
}
