//
// ConnectorSession.cpp
//


#include "plugins/ConnectorSession.h"
#include "plugins/BatchValidator.h"
#include "plugins/CrashSignals.h"
#include "plugins/PluginError.h"
#include "polytomic/batch.hpp"
#include <exception>


namespace polytomic {
namespace plugins {


namespace
{
	std::string listJson(const std::vector<std::string>& items)
	{
		json::Value array = json::Value::array();
		for (const auto& item: items) array.push(item);
		return array.dump();
	}


	struct ReadState
	{
		const ConnectorSession::BatchConsumer* consumer;
		std::string connector;
		bool stopped = false;
		std::exception_ptr failure; /// rethrown once the read returns: no exception crosses plugin code
	};


	int emit(void* context, ArrowSchema* schema, ArrowArray* array, const char* state)
	{
		auto* read = static_cast<ReadState*>(context);
		try
		{
			std::unique_ptr<Batch> batch;
			try
			{
				if (!schema || !array || !schema->release || !array->release) throw MalformedBatch("the batch has no release callback");
				batch = std::make_unique<Batch>(schema, array);
				// Everything plugin code hands over is checked before the kernel reads it.
				BatchValidator::validate(batch->schema(), batch->array());
			}
			catch (const MalformedBatch& e)
			{
				throw ConnectorError("connector '" + read->connector + "' emitted a malformed batch: " + e.what());
			}
			if (!(*read->consumer)(std::move(batch), state ? state : ""))
			{
				read->stopped = true;
				return POLYTOMIC_CANCELLED;
			}
			return POLYTOMIC_OK;
		}
		catch (...)
		{
			read->failure = std::current_exception();
			read->stopped = true;
			return POLYTOMIC_CANCELLED;
		}
	}


	struct WriteState
	{
		std::vector<RecordResult> results;
		std::vector<bool> seen;
		std::string error;
	};


