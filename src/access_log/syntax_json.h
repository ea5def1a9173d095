/*
 * JSON lines (syntax_json.c): one object per line, read by its keys.
 *
 * The rows of formats.def with this syntax read the keys of one schema
 * (spec "nginx", "caddy", "traefik", "gcp", "cloudflare", "azure") or of
 * all of them (spec ""), from one table of keys; a format that is itself
 * a JSON object maps columns to key paths the user names:
 *
 *   {"status": "$.resp.code", "path": "$.req.url", "time": "$.ts"}
 *
 * A row's columns are spans into the line (row->field[col]); extra is the
 * line's other top-level members, built when asked for.
 */
#ifndef AL_SYNTAX_JSON_H
#define AL_SYNTAX_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "format.h"

/* Tokens a line may have; a line with more is an error row. */
#define AL_JSON_TOKENS 1024

/* Compile a row of formats.def (spec "": all the built-in keys, "caddy":
 * one schema's) or a mapping object. */
int al_json_compile(const char *spec, struct al_format **out, char *err,
		    size_t errlen);
/* al_parse_line() and al_value() for a JSON format. */
int al_json_parse(const struct al_format *f, const char *line, size_t len,
		  struct al_row *row);
int al_json_value(const struct al_format *f, const struct al_row *row,
		  enum al_col col, struct al_buf *scratch,
		  struct al_value *out);
void al_json_free(struct al_json_map *map);
/* Whether a line f read is one of its schema's: it gave a column from a
 * key no other schema writes (always, for all the keys or a mapping). */
bool al_json_detects(const struct al_format *f, const struct al_row *row);

/*
 * Container wrappers: the line a Docker json-file record ({"log":"...",
 * "stream":..., "time":...}) or a Kubernetes CRI line ("<RFC 3339 time>
 * stdout F <line>") carries. 0: not a wrapper. 1: *inner, *inner_len set;
 * a Docker line's text is unescaped into buf (grown as needed, kept by
 * the caller from line to line). AL_NOMEM. 2: a CRI partial line ("P"),
 * which is not joined to the next.
 */
int al_unwrap_container(const char *line, size_t len, char **buf,
			size_t *cap, const char **inner, size_t *inner_len);

#endif
