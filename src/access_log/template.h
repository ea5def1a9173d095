/* "$name" templates (template.c): nginx's grammar, any vocabulary. */
#ifndef AL_TEMPLATE_H
#define AL_TEMPLATE_H

#include <stdbool.h>

#include "format.h"

bool al_is_var_char(char c);
/* Compile spec with names from vocab. Returns AL_OK with *out set, else
 * AL_ERROR or AL_NOMEM with a message in err. */
int al_compile_template(const char *kind, const char *spec,
			const struct name_map *vocab, size_t nvocab,
			struct al_format **out, char *err, size_t errlen);

#endif
