/*
 * nginx log_format strings: '$remote_addr [$time_local] "$request" ...',
 * with nginx's own "escape=" parameter in front.
 */
#include "syntax.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "set_err.h"

static const struct name_map NGINX_VARS[] = {
	{"remote_addr", K_TEXT, AL_REMOTE_ADDR},
	{"remote_user", K_TEXT, AL_REMOTE_USER},
	{"time_local", K_TIME_CLF, AL_TIME},
	{"time_iso8601", K_TIME_ISO, AL_TIME},
	{"msec", K_TIME_EPOCH, AL_TIME},
	{"request", K_REQUEST, AL_METHOD},
	{"request_method", K_TEXT, AL_METHOD},
	{"request_uri", K_TEXT, AL_PATH},
	{"uri", K_TEXT, AL_PATH},
	{"document_uri", K_TEXT, AL_PATH},
	{"server_protocol", K_TEXT, AL_PROTOCOL},
	{"status", K_STATUS, AL_STATUS},
	{"body_bytes_sent", K_BYTES, AL_BYTES},
	{"http_referer", K_TEXT, AL_REFERER},
	{"http_user_agent", K_TEXT, AL_USER_AGENT},
	{"request_time", K_SECONDS, AL_REQUEST_TIME},
	{"host", K_TEXT, AL_VHOST},
	{"server_name", K_TEXT, AL_VHOST},
	{"http_host", K_TEXT, AL_VHOST},
};

static bool is_var_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The compilers return AL_OK with *out set, else AL_ERROR or AL_NOMEM with
 * a message in err. */
static int compile_nginx(const char *kind, const char *spec,
			 struct al_format **out, char *err, size_t errlen)
{
	size_t len = strlen(spec);
	struct al_format *f = al_format_new(kind, len);
	const char *p = spec, *lit = spec;

	if (!f) {
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	/* nginx's own parameter before the format string. */
	if (strncmp(p, "escape=", 7) == 0) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		if (n == 14 && strncmp(p, "escape=default", n) == 0)
			f->esc = ESC_BACKSLASH;
		else if (n == 11 && strncmp(p, "escape=json", n) == 0)
			f->esc = ESC_BACKSLASH;
		else if (n == 11 && strncmp(p, "escape=none", n) == 0)
			f->esc = ESC_NONE;
		else {
			set_err(err, errlen, "unknown nginx parameter '%.*s'",
				(int)n, p);
			goto fail;
		}
		p += n;
		while (*p == ' ')
			p++;
		lit = p;
	}
	while (*p) {
		const char *name;
		size_t n;

		if (*p != '$') {
			p++;
			continue;
		}
		if (al_add_literal(f, lit, (size_t)(p - lit), err, errlen))
			goto fail;
		if (p[1] == '{') {
			const char *close = strchr(p + 2, '}');
			if (!close) {
				set_err(err, errlen,
					"unclosed '${' in nginx format");
				goto fail;
			}
			name = p + 2;
			n = (size_t)(close - name);
			p = close + 1;
		} else {
			name = p + 1;
			n = 0;
			while (is_var_char(name[n]))
				n++;
			p = name + n;
		}
		if (n == 0) {
			set_err(err, errlen,
				"'$' without a variable name in nginx format");
			goto fail;
		}
		const struct name_map *m = al_find_name(
			NGINX_VARS, sizeof(NGINX_VARS) / sizeof(NGINX_VARS[0]),
			name, n);
		if (al_add_field(f, m ? m->kind : K_EXTRA, m ? m->col : -1, name,
			      n, err, errlen))
			goto fail;
		lit = p;
	}
	if (al_add_literal(f, lit, (size_t)(p - lit), err, errlen))
		goto fail;
	if (f->n == 0) {
		set_err(err, errlen, "nginx format has no $variable");
		goto fail;
	}
	al_finish_format(f);
	*out = f;
	return AL_OK;
fail:
	al_format_free(f);
	return AL_ERROR;
}

static bool nginx_starts_at(const char *p)
{
	return p[0] == '$' && (is_var_char(p[1]) || p[1] == '{');
}

static int nginx_compile(const char *spec, struct al_format **out, char *err,
			 size_t errlen)
{
	return compile_nginx("nginx", spec, out, err, errlen);
}

const struct al_syntax al_syntax_nginx = {
	.name = "nginx",
	.starts_at = nginx_starts_at,
	.compile = nginx_compile,
};
