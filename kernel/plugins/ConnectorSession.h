//
// ConnectorSession.h
//
// Definition of the ConnectorSession class.
//


#ifndef Polytomic_Plugins_ConnectorSession_INCLUDED
#define Polytomic_Plugins_ConnectorSession_INCLUDED


#include "plugins/HostServices.h"
#include "plugins/PluginManifest.h"
#include "polytomic/connector.h"
#include "polytomic/json.hpp"
#include <functional>
#include <memory>
#include <string>
#include <vector>


namespace polytomic {
namespace plugins {


class Batch
	/// A batch received from a connector, released when destroyed.
{
public:
	Batch(ArrowSchema* schema, ArrowArray* array);
		/// Moves both out of the connector's structs.
	~Batch();
	Batch(const Batch&) = delete;
	Batch& operator=(const Batch&) = delete;

	const ArrowSchema* schema() const { return &_schema; }
	const ArrowArray* array() const { return &_array; }
	int64_t rows() const { return _array.length; }

private:
	ArrowSchema _schema;
	ArrowArray _array;
};


struct RecordResult
{
	bool ok = false;
	std::string message;
};


class ConnectorWriter;


class ConnectorSession
	/// One open connector instance, seen through its operation table. Every
	/// answer is checked (JSON parses; batches are well-formed); an error of the
	/// connector becomes ConnectorError with its message.
{
public:
	struct ReadSpec
	{
		json::Value config;
		std::string object;
		std::string query;
		std::vector<std::string> fields;
		json::Value state;
		std::string trackingField;
		int64_t batchRows = 0;

		static ReadSpec fromJson(const json::Value& config, const json::Value& read);
			/// From {"object", "query", "fields", "state" (JSON or its text), "tracking_field", "batch_rows"}.
	};

	using BatchConsumer = std::function<bool(std::unique_ptr<Batch> batch, const std::string& state)>;
		/// Return false to stop the read.

	ConnectorSession(const polytomic_ops* ops, HostServices& host, const PluginManifest& manifest);
	~ConnectorSession();

	json::Value spec();
	void check(const json::Value& config);
	json::Value discover(const json::Value& config);

	bool read(const ReadSpec& spec, const BatchConsumer& consumer);
		/// True when the read ran to its end, false when it was stopped (by the
		/// consumer or a cancellation).

	std::unique_ptr<ConnectorWriter> openWriter(const json::Value& config, const std::string& object, uint32_t mode,
		const std::vector<std::string>& identity);

	const PluginManifest& manifest() const { return _manifest; }

	void setRole(const std::string& role);
		/// "source" or "destination" in an executor running two connectors: a crash
		/// in this connector's code is then reported as the crash of, say,
		/// "the destination connector 'postgresql'" (CrashingConnector).

	bool cancelled() const;
		/// The work was cancelled (SIGTERM to the executor).

private:
	friend class ConnectorWriter;
	std::string take(char* text);
	[[noreturn]] void fail(const char* operation, char* error);
	json::Value parse(const char* operation, char* text);

	const polytomic_ops* _ops;
	HostServices& _host;
	PluginManifest _manifest;
	std::string _crashDescription; /// empty unless setRole() was called
};


class ConnectorWriter
	/// An open write of one object under one mode.
{
public:
	ConnectorWriter(ConnectorSession& session, void* writer);
	~ConnectorWriter();

	std::vector<RecordResult> write(const ArrowSchema* schema, const ArrowArray* array);
		/// One result per row of the batch; a connector that reports a row twice,
		/// or not at all, is an error.

	void close(bool commit);

private:
	ConnectorSession& _session;
	void* _writer;
};


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_ConnectorSession_INCLUDED
