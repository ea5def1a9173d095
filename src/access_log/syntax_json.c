/*
 * JSON lines, read by key: the table of the keys that servers and
 * platforms write, mappings given by the user, and container wrappers.
 * See syntax_json.h.
 *
 * A line is tokenized once (json.c, on the stack: nothing allocated). Its
 * top-level keys are matched against the format's key sources; then each
 * column takes the first source, in table order, that the line has with a
 * usable value. A key that repeats: its last value counts, as JSON.parse,
 * jq and Python read it.
 */
#include "syntax_json.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "parse.h"
#include "set_err.h"
#include "syntax.h"
#include "times.h"

/* How a key's value becomes its column. */
enum jkind {
	J_TEXT,
	J_REQUEST,  /* "GET /a?b HTTP/1.1": method, path or protocol */
	J_URL,      /* "https://host/path?q": vhost or path */
	J_STATUS,
	J_BYTES,
	J_SECONDS,  /* request time in seconds: 0.012 or "0.012" */
	J_NANOS,    /* request time in nanoseconds (Traefik's Duration) */
	J_LATENCY,  /* Google Cloud's "0.012345s" */
	J_TIME,     /* ISO 8601, CLF, or seconds since 1970 */
	J_TIME_NS   /* ISO 8601, or Unix time in s, ms, us or ns by its digits */
};

struct key_source {
	const char *path;
	int col;
	enum jkind kind;
	/* Who writes it, for the named formats of formats.def: nginx,
	 * caddy, traefik, gcp, cloudflare, azure, or plain (names that
	 * hand-made schemas use); a key may be several's. */
	const char *schemas;
};

/*
 * The keys read with no mapping given, by column; for each column the
 * first that a line has wins. One table for every schema: a line of one
 * has none of the others' keys, and where two share a key (nginx's and
 * Caddy's "status") it means the same. Last in each column, the plain
 * names of hand-made schemas (matomo's nginx_json: ip, path, date).
 */
