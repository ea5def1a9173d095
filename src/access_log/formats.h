/*
 * The table of named formats (formats.def, read by formats.c): what
 * log.c detects and what a format argument may name.
 */
#ifndef AL_FORMATS_H
#define AL_FORMATS_H

#include <stdbool.h>

#include "syntax.h"

enum al_detect {
	DETECT_NEVER, /* only by name */
	DETECT_LINE,  /* when it reads the line */
	DETECT_HOST   /* when it reads the line and the vhost is a host name */
};

struct al_preset {
	const char *name;
	const struct al_syntax *syntax;
	const char *spec;
	enum al_detect detect;
	int required;
	bool trailing, weak, squeeze, tokens;
	const char *title, *link, *sample;
};

extern const struct al_preset al_presets[];
extern const int al_preset_count;

/* Compile a row of the table: AL_OK, AL_ERROR or AL_NOMEM as the syntaxes. */
int al_preset_compile(const struct al_preset *p, struct al_format **out,
		      char *err, size_t errlen);
/* Whether a line that f (p compiled) has read is one of p's lines; p is a
 * row that detects (not DETECT_NEVER). */
bool al_preset_detects(const struct al_preset *p, const struct al_format *f,
		       const struct al_row *row);

#endif
