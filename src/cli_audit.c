/*
 * cli_audit.c: the audit trail's commands of the command line: "audit
 * verify" checks the whole hash chain and names the first record that
 * does not fit; with --count N (records an earlier run counted) or
 * --head HASH (the head it printed), also that none of the records known
 * then is gone, which the chain alone cannot show for the newest.
 * Exit codes: 0 intact, 1 broken or not checked, 2 a bad option.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "cli.h"
#include "config.h"
#include "util.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex of 32 bytes into out (65 bytes). */
static void
hex32(const unsigned char *h, char out[65])
{
	static const char x[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = x[h[i] >> 4];
		out[2 * i + 1] = x[h[i] & 15];
	}
	out[64] = '\0';
}

/* 64 hex digits into 32 bytes; 0 or -1. */
static int
unhex32(const char *s, unsigned char out[32])
{
	int i, hi, lo;

	if (strlen(s) != 64)
		return -1;
	for (i = 0; i < 32; i++) {
		hi = hexval(s[2 * i]);
		lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

int
cli_audit_verify(const struct wbs_config *cfg, const struct cli_opts *o)
{
	struct audit_check k;
	struct app *a;
	unsigned char want[32];
	unsigned long long known = 0;
	char err[1024], head[65];
	int rc = 1;

	memset(&k, 0, sizeof(k));
	if (o->count != NULL && parse_uint(o->count, 0, INT64_MAX, &known) ==
	    -1) {
		fprintf(stderr, "wbs: --count: '%s' is not a number of "
		    "records\n", o->count);
		return 2;
	}
	if (o->head != NULL) {
		if (unhex32(o->head, want) == -1) {
			fprintf(stderr, "wbs: --head: not a hash of 64 hex "
			    "digits\n");
			return 2;
		}
		k.want = want;
	}
	if (app_open(&a, cfg, err, sizeof(err)) == -1) {
		fprintf(stderr, "wbs: %s\n", err);
		return 1;
	}
	switch (audit_check(a->db, &k)) {
	case 0:
		hex32(k.head, head);
		if ((long long)known > k.count) {
			printf("audit trail SHORTER than known: %lld records, "
			    "%llu expected (the newest were removed)\n",
			    (long long)k.count, known);
			break;
		}
		if (k.want != NULL && !k.want_found) {
			printf("audit trail does NOT contain the known head: "
			    "records were removed or rewritten\n");
			break;
		}
		printf("audit trail intact: %lld records, head %s\n",
		    (long long)k.count, head);
		rc = 0;
		break;
	case 1:
		printf("audit trail BROKEN at record %lld\n",
		    (long long)k.first_bad);
		break;
	default:
		fprintf(stderr, "wbs: audit trail could not be read (see the "
		    "log)\n");
		break;
	}
	app_close(a);
	return rc;
}