	void record(void* context, int64_t row, int ok, const char* message)
	{
		auto* write = static_cast<WriteState*>(context);
		if (row < 0 || row >= static_cast<int64_t>(write->results.size()))
		{
			write->error = "the connector reported a result for row " + std::to_string(row) + ", which is not in the batch";
			return;
		}
		if (write->seen[static_cast<std::size_t>(row)])
		{
			write->error = "the connector reported row " + std::to_string(row) + " twice";
			return;
		}
		write->seen[static_cast<std::size_t>(row)] = true;
		write->results[static_cast<std::size_t>(row)] = RecordResult{ok != 0, ok ? "" : (message ? message : "rejected without a message")};
	}
}


Batch::Batch(ArrowSchema* schema, ArrowArray* array):
	_schema(*schema),
	_array(*array)
{
	schema->release = nullptr;
	array->release = nullptr;
}


Batch::~Batch()
{
	if (_schema.release) _schema.release(&_schema);
	if (_array.release) _array.release(&_array);
}


ConnectorSession::ReadSpec ConnectorSession::ReadSpec::fromJson(const json::Value& config, const json::Value& r)
{
	ReadSpec spec;
	spec.config = config;
	spec.object = r.getString("object");
	spec.query = r.getString("query");
	if (r["fields"].isArray())
		for (const auto& f: r["fields"].items()) spec.fields.push_back(f.asString());
	spec.state = r["state"].isString() ? json::Value::parse(r["state"].asString()) : r["state"];
	spec.trackingField = r.getString("tracking_field");
	spec.batchRows = r.getInt64("batch_rows", 0);
	return spec;
}


ConnectorSession::ConnectorSession(const polytomic_ops* ops, HostServices& host, const PluginManifest& manifest):
	_ops(ops),
	_host(host),
	_manifest(manifest)
{
	if (ops->size < offsetof(polytomic_ops, close) + sizeof(ops->close))
		throw ConnectorError("connector '" + manifest.id + "' returned an operation table smaller than ABI 1.0's");
}


void ConnectorSession::setRole(const std::string& role)
{
	_crashDescription = role + " connector '" + _manifest.id + "'";
}


ConnectorSession::~ConnectorSession()
{
	if (_ops->close) _ops->close(_ops->instance);
}


std::string ConnectorSession::take(char* text)
{
	if (!text) return "";
	std::string copy(text);
	_ops->free_string(text);
	return copy;
}


void ConnectorSession::fail(const char* operation, char* error)
{
	std::string message = take(error);
	if (message.empty()) message = "the connector reported a failure without a message";
	throw ConnectorError(message);
	(void) operation;
}


json::Value ConnectorSession::parse(const char* operation, char* text)
{
	const std::string body = take(text);
	try
	{
		return json::Value::parse(body);
	}
	catch (const json::ParseError& e)
	{
		throw ConnectorError(std::string("connector '") + _manifest.id + "' answered " + operation + " with invalid JSON: " + e.what());
	}
}


json::Value ConnectorSession::spec()
{
	char* out = nullptr;
	char* error = nullptr;
	CrashingConnector running(_crashDescription);
	if (_ops->spec(_ops->instance, &out, &error) != POLYTOMIC_OK) fail("spec", error);
	return parse("spec", out);
}


void ConnectorSession::check(const json::Value& config)
{
	char* error = nullptr;
	const std::string text = config.dump();
	CrashingConnector running(_crashDescription);
	if (_ops->check(_ops->instance, text.c_str(), &error) != POLYTOMIC_OK) fail("check", error);
}


json::Value ConnectorSession::discover(const json::Value& config)
{
	char* out = nullptr;
	char* error = nullptr;
	const std::string text = config.dump();
	CrashingConnector running(_crashDescription);
	if (_ops->discover(_ops->instance, text.c_str(), &out, &error) != POLYTOMIC_OK) fail("discover", error);
	json::Value catalog = parse("discover", out);
	if (!catalog["objects"].isArray())
		throw ConnectorError("connector '" + _manifest.id + "' answered discover without an \"objects\" array");
	return catalog;
}


bool ConnectorSession::read(const ReadSpec& spec, const BatchConsumer& consumer)
{
	const std::string config = spec.config.dump();
	const std::string fields = spec.fields.empty() ? std::string() : listJson(spec.fields);
	const std::string state = spec.state.isNull() ? std::string() : spec.state.dump();
	polytomic_read_request request{};
	request.size = sizeof(request);
	request.config_json = config.c_str();
	request.object = spec.object.empty() ? nullptr : spec.object.c_str();
	request.query = spec.query.empty() ? nullptr : spec.query.c_str();
	request.fields_json = fields.empty() ? nullptr : fields.c_str();
	request.state_json = state.empty() ? nullptr : state.c_str();
	request.tracking_field = spec.trackingField.empty() ? nullptr : spec.trackingField.c_str();
	request.batch_rows = spec.batchRows;

	ReadState readState;
	readState.consumer = &consumer;
	readState.connector = _manifest.id;
	polytomic_read_sink sink{sizeof(polytomic_read_sink), &readState, &emit};
	char* error = nullptr;
	CrashingConnector running(_crashDescription);
	const int status = _ops->read(_ops->instance, &request, &sink, &error);
	if (readState.failure)
	{
		take(error);
		std::rethrow_exception(readState.failure);
	}
	if (status == POLYTOMIC_ERROR) fail("read", error);
	take(error);
	return status == POLYTOMIC_OK && !readState.stopped;
}


std::unique_ptr<ConnectorWriter> ConnectorSession::openWriter(const json::Value& config, const std::string& object, uint32_t mode,
	const std::vector<std::string>& identity)
{
	const std::string configText = config.dump();
	const std::string identityText = identity.empty() ? std::string() : listJson(identity);
	polytomic_write_request request{};
	request.size = sizeof(request);
	request.config_json = configText.c_str();
	request.object = object.c_str();
	request.mode = mode;
	request.identity_json = identityText.empty() ? nullptr : identityText.c_str();
	void* writer = nullptr;
	char* error = nullptr;
	CrashingConnector running(_crashDescription);
	if (_ops->write_open(_ops->instance, &request, &writer, &error) != POLYTOMIC_OK) fail("write", error);
	if (!writer) throw ConnectorError("connector '" + _manifest.id + "' opened a write without a writer");
	return std::make_unique<ConnectorWriter>(*this, writer);
}


ConnectorWriter::ConnectorWriter(ConnectorSession& session, void* writer):
	_session(session),
	_writer(writer)
{
}


ConnectorWriter::~ConnectorWriter()
{
	if (!_writer) return;
	char* error = nullptr;
	CrashingConnector running(_session._crashDescription);
	_session._ops->write_close(_writer, 0, &error);
	_session.take(error);
}


std::vector<RecordResult> ConnectorWriter::write(const ArrowSchema* schema, const ArrowArray* array)
{
	WriteState state;
	state.results.resize(static_cast<std::size_t>(array->length));
	state.seen.resize(static_cast<std::size_t>(array->length), false);
	polytomic_write_results results{sizeof(polytomic_write_results), &state, &record};
	char* error = nullptr;
	CrashingConnector running(_session._crashDescription);
	if (_session._ops->write_batch(_writer, schema, array, &results, &error) != POLYTOMIC_OK) _session.fail("write", error);
	_session.take(error);
	if (!state.error.empty()) throw ConnectorError(state.error);
	for (std::size_t row = 0; row < state.seen.size(); ++row)
		if (!state.seen[row])
			throw ConnectorError("connector '" + _session._manifest.id + "' reported no result for row " + std::to_string(row) +
				" of a batch of " + std::to_string(state.seen.size()));
	return state.results;
}


void ConnectorWriter::close(bool commit)
{
	void* writer = _writer;
	_writer = nullptr;
	char* error = nullptr;
	CrashingConnector running(_session._crashDescription);
	if (_session._ops->write_close(writer, commit ? 1 : 0, &error) != POLYTOMIC_OK) _session.fail("write", error);
	_session.take(error);
}


bool ConnectorSession::cancelled() const
{
	return _host.cancelled();
}


} } // namespace polytomic::plugins
