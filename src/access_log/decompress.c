/*
 * gzip, zstd, bzip2 and xz streams behind one interface (decompress.h).
 */
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
	bool live;      /* the codec's state is initialised */
	bool ended;     /* gzip, bzip2: a stream ended; another may follow */
	union {
		z_stream gz;
		bz_stream bz;
		lzma_stream xz;
		ZSTD_DStream *zstd;
	} u;
};

enum al_codec al_codec_sniff(const unsigned char *p, size_t n)
{
	static const struct {
		enum al_codec codec;
		unsigned char magic[AL_CODEC_MAGIC_MAX];
		size_t len;
	} magics[] = {
		{AL_CODEC_GZIP, {0x1f, 0x8b}, 2},
		{AL_CODEC_ZSTD, {0x28, 0xb5, 0x2f, 0xfd}, 4},
		{AL_CODEC_BZIP2, {'B', 'Z', 'h'}, 3},
		{AL_CODEC_XZ, {0xfd, '7', 'z', 'X', 'Z', 0x00}, 6},
	};

	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (n >= magics[i].len &&
		    memcmp(p, magics[i].magic, magics[i].len) == 0)
			return magics[i].codec;
	return AL_CODEC_NONE;
}

const char *al_codec_name(enum al_codec codec)
{
	switch (codec) {
	case AL_CODEC_GZIP: return "gzip";
	case AL_CODEC_ZSTD: return "zstd";
	case AL_CODEC_BZIP2: return "bzip2";
	case AL_CODEC_XZ: return "xz";
	case AL_CODEC_NONE: break;
	}
	return NULL;
}

/* The libraries allocate through these, so that malloc(3) failures reach
 * them wherever the tests make it fail. */
static void *gz_alloc(void *opaque, unsigned n, unsigned size)
{
	(void)opaque;
	return calloc(n, size);
}

static void gz_free(void *opaque, void *p)
{
	(void)opaque;
	free(p);
}

static void *bz_alloc(void *opaque, int n, int size)
{
	(void)opaque;
	return n > 0 && size > 0 ? calloc((size_t)n, (size_t)size) : NULL;
}

static void *xz_alloc(void *opaque, size_t n, size_t size)
{
	(void)opaque;
	return calloc(n, size);
}

static const lzma_allocator xz_allocator = {xz_alloc, gz_free, NULL};

/* (Re)start the codec's state for a stream; AL_OK or AL_NOMEM. */
static int start_stream(struct al_inflater *z)
{
	switch (z->codec) {
	case AL_CODEC_GZIP:
		if (z->live)
			return inflateReset(&z->u.gz) == Z_OK ? AL_OK : AL_NOMEM;
		memset(&z->u.gz, 0, sizeof(z->u.gz));
		z->u.gz.zalloc = gz_alloc;
		z->u.gz.zfree = gz_free;
		if (inflateInit2(&z->u.gz, 15 + 16) != Z_OK) /* gzip only */
			return AL_NOMEM;
		break;
	case AL_CODEC_BZIP2:
		if (z->live)
			(void)BZ2_bzDecompressEnd(&z->u.bz);
		z->live = false;
		memset(&z->u.bz, 0, sizeof(z->u.bz));
		z->u.bz.bzalloc = bz_alloc;
		z->u.bz.bzfree = gz_free;
		if (BZ2_bzDecompressInit(&z->u.bz, 0, 0) != BZ_OK)
			return AL_NOMEM;
		break;
	case AL_CODEC_XZ: {
		lzma_stream init = LZMA_STREAM_INIT;
		z->u.xz = init;
		z->u.xz.allocator = &xz_allocator;
		/* Concatenated .xz streams are one text, as xz -d reads them. */
		if (lzma_stream_decoder(&z->u.xz, UINT64_MAX,
					LZMA_CONCATENATED) != LZMA_OK)
			return AL_NOMEM;
		break;
	}
	case AL_CODEC_ZSTD:
		z->u.zstd = ZSTD_createDStream();
		if (!z->u.zstd)
			return AL_NOMEM;
		if (ZSTD_isError(ZSTD_initDStream(z->u.zstd))) {
			ZSTD_freeDStream(z->u.zstd);
			return AL_NOMEM;
		}
		break;
	case AL_CODEC_NONE:
		break;
	}
	z->live = true;
	return AL_OK;
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
	if (z->live) {
		switch (z->codec) {
		case AL_CODEC_GZIP: (void)inflateEnd(&z->u.gz); break;
		case AL_CODEC_BZIP2: (void)BZ2_bzDecompressEnd(&z->u.bz); break;
		case AL_CODEC_XZ: lzma_end(&z->u.xz); break;
		case AL_CODEC_ZSTD: ZSTD_freeDStream(z->u.zstd); break;
		case AL_CODEC_NONE: break;
		}
	}
	free(z);
}

