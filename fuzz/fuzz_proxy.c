/*
 * fuzz_proxy.c: libFuzzer harness for the trusted-proxy module. The
 * first byte picks the peer (one of a few fixed addresses or raw input
 * bytes) and whether the trusted list is a fixed one or parsed from the
 * input; the rest is cut at newlines into the list text, the
 * X-Forwarded-For value and the Forwarded value. Every parsed list is
 * checked against the contract of proxy.h (clean ranges, each trusting
 * its own ends, a printable err on failure), and the X-Forwarded-For
 * walk is compared with a reference written differently: it splits the
 * header left to right into an array first, then walks the array. Any
 * crash, sanitizer report or abort() is a bug.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proxy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fz_peers[] = {
	"127.0.0.1", "::1", "::ffff:10.0.0.1", "10.1.2.3", "203.0.113.9",
	"fd00::5", "2001:db8::1",
};

#define FZ_NPEERS	(sizeof(fz_peers) / sizeof(fz_peers[0]))
#define FZ_LIST		"127.0.0.1, 10.0.0.0/8 ::1 fd00::/8 192.168.0.0/23"
#define FZ_REF_MAX	(PROXY_HEADER_MAX + 1)	/* elements, at most */

/* Reference normalisation of an IPv4-mapped address. */
static size_t
ref_norm(unsigned char a[16], size_t len)
{
	static const unsigned char pfx[12] = { [10] = 0xff, [11] = 0xff };

	if (len == 16 && memcmp(a, pfx, 12) == 0) {
		memmove(a, a + 12, 4);
		return 4;
	}
	return len;
}

