/*
 * gzip, zstd, bzip2 and xz streams behind one interface (decompress.h):
 * each codec is a row of one table (its name, magic bytes, how to start,
 * end and step its decoder), and one loop drives them all.
 */
/* ZSTD_createDStream_advanced(), for our allocator: Debian's libzstd.so
 * exports it, and ZSTD_customMem has kept its layout since zstd 1.0. */
#define ZSTD_STATIC_LINKING_ONLY
#include "decompress.h"

#include <bzlib.h>
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "access_log.h"
#include "set_err.h"

struct al_inflater {
	enum al_codec codec;
	bool in_stream; /* bytes of a stream were taken and its end not seen */
	bool ended;     /* a stream ended; another may follow */
	int failed;     /* AL_OK, or the error every later call returns */
	char why[AL_ERR_MAX];
	union {
		z_stream gz;
		bz_stream bz;
		lzma_stream xz;
		ZSTD_DStream *zstd;
	} u;
};

/* The libraries allocate through these, so that malloc(3) failures reach
 * them wherever the tests make it fail (tests/test_oom.c). */
static void *gz_alloc(void *opaque, unsigned n, unsigned size)
{
	(void)opaque;
	return calloc(n, size);
}

/* bzlib asks for n bytes of size 1, n > 0; a negative n would become a
 * size calloc() refuses. */
static void *bz_alloc(void *opaque, int n, int size)
{
	(void)opaque;
	return calloc((size_t)n, (size_t)size);
}

static void *xz_alloc(void *opaque, size_t n, size_t size)
{
	(void)opaque;
	return calloc(n, size);
}

static void *zstd_alloc(void *opaque, size_t size)
{
	(void)opaque;
	return malloc(size);
}

static void lib_free(void *opaque, void *p)
{
	(void)opaque;
	free(p);
}

static const lzma_allocator xz_allocator = {xz_alloc, lib_free, NULL};

/* Start a codec's decoder: AL_OK, or AL_NOMEM. */
static int gzip_init(struct al_inflater *z)
{
	memset(&z->u.gz, 0, sizeof(z->u.gz));
	z->u.gz.zalloc = gz_alloc;
	z->u.gz.zfree = lib_free;
	/* 15 + 16: a gzip header and trailer, not zlib's nor raw deflate. */
	return inflateInit2(&z->u.gz, 15 + 16) == Z_OK ? AL_OK : AL_NOMEM;
}

static int bzip2_init(struct al_inflater *z)
{
	memset(&z->u.bz, 0, sizeof(z->u.bz));
	z->u.bz.bzalloc = bz_alloc;
	z->u.bz.bzfree = lib_free;
	return BZ2_bzDecompressInit(&z->u.bz, 0, 0) == BZ_OK ? AL_OK : AL_NOMEM;
}

static int xz_init(struct al_inflater *z)
{
	lzma_stream init = LZMA_STREAM_INIT;

	z->u.xz = init;
	z->u.xz.allocator = &xz_allocator;
	/* One stream: the loop below starts the next, as for gzip, so that
	 * bytes after the last one are told apart from a cut one. */
	return lzma_stream_decoder(&z->u.xz, UINT64_MAX, 0) == LZMA_OK
		       ? AL_OK
		       : AL_NOMEM;
}

static int zstd_init(struct al_inflater *z)
{
	ZSTD_customMem mem = {zstd_alloc, lib_free, NULL};

	z->u.zstd = ZSTD_createDStream_advanced(mem);
	return z->u.zstd ? AL_OK : AL_NOMEM;
}

static void gzip_end(struct al_inflater *z)
{
	(void)inflateEnd(&z->u.gz);
}

static void bzip2_end(struct al_inflater *z)
{
	(void)BZ2_bzDecompressEnd(&z->u.bz);
}

static void xz_end(struct al_inflater *z)
{
	lzma_end(&z->u.xz);
}

static void zstd_end(struct al_inflater *z)
{
	(void)ZSTD_freeDStream(z->u.zstd);
	z->u.zstd = NULL;
}

/* What one call of a codec did, beside AL_NOMEM and AL_ERROR. */
enum {
	STEP_MORE = 1,  /* progress: call again */
	STEP_STALLED,   /* it needs more input (or more room) */
	STEP_END,       /* a stream ended: another of its magic may follow */
	STEP_FRAME_END, /* zstd: a frame ended, the same decoder reads on */
};

/* Decode from in[0..in_n) into out[0..out_n); *took and *gave say how much
 * was consumed and written, even on an error. */
typedef int step_fn(struct al_inflater *z, const unsigned char *in,
		    unsigned in_n, unsigned char *out, unsigned out_n,
		    unsigned *took, unsigned *gave, char *err, size_t errlen);

