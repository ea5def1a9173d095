/*
 * IPv4 and IPv6 addresses, CIDR ranges and the client behind proxies. An
 * IPv4 address is kept in its IPv4-mapped IPv6 form (::ffff:a.b.c.d), so one
 * 128-bit comparison serves both families; an IPv4 prefix /p is /p+96 there.
 */
#include "analysis.h"
#include "decode.h"

#include <stdio.h>
#include <string.h>

static const uint8_t v4_mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

static bool parse_v4(const char *s, size_t len, uint8_t out[4])
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= len || s[i] != '.')
				return false;
			i++;
		}
		size_t start = i;
		unsigned v = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 3)
			v = v * 10 + (unsigned)(s[i++] - '0');
		/* No leading zeros: "010" is octal to some parsers, decimal to others. */
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return false;
		out[part] = (uint8_t)v;
	}
	return i == len;
}

static bool parse_v6(const char *s, size_t len, uint8_t out[16])
{
	uint16_t groups[8];
	int n = 0, gap = -1;
	size_t i = 0;
	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		i = 2;
	} else if (len > 0 && s[0] == ':') {
		return false;
	}
	while (i < len) {
		if (n == 8)
			return false;
		/* A dotted quad ends the address and fills two groups. */
		size_t end = i;
		while (end < len && s[end] != ':')
			end++;
		if (end == len && memchr(s + i, '.', len - i) != NULL) {
			uint8_t v4[4];
			if (n > 6 || !parse_v4(s + i, len - i, v4))
				return false;
			groups[n++] = (uint16_t)(v4[0] << 8 | v4[1]);
			groups[n++] = (uint16_t)(v4[2] << 8 | v4[3]);
			break;
		}
		if (end == i || end - i > 4)
			return false;
		unsigned v = 0;
		for (size_t k = i; k < end; k++) {
			int h = al_hex_digit(s[k]);
			if (h < 0)
				return false;
			v = v * 16 + (unsigned)h;
		}
		groups[n++] = (uint16_t)v;
		i = end;
		if (i < len) { /* a ':' */
			i++;
			if (i < len && s[i] == ':') {
				if (gap >= 0)
					return false;
				gap = n;
				i++;
			} else if (i == len) {
				return false; /* a trailing single ':' */
			}
		}
	}
	if (gap < 0 ? n != 8 : n > 7)
		return false;
	memset(out, 0, 16);
	int tail = gap < 0 ? 0 : n - gap;
	for (int g = 0; g < n; g++) {
		int at = gap >= 0 && g >= gap ? 8 - tail + (g - gap) : g;
		out[2 * at] = (uint8_t)(groups[g] >> 8);
		out[2 * at + 1] = (uint8_t)groups[g];
	}
	return true;
}

bool ab_ip_parse(const char *text, size_t len, struct ab_ip *out)
{
	uint8_t v4[4];
	if (parse_v4(text, len, v4)) {
		memcpy(out->bytes, v4_mapped_prefix, 12);
		memcpy(out->bytes + 12, v4, 4);
		out->is_v4 = true;
		return true;
	}
	const char *zone = memchr(text, '%', len);
	if (zone != NULL) {
		/* fe80::1%eth0: a zone names the interface, not the address. */
		if (zone + 1 == text + len)
			return false;
		len = (size_t)(zone - text);
	}
	if (!parse_v6(text, len, out->bytes))
		return false;
	out->is_v4 = memcmp(out->bytes, v4_mapped_prefix, 12) == 0;
	return true;
}

bool ab_cidr_parse(const char *text, size_t len, struct ab_cidr *out)
{
	const char *slash = memchr(text, '/', len);
	size_t addr_len = slash ? (size_t)(slash - text) : len;
	if (!ab_ip_parse(text, addr_len, &out->net))
		return false;
	/* The prefix counts the bits of the family the address is written in:
	 * ::ffff:10.0.0.0/104 is IPv6 notation for 10.0.0.0/8. */
	bool v4_text = memchr(text, ':', addr_len) == NULL;
	int max = v4_text ? 32 : 128;
	int prefix = max;
	if (slash != NULL) {
		size_t i = addr_len + 1;
		if (i == len || len - i > 3)
			return false;
		prefix = 0;
		for (; i < len; i++) {
			if (text[i] < '0' || text[i] > '9')
				return false;
			prefix = prefix * 10 + (text[i] - '0');
		}
		if (prefix > max || (text[addr_len + 1] == '0' && len - addr_len > 2))
			return false;
	}
	out->prefix = v4_text ? prefix + 96 : prefix;
	return true;
}

