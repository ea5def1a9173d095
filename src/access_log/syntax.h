/*
 * The syntaxes a format can be written in. Each lives in its own file
 * (syntax_<name>.c), builds its formats through format.h and exposes one
 * struct al_syntax; formats.c, the table of named formats, dispatches to
 * them.
 *
 * Adding a syntax (JSON lines, say):
 *   1. syntax_<name>.c defines `const struct al_syntax al_syntax_<name>`
 *      with .name, .compile and, if users may write format strings in it,
 *      .starts_at; declare it below and list it in SYNTAXES (formats.c)
 *      only if it has .starts_at.
 *   2. .compile builds the format with al_format_new(), al_add_field()
 *      (a field's kind and column say what it holds; K_EXTRA keeps it in
 *      "extra" under its name) and al_finish_format(). A syntax whose
 *      lines are not fields between literals sets f->split to its own
 *      splitter: it fills row->field[i] with the span of field i's text
 *      (escapes left for value.c to decode, per f->esc), sets
 *      row->nfields, and returns 0, or 1 through al_row_error() (parse.h);
 *      al_split_tokens() in parse.c is an example.
 *   3. A named format is a row in formats.def that names the syntax; its
 *      .detect says whether detection tries it on a file's lines, and
 *      tests/formats/<name>/ holds its golden sample.
 */
#ifndef AL_SYNTAX_H
#define AL_SYNTAX_H

#include <stdbool.h>

#include "format.h"

struct al_syntax {
	const char *name; /* "nginx", "apache", "w3c": al_format_kind() */
	/* Does a field of this syntax start at p? Tells which syntax a
	 * format string given by the user is written in: the first field
	 * found decides. NULL: the syntax is only used by name. */
	bool (*starts_at)(const char *p);
	/* Compile a NUL-terminated spec. Returns AL_OK with *out set, else
	 * AL_ERROR or AL_NOMEM with a message in err. */
	int (*compile)(const char *spec, struct al_format **out, char *err,
		       size_t errlen);
};

extern const struct al_syntax al_syntax_nginx;
extern const struct al_syntax al_syntax_apache;
extern const struct al_syntax al_syntax_w3c;
extern const struct al_syntax al_syntax_fields;
extern const struct al_syntax al_syntax_json;

/* A W3C "#Fields:" list, which is not NUL-terminated in its line, for
 * data lines whose fields are separated by sep (a space, or a tab). */
int al_compile_w3c(const char *fields, size_t len, char sep,
		   struct al_format **out, char *err, size_t errlen);

/* A format by name or as a string of one of the syntaxes (formats.c). */
int al_compile_format(const char *spec, struct al_format **out, char *err,
		      size_t errlen);

#endif
