/*
 * polytomic/connector.h
 *
 * The connector ABI, version 1: everything a connector plugin (a shared
 * library) and the Polytomic server exchange. Plain C, so that a plugin built
 * with another compiler, another C++ standard library or another POCO loads.
 *
 * Rules that keep old plugins working within ABI major 1:
 *  - every struct starts with its own size (uint32_t size); readers check it
 *    before touching a field added later, and fields are only ever appended;
 *  - function tables only grow at the end;
 *  - control data (configuration, spec, catalog, state) crosses as UTF-8 JSON
 *    text; records cross as batches in the Arrow C Data Interface layout;
 *  - whoever allocates frees: strings a plugin returns are freed with its
 *    free_string; batches carry their own release callback.
 *
 * History: 1.0 first release; 1.1 added the rate budget to
 * polytomic_http_request (rate_budget, requests_per_second) and the attempt
 * count to polytomic_http_response (attempts); 1.2 added the idempotent flag
 * to polytomic_http_request; 1.3 added the authorize flag to
 * polytomic_http_request (send it with the connection's OAuth access token,
 * refreshed by the host); 1.4 added the daily quota of a rate budget to
 * polytomic_http_request (requests_per_day). A host reads those fields only when the struct's
 * size says they are there.
 *
 * A connector that signs in with OAuth says so in its spec (JSON, no ABI
 * change): {"configuration": ..., "oauth": {"authorize_url", "token_url",
 * "scopes", ...}} (sdk/README.md). The server runs the sign-in, keeps the
 * tokens and the OAuth app's credentials, and gives the plugin the access
 * token only: in its configuration as "access_token", and with each request
 * marked authorize.
 *
 * A plugin exports exactly two symbols:
 *   const polytomic_manifest* polytomic_connector_manifest(void);
 *   const polytomic_ops*      polytomic_connector_open(const polytomic_host*);
 * The manifest is static data: the host reads and checks it before any other
 * code of the plugin runs (the plugin's static initializers aside).
 */

#ifndef POLYTOMIC_CONNECTOR_H
#define POLYTOMIC_CONNECTOR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define POLYTOMIC_ABI_MAGIC 0x504F4C59u /* "POLY" */
#define POLYTOMIC_ABI_MAJOR 1
#define POLYTOMIC_ABI_MINOR 4
#define POLYTOMIC_SDK_VERSION "1.5.0"

#if defined(__GNUC__)
#define POLYTOMIC_EXPORT __attribute__((visibility("default")))
#else
#define POLYTOMIC_EXPORT
#endif

/* ---------------------------------------------------------------------------
 * Arrow C Data Interface, verbatim from the Arrow specification.
 * A batch of records is a struct array (format "+s") whose children are the
 * columns. Types used by the SDK (format, and extension name in the field
 * metadata key "ARROW:extension:name" where one is needed):
 *   string "u" | int64 "l" | float64 "g" | bool "b" | decimal "u" + "polytomic.decimal"
 *   | date "tdD" | timestamp with time zone "tsu:UTC" | json "u" + "arrow.json"
 *   | binary "z" | null "n"
 * ------------------------------------------------------------------------- */
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
	const char* format;
	const char* name;
	const char* metadata;
	int64_t flags;
	int64_t n_children;
	struct ArrowSchema** children;
	struct ArrowSchema* dictionary;
	void (*release)(struct ArrowSchema*);
	void* private_data;
};

struct ArrowArray {
	int64_t length;
	int64_t null_count;
	int64_t offset;
	int64_t n_buffers;
	int64_t n_children;
	const void** buffers;
	struct ArrowArray** children;
	struct ArrowArray* dictionary;
	void (*release)(struct ArrowArray*);
	void* private_data;
};

#endif /* ARROW_C_DATA_INTERFACE */

/* --- the manifest -------------------------------------------------------- */

#define POLYTOMIC_CAP_SOURCE 0x1u
#define POLYTOMIC_CAP_DESTINATION 0x2u
#define POLYTOMIC_CAP_QUERY 0x4u /* reads the result of a query, not only objects */

