/*
 * Paths and globs: a pattern expanded into a sorted list of files.
 */
/* NOLINTNEXTLINE(bugprone-reserved-identifier): a feature-test macro, reserved for exactly this use */
#define _GNU_SOURCE /* strverscmp() */
#include "access_log.h"

#include <glob.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "set_err.h"

static int by_version(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

/* GLOB_MARK's mark; glob() names no empty path. */
static bool is_folder(const char *name)
{
	return name[strlen(name) - 1] == '/';
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
	/* GLOB_MARK ends the names of directories with '/': they are left
	 * out, so that a pattern that also matches a subfolder reads the
	 * files. Without GLOB_ERR nor an errfunc, a folder glob cannot read
	 * is passed over: glob() returns 0, GLOB_NOMATCH or GLOB_NOSPACE. */
	rc = glob(pattern, GLOB_NOSORT | GLOB_MARK, NULL, &g);
	/* + 1: a count of 0 (GLOB_NOMATCH) is still an allocation. */
	out = rc == GLOB_NOSPACE ? NULL : calloc(g.gl_pathc + 1, sizeof(*out));
	if (!out) {
		globfree(&g);
		set_err(err, errlen, "out of memory");
		return AL_NOMEM;
	}
	int n = 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		if (is_folder(g.gl_pathv[i]))
			continue;
		out[n] = strdup(g.gl_pathv[i]);
		if (!out[n]) {
			al_paths_free(out, n);
			globfree(&g);
			set_err(err, errlen, "out of memory");
			return AL_NOMEM;
		}
		n++;
	}
	globfree(&g);
	if (n == 0) {
		free(out);
		set_err(err, errlen, "no file matches '%s'", pattern);
		return AL_ERROR;
	}
	qsort(out, (size_t)n, sizeof(*out), by_version);
	*paths = out;
	return n;
}