static const struct key_source BUILTIN[] = {
	{ "remote_addr", AL_REMOTE_ADDR, J_TEXT, "nginx" },
	{ "request.client_ip", AL_REMOTE_ADDR, J_TEXT, "caddy" },
	{ "request.remote_ip", AL_REMOTE_ADDR, J_TEXT, "caddy" },
	{ "ClientHost", AL_REMOTE_ADDR, J_TEXT, "traefik" },
	{ "httpRequest.remoteIp", AL_REMOTE_ADDR, J_TEXT, "gcp" },
	{ "ClientIP", AL_REMOTE_ADDR, J_TEXT, "cloudflare" },
	{ "properties.clientIP", AL_REMOTE_ADDR, J_TEXT, "azure" },
	{ "ip", AL_REMOTE_ADDR, J_TEXT, "plain" },

	{ "remote_user", AL_REMOTE_USER, J_TEXT, "nginx" },
	{ "user_id", AL_REMOTE_USER, J_TEXT, "caddy" },
	{ "ClientUsername", AL_REMOTE_USER, J_TEXT, "traefik" },

	{ "time_iso8601", AL_TIME, J_TIME, "nginx" },
	{ "time_local", AL_TIME, J_TIME, "nginx" },
	{ "msec", AL_TIME, J_TIME, "nginx" },
	{ "ts", AL_TIME, J_TIME, "caddy" },
	{ "StartUTC", AL_TIME, J_TIME, "traefik" },
	{ "EdgeStartTimestamp", AL_TIME, J_TIME_NS, "cloudflare" },
	{ "timestamp", AL_TIME, J_TIME, "gcp" },
	{ "time", AL_TIME, J_TIME, "traefik azure" },
	{ "@timestamp", AL_TIME, J_TIME, "plain" },
	{ "date", AL_TIME, J_TIME, "plain" },

	{ "request_method", AL_METHOD, J_TEXT, "nginx" },
	{ "request.method", AL_METHOD, J_TEXT, "caddy" },
	{ "RequestMethod", AL_METHOD, J_TEXT, "traefik" },
	{ "httpRequest.requestMethod", AL_METHOD, J_TEXT, "gcp" },
	{ "ClientRequestMethod", AL_METHOD, J_TEXT, "cloudflare" },
	{ "properties.httpMethod", AL_METHOD, J_TEXT, "azure" },
	{ "request", AL_METHOD, J_REQUEST, "nginx" },
	{ "method", AL_METHOD, J_TEXT, "plain" },

	{ "request_uri", AL_PATH, J_TEXT, "nginx" },
	{ "request.uri", AL_PATH, J_TEXT, "caddy" },
	{ "RequestPath", AL_PATH, J_TEXT, "traefik" },
	{ "httpRequest.requestUrl", AL_PATH, J_URL, "gcp" },
	{ "ClientRequestURI", AL_PATH, J_TEXT, "cloudflare" },
	{ "properties.requestUri", AL_PATH, J_TEXT, "azure" },
	{ "request", AL_PATH, J_REQUEST, "nginx" },
	{ "uri", AL_PATH, J_TEXT, "nginx" }, /* nginx $uri: no query */
	{ "path", AL_PATH, J_TEXT, "plain" },

	{ "server_protocol", AL_PROTOCOL, J_TEXT, "nginx" },
	{ "request.proto", AL_PROTOCOL, J_TEXT, "caddy" },
	{ "RequestProtocol", AL_PROTOCOL, J_TEXT, "traefik" },
	{ "httpRequest.protocol", AL_PROTOCOL, J_TEXT, "gcp" },
	{ "ClientRequestProtocol", AL_PROTOCOL, J_TEXT, "cloudflare" },
	{ "properties.httpVersion", AL_PROTOCOL, J_TEXT, "azure" },
	{ "request", AL_PROTOCOL, J_REQUEST, "nginx" },

	{ "status", AL_STATUS, J_STATUS, "nginx caddy plain" },
	{ "DownstreamStatus", AL_STATUS, J_STATUS, "traefik" },
	{ "httpRequest.status", AL_STATUS, J_STATUS, "gcp" },
	{ "EdgeResponseStatus", AL_STATUS, J_STATUS, "cloudflare" },
	{ "properties.httpStatus", AL_STATUS, J_STATUS, "azure" },

	{ "body_bytes_sent", AL_BYTES, J_BYTES, "nginx" },
	{ "bytes_sent", AL_BYTES, J_BYTES, "nginx" },
	{ "size", AL_BYTES, J_BYTES, "caddy" },
	{ "DownstreamContentSize", AL_BYTES, J_BYTES, "traefik" },
	{ "httpRequest.responseSize", AL_BYTES, J_BYTES, "gcp" },
	{ "EdgeResponseBytes", AL_BYTES, J_BYTES, "cloudflare" },
	{ "properties.sentBytes", AL_BYTES, J_BYTES, "azure" },
	{ "bytes", AL_BYTES, J_BYTES, "plain" },
	{ "length", AL_BYTES, J_BYTES, "plain" },

	{ "http_referer", AL_REFERER, J_TEXT, "nginx" },
	{ "http_referrer", AL_REFERER, J_TEXT, "nginx" }, /* a common misspelling */
	{ "request.headers.Referer[0]", AL_REFERER, J_TEXT, "caddy" },
	{ "request_Referer", AL_REFERER, J_TEXT, "traefik" },
	{ "httpRequest.referer", AL_REFERER, J_TEXT, "gcp" },
	{ "ClientRequestReferer", AL_REFERER, J_TEXT, "cloudflare" },
	{ "referer", AL_REFERER, J_TEXT, "plain" },
	{ "referrer", AL_REFERER, J_TEXT, "plain" },

	{ "http_user_agent", AL_USER_AGENT, J_TEXT, "nginx" },
	{ "request.headers.User-Agent[0]", AL_USER_AGENT, J_TEXT, "caddy" },
	{ "request_User-Agent", AL_USER_AGENT, J_TEXT, "traefik" },
	{ "httpRequest.userAgent", AL_USER_AGENT, J_TEXT, "gcp" },
	{ "ClientRequestUserAgent", AL_USER_AGENT, J_TEXT, "cloudflare" },
	{ "properties.userAgent", AL_USER_AGENT, J_TEXT, "azure" },
	{ "user_agent", AL_USER_AGENT, J_TEXT, "plain" },

	{ "request_time", AL_REQUEST_TIME, J_SECONDS, "nginx" },
	{ "duration", AL_REQUEST_TIME, J_SECONDS, "caddy" },
	{ "Duration", AL_REQUEST_TIME, J_NANOS, "traefik" },
	{ "httpRequest.latency", AL_REQUEST_TIME, J_LATENCY, "gcp" },
	{ "properties.timeTaken", AL_REQUEST_TIME, J_SECONDS, "azure" }, /* Azure v2 */

	{ "host", AL_VHOST, J_TEXT, "nginx plain" },
	{ "server_name", AL_VHOST, J_TEXT, "nginx" },
	{ "request.host", AL_VHOST, J_TEXT, "caddy" },
	{ "RequestHost", AL_VHOST, J_TEXT, "traefik" },
	{ "httpRequest.requestUrl", AL_VHOST, J_URL, "gcp" },
	{ "ClientRequestHost", AL_VHOST, J_TEXT, "cloudflare" },
	{ "properties.host", AL_VHOST, J_TEXT, "azure" },
};
#define BUILTIN_COUNT (sizeof(BUILTIN) / sizeof(BUILTIN[0]))

/* The column names a mapping may use: the SQL columns, and "request"
 * for a whole request line. */
