/*
 * proxy.h: the real client of a request behind trusted reverse proxies.
 * A list of trusted address ranges, parsed once from the configuration,
 * decides whether the TCP peer's X-Forwarded-For or Forwarded (RFC 7239)
 * header is believed, and how far to the left that header is walked.
 * Pure: no I/O, no allocation, no state; thread-safe.
 *
 * Addresses are raw network-order bytes: 4 for IPv4, 16 for IPv6. An
 * IPv4-mapped IPv6 address (::ffff:a.b.c.d) always counts as its IPv4
 * address; IPv6 ranges never match IPv4 addresses, nor the reverse
 * ("::/0" trusts every IPv6 address, "0.0.0.0/0" every IPv4 one).
 */
#ifndef WBS_PROXY_H
#define WBS_PROXY_H

#include <stddef.h>

#define PROXY_MAX_NETS		32	/* entries of a list */
#define PROXY_MAX_ELEMS		64	/* header elements walked at most */
#define PROXY_HEADER_MAX	8192	/* longer headers are not read */

struct proxy_net {
	unsigned char	addr[16];	/* bits below the prefix are zero */
	unsigned char	len;		/* 4 or 16 */
	unsigned char	bits;		/* prefix length */
};

struct proxy_list {
	struct proxy_net	net[PROXY_MAX_NETS];
	size_t			n;
};

/*
 * Parses a comma- and/or space-separated list of IPv4/IPv6 addresses or
 * CIDR ranges ("127.0.0.1, 10.0.0.0/8 ::1 fd00::/8"); tabs count as
 * spaces. An empty string (or NULL) gives an empty list, which trusts
 * nothing. A range with bits set below its prefix ("10.0.0.1/8") is an
 * error, as is an entry beyond PROXY_MAX_NETS. IPv4-mapped addresses are
 * stored as IPv4 (::ffff:10.0.0.0/104 as 10.0.0.0/8).
 * Returns 0, or -1 with the list left empty and err (when not NULL)
 * set to a short reason quoting the bad entry, its unprintable bytes
 * shown as '?'.
 */
int	proxy_list_parse(struct proxy_list *, const char *text, char *err,
	    size_t errlen);

/*
 * Returns 1 when addr (len 4 or 16 bytes) is inside one of the list's
 * ranges, else 0 (also for any other len, or a NULL list).
 */
int	proxy_trusted(const struct proxy_list *, const unsigned char *addr,
	    size_t len);

/*
 * Writes into out the client of a request whose TCP peer is
 * peer/peer_len and returns its length (4 or 16; IPv4-mapped addresses
 * come out as IPv4).
 *
 * An untrusted peer is the client: both headers are ignored. For a
 * trusted peer, X-Forwarded-For (xff, may be NULL; several header lines
 * joined with ", ") is walked from right to left and the first address
 * that is not trusted is the client; when every address is trusted, the
 * leftmost one is. When xff is NULL or holds no element (only spaces and
 * commas), forwarded (the Forwarded header, may be NULL) is walked the
 * same way over the for= parameter of each element; a for= of "unknown"
 * or an obfuscated identifier ("_hidden") ends that walk with the peer
 * as the client.
 *
 * Elements are addresses with optional spaces around them: IPv4, IPv6,
 * IPv6 in brackets; IPv4 and bracketed IPv6 may carry a ":port". Empty
 * elements are skipped. A malformed element (not an address, longer
 * than 64 bytes, control characters; in Forwarded also an element
 * without exactly one for=, or a quoted value holding '"' or '\')
 * stops the walk: the client is then the last address accepted to its
 * right, or the peer if there is none. At most PROXY_MAX_ELEMS elements
 * are walked (the client is then the leftmost of them); a header longer
 * than PROXY_HEADER_MAX bytes is not read at all and the peer is the
 * client.
 *
 * Returns 0 (out zeroed) when peer is NULL or peer_len is neither 4 nor
 * 16.
 */
size_t	proxy_client(const struct proxy_list *, const unsigned char *peer,
	    size_t peer_len, const char *xff, const char *forwarded,
	    unsigned char out[16]);

#endif
