/*
 * test_proxy.c: the trusted-proxy module: parsing lists of addresses and
 * CIDR ranges (and the reasons given for bad ones), matching on range
 * edges and IPv4-mapped addresses, and the right-to-left walk through
 * X-Forwarded-For and Forwarded that finds a request's client: spoofed
 * values, ports, brackets, quoting, "unknown", malformed elements and
 * overlong headers.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include "proxy.h"
#include "util.h"

/* The raw bytes of a textual address; fails the test when it is none. */
static size_t
ip(const char *s, unsigned char out[16])
{
	if (inet_pton(AF_INET, s, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, out) == 1)
		return 16;
	print_error("bad test address %s\n", s);
	fail();
	return 0;
}

/* Parses text, which must be a good list. */
static void
list(struct proxy_list *pl, const char *text)
{
	char err[128] = "";

	if (proxy_list_parse(pl, text, err, sizeof(err)) != 0) {
		print_error("refused \"%s\": %s\n", text, err);
		fail();
	}
	assert_string_equal(err, "");
}

static int
trusted(const struct proxy_list *pl, const char *addr)
{
	unsigned char a[16];
	size_t len = ip(addr, a);

	return proxy_trusted(pl, a, len);
}

/* The client of a request from peer with those headers, as text. */
static const char *
client(const struct proxy_list *pl, const char *peer, const char *xff,
    const char *fwd)
{
	static char text[INET6_ADDRSTRLEN];
	unsigned char p[16], out[16];
	size_t plen = ip(peer, p), len;

	len = proxy_client(pl, p, plen, xff, fwd, out);
	assert_true(len == 4 || len == 16);
	assert_non_null(inet_ntop(len == 4 ? AF_INET : AF_INET6, out, text,
	    sizeof(text)));
	return text;
}

static void
test_parse_good(void **state)
{
	struct proxy_list pl;
	unsigned char a[16];

	(void)state;
	list(&pl, "127.0.0.1");
	assert_int_equal(pl.n, 1);
	assert_int_equal(pl.net[0].len, 4);
	assert_int_equal(pl.net[0].bits, 32);
	ip("127.0.0.1", a);
	assert_memory_equal(pl.net[0].addr, a, 4);

	list(&pl, "127.0.0.1, 10.0.0.0/8 ::1 fd00::/8,,\t192.168.0.0/16 ,");
	assert_int_equal(pl.n, 5);
	assert_int_equal(pl.net[1].bits, 8);
	assert_int_equal(pl.net[2].len, 16);
	assert_int_equal(pl.net[2].bits, 128);
	assert_int_equal(pl.net[3].len, 16);
	assert_int_equal(pl.net[3].bits, 8);
	assert_int_equal(pl.net[4].bits, 16);

	list(&pl, "0.0.0.0/0 ::/0 10.0.0.0/7 2001:db8::/32 1.2.3.4/32 ::2/127");
	assert_int_equal(pl.n, 6);
	assert_int_equal(pl.net[0].bits, 0);
	assert_int_equal(pl.net[1].bits, 0);
	assert_int_equal(pl.net[2].bits, 7);

	/* IPv4-mapped entries are stored as IPv4. */
	list(&pl, "::ffff:10.1.2.3 ::ffff:10.0.0.0/104 ::ffff:0:0/96");
	assert_int_equal(pl.n, 3);
	assert_int_equal(pl.net[0].len, 4);
	assert_int_equal(pl.net[0].bits, 32);
	ip("10.1.2.3", a);
	assert_memory_equal(pl.net[0].addr, a, 4);
	assert_int_equal(pl.net[1].len, 4);
	assert_int_equal(pl.net[1].bits, 8);
	assert_int_equal(pl.net[2].len, 4);
	assert_int_equal(pl.net[2].bits, 0);

	list(&pl, "");
	assert_int_equal(pl.n, 0);
	list(&pl, "  , ,\t");
	assert_int_equal(pl.n, 0);
	list(&pl, NULL);
	assert_int_equal(pl.n, 0);
	/* An empty list trusts nothing. */
	assert_false(trusted(&pl, "127.0.0.1"));
	assert_false(trusted(&pl, "::1"));
}

