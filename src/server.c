/*
 * server.c: the "serve" command: load the application, start the HTTP
 * core with the route table, and wait for a signal to stop cleanly.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "crypto.h"
#include "config.h"
#include "db.h"
#include "deadline.h"
#include "http.h"
#include "log.h"
#include "mat2.h"
#include "pages.h"
#include "roles.h"
#include "sandbox.h"
#include "server.h"
#include "upload.h"
#include "web.h"

/*
 * Once at start and then daily: checks the audit chain and logs its head,
 * so that the log (kept apart from the store, e.g. in the journal) holds
 * a copy that "wbs audit verify --head" can be run against: deleting the
 * newest records cannot then go unseen.
 */
static void
audit_daily(struct app *app)
{
	struct audit_check k;
	char head[65];
	int r;

	memset(&k, 0, sizeof(k));
	if ((r = audit_check(app->db, &k)) == -1) {
		log_warnx("audit: the daily check could not run");
		return;
	}
	crypto_hex(head, k.head, sizeof(k.head));
	if (r == 1)
		log_error("audit: the trail is BROKEN at record %lld "
		    "(wbs audit verify)", (long long)k.first_bad);
	else
		log_info("audit: trail intact, %lld records, head %s (keep "
		    "this line: wbs audit verify --head %s)",
		    (long long)k.count, head, head);
}

#define AUDIT_PERIOD	(24 * 60 * 60)

/* Warns of accounts that hold roles no account may hold together. */
static int
mixed_cb(void *arg, const struct db_user *u)
{
	(void)arg;
	if (u->status == DB_USER_ACTIVE && AUTH_ROLES_EXCLUSIVE(u->roles))
		log_warnx("account %s is custodian and reviewer or "
		    "investigator, which is no longer allowed: it reads "
		    "identities only through approved requests; give the "
		    "custodian role to a separate account", u->username);
	return 0;
}

int
server_run(const struct wbs_config *given)
{
	/* The sandbox rewrites paths; the application keeps a pointer. */
	static struct wbs_config run;
	const struct wbs_config *cfg = &run;
	struct app *app = NULL;
	struct http_server *srv = NULL;
	struct http_hooks hooks;
	sigset_t set;
	char err[512];
	time_t next_audit;
	int sig = 0;

	/* Block the stop signals in every thread; this one waits for them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (pages_check() == -1) {
		log_error("route table: a field count does not match its list");
		return 1;
	}
	run = *given;
	if (run.sandbox && sandbox_enter(&run, APP_DB_FILE, err,
	    sizeof(err)) == -1) {
		log_error("sandbox: %s", err);
		return 1;
	}
	if (!run.sandbox)
		log_warnx("running without the sandbox (--no-sandbox or "
		    "[server] sandbox = false): for debugging only");
	if (app_open(&app, cfg, err, sizeof(err)) == -1) {
		log_error("%s", err);
		return 1;
	}
	if (run.sandbox && sandbox_drop_root(cfg, err, sizeof(err)) == -1) {
		log_error("sandbox: %s", err);
		app_close(app);
		return 1;
	}
	{
		int64_t n = 0;

		if (db_user_count_role(app->db, ROLE_REVIEWER, &n) == 0 &&
		    n == 0)
			log_warnx("no active reviewer account: new reports are "
			    "refused until one exists (wbs user add --role "
			    "reviewer)");
		(void)db_user_list(app->db, mixed_cb, NULL);
		if (db_user_count_role(app->db, ROLE_CUSTODIAN, &n) == 0 &&
		    n == 0)
			log_warnx("no active custodian account: reports that "
			    "give an identity are refused until one exists "
			    "(wbs user add --role custodian)");
	}
	{
		int n = upload_sweep(cfg->upload_tmpdir);

		if (n > 0)
			log_info("removed %d staging directories left by a "
			    "server that stopped without cleaning up", n);
	}
	{
		int missing;

		if (!holidays_cover(app->holidays, (int64_t)time(NULL),
		    &missing))
			log_warnx("the holiday calendar is incomplete for %d: "
			    "deadlines there count holidays as working days "
			    "(wbs holidays check)", missing);
	}
	if (cfg->tls_proxy && cfg->proxies.n == 0)
		log_warnx("behind_tls_proxy is set but trusted_proxies is "
		    "empty: every visitor has the proxy's address and shares "
		    "one throttle (see docs/OPERATIONS.md)");
	if (cfg->sandbox && (mat2_broker_start(cfg->upload_tmpdir, err,
	    sizeof(err)) == -1 || sandbox_landlock(cfg, err, sizeof(err)) ==
	    -1)) {
		log_error("sandbox: %s", err);
		app_close(app);
		return 1;
	}
	web_hooks(&hooks, app);
	hooks.busy = pages_busy;
	if (http_start(&srv, cfg, pages_routes, pages_nroutes, &hooks, err,
	    sizeof(err)) == -1) {
		log_error("%s", err);
		app_close(app);
		return 1;
	}
	if (cfg->sandbox && sandbox_seccomp(err, sizeof(err)) == -1) {
		log_error("sandbox: %s", err);
		http_stop(srv);
		app_close(app);
		return 1;
	}
	if (cfg->sandbox && getenv("WBS_SANDBOX_PROBE") != NULL &&
	    strcmp(getenv("WBS_SANDBOX_PROBE"), "1") == 0)
		sandbox_probe();
	log_info("serving %s on http://%s%s%s:%u/ (data in %s)",
	    cfg->site_name, strchr(cfg->listen_addr, ':') ? "[" : "",
	    cfg->listen_addr, strchr(cfg->listen_addr, ':') ? "]" : "",
	    (unsigned)http_port(srv), given->data_dir);
	audit_daily(app);
	next_audit = time(NULL) + AUDIT_PERIOD;
	for (;;) {
		struct timespec wait = { 0, 0 };
		time_t now = time(NULL);

		if (now >= next_audit) {
			audit_daily(app);
			next_audit = now + AUDIT_PERIOD;
		}
		wait.tv_sec = next_audit - now;
		if ((sig = sigtimedwait(&set, NULL, &wait)) == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			break;
		}
		if (sig == SIGINT || sig == SIGTERM)
			break;
	}
	log_info("stopping (signal %d)", sig);
	http_stop(srv);
	app_close(app);
	return 0;
}