bool al_inflate_complete(const struct al_inflater *z)
{
	return !z->in_stream;
}

/*
 * After a gzip or bzip2 stream: another may follow (pigz, pbzip2, cat).
 * Zero bytes are padding some tools leave; anything else is not a stream
 * of this codec, and is an error rather than text silently dropped.
 */
static int next_stream(struct al_inflater *z, const unsigned char **in,
		       size_t *in_len, char *err, size_t errlen)
{
	while (*in_len > 0 && **in == 0) {
		(*in)++;
		(*in_len)--;
	}
	if (*in_len == 0)
		return AL_OK;
	z->ended = false;
	if (*in_len < AL_CODEC_MAGIC_MAX &&
	    memcmp(*in, z->codec == AL_CODEC_GZIP ? "\x1f\x8b" : "BZh",
		   *in_len < 2 ? *in_len : 2) == 0)
		return start_stream(z); /* the rest of its magic comes later */
	if (al_codec_sniff(*in, *in_len) != z->codec) {
		set_err(err, errlen, "%s data is followed by bytes that are not "
				 "%s", al_codec_name(z->codec),
		    al_codec_name(z->codec));
		return AL_ERROR;
	}
	return start_stream(z);
}

/* What one call of a codec did, beside AL_NOMEM and AL_ERROR. */
enum { STEP_MORE = 1, STEP_END, STEP_STALLED };

typedef int step_fn(struct al_inflater *z, const unsigned char *in,
		    unsigned in_n, unsigned char *out, unsigned out_n,
		    size_t *took, size_t *gave, char *err, size_t errlen);

static int gzip_step(struct al_inflater *z, const unsigned char *in,
		     unsigned in_n, unsigned char *out, unsigned out_n,
		     size_t *took, size_t *gave, char *err, size_t errlen)
{
	z_stream *s = &z->u.gz;

	s->next_in = (unsigned char *)in;
	s->avail_in = in_n;
	s->next_out = out;
	s->avail_out = out_n;
	int rc = inflate(s, Z_NO_FLUSH);
	*took = in_n - s->avail_in;
	*gave = out_n - s->avail_out;
	if (rc == Z_STREAM_END)
		return STEP_END;
	if (rc == Z_MEM_ERROR)
		return AL_NOMEM;
	if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR) {
		set_err(err, errlen, "corrupt gzip data (%s)",
			s->msg ? s->msg : "bad stream");
		return AL_ERROR;
	}
	if (rc == Z_BUF_ERROR || (*took == 0 && s->avail_out > 0))
		return STEP_STALLED; /* no progress: it needs more input */
	return STEP_MORE;
}

static int bzip2_step(struct al_inflater *z, const unsigned char *in,
		      unsigned in_n, unsigned char *out, unsigned out_n,
		      size_t *took, size_t *gave, char *err, size_t errlen)
{
	bz_stream *s = &z->u.bz;

	s->next_in = (char *)in; /* bzlib takes no const */
	s->avail_in = in_n;
	s->next_out = (char *)out;
	s->avail_out = out_n;
	int rc = BZ2_bzDecompress(s);
	*took = in_n - s->avail_in;
	*gave = out_n - s->avail_out;
	if (rc == BZ_STREAM_END)
		return STEP_END;
	if (rc == BZ_MEM_ERROR)
		return AL_NOMEM;
	if (rc != BZ_OK) {
		set_err(err, errlen, "corrupt bzip2 data (error %d)", rc);
		return AL_ERROR;
	}
	return *took == 0 && *gave == 0 ? STEP_STALLED : STEP_MORE;
}

/*
 * gzip and bzip2: the codec's step until the output is full or it needs
 * more input, starting the next stream after each one that ends. Their
 * counters are unsigned int, so each step takes at most 4 GiB each way.
 */
