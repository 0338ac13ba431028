/*
 * app.h: the running application: configuration, templates, catalogues,
 * static files, store and server keys, loaded once at start and shared
 * read-only by every request thread.
 */
#ifndef WBS_APP_H
#define WBS_APP_H

#include <stddef.h>

#include "crypto.h"

struct auth;
struct pow;
struct db;
struct holidays;
struct i18n;
struct server_keys;
struct static_files;
struct tmpl_lib;
struct wbs_config;

struct app {
	const struct wbs_config	*cfg;
	struct tmpl_lib		*tmpl;
	struct i18n		*i18n;
	struct static_files	*statics;
	struct db		*db;
	struct server_keys	*keys;
	struct auth		*auth;
	struct pow		*pow;
	struct holidays		*holidays;
	/*
	 * Access-code Argon2id costs: [0] the configured one, for new
	 * reports; then the others that stored reports were made with,
	 * which a code is also tried under.
	 */
	struct crypto_pwparams	 code_costs[9];
	size_t			 ncode_costs;
};

/* File names inside the data directory. */
#define APP_DB_FILE	"wbs.db"
#define APP_KEY_FILE	"server.key"

/*
 * Loads templates, catalogues and static files (from the configured
 * directories or the built-in copies), opens the store and the key file
 * of an initialised data directory. Returns 0 or -1 with err set.
 */
int	 app_open(struct app **, const struct wbs_config *, char *err,
	    size_t errlen);
void	 app_close(struct app *);

/*
 * Creates a data directory: the directory (mode 0700), the store with
 * its migrations and the key file (mode 0600). Refuses to touch a
 * directory that already holds a store or a key file.
 */
int	 app_init_data(const char *dir, char *err, size_t errlen);

/* Joins dir and name into out; returns 0 or -1 if it does not fit. */
int	 app_path(char *out, size_t outlen, const char *dir, const char *name);

#endif
