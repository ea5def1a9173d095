/*
 * Formats by name (the table in formats.def), and the dispatch of a format
 * string to its syntax.
 */
#include "formats.h"

#include <string.h>

#include "parse.h"
#include "set_err.h"
#include "syntax_json.h"

const struct al_preset al_presets[] = {
#define AL_FORMAT(name_, syntax_, ...) \
	{.name = name_, .syntax = &al_syntax_##syntax_, __VA_ARGS__},
#include "formats.def"
#undef AL_FORMAT
};

const int al_preset_count = (int)(sizeof(al_presets) / sizeof(al_presets[0]));

int al_preset_compile(const struct al_preset *p, struct al_format **out,
		      char *err, size_t errlen)
{
	int rc = p->syntax->compile(p->spec, out, err, errlen);

	if (rc != AL_OK)
		return rc;
	(*out)->kind = p->name;
	(*out)->trailing = p->trailing;
	(*out)->squeeze = p->squeeze;
	if (p->tokens)
		(*out)->split = al_split_tokens;
	if (p->required > 0) /* fewer than its fields (a test checks) */
		(*out)->required = p->required;
	return AL_OK;
}

/* lighttpd writes the Host header where combined has the ident, which is
 * "-" or a user name: a dot or a colon tells a host name or address. A
 * DETECT_HOST row has a vhost field and no optional ones (a test checks),
 * so a line it has read has that field. */
static bool vhost_is_host(const struct al_format *f, const struct al_row *row)
{
	const struct al_span *v = &row->field[f->col_field[AL_VHOST]];
	const char *s = row->line + v->off;

	return v->len > 1 && (memchr(s, '.', v->len) || memchr(s, ':', v->len));
}

bool al_preset_detects(const struct al_preset *p, const struct al_format *f,
		       const struct al_row *row)
{
	if (f->json && !al_json_detects(f, row))
		return false;
	return p->detect != DETECT_HOST || vhost_is_host(f, row);
}

/* The syntaxes a format string given by the user may be written in. */
static const struct al_syntax *const SYNTAXES[] = {
	&al_syntax_nginx,
	&al_syntax_apache,
};

int al_compile_format(const char *spec, struct al_format **out, char *err,
		      size_t errlen)
{
	for (int i = 0; i < al_preset_count; i++)
		if (strcmp(spec, al_presets[i].name) == 0)
			return al_preset_compile(&al_presets[i], out, err,
						 errlen);
	/* A JSON mapping: columns to key paths (syntax_json.c). */
	if (spec[strspn(spec, " \t\r\n")] == '{')
		return al_json_compile(spec, out, err, errlen);
	for (const char *p = spec; *p; p++)
		for (size_t i = 0; i < sizeof(SYNTAXES) / sizeof(SYNTAXES[0]); i++)
			if (SYNTAXES[i]->starts_at(p))
				return SYNTAXES[i]->compile(spec, out, err,
							    errlen);
	set_err(err, errlen,
		"unknown format '%s': use the name of one (see the README), "
		"w3c, an nginx log_format or an Apache LogFormat string, or "
		"a JSON mapping",
		spec);
	return AL_ERROR;
}

struct al_format *al_format_compile(const char *spec, char *err, size_t errlen)
{
	struct al_format *f = NULL;

	return al_compile_format(spec, &f, err, errlen) == AL_OK ? f : NULL;
}

bool al_preset_info(int i, const char **name, const char **title,
		    const char **link, const char **sample)
{
	if (i < 0 || i >= al_preset_count)
		return false;
	*name = al_presets[i].name;
	*title = al_presets[i].title;
	*link = al_presets[i].link;
	*sample = al_presets[i].sample;
	return true;
}
