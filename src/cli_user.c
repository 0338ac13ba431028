/*
 * cli_user.c: the account and unit commands of the command line, and
 * the first administrator at "wbs init". Enrolment links go to standard
 * output only, never to a log.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "receipt.h"
#include "roles.h"
#include "util.h"

static const struct {
	const char	*name;
	unsigned	 role;
} role_words[] = {
	{ "admin", ROLE_ADMIN },
	{ "reviewer", ROLE_REVIEWER },
	{ "investigator", ROLE_INVESTIGATOR },
	{ "custodian", ROLE_CUSTODIAN },
	{ "auditor", ROLE_AUDITOR },
};

/* Parses "reviewer,investigator"; returns the bits or 0 if malformed. */
static unsigned
parse_roles(const char *s)
{
	unsigned bits = 0;
	size_t i, n;

	while (*s != '\0') {
		n = strcspn(s, ",");
		for (i = 0; i < NELEM(role_words); i++)
			if (strlen(role_words[i].name) == n &&
			    strncmp(s, role_words[i].name, n) == 0)
				break;
		if (i == NELEM(role_words))
			return 0;
		bits |= role_words[i].role;
		s += n;
		if (*s == ',')
			s++;
	}
	return bits;
}

static void
print_roles(unsigned bits)
{
	size_t i;
	int first = 1;

	for (i = 0; i < NELEM(role_words); i++)
		if (bits & role_words[i].role) {
			printf("%s%s", first ? "" : ",", role_words[i].name);
			first = 0;
		}
}

static int
open_app(const struct wbs_config *cfg, struct app **a)
{
	char err[1024];

	if (app_open(a, cfg, err, sizeof(err)) == -1) {
		fprintf(stderr, "wbs: %s\n", err);
		return -1;
	}
	return 0;
}

static void
print_link(const struct wbs_config *cfg, const char *username,
    const char *token)
{
	printf("Enrolment link for '%s' (valid %u hours, usable once; give it "
	    "to that person privately):\n  %s/staff/enrol/%s\n", username,
	    cfg->enrol_hours, cfg->site_url, token);
	printf("On this machine: http://%s%s%s:%u/staff/enrol/%s\n",
	    strchr(cfg->listen_addr, ':') != NULL ? "[" : "",
	    cfg->listen_addr, strchr(cfg->listen_addr, ':') != NULL ? "]" : "",
	    (unsigned)cfg->listen_port, token);
}

static const char *
result_text(enum auth_result r)
{
	switch (r) {
	case AUTH_EXISTS:
		return "already exists";
	case AUTH_ROLE_CONFLICT:
		return "refused: a custodian cannot also be a reviewer or an "
		    "investigator (it could then read identities without any "
		    "request); make two accounts";
	case AUTH_SOLE_CUSTODIAN:
		return "refused: this custodian alone holds the identity keys "
		    "of some reports, and a reset would destroy them for good; "
		    "if the password is lost, recover the account with its "
		    "recovery key (/staff/recover), which keeps the keys";
	case AUTH_INVALID:
		return "refused: check the name (3-32 of a-z 0-9 . _ -, "
		    "starting with a letter or digit), the roles and the unit";
	default:
		return "internal error (see the log)";
	}
}

int
cli_user_add(const struct wbs_config *cfg, const struct cli_opts *o)
{
	struct app *a;
	char token[CRYPTO_TOKEN_TEXT];
	unsigned roles = parse_roles(o->role);
	int64_t id = 0;
	enum auth_result r;

	if (roles == 0) {
		fprintf(stderr, "wbs: --role: '%s' is not a list of admin, "
		    "reviewer, investigator, custodian, auditor\n", o->role);
		return 2;
	}
	if (open_app(cfg, &a) == -1)
		return 1;
	r = auth_user_create(a->auth, o->name, o->display != NULL ?
	    o->display : o->name, roles, o->unit, token, &id);
	if (r != AUTH_OK) {
		fprintf(stderr, "wbs: user %s: %s\n", o->name, result_text(r));
		app_close(a);
		return 1;
	}
	/* The command line acts as the system (actor 0). */
	{
		char rc[AUTH_ROLES_CODE];

		auth_roles_code(roles, rc);
		(void)audit_log(a->db, auth_now(a->auth), 0,
		    AUDIT_USER_CREATED, AUDIT_OBJ_USER, id, rc);
	}
	print_link(cfg, o->name, token);
	crypto_wipe(token, sizeof(token));
	app_close(a);
	return 0;
}

static int
list_cb(void *arg, const struct db_user *u)
{
	static const char *const st[DB_USER__MAX] = {
		"pending", "active", "disabled"
	};

	(void)arg;
	printf("%-20s %-9s ", u->username, st[u->status]);
	print_roles(u->roles);
	printf("  %s\n", u->display_name);
	return 0;
}

