/*
 * "$name" templates, the grammar of nginx's log_format, which the "fields"
 * syntax shares: literal text and $name or ${name}, each name looked up in
 * the syntax's vocabulary; a name it does not know goes to "extra".
 */
#include "template.h"

#include <ctype.h>
#include <string.h>

#include "set_err.h"

bool al_is_var_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

int al_compile_template(const char *kind, const char *spec,
			const struct name_map *vocab, size_t nvocab,
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
					"unclosed '${' in format");
				goto fail;
			}
			name = p + 2;
			n = (size_t)(close - name);
			p = close + 1;
		} else {
			name = p + 1;
			n = 0;
			while (al_is_var_char(name[n]))
				n++;
			p = name + n;
		}
		if (n == 0) {
			set_err(err, errlen,
				"'$' without a variable name in format");
			goto fail;
		}
		const struct name_map *m = al_find_name(vocab, nvocab, name, n);
		if (al_add_field(f, m ? m->kind : K_EXTRA, m ? m->col : -1, name,
			      n, err, errlen))
			goto fail;
		lit = p;
	}
	if (al_add_literal(f, lit, (size_t)(p - lit), err, errlen))
		goto fail;
	/* f has a field: nginx's starts_at() found a "$name" or "${" after
	 * any escape= (one inside it is an unknown parameter), and the
	 * presets of the fields syntax name theirs. */
	al_finish_format(f);
	*out = f;
	return AL_OK;
fail:
	al_format_free(f);
	return AL_ERROR;
}

