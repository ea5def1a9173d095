/*
 * Field lists of logs that are not written from a user's format string:
 * AWS load balancers and S3, HAProxy, Squid, Envoy, Traefik. Their presets
 * (formats.def) are "$name" templates whose names are the ones each
 * product's documentation gives its fields, so those names are the keys
 * in "extra"; this vocabulary says which of them feed a column.
 */
#include "syntax.h"
#include "template.h"

static const struct name_map FIELDS[] = {
	/* The Common Log Format part that Traefik shares */
	{"remote_addr", K_TEXT, AL_REMOTE_ADDR},
	{"ident", K_DROP, -1}, /* RFC 1413, Apache's %l: "-" or a user name */
	{"remote_user", K_TEXT, AL_REMOTE_USER},
	{"time_local", K_TIME_CLF, AL_TIME},
	{"request", K_REQUEST, AL_METHOD},
	{"status", K_STATUS, AL_STATUS},
	{"body_bytes_sent", K_BYTES, AL_BYTES},
	{"http_referer", K_TEXT, AL_REFERER},
	{"http_user_agent", K_TEXT, AL_USER_AGENT},
	/* A virtual host in front (nginx $host, Apache %v), maybe with :port */
	{"virtual_host", K_HOST_PORT, AL_VHOST},
	/* AWS ALB, classic ELB and S3 */
	{"time", K_TIME_ISO, AL_TIME},
	{"client:port", K_ADDR_PORT, AL_REMOTE_ADDR},
	{"request_processing_time", K_SECONDS_SUM, AL_REQUEST_TIME},
	{"target_processing_time", K_SECONDS_SUM, AL_REQUEST_TIME},
	{"backend_processing_time", K_SECONDS_SUM, AL_REQUEST_TIME},
	{"response_processing_time", K_SECONDS_SUM, AL_REQUEST_TIME},
	{"elb_status_code", K_STATUS, AL_STATUS},
	{"sent_bytes", K_BYTES, AL_BYTES},
	{"user_agent", K_TEXT, AL_USER_AGENT},
	{"bucket", K_TEXT, AL_VHOST}, /* S3: the bucket is the site */
	{"remote_ip", K_TEXT, AL_REMOTE_ADDR},
	{"requester", K_TEXT, AL_REMOTE_USER},
	{"request_uri", K_REQUEST, AL_METHOD},
	{"http_status", K_STATUS, AL_STATUS},
	{"bytes_sent", K_BYTES, AL_BYTES},
	{"total_time", K_MILLIS, AL_REQUEST_TIME},
	{"referer", K_TEXT, AL_REFERER},
	{"host_header", K_TEXT, AL_VHOST},
	/* HAProxy (option httplog) */
	{"client_ip:port", K_ADDR_PORT, AL_REMOTE_ADDR},
	{"accept_date", K_TIME_LOCAL_MS, AL_TIME},
	{"Tt", K_MILLIS, AL_REQUEST_TIME},
	{"status_code", K_STATUS, AL_STATUS},
	{"bytes_read", K_BYTES, AL_BYTES},
	{"http_request", K_REQUEST, AL_METHOD},
	/* Squid (native access.log) */
	{"timestamp", K_TIME_EPOCH, AL_TIME},
	{"elapsed", K_MILLIS, AL_REQUEST_TIME},
	{"client", K_TEXT, AL_REMOTE_ADDR},
	{"http_status_code", K_STATUS, AL_STATUS},
	{"bytes", K_BYTES, AL_BYTES},
	{"method", K_TEXT, AL_METHOD},
	{"url", K_TEXT, AL_PATH},
	{"user", K_TEXT, AL_REMOTE_USER},
	/* Envoy (default format) and Traefik (CLF) */
	{"start_time", K_TIME_ISO, AL_TIME},
	{"response_code", K_STATUS, AL_STATUS},
	{"duration", K_MILLIS, AL_REQUEST_TIME},
	{"authority", K_TEXT, AL_VHOST},
};

static int fields_compile(const char *spec, struct al_format **out,
			  char *err, size_t errlen)
{
	return al_compile_template("fields", spec, FIELDS,
				   sizeof(FIELDS) / sizeof(FIELDS[0]), out, err,
				   errlen);
}

const struct al_syntax al_syntax_fields = {
	.name = "fields",
	.starts_at = NULL, /* only for the presets */
	.compile = fields_compile,
};