static const struct {
	const char *name;
	int col;
	enum jkind kind;
} MAPPABLE[] = {
	{ "remote_addr", AL_REMOTE_ADDR, J_TEXT },
	{ "remote_user", AL_REMOTE_USER, J_TEXT },
	{ "time", AL_TIME, J_TIME },
	{ "method", AL_METHOD, J_TEXT },
	{ "path", AL_PATH, J_TEXT },
	{ "protocol", AL_PROTOCOL, J_TEXT },
	{ "status", AL_STATUS, J_STATUS },
	{ "bytes", AL_BYTES, J_BYTES },
	{ "referer", AL_REFERER, J_TEXT },
	{ "user_agent", AL_USER_AGENT, J_TEXT },
	{ "request_time", AL_REQUEST_TIME, J_SECONDS },
	{ "vhost", AL_VHOST, J_TEXT },
	{ "request", -1, J_REQUEST },
};

#define MAX_SOURCES 96 /* the table has 86 */

struct source {
	int col;
	enum jkind kind;
	const char *path; /* as written, for messages */
	bool own;         /* a key of its schema alone: tells the schema */
	const char *key;  /* the first step: a top-level key */
	uint32_t key_len;
	int key_id;       /* its index in the map's distinct keys */
	struct json_path rest; /* the steps after it */
};

#define KEY_SLOTS 512 /* a power of 2 over MAX_SOURCES */

struct al_json_map {
	bool user;   /* a mapping the user gave */
	bool schema; /* one schema's keys ("caddy"), not all */
	int n;
	struct source src[MAX_SOURCES];
	/* The distinct first keys, found by a hash of their bytes: a line's
	 * key costs one probe, not a comparison with every source. */
	int nkeys;
	struct {
		const char *name;
		uint32_t len;
	} key[MAX_SOURCES];
	uint8_t slot[KEY_SLOTS]; /* key index + 1; 0: empty */
	/* Each source's key and column, packed: the loop over the sources
	 * of every line touches these, not the sources themselves. */
	struct {
		uint8_t key_id, col;
	} brief[MAX_SOURCES];
	/* The sources of each key, in table order: first, then next. */
	int16_t key_first[MAX_SOURCES], next_same_key[MAX_SOURCES];
	char text[]; /* the user's paths, unescaped */
};

/* Length and three bytes: enough to tell the keys of the table apart,
 * and no loop over the key's bytes. */
static uint32_t key_hash(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	return ((uint32_t)n * 131u + u[0] * 31u + u[n - 1] * 7u + u[n / 2]) &
	       (KEY_SLOTS - 1);
}

static void index_keys(struct al_json_map *m)
{
	for (int i = m->n - 1; i >= 0; i--) { /* each list in table order */
		m->next_same_key[i] = -1;
		for (int j = i + 1; j < m->n && m->next_same_key[i] < 0; j++)
			if (m->src[j].key_len == m->src[i].key_len &&
			    memcmp(m->src[j].key, m->src[i].key, m->src[i].key_len) == 0)
				m->next_same_key[i] = (int16_t)j;
	}
	for (int i = 0; i < m->n; i++) {
		struct source *sc = &m->src[i];
		int id = 0;
		while (id < m->nkeys && !(m->key[id].len == sc->key_len &&
					  memcmp(m->key[id].name, sc->key, sc->key_len) == 0))
			id++;
		sc->key_id = id;
		m->brief[i].key_id = (uint8_t)id;
		m->brief[i].col = (uint8_t)sc->col;
		if (id < m->nkeys)
			continue;
		m->key[id].name = sc->key;
		m->key[id].len = sc->key_len;
		m->key_first[id] = (int16_t)i;
		m->nkeys++;
		uint32_t h = key_hash(sc->key, sc->key_len);
		while (m->slot[h] != 0)
			h = (h + 1) & (KEY_SLOTS - 1);
		m->slot[h] = (uint8_t)(id + 1);
	}
}

/* The index of a line's key among the map's, or -1. */
static int find_key(const struct al_json_map *m, const char *line,
		    const struct json_tok *key)
{
	if (key->escaped) {
		for (int id = 0; id < m->nkeys; id++)
			if (json_key_is(line, key, m->key[id].name, m->key[id].len))
				return id;
		return -1;
	}
	const char *s = line + key->off;
	for (uint32_t h = key_hash(s, key->len); m->slot[h] != 0; h = (h + 1) & (KEY_SLOTS - 1)) {
		int id = m->slot[h] - 1;
		if (m->key[id].len == key->len && memcmp(m->key[id].name, s, key->len) == 0)
			return id;
	}
	return -1;
}

void al_json_free(struct al_json_map *map)
{
	free(map);
}

