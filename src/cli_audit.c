/*
 * cli_audit.c: the audit trail's commands of the command line: "audit
 * verify" checks the whole hash chain and names the first record that
 * does not fit. Exit codes: 0 intact, 1 broken or not checked.
 */
#include <stdint.h>
#include <stdio.h>

#include "app.h"
#include "audit.h"
#include "cli.h"
#include "config.h"

int
cli_audit_verify(const struct wbs_config *cfg, const struct cli_opts *o)
{
	struct app *a;
	char err[1024];
	int64_t bad = 0, count = 0;
	int rc = 1;

	(void)o;
	if (app_open(&a, cfg, err, sizeof(err)) == -1) {
		fprintf(stderr, "wbs: %s\n", err);
		return 1;
	}
	switch (audit_verify(a->db, &bad, &count)) {
	case 0:
		printf("audit trail intact: %lld records\n", (long long)count);
		rc = 0;
		break;
	case 1:
		printf("audit trail BROKEN at record %lld\n", (long long)bad);
		break;
	default:
		fprintf(stderr, "wbs: audit trail could not be read (see the "
		    "log)\n");
		break;
	}
	app_close(a);
	return rc;
}
