/*
 * proxy.c: trusted reverse proxies: parsing the list of trusted address
 * ranges, matching an address against it, and the right-to-left walk
 * through X-Forwarded-For or Forwarded (RFC 7239) that finds the client
 * of a request. Header text is only read up to PROXY_HEADER_MAX bytes.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "proxy.h"

#define NODE_MAX	64	/* longest list entry or header address */
#define SHOW_MAX	40	/* bytes of a bad entry quoted in err */
#define DIGITS		"0123456789"
#define OBF_CHARS	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
			DIGITS "._-"
#define MAPPED_PREFIX	"\0\0\0\0\0\0\0\0\0\0\xff\xff"	/* ::ffff:0:0/96 */
#define STR(x)		#x
#define XSTR(x)		STR(x)

/* What err says after a refused list entry. */
#define WHY_BAD		"is not an address or CIDR range"
#define WHY_HOSTBITS	"has host bits set below its prefix length"
#define WHY_LONG	"is too long to be an address or CIDR range"
#define WHY_MANY	"is past the limit of " XSTR(PROXY_MAX_NETS) " entries"

/* What one header element gives the walk. */
enum elem {
	ELEM_SKIP,		/* empty: ignored */
	ELEM_ADDR,		/* an address */
	ELEM_HIDDEN,		/* "unknown" or obfuscated: the peer is the client */
	ELEM_BAD		/* malformed: the walk stops */
};

/* Turns an IPv4-mapped IPv6 address into IPv4 in place; returns the length. */
static size_t
addr_norm(unsigned char a[16], size_t len)
{
	if (len == 16 && memcmp(a, MAPPED_PREFIX, 12) == 0) {
		memmove(a, a + 12, 4);
		return 4;
	}
	return len;
}

/* Trims spaces and tabs off both ends of s[0..*n). */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

/* Parses a bare IPv4 or IPv6 address s[0..n), not normalised: 4, 16 or 0. */
static size_t
ip_parse(const char *s, size_t n, unsigned char out[16])
{
	char buf[NODE_MAX + 1];

	if (n == 0 || n > NODE_MAX || memchr(s, '\0', n) != NULL)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, buf, out) == 1)
		return 16;
	return 0;
}

/* 1 when s[0..n) is "_" 1*(ALPHA / DIGIT / "." / "_" / "-") (RFC 7239 obfnode). */
static int
obf_ok(const char *s, size_t n)
{
	return n >= 2 && s[0] == '_' && strspn(s + 1, OBF_CHARS) >= n - 1;
}

/* 1 when s[0..n) is a port: 1 to 5 digits up to 65535, or obfuscated. */
static int
port_ok(const char *s, size_t n)
{
	if (n > 0 && s[0] == '_')
		return obf_ok(s, n);
	return n > 0 && n <= 5 && strspn(s, DIGITS) >= n &&
	    (n < 5 || memcmp(s, "65535", 5) <= 0);
}

/*
 * Parses a header address: IPv4, bare IPv6, or IPv6 in brackets, the
 * IPv4 and bracketed forms with an optional ":port". Returns the
 * normalised length (4 or 16), or 0.
 */
static size_t
node_parse(const char *s, size_t n, unsigned char out[16])
{
	const char *end = s + n, *c;

	if (n == 0 || n > NODE_MAX)
		return 0;
	if (s[0] == '[') {
		if ((c = memchr(s, ']', n)) == NULL)
			return 0;
		if (c + 1 != end && (c[1] != ':' ||
		    !port_ok(c + 2, (size_t)(end - c - 2))))
			return 0;
		if (ip_parse(s + 1, (size_t)(c - s - 1), out) != 16)
			return 0;
		return addr_norm(out, 16);
	}
	if ((n = ip_parse(s, n, out)) != 0)
		return addr_norm(out, n);
	if ((c = memchr(s, ':', (size_t)(end - s))) == NULL ||
	    !port_ok(c + 1, (size_t)(end - c - 1)))
		return 0;
	return ip_parse(s, (size_t)(c - s), out) == 4 ? 4 : 0;
}

/* Clears the bits of net below its prefix; returns 1 when any was set. */
static int
net_clear_host(struct proxy_net *net)
{
	unsigned i;
	unsigned char m;
	int set = 0;

	for (i = net->bits; i < net->len * 8u; i++) {
		m = (unsigned char)(0x80u >> (i % 8));
		set |= (net->addr[i / 8] & m) != 0;
		net->addr[i / 8] &= (unsigned char)~m;
	}
	return set;
}