static int add_source(struct al_json_map *m, int col, enum jkind kind,
		      const char *path, size_t len, char *err, size_t errlen)
{
	struct json_path p;
	char why[96];

	if (m->n == MAX_SOURCES) {
		set_err(err, errlen, "JSON mapping: more than %d key paths", MAX_SOURCES);
		return AL_ERROR;
	}
	if (!json_path_compile(path, len, &p, why, sizeof(why))) {
		set_err(err, errlen, "JSON mapping: bad key path '%.*s': %s",
			(int)len, path, why);
		return AL_ERROR;
	}
	if (p.seg[0].name == NULL) {
		set_err(err, errlen, "JSON mapping: key path '%.*s' must start with a key",
			(int)len, path);
		return AL_ERROR;
	}
	struct source *s = &m->src[m->n++];
	s->own = false;
	s->col = col;
	s->kind = kind;
	s->path = path;
	s->key = p.seg[0].name;
	s->key_len = p.seg[0].len;
	s->rest.n = p.n - 1;
	for (int i = 1; i < p.n; i++)
		s->rest.seg[i - 1] = p.seg[i];
	return AL_OK;
}

/* A request line gives three columns: one source each. */
static int add_mapped(struct al_json_map *m, int k, const char *path,
		      size_t len, char *err, size_t errlen)
{
	if (MAPPABLE[k].kind != J_REQUEST)
		return add_source(m, MAPPABLE[k].col, MAPPABLE[k].kind, path, len,
				  err, errlen);
	static const int parts[] = { AL_METHOD, AL_PATH, AL_PROTOCOL };
	for (int i = 0; i < 3; i++) {
		int rc = add_source(m, parts[i], J_REQUEST, path, len, err, errlen);
		if (rc != AL_OK)
			return rc;
	}
	return AL_OK;
}

static int compile_mapping(const char *spec, struct al_json_map *m, char *err,
			   size_t errlen)
{
	struct json_tok tok[256];
	uint32_t n;
	size_t at, len = strlen(spec), used = 0;
	enum json_err e = json_tokenize(spec, len, tok, 256, &n, &at);

	if (e != JSON_OK) {
		set_err(err, errlen, "JSON mapping: %s at offset %zu", json_strerror(e), at);
		return AL_ERROR;
	}
	for (uint32_t k = 1; k < n; k = tok[k + 1].end) {
		const struct json_tok *key = &tok[k], *val = &tok[k + 1];
		int col = -1;

		for (size_t i = 0; i < sizeof(MAPPABLE) / sizeof(MAPPABLE[0]); i++)
			if (json_key_is(spec, key, MAPPABLE[i].name, strlen(MAPPABLE[i].name)))
				col = (int)i;
		if (col < 0) {
			set_err(err, errlen,
				"JSON mapping: unknown column \"%.*s\": use remote_addr, remote_user, "
				"time, method, path, protocol, status, bytes, referer, user_agent, "
				"request_time, vhost or request", (int)key->len, spec + key->off);
			return AL_ERROR;
		}
		/* A path, or a list of them: the first the line has wins. */
		uint32_t first = k + 1, last = k + 2;
		if (val->type == JSON_ARRAY) {
			first = k + 2;
			last = val->end;
			if (first == last) {
				set_err(err, errlen, "JSON mapping: \"%.*s\" has no key path",
					(int)key->len, spec + key->off);
				return AL_ERROR;
			}
		}
		for (uint32_t i = first; i < last; i++) {
			const struct json_tok *p = &tok[i];
			if (p->type != JSON_STRING) {
				set_err(err, errlen,
					"JSON mapping: the value of \"%.*s\" must be a key path "
					"string or a list of them", (int)key->len, spec + key->off);
				return AL_ERROR;
			}
			char *dst = m->text + used;
			size_t plen = json_unescape(spec + p->off, p->len, dst);
			used += plen + 1;
			int rc = add_mapped(m, col, dst, plen, err, errlen);
			if (rc != AL_OK)
				return rc;
		}
	}
	if (m->n == 0) {
		set_err(err, errlen, "JSON mapping: no column is mapped");
		return AL_ERROR;
	}
	return AL_OK;
}

/* Whether the space-separated list has the word w (n bytes). */
static bool has_word(const char *list, const char *w, size_t n)
{
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && memcmp(p, w, n) == 0)
			return true;
		p += k + (p[k] == ' ');
	}
	return false;
}