static int gzip_step(struct al_inflater *z, const unsigned char *in,
		     unsigned in_n, unsigned char *out, unsigned out_n,
		     unsigned *took, unsigned *gave, char *err, size_t errlen)
{
	z_stream *s = &z->u.gz;

	s->next_in = (unsigned char *)in; /* zlib takes no const */
	s->avail_in = in_n;
	s->next_out = out;
	s->avail_out = out_n;
	int rc = inflate(s, Z_NO_FLUSH);
	*took = in_n - s->avail_in;
	*gave = out_n - s->avail_out;
	switch (rc) {
	case Z_OK: return STEP_MORE;
	case Z_BUF_ERROR: return STEP_STALLED; /* no progress was possible */
	case Z_STREAM_END: return STEP_END;
	case Z_MEM_ERROR: return AL_NOMEM;
	default: break;
	}
	/* Z_DATA_ERROR, with zlib's reason in msg: a gzip stream has no
	 * dictionary (Z_NEED_DICT), and this z_stream is never damaged
	 * (Z_STREAM_ERROR). */
	set_err(err, errlen, "corrupt gzip data (%s)", s->msg);
	return AL_ERROR;
}

static int bzip2_step(struct al_inflater *z, const unsigned char *in,
		      unsigned in_n, unsigned char *out, unsigned out_n,
		      unsigned *took, unsigned *gave, char *err, size_t errlen)
{
	bz_stream *s = &z->u.bz;

	s->next_in = (char *)in; /* bzlib takes no const */
	s->avail_in = in_n;
	s->next_out = (char *)out;
	s->avail_out = out_n;
	int rc = BZ2_bzDecompress(s);
	*took = in_n - s->avail_in;
	*gave = out_n - s->avail_out;
	switch (rc) {
	case BZ_OK: return *took + *gave > 0 ? STEP_MORE : STEP_STALLED;
	case BZ_STREAM_END: return STEP_END;
	case BZ_MEM_ERROR: return AL_NOMEM;
	default: break;
	}
	set_err(err, errlen, "corrupt bzip2 data (error %d)", rc);
	return AL_ERROR;
}

static int xz_step(struct al_inflater *z, const unsigned char *in,
		   unsigned in_n, unsigned char *out, unsigned out_n,
		   unsigned *took, unsigned *gave, char *err, size_t errlen)
{
	lzma_stream *s = &z->u.xz;

	s->next_in = in;
	s->avail_in = in_n;
	s->next_out = out;
	s->avail_out = out_n;
	lzma_ret rc = lzma_code(s, LZMA_RUN);
	*took = in_n - (unsigned)s->avail_in;
	*gave = out_n - (unsigned)s->avail_out;
	switch (rc) {
	case LZMA_OK: return STEP_MORE;
	case LZMA_BUF_ERROR: return STEP_STALLED; /* no progress, twice */
	case LZMA_STREAM_END: return STEP_END;
	case LZMA_MEM_ERROR: return AL_NOMEM;
	default: break;
	}
	set_err(err, errlen, "corrupt xz data (error %d)", (int)rc);
	return AL_ERROR;
}

static int zstd_step(struct al_inflater *z, const unsigned char *in,
		     unsigned in_n, unsigned char *out, unsigned out_n,
		     unsigned *took, unsigned *gave, char *err, size_t errlen)
{
	ZSTD_inBuffer src = {in, in_n, 0};
	ZSTD_outBuffer dst = {out, out_n, 0};
	size_t rc = ZSTD_decompressStream(z->u.zstd, &dst, &src);

	*took = (unsigned)src.pos;
	*gave = (unsigned)dst.pos;
	if (ZSTD_isError(rc)) {
		switch (ZSTD_getErrorCode(rc)) {
		case ZSTD_error_memory_allocation: return AL_NOMEM;
		case ZSTD_error_prefix_unknown:
			/* The first frame's magic was checked: these bytes
			 * follow a frame. */
			set_err(err, errlen, "zstd data is followed by bytes "
					 "that are not zstd");
			return AL_ERROR;
		default: break;
		}
		set_err(err, errlen, "corrupt zstd data (%s)",
			ZSTD_getErrorName(rc));
		return AL_ERROR;
	}
	if (rc == 0)
		return STEP_FRAME_END;
	/* All input taken: what it could write is out. */
	return src.pos == src.size ? STEP_STALLED : STEP_MORE;
}

static const struct codec {
	const char *name;
	unsigned char magic[AL_CODEC_MAGIC_MAX];
	size_t magic_len;
	int (*init)(struct al_inflater *z);
	void (*end)(struct al_inflater *z);
	step_fn *step;
} codecs[] = {
	[AL_CODEC_NONE] = {NULL, {0}, 0, NULL, NULL, NULL},
	[AL_CODEC_GZIP] = {"gzip", {0x1f, 0x8b}, 2, gzip_init, gzip_end,
			   gzip_step},
	[AL_CODEC_ZSTD] = {"zstd", {0x28, 0xb5, 0x2f, 0xfd}, 4, zstd_init,
			   zstd_end, zstd_step},
	[AL_CODEC_BZIP2] = {"bzip2", {'B', 'Z', 'h'}, 3, bzip2_init,
			    bzip2_end, bzip2_step},
	[AL_CODEC_XZ] = {"xz", {0xfd, '7', 'z', 'X', 'Z', 0x00}, 6, xz_init,
			 xz_end, xz_step},
};

