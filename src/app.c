/*
 * app.c: loading and releasing the application's shared state, and
 * creating a new data directory.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "auth.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "deadline.h"
#include "i18n.h"
#include "log.h"
#include "pow.h"
#include "report.h"
#include "static.h"
#include "tmpl.h"
#include "totp.h"
#include "util.h"

int
app_path(char *out, size_t outlen, const char *dir, const char *name)
{
	return wbs_path_join(out, outlen, dir, name);
}

int
app_open(struct app **out, const struct wbs_config *cfg, char *err,
    size_t errlen)
{
	struct app *a;
	char path[PATH_MAX], sub[512];

	*out = NULL;
	a = xcalloc(1, sizeof(*a));
	a->cfg = cfg;
	if (crypto_init() == -1) {
		snprintf(err, errlen, "cannot initialise libsodium");
		goto fail;
	}
	a->tmpl = tmpl_lib_new();
	if (tmpl_lib_load(a->tmpl, cfg->templates_dir, sub, sizeof(sub)) ==
	    -1) {
		snprintf(err, errlen, "templates: %s", sub);
		goto fail;
	}
	if (i18n_load(&a->i18n, cfg->po_dir, sub, sizeof(sub)) == -1) {
		snprintf(err, errlen, "translations: %s", sub);
		goto fail;
	}
	if (static_load(&a->statics, cfg->static_dir, sub, sizeof(sub)) ==
	    -1) {
		snprintf(err, errlen, "static files: %s", sub);
		goto fail;
	}
	if (app_path(path, sizeof(path), cfg->data_dir, APP_KEY_FILE) == -1) {
		snprintf(err, errlen, "data directory path too long");
		goto fail;
	}
	if (access(path, F_OK) == -1) {
		snprintf(err, errlen, "%s is not initialised (no %s); run "
		    "'wbs init --data %s' first", cfg->data_dir, APP_KEY_FILE,
		    cfg->data_dir);
		goto fail;
	}
	if (crypto_keyfile_load(path, &a->keys, sub, sizeof(sub)) == -1) {
		snprintf(err, errlen, "%s", sub);
		goto fail;
	}
	if (app_path(path, sizeof(path), cfg->data_dir, APP_DB_FILE) == -1) {
		snprintf(err, errlen, "data directory path too long");
		goto fail;
	}
	if (db_open(&a->db, path, 0, sub, sizeof(sub)) == -1) {
		snprintf(err, errlen, "%s", sub);
		goto fail;
	}
	if (totp_init() == -1) {
		snprintf(err, errlen, "cannot initialise liboath");
		goto fail;
	}
	if ((a->auth = auth_new(cfg, a->db)) == NULL) {
		snprintf(err, errlen, "cannot set up accounts");
		goto fail;
	}
	if (report_costs_load(a) == -1) {
		snprintf(err, errlen, "cannot read the access-code costs");
		goto fail;
	}
	a->pow = pow_new(cfg->pow_bits);
	if (holidays_load(&a->holidays, cfg->holidays, sub, sizeof(sub)) ==
	    -1) {
		snprintf(err, errlen, "holidays: %s", sub);
		goto fail;
	}
	*out = a;
	return 0;
fail:
	app_close(a);
	return -1;
}

void
app_close(struct app *a)
{
	if (a == NULL)
		return;
	if (a->auth != NULL)
		auth_free(a->auth);
	pow_free(a->pow);
	if (a->holidays != NULL)
		holidays_free(a->holidays);
	if (a->db != NULL)
		db_close(a->db);
	if (a->keys != NULL)
		crypto_keys_free(a->keys);
	if (a->statics != NULL)
		static_free(a->statics);
	if (a->i18n != NULL)
		i18n_free(a->i18n);
	if (a->tmpl != NULL)
		tmpl_lib_free(a->tmpl);
	free(a);
}

int
app_init_data(const char *dir, char *err, size_t errlen)
{
	char db_path[PATH_MAX], key_path[PATH_MAX], sub[512];
	struct db *db = NULL;
	struct stat st;

	if (app_path(db_path, sizeof(db_path), dir, APP_DB_FILE) == -1 ||
	    app_path(key_path, sizeof(key_path), dir, APP_KEY_FILE) == -1) {
		snprintf(err, errlen, "%s: path too long", dir);
		return -1;
	}
	if (crypto_init() == -1) {
		snprintf(err, errlen, "cannot initialise libsodium");
		return -1;
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "%s: cannot create: %s", dir,
		    strerror(errno));
		return -1;
	}
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", dir);
		return -1;
	}
	if (access(key_path, F_OK) == 0 || access(db_path, F_OK) == 0) {
		snprintf(err, errlen, "%s is already initialised (%s or %s "
		    "exists); refusing to overwrite", dir, APP_KEY_FILE,
		    APP_DB_FILE);
		return -1;
	}
	if (crypto_keyfile_create(key_path, sub, sizeof(sub)) == -1) {
		snprintf(err, errlen, "%s", sub);
		return -1;
	}
	if (db_open(&db, db_path, 1, sub, sizeof(sub)) == -1) {
		snprintf(err, errlen, "%s", sub);
		/* Leave no half-initialised directory behind. */
		unlink(key_path);
		unlink(db_path);
		return -1;
	}
	db_close(db);
	return 0;
}