int al_json_compile(const char *spec, struct al_format **out, char *err,
		    size_t errlen)
{
	bool mapping = spec[strspn(spec, " \t\r\n")] == '{';
	struct al_format *f = al_format_new(mapping ? "json mapping" : "json", 0);
	struct al_json_map *m;
	size_t text = mapping ? strlen(spec) + 1 : 0;
	int rc = AL_OK;

	*out = NULL;
	m = calloc(1, sizeof(*m) + text);
	if (!f || !m) {
		al_format_free(f);
		free(m);
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	f->json = m;
	f->split = al_json_parse;
	f->has_extra = true;
	if (mapping) {
		m->user = true;
		rc = compile_mapping(spec, m, err, errlen);
		if (rc != AL_OK)
			goto fail;
	} else {
		/* All the keys (""), or one schema's ("caddy"). */
		size_t want = strlen(spec);
		m->schema = want > 0;
		for (size_t i = 0; i < BUILTIN_COUNT; i++) {
			const char *who = BUILTIN[i].schemas;
			if (want > 0 && !has_word(who, spec, want))
				continue;
			rc = add_source(m, BUILTIN[i].col, BUILTIN[i].kind,
					BUILTIN[i].path, strlen(BUILTIN[i].path),
					err, errlen);
			if (rc != AL_OK)
				goto fail; /* a path of the table that does not compile */
			m->src[m->n - 1].own = !strchr(who, ' ') && strcmp(who, "plain") != 0;
		}
		if (m->n == 0) {
			set_err(err, errlen, "no JSON keys are known for '%s'", spec);
			rc = AL_ERROR;
			goto fail;
		}
	}
	index_keys(m);
	*out = f;
	return AL_OK;
fail:
	al_format_free(f);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Lines                                                              */


static void set_span(struct al_row *row, int col, const char *s, size_t n)
{
	row->field[col].off = (uint32_t)(s - row->line);
	row->field[col].len = (uint32_t)n;
}

static bool is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* A decimal, maybe with a fraction and an exponent (Go writes 1.2e-05):
 * false when it is not one, is negative or is beyond a double. */
static bool parse_number(const char *s, size_t n, double *out)
{
	static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
					1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
					1e16, 1e17, 1e18 };
	uint64_t mant = 0;
	int digits = 0, exp10 = 0;
	size_t i = 0;

	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		if (mant < UINT64_C(100000000000000000))
			mant = mant * 10 + (uint64_t)(s[i] - '0');
		else
			exp10++;
	if (i < n && s[i] == '.') {
		i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
			if (mant < UINT64_C(100000000000000000)) {
				mant = mant * 10 + (uint64_t)(s[i] - '0');
				exp10--;
			}
	}
	if (digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		int sign = 1, e = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			sign = s[i++] == '-' ? -1 : 1;
		if (i == n)
			return false;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			if (e < 1000)
				e = e * 10 + (s[i] - '0');
		exp10 += sign * e;
	}
	if (i != n)
		return false;
	double v = (double)mant;
	while (exp10 > 0) {
		int k = exp10 > 18 ? 18 : exp10;
		v *= pow10[k];
		exp10 -= k;
	}
	while (exp10 < 0) {
		int k = -exp10 > 18 ? 18 : -exp10;
		v /= pow10[k];
		exp10 += k;
	}
	*out = v;
	return isfinite(v); /* "1e999" is no duration */
}

static bool blank(const char *s, size_t n)
{
	return n == 0 || al_is_dash(s, n);
}

/* Unix time by its digits: seconds, ms, us or ns. */
static bool parse_unix_digits(const char *s, size_t n, struct al_row *row)
{
	size_t cut = n >= 18 ? 9 : n >= 15 ? 6 : n >= 12 ? 3 : 0;

	return al_parse_epoch_digits(s, n, cut, row);
}

/* "GET /a?b HTTP/1.1": the part for col, NULL (false) when the text is not
 * such a line; escapes stay in the spans, decoded when read. */
static bool request_part(const char *s, size_t n, int col, const char **ps,
			 size_t *pn)
{
	const char *sp1 = memchr(s, ' ', n), *end = s + n;

	if (!sp1 || sp1 == s)
		return false;
	const char *target = sp1 + 1;
	const char *sp2 = end;
	for (const char *p = end; p > target; p--)
		if (p[-1] == ' ') {
			sp2 = p - 1;
			break;
		}
	bool proto = sp2 < end && end - (sp2 + 1) >= 5 && memcmp(sp2 + 1, "HTTP/", 5) == 0;
	if (!proto)
		sp2 = end;
	if (sp2 == target)
		return false;
	if (col == AL_METHOD) {
		*ps = s;
		*pn = (size_t)(sp1 - s);
	} else if (col == AL_PATH) {
		*ps = target;
		*pn = (size_t)(sp2 - target);
	} else {
		if (!proto)
			return false;
		*ps = sp2 + 1;
		*pn = (size_t)(end - (sp2 + 1));
	}
	return true;
}

/* "https://host:8080/p?q": the host (without its port, as for every
 * format) or the path; s is not empty. */
static bool url_part(const char *s, size_t n, int col, const char **ps,
		     size_t *pn)
{
	const char *end = s + n, *p = memchr(s, ':', n);

	if (p == NULL || end - p < 3 || p[1] != '/' || p[2] != '/') {
		if (col == AL_PATH && s[0] == '/') { /* a path alone */
			*ps = s;
			*pn = n;
			return true;
		}
		return false;
	}
	const char *host = p + 3, *h = host;
	while (h < end && *h != '/' && *h != '?' && *h != '#')
		h++;
	if (col == AL_VHOST) {
		const char *port = h; /* ":8080", not an IPv6 address's "::1]" */
		while (port > host && port[-1] >= '0' && port[-1] <= '9')
			port--;
		if (port > host && port[-1] == ':')
			h = port - 1;
		*ps = host;
		*pn = (size_t)(h - host);
		return h > host;
	}
	if (h == end) { /* RFC 9110: an empty path is "/", as in "://" */
		*ps = p + 1;
		*pn = 1;
		return true;
	}
	*ps = h;
	*pn = (size_t)(end - h);
	return true;
}

/*
 * The value token t from source sc into row: 1 when the column is decided
 * (its value may be NULL: "", "-"), 0 when the source does not apply (null,
 * an object where text is due), -1 when the value is wrong for its column
 * (row->error set).
 */
static int take(const struct source *sc, const struct json_tok *t,
		struct al_row *row)
{
	const char *s = row->line + t->off;
	size_t n = t->len;
	bool text = t->type == JSON_STRING;
	int col = sc->col;

	if (t->type == JSON_NULL || t->type == JSON_OBJECT || t->type == JSON_ARRAY)
		return 0;
	if (text && blank(s, n))
		return 1;
	switch (sc->kind) {
	case J_TEXT:
		set_span(row, col, s, n);
		return 1;
	case J_REQUEST:
	case J_URL: {
		const char *ps;
		size_t pn;
		if (!text)
			return 0;
		bool ok = sc->kind == J_REQUEST ? request_part(s, n, col, &ps, &pn)
						: url_part(s, n, col, &ps, &pn);
		if (ok)
			set_span(row, col, ps, pn);
		return ok || sc->kind == J_REQUEST;
	}
	case J_STATUS:
		if (t->type == JSON_NUMBER || text) {
			if (n <= 3 && is_digits(s, n)) {
				row->status = (s[0] - '0');
				for (size_t i = 1; i < n; i++)
					row->status = row->status * 10 + (s[i] - '0');
				set_span(row, col, s, n);
				return 1;
			}
		}
		al_row_error(row, "%s is not a status code: %.*s", sc->path,
			     (int)(n > 40 ? 40 : n), s);
		return -1;
	case J_BYTES:
		if ((t->type == JSON_NUMBER || text) && n <= 18 && is_digits(s, n)) {
			row->bytes = 0;
			for (size_t i = 0; i < n; i++)
				row->bytes = row->bytes * 10 + (s[i] - '0');
			set_span(row, col, s, n);
			return 1;
		}
		al_row_error(row, "%s is not a byte count: %.*s", sc->path,
			     (int)(n > 40 ? 40 : n), s);
		return -1;
	case J_SECONDS:
	case J_NANOS:
	case J_LATENCY: {
		double v;
		size_t m = n;
		/* Google's Duration is a string "0.012s"; a number, seconds. */
		if (sc->kind == J_LATENCY && text && s[n - 1] == 's')
			m--;
		if ((t->type == JSON_NUMBER || text) &&
		    (sc->kind != J_LATENCY || !text || m < n) && parse_number(s, m, &v)) {
			row->request_time = sc->kind == J_NANOS ? v / 1e9 : v;
			set_span(row, col, s, n);
			return 1;
		}
		al_row_error(row, "%s is not a duration: %.*s", sc->path,
			     (int)(n > 40 ? 40 : n), s);
		return -1;
	}
	case J_TIME:
	case J_TIME_NS:
	default:
		break; /* below; default: no other value is a jkind */
	}
	bool ok;
	if (text && n > 10 && s[4] == '-')
		ok = al_parse_iso_time(s, n, row);
	else if (text && n == 26 && s[2] == '/')
		ok = al_parse_clf_time(s, n, row);
	else if (sc->kind == J_TIME_NS && is_digits(s, n))
		ok = parse_unix_digits(s, n, row);
	else
		ok = al_parse_epoch_time(s, n, row); /* 1764114136.123 */
	if (ok) {
		set_span(row, col, s, n);
		return 1;
	}
	al_row_error(row, "%s is not a time: %.*s", sc->path, (int)(n > 40 ? 40 : n), s);
	return -1;
}

/*
 * Tokenize and fill the row. from[col]: the source that gave the column
 * (-1 when none), for extra. row->field[AL_EXTRA] is the object's span,
 * which a caller that skipped a header shifts with the columns. Returns 0
 * or 1 (error row), as al_parse_line() does.
 */
static int fill_row(const struct al_format *f, const char *line, size_t len,
		    struct al_row *row, struct json_tok *tok, uint32_t *ntok,
		    int from[AL_COL_COUNT], int *own)
{
	const struct al_json_map *m = f->json;
	uint32_t found[MAX_SOURCES];
	uint32_t n;
	size_t at;
	int decided = 0;

	*ntok = 0;
	row->line = line;
	row->len = len;
	row->error = NULL;
	row->is_directive = false;
	row->nfields = 0;
	row->status = row->substatus = row->bytes = -1;
	row->request_time = -1;
	row->time_frac_len = 0;
	enum json_err e = json_tokenize(line, len, tok, AL_JSON_TOKENS, &n, &at);
	if (e != JSON_OK)
		return al_row_error(row, "%s at offset %zu", json_strerror(e), at);
	*ntok = n;
	row->nfields = AL_COL_COUNT;
	for (int c = 0; c < AL_COL_COUNT; c++) {
		row->field[c].off = 0; /* absent: nothing is read as "" */
		row->field[c].len = 0;
		from[c] = -1;
	}
	row->field[AL_EXTRA].len = (uint32_t)len;

	/* Which keys the line has: one pass over its top-level keys. */
	int present[MAX_SOURCES], npresent = 0;
	for (int id = 0; id < m->nkeys; id++)
		found[id] = 0;
	for (uint32_t k = 1; k < n; k = tok[k + 1].end) {
		int id = find_key(m, line, &tok[k]);
		if (id < 0)
			continue;
		if (found[id] == 0)
			present[npresent++] = id;
		found[id] = k; /* the last of repeated keys */
	}
	/* Each column's first source in table order that the line has... */
	int first[AL_COL_COUNT];
	for (int c = 0; c < AL_COL_COUNT; c++)
		first[c] = m->n;
	for (int p = 0; p < npresent; p++)
		/* cppcheck-suppress uninitvar ; present[0..npresent) is set above */
		for (int i = m->key_first[present[p]]; i >= 0; i = m->next_same_key[i])
			if (i < first[m->brief[i].col])
				first[m->brief[i].col] = i;
	/* ...and the next ones when its value does not apply (null). */
	for (int c = 0; c < AL_COL_COUNT; c++) {
		for (int i = first[c]; i < m->n; i++) {
			uint32_t key = found[m->brief[i].key_id];
			if (m->brief[i].col != c || key == 0)
				continue;
			const struct source *sc = &m->src[i];
			int t = sc->rest.n == 0 ? (int)key + 1
						: json_path_find(line, tok, n, key + 1, &sc->rest);
			if (t < 0)
				continue;
			int rc = take(sc, &tok[t], row);
			if (rc < 0) {
				row->nfields = 0;
				return 1;
			}
			if (rc == 1) {
				from[c] = i;
				decided++;
				*own += sc->own;
				break;
			}
		}
	}
	if (decided == 0) {
		row->nfields = 0;
		return al_row_error(row, m->user
			? "a JSON object with none of the mapping's keys"
			: "a JSON object with none of the known keys (nginx, Caddy, "
			  "Traefik, Google Cloud, Cloudflare, Azure): give a mapping as "
			  "the format");
	}
	return 0;
}

int al_json_parse(const struct al_format *f, const char *line, size_t len,
		  struct al_row *row)
{
	struct json_tok tok[AL_JSON_TOKENS];
	uint32_t n;
	int from[AL_COL_COUNT], own = 0;

	return fill_row(f, line, len, row, tok, &n, from, &own);
}

/*
 * Tokenize again the object a row was read from: where fill_row() found
 * it, past any header log.c skipped (one may hold a '{' of its own).
 * Sets *object to its first byte. Returns 0, or 1 when it does not read.
 */
static int reread(const struct al_format *f, const struct al_row *row,
		  struct json_tok *tok, uint32_t *ntok, int from[AL_COL_COUNT],
		  int *own, const char **object)
{
	struct al_row again;

	memset(&again, 0, sizeof(again));
	*object = row->line + row->field[AL_EXTRA].off;
	return fill_row(f, *object, row->field[AL_EXTRA].len, &again, tok, ntok, from, own);
}

bool al_json_detects(const struct al_format *f, const struct al_row *row)
{
	struct json_tok tok[AL_JSON_TOKENS];
	uint32_t n;
	int from[AL_COL_COUNT], own = 0;
	const char *object;

	if (!f->json->schema)
		return true;
	return reread(f, row, tok, &n, from, &own, &object) == 0 && own > 0;
}

static int reserve(struct al_buf *b, size_t need)
{
	if (need <= b->cap)
		return AL_OK;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		return AL_NOMEM;
	b->p = p;
	b->cap = cap;
	return AL_OK;
}

/* The top-level members no column was read from, as they are written. */
static int extra_value(const struct al_format *f, const struct al_row *row,
		       struct al_buf *scratch, struct al_value *out)
{
	const struct al_json_map *m = f->json;
	struct json_tok tok[AL_JSON_TOKENS];
	uint32_t n;
	int from[AL_COL_COUNT], own = 0;
	const char *line;

	out->type = AL_NULL;
	if (reread(f, row, tok, &n, from, &own, &line) != 0)
		return AL_OK;
	if (reserve(scratch, row->field[AL_EXTRA].len + 2) != AL_OK)
		return AL_NOMEM;
	scratch->n = 0;
	scratch->p[scratch->n++] = '{';
	for (uint32_t k = 1; k < n; k = tok[k + 1].end) {
		/* A key read into a column, and its repeats (however they
		 * are escaped), which lost to it. */
		bool used = false;
		for (int c = 0; c < AL_COL_COUNT && !used; c++)
			used = from[c] >= 0 && json_key_is(line, &tok[k], m->src[from[c]].key,
							  m->src[from[c]].key_len);
		if (used)
			continue;
		const struct json_tok *v = &tok[k + 1];
		size_t start = tok[k].off - 1;
		size_t end = v->off + v->len + (v->type == JSON_STRING);
		if (scratch->n > 1)
			scratch->p[scratch->n++] = ',';
		/* key, the text between (":" and spaces), value: one span. */
		memcpy(scratch->p + scratch->n, line + start, end - start);
		scratch->n += end - start;
	}
	if (scratch->n == 1)
		return AL_OK;
	scratch->p[scratch->n++] = '}';
	out->type = AL_TEXT;
	out->s = scratch->p;
	out->n = scratch->n;
	return AL_OK;
}

int al_json_value(const struct al_format *f, const struct al_row *row,
		  enum al_col col, struct al_buf *scratch, struct al_value *out)
{
	out->type = AL_NULL;
	if (col == AL_EXTRA)
		return extra_value(f, row, scratch, out);
	if (row->field[col].len == 0)
		return AL_OK;
	const char *s = row->line + row->field[col].off;
	size_t n = row->field[col].len;
	switch (col) {
	case AL_STATUS:
	case AL_BYTES:
		out->type = AL_INT;
		out->i = col == AL_STATUS ? row->status : row->bytes;
		return AL_OK;
	case AL_REQUEST_TIME:
		out->type = AL_REAL;
		out->r = row->request_time;
		return AL_OK;
	case AL_TIME:
		if (reserve(scratch, 40) != AL_OK)
			return AL_NOMEM;
		out->type = AL_TEXT;
		out->s = scratch->p;
		out->n = al_format_iso(row, scratch->p);
		return AL_OK;
	default:
		break;
	}
	out->type = AL_TEXT;
	out->s = s;
	out->n = n;
	if (memchr(s, '\\', n) != NULL) {
		if (reserve(scratch, n + 1) != AL_OK)
			return AL_NOMEM;
		out->n = json_unescape(s, n, scratch->p);
		out->s = scratch->p;
	}
	return AL_OK;
}

/* ------------------------------------------------------------------ */
/* Container wrappers                                                 */

static bool cri_stream(const char *s, size_t n)
{
	return n >= 7 && (memcmp(s, "stdout ", 7) == 0 || memcmp(s, "stderr ", 7) == 0);
}

int al_unwrap_container(const char *line, size_t len, char **buf,
			size_t *cap, const char **inner, size_t *inner_len)
{
	/* CRI: "2026-11-25T23:42:16.123456789Z stdout F <line>" */
	if (len > 20 && is_digits(line, 4) && line[4] == '-' && line[10] == 'T') {
		const char *sp = memchr(line, ' ', len);
		if (sp == NULL)
			return 0;
		size_t rest = len - (size_t)(sp + 1 - line);
		const char *p = sp + 1;
		if (!cri_stream(p, rest) || rest < 8 || (p[7] != 'F' && p[7] != 'P') ||
		    (rest > 8 && p[8] != ' '))
			return 0;
		if (p[7] == 'P')
			return 2;
		*inner = rest > 8 ? p + 9 : p + 8;
		*inner_len = rest > 8 ? rest - 9 : 0;
		return 1;
	}
	/* Docker json-file: {"log":"<line>\n","stream":"stdout","time":"..."};
	 * Docker writes the keys in this order. */
	static const char docker[] = "{\"log\":\"";
	if (len < sizeof(docker) - 1 || memcmp(line, docker, sizeof(docker) - 1) != 0)
		return 0;
	/* As many values as a line read by key may have: Docker adds attrs
	 * (labels, env) to the record. */
	struct json_tok tok[AL_JSON_TOKENS];
	uint32_t n;
	size_t at;
	bool stream = false;
	if (json_tokenize(line, len, tok, AL_JSON_TOKENS, &n, &at) != JSON_OK)
		return 0;
	for (uint32_t k = 1; k < n && !stream; k = tok[k + 1].end)
		stream = json_key_is(line, &tok[k], "stream", 6);
	if (!stream)
		return 0;
	const struct json_tok *t = &tok[2]; /* "log", a string: the prefix */
	if (*cap < t->len + 1) {
		char *p = realloc(*buf, t->len + 1);
		if (!p)
			return AL_NOMEM;
		*buf = p;
		*cap = t->len + 1;
	}
	size_t m = json_unescape(line + t->off, t->len, *buf);
	while (m > 0 && ((*buf)[m - 1] == '\n' || (*buf)[m - 1] == '\r'))
		m--;
	*inner = *buf;
	*inner_len = m;
	return 1;
}

static int compile_json(const char *spec, struct al_format **out, char *err,
			size_t errlen)
{
	return al_json_compile(spec, out, err, errlen);
}

/* Only by name: a mapping, which starts with '{', is told apart in
 * al_compile_format() before any format string. */
const struct al_syntax al_syntax_json = {
	.name = "json",
	.compile = compile_json,
};
