/*
 * benchutil.c: shared helpers of the in-process benchmark tools.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "benchutil.h"
#include "route.h"
#include "totp.h"

extern const char *bu_prog;

void
bu_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", bu_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

struct app *
bu_open(struct wbs_config *cfg, const char *config, const char *data)
{
	struct app *a;
	char err[1024];

	config_defaults(cfg);
	if (config != NULL && config_load(cfg, config, err, sizeof(err)) == -1)
		bu_die("%s", err);
	if (snprintf(cfg->data_dir, sizeof(cfg->data_dir), "%s", data) >=
	    (int)sizeof(cfg->data_dir))
		bu_die("data directory path too long");
	log_init(cfg->log_level > LOGL_WARN ? cfg->log_level : LOGL_WARN, 2);
	if (app_open(&a, cfg, err, sizeof(err)) == -1)
		bu_die("%s", err);
	return a;
}

unsigned
bu_roles(const char *list)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} names[] = {
		{ "admin", ROLE_ADMIN }, { "reviewer", ROLE_REVIEWER },
		{ "investigator", ROLE_INVESTIGATOR },
		{ "custodian", ROLE_CUSTODIAN }, { "auditor", ROLE_AUDITOR },
	};
	unsigned roles = 0;
	const char *p = list;
	size_t i, n;

	while (*p != '\0') {
		n = strcspn(p, ",");
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == n &&
			    strncmp(names[i].name, p, n) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			bu_die("unknown role in '%s'", list);
		roles |= names[i].bit;
		p += n;
		if (*p == ',')
			p++;
	}
	return roles;
}

/* RFC 4648 base32 without padding; returns the length or -1. */
static int
base32_decode(const char *in, unsigned char *out, size_t outlen)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned long acc = 0;
	int bits = 0;
	size_t o = 0;
	const char *q;

	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '=')
			continue;
		if ((q = strchr(alpha, *in)) == NULL)
			return -1;
		acc = (acc << 5) | (unsigned long)(q - alpha);
		if ((bits += 5) >= 8) {
			if (o >= outlen)
				return -1;
			out[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (int)o;
}

void
bu_enrol(struct app *a, const char *name, unsigned roles, const char *pw,
    time_t *clk, char *base32)
{
	char tok[CRYPTO_TOKEN_TEXT], code[TOTP_DIGITS + 1];
	unsigned char secret[TOTP_SECRET_BYTES];
	struct auth_enrol_view v;
	enum auth_result r;

	*clk += TOTP_STEP;
	auth_set_clock(a->auth, *clk);
	if ((r = auth_user_create(a->auth, name, name, roles, NULL, tok,
	    NULL)) != AUTH_OK)
		bu_die("%s: cannot create the account (%d)", name, (int)r);
	if ((r = auth_enrol_begin(a->auth, tok, pw, &v)) != AUTH_OK)
		bu_die("%s: enrolment refused (%d)", name, (int)r);
	if (base32_decode(v.totp_base32, secret, sizeof(secret)) !=
	    TOTP_SECRET_BYTES)
		bu_die("%s: bad TOTP secret", name);
	*clk += TOTP_STEP;
	auth_set_clock(a->auth, *clk);
	if (totp_code(secret, *clk, code) == -1 ||
	    (r = auth_enrol_finish(a->auth, tok, v.pending, code)) != AUTH_OK)
		bu_die("%s: enrolment not confirmed (%d)", name, (int)r);
	snprintf(base32, TOTP_BASE32_TEXT, "%s", v.totp_base32);
	auth_set_clock(a->auth, 0);
}

double
bu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
