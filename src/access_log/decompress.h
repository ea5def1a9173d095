/*
 * Streams of compressed log text: gzip, zstd, bzip2 and xz, told apart by
 * their magic bytes, decoded into the reader's line buffer. Each codec may
 * hold several concatenated streams (pigz, pbzip2, `cat a.gz b.gz`); they
 * decode as one text. Every allocation of the libraries goes through this
 * module's own malloc(), so the out-of-memory test reaches them too.
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

/* AL_OK, or AL_NOMEM when the codec's state cannot be allocated. */
int al_inflater_new(struct al_inflater **out, enum al_codec codec);
void al_inflater_free(struct al_inflater *z);

/*
 * Decode from in[0..*in_len) into out[0..cap): *in and *in_len advance
 * past what was consumed, *produced says how much was written. `finish`
 * says no input follows what is given. Returns AL_OK, AL_NOMEM, or
 * AL_ERROR with a reason in err (corrupt data, or data after the end).
 */
int al_inflate(struct al_inflater *z, const unsigned char **in,
	       size_t *in_len, bool finish, unsigned char *out, size_t cap,
	       size_t *produced, char *err, size_t errlen);

/*
 * Once the input has ended and al_inflate() produces nothing more: true
 * when the last stream ended cleanly, false when the data stops inside
 * one (a truncated file).
 */
bool al_inflate_complete(const struct al_inflater *z);

#endif
