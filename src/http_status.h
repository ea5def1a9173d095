/*
 * http_status: a reference of HTTP status codes and the parsing and lookups
 * over it. Plain C, no SQLite; the extension in ext/ is a thin layer on top.
 *
 * A code is written "major" or "major.minor": 404, 403.14 (IIS sub-status).
 * The data lives in http_status.def (codes) and phrases.def (older and other
 * phrases); they are the one source of truth for the C tables, the generated
 * sql/http_status.sql, the database and the README's tables.
 */
#ifndef HTTP_STATUS_H
#define HTTP_STATUS_H

#include <stddef.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where a code stands in its registry (or outside any registry). */
enum hs_lifecycle {
	HS_PERMANENT,  /* registered, in force */
	HS_TEMPORARY,  /* provisionally registered; see hs_entry.expires */
	HS_DEPRECATED, /* registered, but its use is discouraged (305) */
	HS_UNUSED,     /* reserved, no longer used (306, 418) */
	HS_OBSOLETE,   /* its defining document is historic (510) */
	HS_UNOFFICIAL, /* defined by a vendor, not registered: IIS, nginx, ... */
	HS_LIFECYCLE_COUNT
};

/* Status 0 stands for "no response": logs write 0, 000 or - for it. */
#define HS_NO_RESPONSE 0
#define HS_NO_SUBSTATUS (-1)

struct hs_code {
	int status;    /* 0, or 100..599 */
	int substatus; /* 0..999, or HS_NO_SUBSTATUS */
};

/* How sure the reference is of a row: whether the party that sends the code
 * documents it, or only others report it. */
enum hs_confidence {
	HS_PRIMARY,   /* the defining document, or the sender's own docs or source */
	HS_SECONDARY, /* only third-party lists or reports; no primary source found */
	HS_CONFIDENCE_COUNT
};

/* The IANA registry's "Last Updated" date that the IANA rows reflect; a test
 * checks it against src/iana/LAST_UPDATED. */
#define HS_IANA_REGISTRY_DATE "2025-09-15"

struct hs_entry {
	const char *code;            /* canonical text: "404", "403.14" */
	const char *reason;          /* the current reason phrase */
	const char *description;     /* what it means, in a few sentences */
	const char *former_description; /* the seed page's replaced text, or NULL */
	const char *source;          /* who defines it: "IANA", "IIS", "nginx", ... */
	const char *reference;       /* "RFC 9110, Section 15.5.5", "KB 943891", ... */
	const char *expires;         /* ISO date a temporary registration ends, or NULL */
	const char *required_header; /* header the response must carry, or NULL */
	const char *retry_basis;     /* why a retry may succeed; NULL: not retryable */
	const char *not_retryable;   /* a sub-status only: why a retry fails
	                              * although its status is retryable */
	short status;
	short substatus;             /* HS_NO_SUBSTATUS on a plain code */
	unsigned char reason_len;
	unsigned char lifecycle;     /* enum hs_lifecycle */
	unsigned char cacheable;     /* heuristically cacheable, RFC 9110 15.1 */
	unsigned char confidence;    /* enum hs_confidence */
};

/* A phrase a code has had, or has from another source, beside its current one. */
enum hs_phrase_kind {
	HS_PHRASE_FORMER,      /* a superseded document's phrase: RFC 2616's, ... */
	HS_PHRASE_ALTERNATIVE, /* another source's meaning of the same code */
	HS_PHRASE_VARIANT,     /* the same meaning as software writes it today */
	HS_PHRASE_KIND_COUNT
};

struct hs_phrase {
	const char *reason;
	const char *source;
	const char *reference;
	const char *description;     /* NULL: same meaning as the entry */
	short status;
	short substatus;
	unsigned char kind;          /* enum hs_phrase_kind */
	unsigned char confidence;    /* enum hs_confidence */
};

/*
 * Parsing. Each returns true and fills *out when the input is a code, false
 * otherwise. Text may have surrounding ASCII white space; it is "NNN" or
 * "NNN.M" with M of 1 to 3 digits and no leading zero (but "NNN.0"), or
 * "0", "000", "-" for no response. An integer is a plain code. A double is a
 * plain code when it is integral; with a fraction it is ambiguous (403.1 or
 * 403.10?) and is not accepted.
 */
bool hs_parse_text(const char *text, size_t len, struct hs_code *out);
bool hs_parse_int(long long value, struct hs_code *out);
bool hs_parse_double(double value, struct hs_code *out);
bool hs_make_code(long long status, long long substatus, struct hs_code *out);
/* A sub-status alone, as IIS logs write it: "14", " 0 "; 0..999. */
bool hs_parse_substatus_text(const char *text, size_t len, int *out);

/* The entry of a plain status, as a log holds it (404), or NULL: the fast
 * path for INTEGER input. */
const struct hs_entry *hs_lookup_status(long long status);
/* The entry of exactly this code, or NULL. A sub-status of 0 names the
 * plain code, as IIS logs "200 0" for a plain 200. */
const struct hs_entry *hs_lookup(struct hs_code code);
/* As hs_lookup, but an unknown sub-status falls back to its plain code. */
const struct hs_entry *hs_lookup_or_major(struct hs_code code);

/* A 1xx response is interim: a final one follows it. */
bool hs_is_interim(int status);
/* Whether a response may carry content: never 1xx, 204, 205 or 304. */
bool hs_content_allowed(int status);

/* The wire properties of an entry. A sub-status is its status on the wire,
 * so it has its status's; it may only say why a retry would fail where its
 * status is retryable (hs_entry.not_retryable), or give its own reason. */
bool hs_entry_cacheable(const struct hs_entry *e);
const char *hs_entry_required_header(const struct hs_entry *e);
/* Why a retry may succeed; NULL when the code is not retryable. */
const char *hs_entry_retry_basis(const struct hs_entry *e);

const char *hs_confidence_name(unsigned confidence);
const char *hs_phrase_kind_name(unsigned kind);

/* "Informational" .. "Server Error" for 100..599; NULL otherwise. */
const char *hs_class_name(int status);
const char *hs_class_description(int status);

/* Entries in code order: each plain code followed by its sub-statuses. */
size_t hs_entry_count(void);
const struct hs_entry *hs_entry_at(size_t index);
/* The first index whose status is >= status, for range scans. */
size_t hs_entry_lower_bound(int status);

size_t hs_phrase_count(void);
const struct hs_phrase *hs_phrase_at(size_t index);

/* The code whose current, former or alternative phrase is this one
 * (ASCII case-insensitive, surrounding white space ignored), or false. */
bool hs_code_for_phrase(const char *text, size_t len, struct hs_code *out);

const char *hs_lifecycle_name(unsigned lifecycle);

#ifdef __cplusplus
}
#endif
#endif