/* Expects text refused with an err holding want. */
static void
refused(const char *text, const char *want)
{
	struct proxy_list pl;
	char err[160] = "x";
	size_t i;

	pl.n = 7;
	if (proxy_list_parse(&pl, text, err, sizeof(err)) != -1) {
		print_error("accepted \"%s\"\n", text);
		fail();
	}
	assert_int_equal(pl.n, 0);
	if (strstr(err, want) == NULL) {
		print_error("\"%s\": err \"%s\" lacks \"%s\"\n", text, err, want);
		fail();
	}
	for (i = 0; err[i] != '\0'; i++)
		assert_true(err[i] >= 0x20 && err[i] < 0x7f);
}

static void
test_parse_bad(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} t[] = {
		/* Bad prefixes. */
		{ "10.0.0.0/33", "\"10.0.0.0/33\" is not an address or CIDR range" },
		{ "::/129", "\"::/129\" is not" },
		{ "10.0.0.0/", "\"10.0.0.0/\" is not" },
		{ "10.0.0.0/-8", "is not" },
		{ "10.0.0.0/+8", "is not" },
		{ "10.0.0.0/8/8", "is not" },
		{ "10.0.0.0/0008", "is not" },
		{ "10.0.0.0/8x", "is not" },
		{ "/8", "\"/8\" is not" },
		{ "10.0.0.0 /8", "\"/8\" is not" },
		/* Host bits below the prefix. */
		{ "10.0.0.1/8", "\"10.0.0.1/8\" has host bits set" },
		{ "127.0.0.1 192.168.1.1/24", "\"192.168.1.1/24\" has host bits" },
		{ "11.0.0.0/7", "host bits" },
		{ "0.0.0.1/0", "host bits" },
		{ "fd00::1/8", "\"fd00::1/8\" has host bits" },
		{ "::1/0", "host bits" },
		{ "::ffff:10.0.0.1/104", "host bits" },
		{ "::ffff:0:0/95", "host bits" },
		/* Not addresses. */
		{ "garbage", "\"garbage\" is not" },
		{ "1.2.3", "is not" },
		{ "256.1.2.3", "is not" },
		{ "1.2.3.4.5", "is not" },
		{ "010.0.0.1", "is not" },
		{ "1.2.3.4:80", "is not" },
		{ "[::1]", "is not" },
		{ ":::1", "is not" },
		{ "fe80::1%eth0", "is not" },
		{ "localhost", "is not" },
		{ "127.0.0.1; 10.0.0.0/8", "\"127.0.0.1;\" is not" },
		/* Control characters, shown as '?'. */
		{ "127.0.0.1\n10.0.0.1", "\"127.0.0.1?10.0.0.1\" is not" },
		{ "10.0.0.\0011", "\"10.0.0.?1\" is not" },
		{ "\x7f", "\"?\" is not" },
		{ "1.2.3.4\r", "\"1.2.3.4?\" is not" },
		{ "\"1.2.3.4\"", "\"?1.2.3.4?\" is not" },
		{ "caf\xc3\xa9::1", "\"caf??::1\" is not" },
		/* Overlong: cut short in err. */
		{ "1111111111111111111111111111111111111111111111111111111111111"
		  "11111111111111", "\"1111111111111111111111111111111111111111"
		  "...\" is too long" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++)
		refused(t[i].text, t[i].want);
}

