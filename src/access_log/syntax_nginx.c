/*
 * nginx log_format strings: '$remote_addr [$time_local] "$request" ...',
 * with nginx's own "escape=" parameter in front.
 */
#include "syntax.h"
#include "template.h"

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

static bool nginx_starts_at(const char *p)
{
	return p[0] == '$' && (al_is_var_char(p[1]) || p[1] == '{');
}

static int nginx_compile(const char *spec, struct al_format **out, char *err,
			 size_t errlen)
{
	return al_compile_template("nginx", spec, NGINX_VARS,
				   sizeof(NGINX_VARS) / sizeof(NGINX_VARS[0]),
				   out, err, errlen);
}

const struct al_syntax al_syntax_nginx = {
	.name = "nginx",
	.starts_at = nginx_starts_at,
	.compile = nginx_compile,
};
