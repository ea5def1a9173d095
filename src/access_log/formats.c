/*
 * Formats by name, and the dispatch of a format string to its syntax.
 */
#include "syntax.h"

#include <string.h>

#include "set_err.h"
#include "syntax_json.h"

static const char COMBINED[] =
	"$remote_addr - $remote_user [$time_local] \"$request\" $status "
	"$body_bytes_sent \"$http_referer\" \"$http_user_agent\"";
static const char COMMON[] =
	"$remote_addr - $remote_user [$time_local] \"$request\" $status "
	"$body_bytes_sent";

/* The syntaxes a format string given by the user may be written in. */
static const struct al_syntax *const SYNTAXES[] = {
	&al_syntax_nginx,
	&al_syntax_apache,
};

static int compile_named(const char *kind, const char *spec,
			 struct al_format **out, char *err, size_t errlen)
{
	int rc = al_syntax_nginx.compile(spec, out, err, errlen);

	if (rc == AL_OK)
		(*out)->kind = kind;
	return rc;
}

int al_compile_format(const char *spec, struct al_format **out, char *err,
		      size_t errlen)
{
	if (strcmp(spec, "combined") == 0)
		return compile_named("combined", COMBINED, out, err, errlen);
	if (strcmp(spec, "common") == 0)
		return compile_named("common", COMMON, out, err, errlen);
	/* JSON lines: by the built-in keys, or by a mapping object. */
	if (strcmp(spec, "json") == 0)
		return al_json_compile(NULL, out, err, errlen);
	if (spec[strspn(spec, " \t\r\n")] == '{')
		return al_json_compile(spec, out, err, errlen);
	for (const char *p = spec; *p; p++)
		for (size_t i = 0; i < sizeof(SYNTAXES) / sizeof(SYNTAXES[0]); i++)
			if (SYNTAXES[i]->starts_at(p))
				return SYNTAXES[i]->compile(spec, out, err,
							    errlen);
	set_err(err, errlen,
		"unknown format '%s': use combined, common, w3c, json, an nginx "
		"log_format or an Apache LogFormat string, or a JSON mapping",
		spec);
	return AL_ERROR;
}

struct al_format *al_format_compile(const char *spec, char *err, size_t errlen)
{
	struct al_format *f = NULL;

	return al_compile_format(spec, &f, err, errlen) == AL_OK ? f : NULL;
}