/* Write modes: bit flags in the manifest, exactly one in a write request. */
#define POLYTOMIC_MODE_APPEND 0x01u           /* insert every record; no identity */
#define POLYTOMIC_MODE_CREATE 0x02u           /* insert records whose identity is new */
#define POLYTOMIC_MODE_UPDATE 0x04u           /* update records whose identity exists */
#define POLYTOMIC_MODE_UPDATE_OR_CREATE 0x08u /* upsert */
#define POLYTOMIC_MODE_REPLACE 0x10u          /* upsert, clearing fields the record leaves null */
#define POLYTOMIC_MODE_REMOVE 0x20u           /* delete records whose identity is given */
#define POLYTOMIC_MODE_SNAPSHOT 0x40u         /* the object ends holding exactly the records written */

typedef struct polytomic_manifest {
	uint32_t size;           /* sizeof(polytomic_manifest) of the plugin's SDK */
	uint32_t magic;          /* POLYTOMIC_ABI_MAGIC */
	uint16_t abi_major;      /* POLYTOMIC_ABI_MAJOR the plugin was built with */
	uint16_t abi_minor;      /* POLYTOMIC_ABI_MINOR the plugin was built with */
	const char* sdk_version; /* POLYTOMIC_SDK_VERSION the plugin was built with */
	const char* id;          /* connection type id, [a-z0-9_]{1,64}, unique among loaded plugins */
	const char* name;        /* shown to users */
	const char* version;     /* the connector's own version */
	uint32_t capabilities;   /* POLYTOMIC_CAP_* */
	uint32_t write_modes;    /* POLYTOMIC_MODE_* supported as a destination */
} polytomic_manifest;

/* --- what the host gives the plugin -------------------------------------- */

#define POLYTOMIC_LOG_DEBUG 0
#define POLYTOMIC_LOG_INFO 1
#define POLYTOMIC_LOG_WARN 2
#define POLYTOMIC_LOG_ERROR 3

typedef struct polytomic_http_header {
	const char* name;
	const char* value;
} polytomic_http_header;

typedef struct polytomic_http_request {
	uint32_t size;
	const char* method;                   /* "GET", "POST", ... */
	const char* url;                      /* http:// or https:// */
	const polytomic_http_header* headers;
	size_t header_count;
	const char* body;                     /* may be NULL */
	size_t body_length;
	uint32_t timeout_ms;                  /* per attempt; 0: 30 000 */
	uint32_t max_attempts;                /* 0: 5. Retried whatever the method: 429, 503 with Retry-After,
	                                         connection refused, unknown host (the server did not act on it).
	                                         Retried only when harmless to repeat (GET, HEAD, OPTIONS, TRACE,
	                                         PUT, DELETE, or idempotent set): timeouts, dropped connections,
	                                         502, 503, 504 (the server may have acted on it) */
	/* since 1.1 */
	const char* rate_budget;              /* name of a budget shared by every request naming it, or NULL */
	double requests_per_second;           /* the budget's rate; 0: unlimited */
	/* since 1.2 */
	uint32_t idempotent;                  /* non-zero: repeating this request does no harm (the API takes an
	                                         idempotency key, or the call is an upsert), so a POST or PATCH is
	                                         retried like a GET; 0: a POST or PATCH is never sent twice */
	/* since 1.3 */
	uint32_t authorize;                   /* non-zero: the host sends the request with the connection's OAuth access
	                                         token (Authorization: Bearer, replacing any the plugin set), refreshes
	                                         it before it expires, and after a 401 refreshes it once and sends the
	                                         request again. When the connection must be signed in again the answer
	                                         is status 401 with error set to what the user must do */
	/* since 1.4 */
	int64_t requests_per_day;             /* the budget's daily quota (a UTC day), 0: none. Once it is used up the host
	                                         sends nothing more of the budget that day and answers status 429 with
	                                         error set and attempts 0 */
} polytomic_http_request;

typedef struct polytomic_http_response {
	uint32_t size;
	int32_t status;                       /* HTTP status of the last attempt; 0 when none answered */
	polytomic_http_header* headers;
	size_t header_count;
	char* body;
	size_t body_length;
	char* error;                          /* set when status is 0: why no answer came */
	void* host_private;
	/* since 1.1 */
	uint32_t attempts;                    /* how many attempts were made */
} polytomic_http_response;

