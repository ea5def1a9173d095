/*
 * Apache LogFormat strings (mod_log_config): '%h %l %u %t "%r" %>s %b'.
 */
#include "syntax.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "set_err.h"

/* Letters of mod_log_config and the names nginx gives the same things. */
static const struct {
	char letter;
	enum al_kind kind;
	int col;
	const char *name;
} APACHE_DIRECTIVES[] = {
	{'a', K_TEXT, AL_REMOTE_ADDR, "remote_addr"},
	{'A', K_EXTRA, -1, "server_addr"},
	{'b', K_BYTES, AL_BYTES, "body_bytes_sent"},
	{'B', K_BYTES, AL_BYTES, "body_bytes_sent"},
	{'D', K_MICROS, AL_REQUEST_TIME, "request_time_us"},
	{'f', K_EXTRA, -1, "request_filename"},
	{'h', K_TEXT, AL_REMOTE_ADDR, "remote_host"},
	{'H', K_TEXT, AL_PROTOCOL, "server_protocol"},
	{'I', K_EXTRA, -1, "bytes_received"},
	{'k', K_EXTRA, -1, "keepalive_requests"},
	{'l', K_DROP, -1, "remote_logname"},
	{'L', K_EXTRA, -1, "log_id"},
	{'m', K_TEXT, AL_METHOD, "request_method"},
	{'O', K_EXTRA, -1, "bytes_sent"},
	{'p', K_EXTRA, -1, "server_port"},
	{'P', K_EXTRA, -1, "pid"},
	{'q', K_QUERY, -1, "query_string"},
	{'r', K_REQUEST, AL_METHOD, "request"},
	{'R', K_EXTRA, -1, "handler"},
	{'s', K_STATUS, AL_STATUS, "status"},
	{'S', K_EXTRA, -1, "bytes_transferred"},
	{'t', K_TIME_CLF, AL_TIME, "time_local"},
	{'T', K_SECONDS, AL_REQUEST_TIME, "request_time"},
	{'u', K_TEXT, AL_REMOTE_USER, "remote_user"},
	{'U', K_TEXT, AL_PATH, "uri"},
	{'v', K_TEXT, AL_VHOST, "server_name"},
	{'V', K_TEXT, AL_VHOST, "host"},
	{'X', K_EXTRA, -1, "connection_status"},
};

/* "%{X-Forwarded-For}i" -> "http_x_forwarded_for", as nginx names it. */
static size_t header_var(char *out, size_t cap, const char *prefix,
			 const char *s, size_t n)
{
	size_t k = strlen(prefix);

	if (k + n + 1 > cap)
		return 0;
	memcpy(out, prefix, k);
	for (size_t i = 0; i < n; i++)
		out[k + i] = s[i] == '-' ? '_' : (char)tolower((unsigned char)s[i]);
	out[k + n] = '\0';
	return k + n;
}

/* %t, and %{sec}t, %{msec}t, %{usec}t (Unix time, optionally "begin:" or
 * "end:" of the request); any other %{format}t, a strftime format, is kept
 * as written in extra, and time stays NULL. */
static int time_directive(struct al_format *f, const char *arg, size_t argn,
			  char *err, size_t errlen)
{
	static const struct {
		const char *unit;
		enum al_kind kind;
		const char *name;
	} unix_times[] = {
		{"sec", K_TIME_EPOCH, "time_sec"},
		{"msec", K_TIME_EPOCH_MS, "time_msec"},
		{"usec", K_TIME_EPOCH_US, "time_usec"},
	};

	if (!arg)
		return al_add_field(f, K_TIME_CLF, AL_TIME, "time_local", 10, err,
				 errlen);
	if (argn >= 6 && strncmp(arg, "begin:", 6) == 0) {
		arg += 6;
		argn -= 6;
	} else if (argn >= 4 && strncmp(arg, "end:", 4) == 0) {
		arg += 4;
		argn -= 4;
	}
	for (size_t i = 0; i < sizeof(unix_times) / sizeof(unix_times[0]); i++)
		if (strlen(unix_times[i].unit) == argn &&
		    strncmp(arg, unix_times[i].unit, argn) == 0)
			return al_add_field(f, unix_times[i].kind, AL_TIME,
					 unix_times[i].name,
					 strlen(unix_times[i].name), err, errlen);
	return al_add_field(f, K_EXTRA, -1, "time", 4, err, errlen);
}