enum al_codec al_codec_sniff(const unsigned char *p, size_t n)
{
	for (size_t i = AL_CODEC_NONE + 1; i < sizeof(codecs) / sizeof(codecs[0]);
	     i++)
		if (n >= codecs[i].magic_len &&
		    memcmp(p, codecs[i].magic, codecs[i].magic_len) == 0)
			return (enum al_codec)i;
	return AL_CODEC_NONE;
}

const char *al_codec_name(enum al_codec codec)
{
	return codecs[codec].name;
}

/*
 * (Re)start the codec's decoder for a stream: AL_OK, or AL_NOMEM. Each
 * end() may meet a state that was never started (zeroed), that failed to
 * start, or that ended: inflateEnd(), BZ2_bzDecompressEnd() and lzma_end()
 * return at once on a NULL internal state, which a failed init leaves,
 * and ZSTD_freeDStream() takes NULL.
 */
static int start_stream(struct al_inflater *z)
{
	const struct codec *c = &codecs[z->codec];

	c->end(z);
	return c->init(z);
}

int al_inflater_new(struct al_inflater **out, enum al_codec codec)
{
	struct al_inflater *z = calloc(1, sizeof(*z));

	*out = NULL;
	if (!z)
		return AL_NOMEM;
	z->codec = codec;
	if (start_stream(z) != AL_OK) {
		free(z);
		return AL_NOMEM;
	}
	*out = z;
	return AL_OK;
}

void al_inflater_free(struct al_inflater *z)
{
	if (!z)
		return;
	codecs[z->codec].end(z);
	free(z);
}

bool al_inflate_complete(const struct al_inflater *z)
{
	return !z->in_stream;
}

/*
 * After a stream: another may follow (pigz, pbzip2, `cat a.gz b.gz`, xz of
 * several files), and then in[] starts with its magic bytes, or with their
 * first bytes when the rest has not been read yet. Anything else is an
 * error rather than text silently dropped.
 */
static int next_stream(struct al_inflater *z, const unsigned char *in,
		       unsigned in_len, char *err, size_t errlen)
{
	const struct codec *c = &codecs[z->codec];
	size_t n = in_len < c->magic_len ? in_len : c->magic_len;

	if (memcmp(in, c->magic, n) != 0) {
		set_err(err, errlen, "%s data is followed by bytes that are "
				     "not %s", c->name, c->name);
		return AL_ERROR;
	}
	z->ended = false;
	return start_stream(z);
}

/*
 * The codec's step until the output is full or it needs more input,
 * starting the next stream after each one that ends. Zero bytes between
 * streams are padding some tools leave (xz's own, tar's blocks).
 *
 * When a stream turns out damaged, what this call decoded of it is taken
 * back: a decoder writes some bytes of the damage before it sees it. The
 * text of streams that ended (their checksums held) stays.
 */
static int run_streams(struct al_inflater *z, const unsigned char **in,
		       unsigned *in_len, unsigned char *out, unsigned cap,
		       unsigned *produced, char *err, size_t errlen)
{
	step_fn *step = codecs[z->codec].step;
	unsigned checked = 0; /* text of streams that ended in this call */

	while (*produced < cap) {
		if (z->ended) {
			while (*in_len > 0 && **in == 0) {
				(*in)++;
				(*in_len)--;
			}
			if (*in_len == 0)
				break;
			int rc = next_stream(z, *in, *in_len, err, errlen);
			if (rc != AL_OK)
				return rc;
		}
		unsigned took, gave;
		int rc = step(z, *in, *in_len, out + *produced, cap - *produced,
			      &took, &gave, err, errlen);
		*in += took;
		*in_len -= took;
		*produced += gave;
		if (took > 0)
			z->in_stream = true;
		if (rc < 0) {
			*produced = checked;
			return rc;
		}
		if (rc == STEP_STALLED)
			break;
		if (rc != STEP_MORE) {
			z->in_stream = false;
			z->ended = rc == STEP_END;
			checked = *produced;
		}
	}
	return AL_OK;
}

int al_inflate(struct al_inflater *z, const unsigned char **in,
	       unsigned *in_len, unsigned char *out, unsigned cap,
	       unsigned *produced, char *err, size_t errlen)
{
	*produced = 0;
	if (z->failed == AL_OK)
		z->failed = run_streams(z, in, in_len, out, cap, produced,
					z->why, sizeof(z->why));
	/* The text decoded before an error comes out first (bytes after the
	 * last stream): every line is a row, then the error. */
	if (z->failed == AL_OK || *produced > 0)
		return AL_OK;
	set_err(err, errlen, "%s", z->why);
	return z->failed;
}