static void
test_parse_too_many(void **state)
{
	struct proxy_list pl;
	char text[2048] = "", err[128];
	size_t i;

	(void)state;
	for (i = 0; i < PROXY_MAX_NETS; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "10.0.%zu.0/24, ", i);
	list(&pl, text);
	assert_int_equal(pl.n, PROXY_MAX_NETS);
	assert_true(trusted(&pl, "10.0.31.255"));
	assert_false(trusted(&pl, "10.0.32.0"));
	strcat(text, "fd00::/8");
	refused(text, "\"fd00::/8\" is past the limit of 32 entries");

	/* err may be NULL or tiny; it is always terminated. */
	assert_int_equal(proxy_list_parse(&pl, "bad", NULL, 0), -1);
	memset(err, 'x', sizeof(err));
	assert_int_equal(proxy_list_parse(&pl, "bad", err, 5), -1);
	assert_string_equal(err, "\"bad");
	assert_int_equal(err[5], 'x');
	assert_int_equal(proxy_list_parse(&pl, "bad", err, 1), -1);
	assert_string_equal(err, "");
}

static void
test_trusted_edges(void **state)
{
	struct proxy_list pl;
	unsigned char a[16];

	(void)state;
	list(&pl, "0.0.0.0/0");
	assert_true(trusted(&pl, "0.0.0.0"));
	assert_true(trusted(&pl, "255.255.255.255"));
	assert_true(trusted(&pl, "::ffff:8.8.8.8"));
	assert_false(trusted(&pl, "::1"));
	assert_false(trusted(&pl, "::"));

	list(&pl, "::/0");
	assert_true(trusted(&pl, "::"));
	assert_true(trusted(&pl, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
	assert_false(trusted(&pl, "1.2.3.4"));
	/* A mapped address is IPv4, outside every IPv6 range. */
	assert_false(trusted(&pl, "::ffff:1.2.3.4"));

	list(&pl, "192.0.2.7/32 2001:db8::7/128");
	assert_true(trusted(&pl, "192.0.2.7"));
	assert_false(trusted(&pl, "192.0.2.6"));
	assert_false(trusted(&pl, "192.0.2.8"));
	assert_true(trusted(&pl, "::ffff:192.0.2.7"));
	assert_true(trusted(&pl, "2001:db8::7"));
	assert_false(trusted(&pl, "2001:db8::6"));
	assert_false(trusted(&pl, "2001:db8::8"));
	assert_false(trusted(&pl, "::192.0.2.7"));	/* IPv4-compatible */

	/* Odd prefixes: both ends of the range and one step outside. */
	list(&pl, "10.0.0.0/7 fc00::/7 192.168.1.128/25 100.64.0.0/10");
	assert_true(trusted(&pl, "10.0.0.0"));
	assert_true(trusted(&pl, "11.255.255.255"));
	assert_false(trusted(&pl, "9.255.255.255"));
	assert_false(trusted(&pl, "12.0.0.0"));
	assert_true(trusted(&pl, "fc00::"));
	assert_true(trusted(&pl, "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
	assert_false(trusted(&pl, "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
	assert_false(trusted(&pl, "fe00::"));
	assert_true(trusted(&pl, "192.168.1.128"));
	assert_true(trusted(&pl, "192.168.1.255"));
	assert_false(trusted(&pl, "192.168.1.127"));
	assert_false(trusted(&pl, "192.168.2.128"));
	assert_true(trusted(&pl, "100.64.0.0"));
	assert_true(trusted(&pl, "100.127.255.255"));
	assert_false(trusted(&pl, "100.63.255.255"));
	assert_false(trusted(&pl, "100.128.0.0"));

	/* A mapped entry matches plain and mapped IPv4 alike. */
	list(&pl, "::ffff:10.0.0.0/104");
	assert_true(trusted(&pl, "10.9.9.9"));
	assert_true(trusted(&pl, "::ffff:10.9.9.9"));
	assert_false(trusted(&pl, "11.0.0.0"));
	assert_true(trusted(&pl, "::ffff:a09:909"));	/* the same bytes */

	/* Bad lengths and a NULL list trust nothing. */
	ip("10.0.0.1", a);
	assert_false(proxy_trusted(&pl, a, 0));
	assert_false(proxy_trusted(&pl, a, 5));
	assert_false(proxy_trusted(&pl, a, 15));
	assert_false(proxy_trusted(NULL, a, 4));
	assert_false(proxy_trusted(&pl, NULL, 4));
}

static void
test_client_untrusted(void **state)
{
	struct proxy_list pl;

	(void)state;
	list(&pl, "10.0.0.0/8");
	assert_string_equal(client(&pl, "203.0.113.9", "1.2.3.4", NULL),
	    "203.0.113.9");
	assert_string_equal(client(&pl, "203.0.113.9", NULL,
	    "for=1.2.3.4"), "203.0.113.9");
	assert_string_equal(client(&pl, "2001:db8::9", "10.0.0.1",
	    "for=10.0.0.1"), "2001:db8::9");
	/* Even a trusted address in the header does not help. */
	assert_string_equal(client(&pl, "203.0.113.9", "10.0.0.1", NULL),
	    "203.0.113.9");
	list(&pl, "");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4", NULL),
	    "127.0.0.1");
}

static void
test_client_xff(void **state)
{
	struct proxy_list pl;

	(void)state;
	list(&pl, "127.0.0.1 10.0.0.0/8 ::1");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4", NULL),
	    "1.2.3.4");
	assert_string_equal(client(&pl, "::1", "  1.2.3.4\t", NULL),
	    "1.2.3.4");
	assert_string_equal(client(&pl, "::ffff:127.0.0.1", "2001:db8::1",
	    NULL), "2001:db8::1");
	/* The spoofed left value never wins. */
	assert_string_equal(client(&pl, "127.0.0.1",
	    "spoofed, 1.2.3.4, 10.0.0.2", NULL), "1.2.3.4");
	assert_string_equal(client(&pl, "127.0.0.1",
	    "6.6.6.6, 1.2.3.4, 10.0.0.2", NULL), "1.2.3.4");
	assert_string_equal(client(&pl, "127.0.0.1",
	    "10.0.0.3, 1.2.3.4,10.0.0.2", NULL), "1.2.3.4");
	/* Header lines joined with ", ", some empty. */
	assert_string_equal(client(&pl, "127.0.0.1",
	    "6.6.6.6, 5.5.5.5, , 10.0.0.2, ", NULL), "5.5.5.5");
	/* All trusted: the leftmost. */
	assert_string_equal(client(&pl, "127.0.0.1", "10.0.0.5, 10.0.0.2",
	    NULL), "10.0.0.5");
	assert_string_equal(client(&pl, "127.0.0.1", "::1, 127.0.0.1", NULL),
	    "::1");
	/* A mapped address in the header comes out as IPv4. */
	assert_string_equal(client(&pl, "127.0.0.1", "::ffff:1.2.3.4", NULL),
	    "1.2.3.4");
	assert_string_equal(client(&pl, "127.0.0.1",
	    "1.2.3.4, ::ffff:10.0.0.9", NULL), "1.2.3.4");
}

static void
test_client_malformed(void **state)
{
	struct proxy_list pl;
	char big[200];

	(void)state;
	list(&pl, "127.0.0.1 10.0.0.0/8");
	/* The last good address to the right of the bad one. */
	assert_string_equal(client(&pl, "127.0.0.1",
	    "1.2.3.4, garbage, 10.0.0.2", NULL), "10.0.0.2");
	assert_string_equal(client(&pl, "127.0.0.1",
	    "1.2.3.4, unknown, 10.0.0.2, 10.0.0.3", NULL), "10.0.0.2");
	/* Or the peer if there is none. */
	assert_string_equal(client(&pl, "127.0.0.1", "garbage", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4, 10.0.0.2 x",
	    NULL), "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4\x01", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4\r\n", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4; 5.6.7.8",
	    NULL), "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4 5.6.7.8",
	    NULL), "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "\"1.2.3.4\"", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "for=1.2.3.4", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4/32", NULL),
	    "127.0.0.1");
	/* Too long an element, even one that starts as an address. */
	memset(big, '0', sizeof(big));
	memcpy(big, "1.2.3.4:", 8);
	big[sizeof(big) - 1] = '\0';
	assert_string_equal(client(&pl, "127.0.0.1", big, NULL), "127.0.0.1");
	memcpy(big, "::", 2);
	assert_string_equal(client(&pl, "127.0.0.1", big, NULL), "127.0.0.1");
	/* A malformed XFF does not fall back to Forwarded. */
	assert_string_equal(client(&pl, "127.0.0.1", "garbage",
	    "for=1.2.3.4"), "127.0.0.1");
}

static void
test_client_ports(void **state)
{
	struct proxy_list pl;

	(void)state;
	list(&pl, "127.0.0.1 10.0.0.0/8");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4:5678", NULL),
	    "1.2.3.4");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4:65535", NULL),
	    "1.2.3.4");
	assert_string_equal(client(&pl, "127.0.0.1", "[2001:db8::1]:443",
	    NULL), "2001:db8::1");
	assert_string_equal(client(&pl, "127.0.0.1", " [2001:db8::1] ",
	    NULL), "2001:db8::1");
	assert_string_equal(client(&pl, "127.0.0.1",
	    "[::ffff:1.2.3.4]:80, 10.0.0.1:1", NULL), "1.2.3.4");
	assert_string_equal(client(&pl, "127.0.0.1", "2001:db8::1", NULL),
	    "2001:db8::1");
	/* Bad ports and brackets are malformed. */
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4:65536", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4:", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4:80:80", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4:-1", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "1.2.3.4:123456", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "[1.2.3.4]:80", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "[2001:db8::1", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "[2001:db8::1]x", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "[2001:db8::1]:", NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", "[[::1]]", NULL),
	    "127.0.0.1");
}

