/*
 * Paths and globs: a pattern expanded into a sorted list of files.
 */
/* NOLINTNEXTLINE(bugprone-reserved-identifier): a feature-test macro, reserved for exactly this use */
#define _GNU_SOURCE /* strverscmp() */
#include "access_log.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "set_err.h"

static int by_version(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

void al_paths_free(char **paths, int n)
{
	if (!paths)
		return;
	for (int i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

int al_expand_paths(const char *pattern, char ***paths, char *err,
		    size_t errlen)
{
	glob_t g;
	char **out;
	int rc;

	*paths = NULL;
	if (!strpbrk(pattern, "*?[")) {
		out = calloc(1, sizeof(*out));
		if (!out || !(out[0] = strdup(pattern))) {
			free(out);
			set_err(err, errlen, "out of memory");
			return AL_NOMEM;
		}
		*paths = out;
		return 1;
	}
	rc = glob(pattern, GLOB_NOSORT, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		set_err(err, errlen, "no file matches '%s'", pattern);
		return AL_ERROR;
	}
	if (rc != 0) {
		set_err(err, errlen, "cannot expand '%s': %s", pattern,
			rc == GLOB_NOSPACE ? "out of memory" : "read error");
		globfree(&g);
		return rc == GLOB_NOSPACE ? AL_NOMEM : AL_ERROR;
	}
	out = calloc(g.gl_pathc, sizeof(*out));
	if (!out) {
		globfree(&g);
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		out[i] = strdup(g.gl_pathv[i]);
		if (!out[i]) {
			al_paths_free(out, (int)i);
			globfree(&g);
			set_err(err, errlen, "out of memory");
			return AL_NOMEM;
		}
	}
	int n = (int)g.gl_pathc;
	globfree(&g);
	qsort(out, (size_t)n, sizeof(*out), by_version);
	*paths = out;
	return n;
}
