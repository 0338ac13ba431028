/*
 * pages.c: the route table of the server (one screen to audit) and the
 * handlers of the public information pages.
 */
#include <string.h>

#include "http.h"
#include "pages.h"
#include "static.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

static void
page_home(struct req *r)
{
	web_render(r, 200, "home", web_vars(r, "title.home", "is_home"));
}

static void
page_alur(struct req *r)
{
	web_render(r, 200, "alur", web_vars(r, "title.alur", "is_alur"));
}

static void
page_kerahasiaan(struct req *r)
{
	web_render(r, 200, "kerahasiaan",
	    web_vars(r, "title.kerahasiaan", "is_kerahasiaan"));
}

static void
page_dasar_hukum(struct req *r)
{
	web_render(r, 200, "dasar_hukum",
	    web_vars(r, "title.dasar_hukum", "is_dasar_hukum"));
}

/* The report form and the status check until the reporter journey lands. */
static void
page_soon(struct req *r)
{
	web_render(r, 200, "soon", web_vars(r, "title.soon", NULL));
}

static void
page_health(struct req *r)
{
	resp_text(r, 200, "text/plain; charset=utf-8", "ok\n");
}

/*
 * method, pattern, handler, roles, csrf, form fields, body limit, flags
 */
const struct route pages_routes[] = {
	{ HTTP_GET, "/", page_home, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/alur", page_alur, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/kerahasiaan", page_kerahasiaan, ROLE_PUBLIC, 0, NULL, 0,
	    0, 0 },
	{ HTTP_GET, "/dasar-hukum", page_dasar_hukum, ROLE_PUBLIC, 0, NULL, 0,
	    0, 0 },
	{ HTTP_GET, "/lapor", page_soon, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/status", page_soon, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/static/*", static_serve, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/healthz", page_health, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
};
const size_t pages_nroutes = NELEM(pages_routes);