bool ab_ip_in(const struct ab_ip *ip, const struct ab_cidr *cidr)
{
	int full = cidr->prefix / 8, bits = cidr->prefix % 8;
	if (memcmp(ip->bytes, cidr->net.bytes, (size_t)full) != 0)
		return false;
	if (bits == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - bits));
	return (ip->bytes[full] & mask) == (cidr->net.bytes[full] & mask);
}

size_t ab_ip_format(const struct ab_ip *ip, char out[AB_IP_TEXT_MAX])
{
	const uint8_t *b = ip->bytes;
	if (ip->is_v4)
		return (size_t)snprintf(out, AB_IP_TEXT_MAX, "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
	/* RFC 5952: lower case, no leading zeros, the longest run (first on a
	 * tie) of two or more zero groups as "::". */
	unsigned g[8];
	for (int i = 0; i < 8; i++)
		g[i] = (unsigned)(b[2 * i] << 8 | b[2 * i + 1]);
	int best = -1, best_len = 1;
	for (int i = 0; i < 8;) {
		int j = i;
		while (j < 8 && g[j] == 0)
			j++;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
		i = j > i ? j : i + 1;
	}
	size_t n = 0;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			n += (size_t)snprintf(out + n, AB_IP_TEXT_MAX - n, "::");
			i += best_len - 1;
			continue;
		}
		if (i > 0 && i != best + best_len)
			out[n++] = ':';
		n += (size_t)snprintf(out + n, AB_IP_TEXT_MAX - n, "%x", g[i]);
	}
	out[n] = '\0';
	return n;
}

size_t ab_ip_network(const struct ab_ip *ip, int prefix, char out[AB_IP_TEXT_MAX + 4])
{
	int max = ip->is_v4 ? 32 : 128;
	if (prefix < 0 || prefix > max)
		return 0;
	struct ab_ip net = *ip;
	int bits = ip->is_v4 ? prefix + 96 : prefix;
	for (int i = 0; i < 16; i++) {
		int keep = bits - 8 * i;
		if (keep <= 0)
			net.bytes[i] = 0;
		else if (keep < 8)
			net.bytes[i] &= (uint8_t)(0xff << (8 - keep));
	}
	size_t n = ab_ip_format(&net, out);
	return n + (size_t)snprintf(out + n, AB_IP_TEXT_MAX + 4 - n, "/%d", prefix);
}

bool ab_cidr_list_parse(const char *text, size_t len, struct ab_cidr *list, size_t *count)
{
	size_t i = 0;
	*count = 0;
	while (i < len) {
		while (i < len && (text[i] == ',' || text[i] == ' '))
			i++;
		size_t start = i;
		while (i < len && text[i] != ',' && text[i] != ' ')
			i++;
		if (i == start)
			break;
		if (*count == AB_CIDR_LIST_MAX || !ab_cidr_parse(text + start, i - start, &list[*count]))
			return false;
		(*count)++;
	}
	return true;
}

#define V4(a, b, c, d, prefix) { { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d }, true }, 96 + (prefix) }
const struct ab_cidr ab_default_trusted_cidrs[] = {
	V4(127, 0, 0, 0, 8),
	V4(10, 0, 0, 0, 8),
	V4(172, 16, 0, 0, 12),
	V4(192, 168, 0, 0, 16),
	V4(169, 254, 0, 0, 16),
	{ { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, false }, 128 },
	{ { { 0xfc }, false }, 7 },
	{ { { 0xfe, 0x80 }, false }, 10 },
};
#undef V4
const size_t ab_default_trusted_count =
        sizeof(ab_default_trusted_cidrs) / sizeof(ab_default_trusted_cidrs[0]);

const char *ab_default_trusted(void)
{
	return "127.0.0.0/8, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16, "
	       "::1/128, fc00::/7, fe80::/10";
}

static bool trusted_ip(const struct ab_ip *ip, const struct ab_cidr *trusted, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (ab_ip_in(ip, &trusted[i]))
			return true;
	return false;
}

static bool trimmed_ip(const char *s, size_t len, struct ab_ip *out)
{
	while (len > 0 && (s[0] == ' ' || s[0] == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return ab_ip_parse(s, len, out);
}

bool ab_client_ip(const char *remote, size_t remote_len, const char *xff,
                  size_t xff_len, const struct ab_cidr *trusted,
                  size_t trusted_count, struct ab_ip *out)
{
	if (!trimmed_ip(remote, remote_len, out))
		return false;
	size_t end = xff != NULL ? xff_len : 0;
	while (trusted_ip(out, trusted, trusted_count) && end > 0) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		bool blank = true;
		for (size_t k = start; k < end; k++)
			blank = blank && (xff[k] == ' ' || xff[k] == '\t');
		if (!blank && !trimmed_ip(xff + start, end - start, out))
			return false;
		end = start > 0 ? start - 1 : 0;
	}
	return true;
}
