//
// polytomic/connector.hpp
//
// The C++ layer of the connector SDK, header-only: subclass Connector (and
// Writer for a destination), then export it with one line:
//
//   POLYTOMIC_CONNECTOR(MyConnector, "my_id", "My Connector", "1.0.0",
//       POLYTOMIC_CAP_SOURCE | POLYTOMIC_CAP_DESTINATION, POLYTOMIC_MODE_APPEND)
//
// Exceptions thrown by your code become error messages at the ABI boundary;
// nothing of C++ crosses it.
//


#ifndef POLYTOMIC_CONNECTOR_HPP
#define POLYTOMIC_CONNECTOR_HPP


#include "polytomic/batch.hpp"
#include "polytomic/connector.h"
#include "polytomic/json.hpp"
#include <cctype>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>


namespace polytomic {
namespace sdk {


class Error: public std::runtime_error
	/// Throw it with a message for the person who must act (the pipeline builder).
{
public:
	using std::runtime_error::runtime_error;
};


struct HttpResponse
{
	int status = 0;                              /// 0 when no attempt got an answer
	std::map<std::string, std::string> headers;  /// names in lower case
	std::string body;
	std::string error;
	unsigned attempts = 0;
};


struct HttpRequest
{
	std::string method = "GET";
	std::string url;
	std::map<std::string, std::string> headers;
	std::string body;
	unsigned timeoutMs = 0;         /// per attempt; 0: the host's default (30 s)
	unsigned maxAttempts = 0;       /// 0: the host's default (5)
	std::string rateBudget;         /// share a rate limit with every request naming the same budget
	double requestsPerSecond = 0;   /// the budget's rate; 0: unlimited
	bool idempotent = false;        /// repeating it does no harm (idempotency key, upsert): POST/PATCH retried like GET
	bool authorize = false;         /// (ABI 1.3) send it with the connection's OAuth access token, refreshed by the host
	int64_t requestsPerDay = 0;     /// (ABI 1.4) the budget's daily quota (UTC day); 0: none
};


class Host
	/// What the server offers a connector: logging, progress, cancellation, HTTP.
{
public:
	explicit Host(const polytomic_host* host): _host(host) {}

	void log(int level, const std::string& message) const
	{
		if (_host && _host->log) _host->log(_host->context, level, message.c_str());
	}

	void info(const std::string& message) const { log(POLYTOMIC_LOG_INFO, message); }
	void warn(const std::string& message) const { log(POLYTOMIC_LOG_WARN, message); }

	void progress(int64_t records, const std::string& message = "") const
	{
		if (_host && _host->progress) _host->progress(_host->context, records, message.c_str());
	}

	bool cancelled() const
	{
		return _host && _host->cancelled && _host->cancelled(_host->context) != 0;
	}

	HttpResponse http(const HttpRequest& request) const
		/// Retries, backoff, Retry-After, rate budget and timeouts are the host's.
	{
		if (!_host || _host->size < offsetof(polytomic_host, http_release) + sizeof(_host->http_release) || !_host->http)
			throw Error("this host offers no HTTP client");
		std::vector<polytomic_http_header> headers;
		for (const auto& [name, value]: request.headers) headers.push_back({name.c_str(), value.c_str()});
		polytomic_http_request raw{};
		raw.size = sizeof(raw);
		raw.method = request.method.c_str();
		raw.url = request.url.c_str();
		raw.headers = headers.data();
		raw.header_count = headers.size();
		raw.body = request.body.empty() ? nullptr : request.body.data();
		raw.body_length = request.body.size();
		raw.timeout_ms = request.timeoutMs;
		raw.max_attempts = request.maxAttempts;
		raw.rate_budget = request.rateBudget.empty() ? nullptr : request.rateBudget.c_str();
		raw.requests_per_second = request.requestsPerSecond;
		raw.idempotent = request.idempotent ? 1 : 0;
		raw.authorize = request.authorize ? 1 : 0;
		raw.requests_per_day = request.requestsPerDay;
		polytomic_http_response response{};
		response.size = sizeof(response);
		_host->http(_host->context, &raw, &response);
		HttpResponse out;
		out.status = response.status;
		out.attempts = response.attempts;
		if (response.body) out.body.assign(response.body, response.body_length);
		if (response.error) out.error = response.error;
		for (std::size_t i = 0; i < response.header_count; ++i)
		{
			std::string name = response.headers[i].name;
			for (auto& c: name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
			out.headers[name] = response.headers[i].value;
		}
		_host->http_release(_host->context, &response);
		return out;
	}

private:
	const polytomic_host* _host;
};


struct ReadRequest
{
	json::Value config;
	std::string object;
	std::string query;
	std::vector<std::string> fields;    /// empty: all
	json::Value state;                  /// null: from the start
	std::string trackingField;
	int64_t batchRows = 10000;
};


class ReadContext
	/// Where a connector's read() sends its batches.
{
public:
	ReadContext(const polytomic_read_sink* sink, const Host& host): _sink(sink), _host(host) {}

	bool emit(BatchBuilder& batch, const json::Value& state = json::Value())
		/// Hands the rows built so far to the host (the builder is emptied) with the
		/// state that resumes after them. False: the host wants the read to stop.
	{
		ArrowSchema schema;
		ArrowArray array;
		batch.finish(&schema, &array);
		const std::string stateText = state.isNull() ? std::string() : state.dump();
		const int status = _sink->emit(_sink->context, &schema, &array, state.isNull() ? nullptr : stateText.c_str());
		if (schema.release) schema.release(&schema);
		if (array.release) array.release(&array);
		return status == POLYTOMIC_OK && !_host.cancelled();
	}

	bool cancelled() const { return _host.cancelled(); }

private:
	const polytomic_read_sink* _sink;
	const Host& _host;
};


struct WriteRequest
{
	json::Value config;
	std::string object;
	uint32_t mode = POLYTOMIC_MODE_APPEND;
	std::vector<std::string> identity;
};


class WriteResults
	/// Report every record of a batch: ok(row) or rejected(row, why).
{
public:
	explicit WriteResults(const polytomic_write_results* results): _results(results) {}

	void ok(int64_t row) { _results->record(_results->context, row, 1, nullptr); }
	void rejected(int64_t row, const std::string& message) { _results->record(_results->context, row, 0, message.c_str()); }

private:
	const polytomic_write_results* _results;
};


class Writer
	/// Writes batches into one object under one mode.
{
public:
	virtual ~Writer() = default;

	virtual void write(const BatchReader& batch, WriteResults& results) = 0;
		/// Writes the batch; reports each record through results, so one bad record
		/// never fails its batch. Throw only when the whole batch failed.

	virtual void close(bool commit) = 0;
		/// commit: finish what the mode needs at the end (a snapshot's deletes);
		/// otherwise abandon what is not yet durable.
};


class Connector
	/// Subclass it; the constructor takes the Host.
{
public:
	explicit Connector(const Host& host): _host(host) {}
	virtual ~Connector() = default;

	virtual json::Value spec() = 0;
		/// {"configuration": JSON Schema of the configuration, secret properties with "secret": true, those saying where
		/// the secrets go (host, port, URL, account, user...) with "secret_scope": true}

	virtual void check(const json::Value& config) = 0;
		/// Throws Error with what is wrong when the configuration cannot be used.

	virtual json::Value discover(const json::Value& config) = 0;
		/// {"objects": [{"id", "name", "fields": [{"name", "type", "nullable", "source_type"}],
		///   "primary_key": [...], "tracking_fields": [...]}]}

	virtual void read(const ReadRequest& request, ReadContext& context)
	{
		throw Error("this connector is not a source");
	}

	virtual std::unique_ptr<Writer> openWriter(const WriteRequest& request)
	{
		throw Error("this connector is not a destination");
	}

protected:
	const Host& host() const { return _host; }

private:
	Host _host;
};


namespace detail {


inline char* copyString(const std::string& text)
{
	char* out = static_cast<char*>(std::malloc(text.size() + 1));
	if (out) std::memcpy(out, text.c_str(), text.size() + 1);
	return out;
}


template <typename F>
int guarded(char** error, F&& body)
{
	try
	{
		return body();
	}
	catch (const std::exception& e)
	{
		if (error) *error = copyString(e.what());
	}
	catch (...)
	{
		if (error) *error = copyString("unknown error in connector");
	}
	return POLYTOMIC_ERROR;
}


inline std::vector<std::string> stringList(const char* jsonText)
{
	std::vector<std::string> out;
	if (!jsonText) return out;
	const json::Value list = json::Value::parse(jsonText);
	for (const auto& item: list.items()) out.push_back(item.asString());
	return out;
}


template <class C>
struct Instance
{
	Host host;
	C connector;
	polytomic_ops ops;

	explicit Instance(const polytomic_host* h): host(h), connector(host), ops{} {}
};


template <class C>
struct Adapter
	/// The C operation table over a Connector subclass.
{
	static C& self(void* instance) { return static_cast<Instance<C>*>(instance)->connector; }

	static int spec(void* instance, char** out, char** error)
	{
		return guarded(error, [&] {
			*out = copyString(self(instance).spec().dump());
			return POLYTOMIC_OK;
		});
	}

	static int check(void* instance, const char* config, char** error)
	{
		return guarded(error, [&] {
			self(instance).check(json::Value::parse(config ? config : "{}"));
			return POLYTOMIC_OK;
		});
	}

	static int discover(void* instance, const char* config, char** out, char** error)
	{
		return guarded(error, [&] {
			*out = copyString(self(instance).discover(json::Value::parse(config ? config : "{}")).dump());
			return POLYTOMIC_OK;
		});
	}

	static int read(void* instance, const polytomic_read_request* raw, const polytomic_read_sink* sink, char** error)
	{
		return guarded(error, [&] {
			ReadRequest request;
			request.config = json::Value::parse(raw->config_json ? raw->config_json : "{}");
			if (raw->object) request.object = raw->object;
			if (raw->query) request.query = raw->query;
			request.fields = stringList(raw->fields_json);
			if (raw->state_json && *raw->state_json) request.state = json::Value::parse(raw->state_json);
			if (raw->tracking_field) request.trackingField = raw->tracking_field;
			if (raw->batch_rows > 0) request.batchRows = raw->batch_rows;
			auto* inst = static_cast<Instance<C>*>(instance);
			ReadContext context(sink, inst->host);
			inst->connector.read(request, context);
			return inst->host.cancelled() ? POLYTOMIC_CANCELLED : POLYTOMIC_OK;
		});
	}

	static int writeOpen(void* instance, const polytomic_write_request* raw, void** writer, char** error)
	{
		return guarded(error, [&] {
			WriteRequest request;
			request.config = json::Value::parse(raw->config_json ? raw->config_json : "{}");
			if (raw->object) request.object = raw->object;
			request.mode = raw->mode;
			request.identity = stringList(raw->identity_json);
			*writer = self(instance).openWriter(request).release();
			return POLYTOMIC_OK;
		});
	}

	static int writeBatch(void* writer, const ArrowSchema* schema, const ArrowArray* batch, const polytomic_write_results* results,
		char** error)
	{
		return guarded(error, [&] {
			BatchReader reader(schema, batch);
			WriteResults sink(results);
			static_cast<Writer*>(writer)->write(reader, sink);
			return POLYTOMIC_OK;
		});
	}

	static int writeClose(void* writer, int commit, char** error)
	{
		std::unique_ptr<Writer> owned(static_cast<Writer*>(writer));
		return guarded(error, [&] {
			owned->close(commit != 0);
			return POLYTOMIC_OK;
		});
	}

	static void freeString(char* text) { std::free(text); }

	static void close(void* instance) { delete static_cast<Instance<C>*>(instance); }

	static const polytomic_ops* open(const polytomic_host* host)
	{
		try
		{
			auto* instance = new Instance<C>(host);
			polytomic_ops& ops = instance->ops;
			ops.size = sizeof(polytomic_ops);
			ops.instance = instance;
			ops.spec = &spec;
			ops.check = &check;
			ops.discover = &discover;
			ops.read = &read;
			ops.write_open = &writeOpen;
			ops.write_batch = &writeBatch;
			ops.write_close = &writeClose;
			ops.free_string = &freeString;
			ops.close = &close;
			return &ops;
		}
		catch (...)
		{
			return nullptr;
		}
	}
};


} // namespace detail


} } // namespace polytomic::sdk


#define POLYTOMIC_CONNECTOR(Class, id, name, version, capabilities, writeModes) \
	extern "C" POLYTOMIC_EXPORT const polytomic_manifest* polytomic_connector_manifest(void) \
	{ \
		static const polytomic_manifest manifest = {sizeof(polytomic_manifest), POLYTOMIC_ABI_MAGIC, POLYTOMIC_ABI_MAJOR, \
			POLYTOMIC_ABI_MINOR, POLYTOMIC_SDK_VERSION, id, name, version, capabilities, writeModes}; \
		return &manifest; \
	} \
	extern "C" POLYTOMIC_EXPORT const polytomic_ops* polytomic_connector_open(const polytomic_host* host) \
	{ \
		return ::polytomic::sdk::detail::Adapter<Class>::open(host); \
	}


#endif // POLYTOMIC_CONNECTOR_HPP