/* Parses one list entry s[0..n); returns NULL or why it is refused. */
static const char *
net_parse(const char *s, size_t n, struct proxy_net *net)
{
	const char *slash = memchr(s, '/', n);
	size_t alen = slash != NULL ? (size_t)(slash - s) : n;
	unsigned bits = 0;
	size_t i;

	memset(net, 0, sizeof(*net));
	if ((net->len = (unsigned char)ip_parse(s, alen, net->addr)) == 0)
		return WHY_BAD;
	if (slash == NULL)
		bits = net->len * 8u;
	else if (n - alen < 2 || n - alen > 4 ||
	    strspn(slash + 1, DIGITS) < n - alen - 1)
		return WHY_BAD;	/* the prefix: 1 to 3 digits */
	for (i = alen + 1; i < n; i++)
		bits = bits * 10 + (unsigned)(s[i] - '0');
	if (bits > net->len * 8u)
		return WHY_BAD;
	net->bits = (unsigned char)bits;
	if (net_clear_host(net))
		return WHY_HOSTBITS;
	/* A clean mapped range has the ::ffff: bits inside its prefix. */
	if (net->len == 16 && addr_norm(net->addr, 16) == 4) {
		net->len = 4;
		net->bits -= 96;
	}
	return NULL;
}

/* Sets err to "\"entry\" why", the entry cut short and printable; returns -1. */
static int
list_fail(char *err, size_t errlen, const char *s, size_t n, const char *why)
{
	char show[SHOW_MAX + 4];
	size_t i, k = n > SHOW_MAX ? SHOW_MAX : n;

	for (i = 0; i < k; i++) {
		unsigned char c = (unsigned char)s[i];

		show[i] = c < 0x20 || c > 0x7e || c == '"' || c == '\\' ?
		    '?' : (char)c;
	}
	memcpy(show + k, n > k ? "..." : "", n > k ? 4 : 1);
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "\"%s\" %s", show, why);
	return -1;
}

int
proxy_list_parse(struct proxy_list *pl, const char *text, char *err,
    size_t errlen)
{
	const char *s = text != NULL ? text : "";
	const char *why;
	size_t n;

	memset(pl, 0, sizeof(*pl));
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	for (;;) {
		s += strspn(s, " \t,");
		if (*s == '\0')
			return 0;
		n = strcspn(s, " \t,");
		if (n > NODE_MAX)
			why = WHY_LONG;
		else if (pl->n == PROXY_MAX_NETS)
			why = WHY_MANY;
		else
			why = net_parse(s, n, &pl->net[pl->n]);
		if (why != NULL) {
			memset(pl, 0, sizeof(*pl));
			return list_fail(err, errlen, s, n, why);
		}
		pl->n++;
		s += n;
	}
}

/* 1 when the normalised address a/len is inside net. */
static int
net_match(const struct proxy_net *net, const unsigned char *a, size_t len)
{
	size_t full = net->bits / 8u, rem = net->bits % 8u;

	if (net->len != len || net->bits > len * 8)
		return 0;
	if (memcmp(net->addr, a, full) != 0)
		return 0;
	return rem == 0 ||
	    ((net->addr[full] ^ a[full]) & (0xffu << (8 - rem)) & 0xffu) == 0;
}

int
proxy_trusted(const struct proxy_list *pl, const unsigned char *addr,
    size_t len)
{
	unsigned char a[16];
	size_t i;

	if (pl == NULL || addr == NULL || (len != 4 && len != 16))
		return 0;
	memcpy(a, addr, len);
	len = addr_norm(a, len);
	for (i = 0; i < pl->n && i < PROXY_MAX_NETS; i++)
		if (net_match(&pl->net[i], a, len))
			return 1;
	return 0;
}

/* One X-Forwarded-For element s[0..n). */
static enum elem
xff_elem(const char *s, size_t n, unsigned char a[16], size_t *alen)
{
	s = trim(s, &n);
	if (n == 0)
		return ELEM_SKIP;
	*alen = node_parse(s, n, a);
	return *alen != 0 ? ELEM_ADDR : ELEM_BAD;
}