static int run_streams(struct al_inflater *z, step_fn *step,
		       const unsigned char **in, size_t *in_len,
		       unsigned char *out, size_t cap, size_t *produced,
		       char *err, size_t errlen)
{
	while (*produced < cap) {
		if (z->ended) {
			if (*in_len == 0)
				break;
			int rc = next_stream(z, in, in_len, err, errlen);
			if (rc != AL_OK)
				return rc;
			continue;
		}
		if (*in_len == 0 && !z->in_stream)
			break;
		unsigned in_n = *in_len > UINT32_MAX ? UINT32_MAX : (unsigned)*in_len;
		size_t room = cap - *produced;
		unsigned out_n = room > UINT32_MAX ? UINT32_MAX : (unsigned)room;
		size_t took, gave;
		int rc = step(z, *in, in_n, out + *produced, out_n, &took,
			      &gave, err, errlen);
		*in += took;
		*in_len -= took;
		*produced += gave;
		if (took > 0)
			z->in_stream = true;
		if (rc < 0)
			return rc;
		if (rc == STEP_END) {
			z->in_stream = false;
			z->ended = true;
		} else if (rc == STEP_STALLED) {
			break;
		}
	}
	return AL_OK;
}

static int run_xz(struct al_inflater *z, const unsigned char **in,
		  size_t *in_len, bool finish, unsigned char *out, size_t cap,
		  size_t *produced, char *err, size_t errlen)
{
	lzma_stream *s = &z->u.xz;

	if (!z->live)
		return AL_OK; /* the stream already ended */
	while (*produced < cap) {
		s->next_in = *in;
		s->avail_in = *in_len;
		s->next_out = out + *produced;
		s->avail_out = cap - *produced;
		lzma_ret rc = lzma_code(s, finish ? LZMA_FINISH : LZMA_RUN);
		size_t took = *in_len - s->avail_in;
		size_t gave = (cap - *produced) - s->avail_out;
		*in += took;
		*in_len -= took;
		*produced += gave;
		if (took > 0)
			z->in_stream = true;
		if (rc == LZMA_STREAM_END) {
			z->in_stream = false;
			lzma_end(s);
			z->live = false;
			if (*in_len > 0) {
				set_err(err, errlen, "xz data is followed by bytes "
						 "that are not xz");
				return AL_ERROR;
			}
			break;
		}
		if (rc == LZMA_MEM_ERROR)
			return AL_NOMEM;
		if (rc == LZMA_BUF_ERROR) /* no progress: input ended early */
			break;
		if (rc != LZMA_OK) {
			set_err(err, errlen, "corrupt xz data (error %d)", (int)rc);
			return AL_ERROR;
		}
		if (took == 0 && gave == 0)
			break;
	}
	return AL_OK;
}

static int run_zstd(struct al_inflater *z, const unsigned char **in,
		    size_t *in_len, unsigned char *out, size_t cap,
		    size_t *produced, char *err, size_t errlen)
{
	for (;;) {
		ZSTD_inBuffer src = {*in, *in_len, 0};
		ZSTD_outBuffer dst = {out + *produced, cap - *produced, 0};
		size_t rc = ZSTD_decompressStream(z->u.zstd, &dst, &src);
		*in += src.pos;
		*in_len -= src.pos;
		*produced += dst.pos;
		if (ZSTD_isError(rc)) {
			if (ZSTD_getErrorCode(rc) == ZSTD_error_memory_allocation)
				return AL_NOMEM;
			set_err(err, errlen, "corrupt zstd data (%s)",
			    ZSTD_getErrorName(rc));
			return AL_ERROR;
		}
		/* 0: a frame ended and all of it is out. */
		if (src.pos > 0 || dst.pos > 0)
			z->in_stream = rc != 0;
		if ((src.pos == 0 && dst.pos == 0) || *produced == cap ||
		    (*in_len == 0 && dst.pos < dst.size))
			break;
	}
	return AL_OK;
}

int al_inflate(struct al_inflater *z, const unsigned char **in,
	       size_t *in_len, bool finish, unsigned char *out, size_t cap,
	       size_t *produced, char *err, size_t errlen)
{
	*produced = 0;
	switch (z->codec) {
	case AL_CODEC_GZIP:
		return run_streams(z, gzip_step, in, in_len, out, cap, produced,
				   err, errlen);
	case AL_CODEC_BZIP2:
		return run_streams(z, bzip2_step, in, in_len, out, cap,
				   produced, err, errlen);
	case AL_CODEC_XZ:
		return run_xz(z, in, in_len, finish, out, cap, produced, err,
			      errlen);
	case AL_CODEC_ZSTD:
		return run_zstd(z, in, in_len, out, cap, produced, err, errlen);
	case AL_CODEC_NONE:
		break;
	}
	set_err(err, errlen, "not a compressed stream");
	return AL_ERROR;
}
