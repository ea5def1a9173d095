/*
 * The syntaxes a format can be written in. Each lives in its own file
 * (syntax_<name>.c), builds its formats through format.h and exposes one
 * struct al_syntax; formats.c, the table of named formats, dispatches to
 * them. Adding a syntax: a file that defines its struct, a line here, and
 * a line in the syntax list of formats.c.
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

/* A W3C "#Fields:" list, which is not NUL-terminated in its line. */
int al_compile_w3c(const char *fields, size_t len, struct al_format **out,
		   char *err, size_t errlen);

/* A format by name or as a string of one of the syntaxes (formats.c). */
int al_compile_format(const char *spec, struct al_format **out, char *err,
		      size_t errlen);

#endif