static void
test_client_forwarded(void **state)
{
	struct proxy_list pl;

	(void)state;
	list(&pl, "127.0.0.1 10.0.0.0/8");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=\"[2001:db8:cafe::17]:4711\""), "2001:db8:cafe::17");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=192.0.2.60;proto=http;by=203.0.113.43"), "192.0.2.60");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "proto=https; For=\"192.0.2.60:8080\" ;host=example.org"),
	    "192.0.2.60");
	/* Several elements, in one line or joined lines. */
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=6.6.6.6, for=192.0.2.43, for=10.0.0.2;by=10.0.0.1"),
	    "192.0.2.43");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=10.0.0.7, for=\"10.0.0.2:1\""), "10.0.0.7");
	/* "unknown" and obfuscated identifiers: the peer. */
	assert_string_equal(client(&pl, "127.0.0.1", NULL, "for=unknown"),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=1.2.3.4, for=unknown"), "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=1.2.3.4, for=\"_gazonk\""), "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=1.2.3.4, for=\"_hidden:_port\", for=10.0.0.2"), "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=\"unknown:8080\""), "127.0.0.1");
	/* Malformed: the last good address to the right, or the peer. */
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=1.2.3.4, for=10.0.0.9;for=10.0.0.8, for=10.0.0.2"),
	    "10.0.0.2");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=1.2.3.4, by=10.0.0.1"), "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=1.2.3.4, for=10.0.0.2;secret"), "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=\"1.2.3.4"), "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL, "for=\""),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=\"1.2.\\3.4\""), "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL, "for="),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL, "for=_"),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=\"_bad chars!\""), "127.0.0.1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL,
	    "for=example.org"), "127.0.0.1");
	/* X-Forwarded-For wins when it holds anything. */
	assert_string_equal(client(&pl, "127.0.0.1", "5.5.5.5",
	    "for=6.6.6.6"), "5.5.5.5");
	assert_string_equal(client(&pl, "127.0.0.1", "", "for=6.6.6.6"),
	    "6.6.6.6");
	assert_string_equal(client(&pl, "127.0.0.1", " , ", "for=6.6.6.6"),
	    "6.6.6.6");
}