typedef struct polytomic_host {
	uint32_t size;
	uint16_t abi_major;
	uint16_t abi_minor;
	void* context;
	void (*log)(void* context, int level, const char* message);
	void (*progress)(void* context, int64_t records, const char* message);
	int (*cancelled)(void* context);      /* non-zero: stop as soon as possible */
	/* Sends a request with retries and backoff (honouring Retry-After), rate budget
	 * and timeouts. Returns 0 when a response arrived (any status), non-zero otherwise.
	 * Always release the response with http_release. */
	int (*http)(void* context, const polytomic_http_request* request, polytomic_http_response* response);
	void (*http_release)(void* context, polytomic_http_response* response);
} polytomic_host;

/* --- reading ------------------------------------------------------------- */

typedef struct polytomic_read_request {
	uint32_t size;
	const char* config_json;
	const char* object;         /* an object id from discover, or NULL with query */
	const char* query;          /* for POLYTOMIC_CAP_QUERY sources, or NULL */
	const char* fields_json;    /* JSON array of field names, or NULL for all */
	const char* state_json;     /* state of a previous read to resume from, or NULL */
	const char* tracking_field; /* read incrementally on this field, or NULL */
	int64_t batch_rows;         /* preferred rows per batch; 0: the plugin's choice */
} polytomic_read_request;

typedef struct polytomic_read_sink {
	uint32_t size;
	void* context;
	/* Hands one batch to the host, which takes ownership of schema and batch
	 * (it moves them out; the plugin's structs are left released). state_json
	 * resumes a later read after this batch (NULL: no state). Returns
	 * POLYTOMIC_OK to go on, POLYTOMIC_CANCELLED to stop reading. */
	int (*emit)(void* context, struct ArrowSchema* schema, struct ArrowArray* batch, const char* state_json);
} polytomic_read_sink;

/* --- writing ------------------------------------------------------------- */

typedef struct polytomic_write_request {
	uint32_t size;
	const char* config_json;
	const char* object;        /* target object id (created by the plugin when it can) */
	uint32_t mode;             /* one POLYTOMIC_MODE_* */
	const char* identity_json; /* JSON array of identity field names; NULL for append */
} polytomic_write_request;

typedef struct polytomic_write_results {
	uint32_t size;
	void* context;
	/* Exactly one call per record of the batch: its row, ok (non-zero) or not,
	 * and for a rejected record a message (NULL when ok). */
	void (*record)(void* context, int64_t row, int ok, const char* message);
} polytomic_write_results;

/* --- the operation table ------------------------------------------------- */

#define POLYTOMIC_OK 0
#define POLYTOMIC_ERROR 1     /* *error holds a message (free it with free_string) */
#define POLYTOMIC_CANCELLED 2

typedef struct polytomic_ops {
	uint32_t size;
	void* instance;
	/* {"configuration": <JSON Schema, secret properties marked "secret": true>} */
	int (*spec)(void* instance, char** spec_json, char** error);
	int (*check)(void* instance, const char* config_json, char** error);
	/* {"objects": [{"id", "name", "fields": [{"name", "type", "nullable", "source_type"}],
	 *   "primary_key": [...], "tracking_fields": [...]}]} */
	int (*discover)(void* instance, const char* config_json, char** catalog_json, char** error);
	int (*read)(void* instance, const polytomic_read_request* request, const polytomic_read_sink* sink, char** error);
	int (*write_open)(void* instance, const polytomic_write_request* request, void** writer, char** error);
	/* schema and batch stay the host's: the plugin reads them and does not release them. */
	int (*write_batch)(void* writer, const struct ArrowSchema* schema, const struct ArrowArray* batch,
		const polytomic_write_results* results, char** error);
	/* commit non-zero: finish (e.g. a snapshot's deletes); zero: abandon. Frees the writer. */
	int (*write_close)(void* writer, int commit, char** error);
	void (*free_string)(char* text);
	void (*close)(void* instance);
} polytomic_ops;

typedef const polytomic_manifest* (*polytomic_manifest_fn)(void);
typedef const polytomic_ops* (*polytomic_open_fn)(const polytomic_host* host);

#define POLYTOMIC_MANIFEST_SYMBOL "polytomic_connector_manifest"
#define POLYTOMIC_OPEN_SYMBOL "polytomic_connector_open"

#ifdef __cplusplus
}
#endif

#endif /* POLYTOMIC_CONNECTOR_H */
