/* The harnesses check the documented contract, not only memory safety: a
 * broken promise aborts, which libFuzzer reports as a crash with its input. */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                            \
	do {                                                                       \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__,          \
			        __LINE__, #cond);                                          \
			abort();                                                           \
		}                                                                      \
	} while (0)

#endif