static void
test_client_long(void **state)
{
	struct proxy_list pl;
	struct timespec t0, t1;
	const size_t big = 100 * 1024;
	char *h = xmalloc(big + 16);
	size_t i, n = 0;
	double secs;

	(void)state;
	list(&pl, "127.0.0.1 10.0.0.0/8");
	while (n + 9 <= big) {
		memcpy(h + n, "1.1.1.1, ", 9);
		n += 9;
	}
	h[n] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 1000; i++) {
		/* Longer than PROXY_HEADER_MAX: not read, the peer. */
		assert_string_equal(client(&pl, "127.0.0.1", h, NULL),
		    "127.0.0.1");
		assert_string_equal(client(&pl, "127.0.0.1", NULL, h),
		    "127.0.0.1");
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(secs < 5.0);	/* valgrind included */

	/* Just within the bound: walked, from the right. */
	h[PROXY_HEADER_MAX] = '\0';
	memcpy(h + PROXY_HEADER_MAX - 9, ", 5.5.5.5", 9);
	assert_string_equal(client(&pl, "127.0.0.1", h, NULL), "5.5.5.5");
	h[PROXY_HEADER_MAX] = ' ';
	h[PROXY_HEADER_MAX + 1] = '\0';
	assert_string_equal(client(&pl, "127.0.0.1", h, NULL), "127.0.0.1");

	/* At most PROXY_MAX_ELEMS elements: then the leftmost walked. */
	strcpy(h, "1.2.3.4");
	for (i = 0; i < PROXY_MAX_ELEMS - 1; i++)
		strcat(h, ", 10.0.0.9");
	assert_string_equal(client(&pl, "127.0.0.1", h, NULL), "1.2.3.4");
	strcpy(h, "1.2.3.4");
	for (i = 0; i < PROXY_MAX_ELEMS; i++)
		strcat(h, ", 10.0.0.9");
	assert_string_equal(client(&pl, "127.0.0.1", h, NULL), "10.0.0.9");
	strcpy(h, "1.2.3.4");
	for (i = 0; i < PROXY_MAX_ELEMS; i++)
		strcat(h, ", ");
	assert_string_equal(client(&pl, "127.0.0.1", h, NULL), "127.0.0.1");
	free(h);
}