/* Finds the value of the one for= pair of a Forwarded element; 0 or -1. */
static int
fwd_for(const char *s, size_t n, const char **v, size_t *vn)
{
	const char *end = s + n, *semi, *p;
	size_t pn;

	*v = NULL;
	while (s < end) {
		if ((semi = memchr(s, ';', (size_t)(end - s))) == NULL)
			semi = end;
		pn = (size_t)(semi - s);
		p = trim(s, &pn);
		s = semi == end ? end : semi + 1;
		if (pn == 0)
			continue;
		if (memchr(p, '=', pn) == NULL)
			return -1;
		if (pn < 4 || strncasecmp(p, "for=", 4) != 0)
			continue;
		if (*v != NULL)
			return -1;
		*v = p + 4;
		*vn = pn - 4;
	}
	return *v != NULL ? 0 : -1;
}

/* One Forwarded element s[0..n). */
static enum elem
fwd_elem(const char *s, size_t n, unsigned char a[16], size_t *alen)
{
	const char *v, *colon;
	size_t vn, hn;

	s = trim(s, &n);
	if (n == 0)
		return ELEM_SKIP;
	if (fwd_for(s, n, &v, &vn) == -1)
		return ELEM_BAD;
	if (vn > 0 && v[0] == '"') {
		if (vn < 2 || v[vn - 1] != '"')
			return ELEM_BAD;
		v++;
		vn -= 2;
		if (memchr(v, '"', vn) != NULL || memchr(v, '\\', vn) != NULL)
			return ELEM_BAD;
	}
	if (vn > 0 && v[0] != '[') {
		colon = memchr(v, ':', vn);
		hn = colon != NULL ? (size_t)(colon - v) : vn;
		if ((colon == NULL || port_ok(colon + 1, vn - hn - 1)) &&
		    ((hn == 7 && strncasecmp(v, "unknown", 7) == 0) ||
		    obf_ok(v, hn)))
			return ELEM_HIDDEN;
	}
	*alen = node_parse(v, vn, a);
	return *alen != 0 ? ELEM_ADDR : ELEM_BAD;
}

/*
 * Walks header h[0..hlen) from right to left. addr/len holds the peer
 * on entry and the client on return; returns the client's length.
 */
static size_t
walk(const struct proxy_list *pl, const char *h, size_t hlen, int fwd,
    unsigned char addr[16], size_t len)
{
	unsigned char peer[16], a[16];
	size_t peer_len = len, start, end = hlen, alen = 0;
	enum elem e;
	int count;

	memcpy(peer, addr, len);
	for (count = 0; count < PROXY_MAX_ELEMS; count++) {
		for (start = end; start > 0 && h[start - 1] != ','; start--)
			;
		e = fwd ? fwd_elem(h + start, end - start, a, &alen) :
		    xff_elem(h + start, end - start, a, &alen);
		if (e == ELEM_BAD)
			break;
		if (e == ELEM_HIDDEN) {
			memcpy(addr, peer, peer_len);
			return peer_len;
		}
		if (e == ELEM_ADDR) {
			memcpy(addr, a, alen);
			len = alen;
			if (!proxy_trusted(pl, a, alen))
				break;
		}
		if (start == 0)
			break;
		end = start - 1;
	}
	return len;
}

/* The length of header h to walk: 0 when NULL or without any element. */
static size_t
header_len(const char *h)
{
	size_t n;

	if (h == NULL)
		return 0;
	n = strnlen(h, PROXY_HEADER_MAX + 1);
	if (n <= PROXY_HEADER_MAX && strspn(h, " \t,") == n)
		return 0;
	return n;
}

size_t
proxy_client(const struct proxy_list *pl, const unsigned char *peer,
    size_t peer_len, const char *xff, const char *forwarded,
    unsigned char out[16])
{
	unsigned char a[16];
	size_t len, hlen;
	int fwd = 0;

	if (peer == NULL || (peer_len != 4 && peer_len != 16)) {
		memset(out, 0, 16);
		return 0;
	}
	memcpy(a, peer, peer_len);
	len = addr_norm(a, peer_len);
	if (proxy_trusted(pl, a, len)) {
		if ((hlen = header_len(xff)) == 0) {
			fwd = 1;
			hlen = header_len(forwarded);
		}
		if (hlen > 0 && hlen <= PROXY_HEADER_MAX)
			len = walk(pl, fwd ? forwarded : xff, hlen, fwd, a,
			    len);
	}
	memset(out, 0, 16);
	memcpy(out, a, len);
	return len;
}