static int
ref_port(const char *p)
{
	size_t n = strlen(p), i;

	if (p[0] == '_')
		return n >= 2 && strspn(p + 1, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n - 1;
	if (n == 0 || n > 5)
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return strtoul(p, NULL, 10) <= 65535;
}

/* Reference parse of one trimmed X-Forwarded-For element: 4, 16 or 0. */
static size_t
ref_node(const char *e, unsigned char out[16])
{
	char buf[80], *c;

	if (strlen(e) > 64)
		return 0;
	strcpy(buf, e);
	if (buf[0] == '[') {
		if ((c = strchr(buf, ']')) == NULL)
			return 0;
		if (c[1] != '\0' && (c[1] != ':' || !ref_port(c + 2)))
			return 0;
		*c = '\0';
		return inet_pton(AF_INET6, buf + 1, out) == 1 ?
		    ref_norm(out, 16) : 0;
	}
	if (inet_pton(AF_INET, buf, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, buf, out) == 1)
		return ref_norm(out, 16);
	if ((c = strrchr(buf, ':')) == NULL || !ref_port(c + 1))
		return 0;
	*c = '\0';
	return inet_pton(AF_INET, buf, out) == 1 ? 4 : 0;
}

/*
 * Reference X-Forwarded-For walk over a header of at most
 * PROXY_HEADER_MAX bytes holding at least one element.
 */
static size_t
ref_xff(const struct proxy_list *pl, const char *h, const unsigned char *peer,
    size_t plen, unsigned char out[16])
{
	static char *el[FZ_REF_MAX];
	char *copy = strdup(h), *p = copy, *c;
	size_t n = 0, i, len = plen, k, walked;
	unsigned char a[16];

	if (copy == NULL)
		abort();
	memcpy(out, peer, plen);
	for (;;) {
		el[n++] = p;
		if ((c = strchr(p, ',')) == NULL)
			break;
		*c = '\0';
		p = c + 1;
	}
	for (walked = 0, i = n; i > 0 && walked < PROXY_MAX_ELEMS;
	    i--, walked++) {
		p = el[i - 1];
		p += strspn(p, " \t");
		for (k = strlen(p); k > 0 && (p[k - 1] == ' ' ||
		    p[k - 1] == '\t'); k--)
			p[k - 1] = '\0';
		if (*p == '\0')
			continue;
		if ((k = ref_node(p, a)) == 0)
			break;
		memcpy(out, a, k);
		len = k;
		if (!proxy_trusted(pl, a, k))
			break;
	}
	free(copy);
	return len;
}

/* Checks a parsed list against proxy.h. */
static void
check_list(const struct proxy_list *pl)
{
	unsigned char hi[16], mapped[16] = { [10] = 0xff, [11] = 0xff };
	size_t i, b;

	if (pl->n > PROXY_MAX_NETS)
		abort();
	for (i = 0; i < pl->n; i++) {
		const struct proxy_net *net = &pl->net[i];

		if ((net->len != 4 && net->len != 16) ||
		    net->bits > net->len * 8)
			abort();
		memcpy(hi, net->addr, net->len);
		for (b = net->bits; b < net->len * 8u; b++) {
			if (hi[b / 8] & (0x80 >> (b % 8)))
				abort();	/* host bits must be clear */
			hi[b / 8] |= (unsigned char)(0x80 >> (b % 8));
		}
		if (!proxy_trusted(pl, net->addr, net->len))
			abort();
		/* A mapped address is IPv4: outside every IPv6 range. */
		if (!(net->len == 16 && memcmp(hi, mapped, 12) == 0) &&
		    !proxy_trusted(pl, hi, net->len))
			abort();
		if (net->len == 4) {
			memcpy(mapped + 12, hi, 4);
			if (!proxy_trusted(pl, mapped, 16))
				abort();
		} else if (memcmp(net->addr, mapped, 12) == 0)
			abort();	/* mapped entries are stored as IPv4 */
	}
}

static void
check_parse(const char *text, struct proxy_list *pl)
{
	struct proxy_list again;
	char err[96], tiny[6];
	size_t i, n;
	int rc;

	memset(err, 'x', sizeof(err));
	rc = proxy_list_parse(pl, text, err, sizeof(err));
	n = strnlen(err, sizeof(err));
	if ((rc != 0 && rc != -1) || n == sizeof(err))
		abort();
	for (i = 0; i < n; i++)
		if (err[i] < 0x20 || err[i] > 0x7e)
			abort();
	if ((rc == -1) != (n > 0) || (rc == -1 && pl->n != 0))
		abort();
	if (proxy_list_parse(&again, text, tiny, sizeof(tiny)) != rc ||
	    memcmp(&again, pl, sizeof(again)) != 0 ||
	    strnlen(tiny, sizeof(tiny)) == sizeof(tiny))
		abort();
	if (rc == 0)
		check_list(pl);
}

/* Copies data[0..n) into a fresh NUL-terminated string. */
static char *
fz_str(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/* Cuts the next newline-terminated piece off *data. */
static char *
fz_piece(const uint8_t **data, size_t *size)
{
	const uint8_t *nl = memchr(*data, '\n', *size);
	size_t n = nl != NULL ? (size_t)(nl - *data) : *size;
	char *s = fz_str(*data, n);

	*data += nl != NULL ? n + 1 : n;
	*size -= nl != NULL ? n + 1 : n;
	return s;
}

static void
check_client(const struct proxy_list *pl, const unsigned char *peer,
    size_t plen, const char *xff, const char *fwd)
{
	unsigned char out[16], ref[16], p[16];
	size_t len, rlen, np, xn;

	memcpy(p, peer, plen);
	np = ref_norm(p, plen);
	len = proxy_client(pl, peer, plen, xff, fwd, out);
	if (len != 4 && len != 16)
		abort();
	for (rlen = len; rlen < 16; rlen++)
		if (out[rlen] != 0)
			abort();
	if (!proxy_trusted(pl, peer, plen)) {
		if (len != np || memcmp(out, p, np) != 0)
			abort();
		return;
	}
	xn = strlen(xff);
	if (xn == 0 || xn > PROXY_HEADER_MAX || strspn(xff, " \t,") == xn)
		return;
	rlen = ref_xff(pl, xff, p, np, ref);
	if (rlen != len || memcmp(out, ref, len) != 0)
		abort();
	/* X-Forwarded-For present: Forwarded changes nothing. */
	if (proxy_client(pl, peer, plen, xff, NULL, ref) != len ||
	    memcmp(out, ref, len) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_list fixed, parsed;
	unsigned char peer[16];
	size_t plen, pi;
	char *list, *xff, *fwd;
	uint8_t flags;

	if (size < 1)
		return 0;
	flags = data[0];
	data++;
	size--;
	pi = (size_t)(flags >> 1 & 7);
	if (pi < FZ_NPEERS)
		plen = inet_pton(AF_INET, fz_peers[pi], peer) == 1 ? 4 :
		    (inet_pton(AF_INET6, fz_peers[pi], peer), 16);
	else {
		plen = flags & 0x10 ? 16 : 4;
		if (size < plen)
			return 0;
		memcpy(peer, data, plen);
		data += plen;
		size -= plen;
	}
	list = fz_piece(&data, &size);
	xff = fz_piece(&data, &size);
	fwd = fz_str(data, size);

	check_parse(list, &parsed);
	if (proxy_list_parse(&fixed, FZ_LIST, NULL, 0) != 0)
		abort();
	check_client(flags & 1 ? &fixed : &parsed, peer, plen, xff, fwd);
	check_client(flags & 1 ? &fixed : &parsed, peer, plen, "", fwd);
	free(list);
	free(xff);
	free(fwd);
	return 0;
}
