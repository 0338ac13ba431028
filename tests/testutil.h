/*
 * testutil.h: shared helpers for the cmocka test programs. This is the
 * only header that includes cmocka.h; test files include this one.
 */
#ifndef WBS_TESTUTIL_H
#define WBS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* Tests read JSON answers with jansson; this is its one include in tests/. */
#include <jansson.h>

/* Makes a fresh directory under $TMPDIR (or /tmp); caller frees the path. */
char	*tu_mkdtemp(void);
/* Removes a directory tree made by tu_mkdtemp. */
void	 tu_rmtree(const char *);
/* Writes len bytes to path (mode 0600); fails the test on error. */
void	 tu_write_file(const char *path, const char *data, size_t len);
/* Reads a whole file into malloc'd memory (NUL-terminated); NULL if absent. */
char	*tu_read_file(const char *path, size_t *len);
/* The source tree's root (from WBS_SRCDIR, else "."). */
const char *tu_srcdir(void);
/*
 * 1 if the n bytes of needle occur in any file under dir (searched
 * recursively, links not followed), else 0; fails the test when dir
 * cannot be opened.
 */
int	 tu_dir_contains(const char *dir, const void *needle, size_t n);

#endif

/* --- in-process server and HTTP client (libcurl) ----------------------- */

#include <time.h>

#include "app.h"
#include "arena.h"
#include "config.h"
#include "http.h"

struct tu_server {
	char			*dir;		/* data directory (removed at stop) */
	struct wbs_config	 cfg;
	struct app		*app;
	struct http_server	*srv;
	struct route		*routes;
	uint16_t		 port;
};

/*
 * Initialises a fresh data directory and starts the real application on
 * a free loopback port with the server's routes followed by extra ones.
 * tweak, when not NULL, may change the configuration first.
 */
struct tu_server *tu_server_start(void (*tweak)(struct wbs_config *),
		    const struct route *extra, size_t nextra);
void		 tu_server_stop(struct tu_server *);

struct tu_resp {
	long	 status;
	char	*body;
	size_t	 body_len;
	char	*headers;	/* the raw header block */
};

/*
 * Sends a request. headers is a NULL-terminated list of "Name: value"
 * lines or NULL; body may be NULL. Returns 0 or -1 (transport error).
 */
int		 tu_http(const struct tu_server *, const char *method,
		    const char *path, const char *const *headers,
		    const char *body, size_t body_len, struct tu_resp *);
/* The value of a response header (case-insensitive), malloc'd, or NULL. */
char		*tu_header(const struct tu_resp *, const char *name);
void		 tu_resp_free(struct tu_resp *);
/* A connected TCP socket to the server (blocking), or -1. */
int		 tu_connect(const struct tu_server *);
/*
 * Creates an account and enrols it in-process with password pw, moving
 * the auth clock (*clk) on by a TOTP step before each use of a code.
 * secret (20 bytes) receives its TOTP secret, recovery (may be NULL,
 * CRYPTO_RECOVERY_TEXT bytes) its recovery key. With token not NULL the
 * account also logs in and token receives the session token
 * (CRYPTO_TOKEN_TEXT bytes).
 */
void		 tu_enrol(struct tu_server *, const char *name, unsigned roles,
		    const char *pw, time_t *clk, unsigned char *secret,
		    char *recovery, char *token);

/* Source address for the next requests (curl's interface), NULL: default. */
extern const char *tu_source;
/*
 * The value attribute of the first <input> whose name is name, copied
 * into out (HTML entities &amp; &quot; &#39; &lt; &gt; decoded); returns
 * 0, or -1 when there is none or it does not fit.
 */
int		 tu_input_value(const char *html, const char *name, char *out,
		    size_t outlen);
/* Decodes RFC 4648 base32 (no padding, spaces ignored); returns the length or -1. */
int		 tu_base32_decode(const char *in, unsigned char *out,
		    size_t outlen);
/* Asserts that every security header is on the response. */
void		 tu_assert_security_headers(const struct tu_resp *);
