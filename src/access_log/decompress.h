/*
 * Streams of compressed log text: gzip, zstd, bzip2 and xz, told apart by
 * their magic bytes, decoded into the reader's line buffer. Each codec may
 * hold several concatenated streams (pigz, pbzip2, `cat a.gz b.gz`); they
 * decode as one text. Zero bytes between gzip, bzip2 or xz streams are
 * padding; any other bytes after a stream that do not start another are
 * an error. Every allocation of the libraries goes through this module's
 * own malloc(), so the out-of-memory test reaches them too.
 */
#ifndef AL_DECOMPRESS_H
#define AL_DECOMPRESS_H

#include <stdbool.h>
#include <stddef.h>

enum al_codec {
	AL_CODEC_NONE,
	AL_CODEC_GZIP,
	AL_CODEC_ZSTD,
	AL_CODEC_BZIP2,
	AL_CODEC_XZ,
};

/* Bytes al_codec_sniff() needs to tell every codec apart. */
#define AL_CODEC_MAGIC_MAX 6

/* The codec whose magic bytes start p; AL_CODEC_NONE for plain text. */
enum al_codec al_codec_sniff(const unsigned char *p, size_t n);
/* "gzip", "zstd", "bzip2", "xz"; NULL for AL_CODEC_NONE. */
const char *al_codec_name(enum al_codec codec);

struct al_inflater; /* opaque */

/* codec is not AL_CODEC_NONE. AL_OK, or AL_NOMEM when the codec's state
 * cannot be allocated. */
int al_inflater_new(struct al_inflater **out, enum al_codec codec);
void al_inflater_free(struct al_inflater *z);

/*
 * Decode from in[0..*in_len) into out[0..cap), cap > 0: *in and *in_len
 * advance past what was consumed, *produced says how much was written.
 * It returns with *produced > 0, or with all of the input consumed (the
 * codec needs more). Sizes are unsigned int, as zlib and bzlib count.
 *
 * Returns AL_OK, AL_NOMEM, or AL_ERROR with a reason in err (corrupt data,
 * or data after the end). Text decoded before an error is returned first,
 * with AL_OK; the error comes with the next call, and with every call
 * after it.
 */
int al_inflate(struct al_inflater *z, const unsigned char **in,
	       unsigned *in_len, unsigned char *out, unsigned cap,
	       unsigned *produced, char *err, size_t errlen);

/*
 * Once the input has ended and al_inflate() produces nothing more: true
 * when the last stream ended cleanly, false when the data stops inside
 * one (a truncated file).
 */
bool al_inflate_complete(const struct al_inflater *z);

#endif