static void
test_client_null(void **state)
{
	struct proxy_list pl;
	unsigned char p[16], out[16], same[16];
	size_t len;

	(void)state;
	list(&pl, "127.0.0.1 ::1");
	assert_string_equal(client(&pl, "127.0.0.1", NULL, NULL), "127.0.0.1");
	assert_string_equal(client(&pl, "::1", "", ""), "::1");
	assert_string_equal(client(&pl, "::1", NULL, " "), "::1");
	assert_string_equal(client(&pl, "::ffff:127.0.0.1", NULL, NULL),
	    "127.0.0.1");
	assert_string_equal(client(&pl, "::ffff:8.8.8.8", "1.2.3.4", NULL),
	    "8.8.8.8");
	assert_string_equal(client(NULL, "127.0.0.1", "1.2.3.4", NULL),
	    "127.0.0.1");

	/* The result is padded with zeros and may overwrite the peer. */
	memset(out, 0xaa, sizeof(out));
	ip("127.0.0.1", p);
	assert_int_equal(proxy_client(&pl, p, 4, NULL, NULL, out), 4);
	assert_memory_equal(out, p, 4);
	memset(same, 0, sizeof(same));
	assert_memory_equal(out + 4, same + 4, 12);
	len = proxy_client(&pl, p, 4, "2001:db8::5", NULL, p);
	assert_int_equal(len, 16);
	ip("2001:db8::5", same);
	assert_memory_equal(p, same, 16);

	/* A peer of a bad length gives nothing. */
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(proxy_client(&pl, p, 5, "1.2.3.4", NULL, out), 0);
	memset(same, 0, sizeof(same));
	assert_memory_equal(out, same, 16);
	assert_int_equal(proxy_client(&pl, NULL, 4, NULL, NULL, out), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_too_many),
		cmocka_unit_test(test_trusted_edges),
		cmocka_unit_test(test_client_untrusted),
		cmocka_unit_test(test_client_xff),
		cmocka_unit_test(test_client_malformed),
		cmocka_unit_test(test_client_ports),
		cmocka_unit_test(test_client_forwarded),
		cmocka_unit_test(test_client_long),
		cmocka_unit_test(test_client_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