static int apache_directive(struct al_format *f, const char *arg, size_t argn,
			    char letter, char *err, size_t errlen)
{
	char name[160];
	size_t n;

	switch (letter) {
	case 'i':
		if (argn == 7 && strncasecmp(arg, "Referer", 7) == 0)
			return al_add_field(f, K_TEXT, AL_REFERER, "http_referer",
					 12, err, errlen);
		if (argn == 10 && strncasecmp(arg, "User-Agent", 10) == 0)
			return al_add_field(f, K_TEXT, AL_USER_AGENT,
					 "http_user_agent", 15, err, errlen);
		n = header_var(name, sizeof(name), "http_", arg, argn);
		if (argn == 4 && strncasecmp(arg, "Host", 4) == 0)
			return al_add_field(f, K_TEXT, AL_VHOST, name, n, err,
					 errlen);
		break;
	case 'o': n = header_var(name, sizeof(name), "sent_http_", arg, argn); break;
	case 'C': n = header_var(name, sizeof(name), "cookie_", arg, argn); break;
	case 'e': n = header_var(name, sizeof(name), "env_", arg, argn); break;
	case 'n': n = header_var(name, sizeof(name), "note_", arg, argn); break;
	/* mod_ssl's variables, %{SSL_PROTOCOL}x: named as written, lower case */
	case 'x': n = header_var(name, sizeof(name), "", arg, argn); break;
	case 't':
		return time_directive(f, arg, argn, err, errlen);
	case 'q':
		/* "%U%q" is one target: %q is empty or starts with '?', so
		 * nothing separates them; the path field takes both. */
		if (f->n > 0 && f->field[f->n - 1].after_len == 0 &&
		    strcmp(f->field[f->n - 1].name, "uri") == 0)
			return 0;
		return al_add_field(f, K_QUERY, -1, "query_string", 12, err,
				 errlen);
	case 'T':
		if (argn == 2 && strncmp(arg, "ms", 2) == 0)
			return al_add_field(f, K_MILLIS, AL_REQUEST_TIME,
					 "request_time_ms", 15, err, errlen);
		if (argn == 2 && strncmp(arg, "us", 2) == 0)
			return al_add_field(f, K_MICROS, AL_REQUEST_TIME,
					 "request_time_us", 15, err, errlen);
		return al_add_field(f, K_SECONDS, AL_REQUEST_TIME, "request_time",
				 12, err, errlen);
	case 'a':
		if (argn == 1 && arg[0] == 'c')
			return al_add_field(f, K_EXTRA, -1, "realip_remote_addr",
					 18, err, errlen);
		return al_add_field(f, K_TEXT, AL_REMOTE_ADDR, "remote_addr", 11,
				 err, errlen);
	case 'p':
		n = header_var(name, sizeof(name), "server_port_", arg, argn);
		if (argn == 0)
			n -= 1; /* "server_port" */
		break;
	default:
		for (size_t i = 0; i < sizeof(APACHE_DIRECTIVES) /
					       sizeof(APACHE_DIRECTIVES[0]);
		     i++)
			if (APACHE_DIRECTIVES[i].letter == letter)
				return al_add_field(
					f, APACHE_DIRECTIVES[i].kind,
					APACHE_DIRECTIVES[i].col,
					APACHE_DIRECTIVES[i].name,
					strlen(APACHE_DIRECTIVES[i].name), err,
					errlen);
		set_err(err, errlen, "unknown Apache directive '%%%c'", letter);
		return -1;
	}
	if (n == 0) {
		set_err(err, errlen, "Apache directive argument too long");
		return -1;
	}
	name[n] = '\0';
	return al_add_field(f, K_EXTRA, -1, name, n, err, errlen);
}

static int compile_apache(const char *spec, struct al_format **out,
			  char *err, size_t errlen)
{
	size_t len = strlen(spec);
	struct al_format *f = al_format_new("apache", len);
	const char *p = spec, *lit = spec;

	if (!f) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	while (*p) {
		const char *arg = NULL;
		size_t argn = 0;

		if (*p != '%') {
			p++;
			continue;
		}
		if (p[1] == '%') { /* "%%" is a literal percent sign */
			if (al_add_literal(f, lit, (size_t)(p + 1 - lit), err,
					errlen))
				goto fail;
			p += 2;
			lit = p;
			continue;
		}
		if (al_add_literal(f, lit, (size_t)(p - lit), err, errlen))
			goto fail;
		p++;
		/* Modifiers: %>s, %<s, %400,501{User-agent}i, %!200h */
		while (*p == '<' || *p == '>' || *p == '!' || *p == ',' ||
		       isdigit((unsigned char)*p))
			p++;
		if (*p == '{') {
			const char *close = strchr(p + 1, '}');
			if (!close) {
				set_err(err, errlen,
					"unclosed '%%{' in Apache format");
				goto fail;
			}
			arg = p + 1;
			argn = (size_t)(close - arg);
			p = close + 1;
		}
		if (!*p) {
			set_err(err, errlen, "Apache format ends after '%%'");
			goto fail;
		}
		if (apache_directive(f, arg, argn, *p, err, errlen))
			goto fail;
		p++;
		lit = p;
	}
	if (al_add_literal(f, lit, (size_t)(p - lit), err, errlen))
		goto fail;
	/* Only "%%" pieces: every line would be a row of NULLs. */
	if (f->n == 0) {
		set_err(err, errlen, "Apache format names no field");
		goto fail;
	}
	al_finish_format(f);
	*out = f;
	return AL_OK;
fail:
	al_format_free(f);
	return AL_ERROR;
}

static bool apache_starts_at(const char *p)
{
	return p[0] == '%' && p[1] && p[1] != ' ';
}

const struct al_syntax al_syntax_apache = {
	.name = "apache",
	.starts_at = apache_starts_at,
	.compile = compile_apache,
};