int
cli_user_list(const struct wbs_config *cfg, const struct cli_opts *o)
{
	struct app *a;
	int rc;

	(void)o;
	if (open_app(cfg, &a) == -1)
		return 1;
	rc = db_user_list(a->db, list_cb, NULL) == -1 ? 1 : 0;
	app_close(a);
	return rc;
}

/* Finds the named user; prints why not. */
static int
find_user(struct app *a, const char *name, struct db_user *u)
{
	int rc = db_user_by_name(a->db, name, u);

	if (rc != 1)
		fprintf(stderr, "wbs: user %s: %s\n", name, rc == 0 ?
		    "no such account" : "store error");
	return rc == 1 ? 0 : -1;
}

int
cli_user_disable(const struct wbs_config *cfg, const struct cli_opts *o)
{
	struct app *a;
	struct db_user u;
	int rc = 1;

	if (open_app(cfg, &a) == -1)
		return 1;
	if (find_user(a, o->name, &u) == 0 &&
	    auth_user_disable(a->auth, u.id) == AUTH_OK) {
		(void)audit_log(a->db, auth_now(a->auth), 0,
		    AUDIT_USER_DISABLED, AUDIT_OBJ_USER, u.id, NULL);
		printf("Disabled %s; its sessions have ended.\n", o->name);
		rc = 0;
	}
	app_close(a);
	return rc;
}

int
cli_user_reset(const struct wbs_config *cfg, const struct cli_opts *o)
{
	struct app *a;
	struct db_user u;
	char token[CRYPTO_TOKEN_TEXT];
	enum auth_result r = AUTH_OK;
	int rc = 1;

	if (open_app(cfg, &a) == -1)
		return 1;
	if (find_user(a, o->name, &u) == -1)
		goto done;
	if ((r = auth_user_reset(a->auth, u.id, token)) != AUTH_OK)
		fprintf(stderr, "wbs: user %s: %s\n", o->name, result_text(r));
	else {
		(void)audit_log(a->db, auth_now(a->auth), 0, AUDIT_USER_RESET,
		    AUDIT_OBJ_USER, u.id, NULL);
		printf("Reset %s. Its next enrolment makes a NEW key pair: the "
		    "account loses access to reports granted before, until "
		    "someone with access grants them again.\n", o->name);
		print_link(cfg, o->name, token);
		crypto_wipe(token, sizeof(token));
		rc = 0;
	}
done:
	app_close(a);
	return rc;
}

int
cli_unit_add(const struct wbs_config *cfg, const struct cli_opts *o)
{
	struct app *a;
	enum auth_result r;

	if (open_app(cfg, &a) == -1)
		return 1;
	r = auth_unit_create(a->auth, o->code, o->name);
	if (r == AUTH_OK) {
		struct db_unit un;

		/* The command line acts as the system (actor 0). */
		if (db_unit_by_code(a->db, o->code, &un) == 1)
			(void)audit_log(a->db, auth_now(a->auth), 0,
			    AUDIT_UNIT_CREATED, AUDIT_OBJ_UNIT, un.id, NULL);
	}
	app_close(a);
	if (r != AUTH_OK) {
		fprintf(stderr, "wbs: unit %s: %s\n", o->code, result_text(r));
		return 1;
	}
	printf("Created unit %s (%s).\n", o->code, o->name);
	return 0;
}

static int
unit_cb(void *arg, const struct db_unit *u)
{
	(void)arg;
	printf("%-20s %s\n", u->code, u->name);
	return 0;
}

int
cli_unit_list(const struct wbs_config *cfg, const struct cli_opts *o)
{
	struct app *a;
	int rc;

	(void)o;
	if (open_app(cfg, &a) == -1)
		return 1;
	rc = db_unit_list(a->db, unit_cb, NULL) == -1 ? 1 : 0;
	app_close(a);
	return rc;
}

int
cli_first_admin(const struct wbs_config *cfg)
{
	struct cli_opts o;

	memset(&o, 0, sizeof(o));
	o.name = "admin";
	o.display = "Administrator";
	o.role = "admin";
	printf("Creating the first administrator account, 'admin'.\n");
	return cli_user_add(cfg, &o);
}

int
cli_receipt_verify(const struct wbs_config *cfg, const struct cli_opts *o)
{
	struct app *a;
	struct receipt_info ri;
	char buf[RECEIPT_MAX + 1];
	FILE *f;
	size_t n;
	int rc = 1;

	if ((f = fopen(o->file, "rb")) == NULL) {
		fprintf(stderr, "wbs: %s: cannot read\n", o->file);
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (n > RECEIPT_MAX) {
		fprintf(stderr, "wbs: %s: too large to be a receipt\n",
		    o->file);
		return 1;
	}
	if (open_app(cfg, &a) == -1)
		return 1;
	if (receipt_verify(a->keys, buf, n, &ri) == 0) {
		printf("VALID: %s, created %s, category %s\n",
		    ri.registration, ri.created, ri.category);
		rc = 0;
	} else
		printf("INVALID: this receipt was changed or not issued by "
		    "this server\n");
	app_close(a);
	return rc;
}
