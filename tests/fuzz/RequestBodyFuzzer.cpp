//
// RequestBodyFuzzer.cpp
//
// Request bodies of the API on any bytes, through the same code the handlers
// run before they reach the database: Exchange::bodyObject() on a request with
// that body, then the resource's own validation. Every refusal must be one the
// server answers with a 4xx (HttpError below 500, ValidationError, or for a
// model sync's mapping std::invalid_argument / std::runtime_error, which
// SyncService reports as a 400); any other exception would be a 500 and aborts.
//
// The first byte picks the resource; the rest is the body. Bodies validated
// only against the database (users, keys, webhooks, execution options, a sync's
// model and target) are covered by the abuse suite (tests/abuse).
//


#include "engine/BulkSyncService.h"
#include "engine/ConfigurationSchema.h"
#include "engine/EngineError.h"
#include "engine/ModelService.h"
#include "engine/Schedule.h"
#include "http/Exchange.h"
#include "http/HttpError.h"
#include "plugins/RecordMapper.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/NullStream.h"
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <typeinfo>


namespace
{
	using polytomic::json::Value;


	class BodyResponse: public Poco::Net::HTTPServerResponse
		/// A response nothing is sent on: the fuzzer judges the exception instead.
	{
	public:
		void sendContinue() override {}
		std::ostream& send() override { _sent = true; return _sink; }
		void sendFile(const std::string&, const std::string&) override { _sent = true; }
		void sendBuffer(const void*, std::size_t) override { _sent = true; }
		void redirect(const std::string&, HTTPStatus) override { _sent = true; }
		void requireAuthentication(const std::string&) override { _sent = true; }
		bool sent() const override { return _sent; }

	private:
		Poco::NullOutputStream _sink;
		bool _sent = false;
	};


	class BodyRequest: public Poco::Net::HTTPServerRequest
		/// A POST whose body is the fuzzer's bytes, as POCO hands it to a handler.
	{
	public:
		BodyRequest(const std::string& uri, const std::string& body):
			_body(body),
			_params(new Poco::Net::HTTPServerParams)
		{
			setMethod("POST");
			setURI(uri);
			setContentLength64(static_cast<Poco::Int64>(body.size()));
			setContentType("application/json");
		}

		std::istream& stream() override { return _body; }
		const Poco::Net::SocketAddress& clientAddress() const override { return _address; }
		const Poco::Net::SocketAddress& serverAddress() const override { return _address; }
		const Poco::Net::HTTPServerParams& serverParams() const override { return *_params; }
		Poco::Net::HTTPServerResponse& response() const override { return _response; }
		bool secure() const override { return false; }

	private:
		std::istringstream _body;
		Poco::Net::SocketAddress _address{"127.0.0.1", 40000};
		Poco::Net::HTTPServerParams::Ptr _params;
		mutable BodyResponse _response;
	};


	const polytomic::engine::ConfigurationSchema& connectionSchema()
		/// A connector configuration of the kinds first-party connectors declare.
	{
		static const polytomic::engine::ConfigurationSchema schema(Value::parse(R"({"type": "object", "required": ["host", "database"],
			"properties": {"host": {"type": "string", "minLength": 1, "maxLength": 255},
			"port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 5432},
			"database": {"type": "string"}, "password": {"type": "string", "secret": true},
			"ssl": {"type": "boolean", "default": false}, "mode": {"type": "string", "enum": ["a", "b"]}}})"));
		return schema;
	}


	void validate(unsigned char resource, polytomic::http::Exchange& exchange)
		/// What the handler of `resource` does with the body before the database.
	{
		using namespace polytomic::engine;
		switch (resource % 7)
		{
		case 0:  // POST/PUT /api/bulk/syncs
			BulkSyncService::Input::fromJson(exchange.bodyObject());
			break;
		case 1:  // POST/PUT /api/models
			ModelService::Input::fromJson(exchange.bodyObject());
			break;
		case 2:  // POST /api/model-preview
			ModelService::Input::fromJson(exchange.bodyObject(), false);
			break;
		case 3:  // POST/PUT /api/syncs: the mapping, filters and filter logic
			polytomic::plugins::RecordMapper{exchange.bodyObject()};
			break;
		case 4:  // POST/PUT /api/syncs: the schedule
		{
			const Value body = exchange.bodyObject();
			if (!body["schedule"].isNull()) Schedule::fromJson(body["schedule"]).nextAfter(1764547200);
			break;
		}
		case 5:  // POST/PUT /api/connections, /api/connections/test: the configuration
		{
			const Value body = exchange.bodyObject();
			const ConfigurationSchema& schema = connectionSchema();
			const Value& configuration = body["configuration"];
			if (configuration.isObject())
			{
				schema.validate(configuration);
				schema.withDefaults(configuration);
			}
			break;
		}
		default:  // POST /api/syncs/{id}/executions, /activate: optional bodies
			exchange.bodyObject(true);
			break;
		}
	}
}


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	if (size == 0) return 0;
	const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
	BodyRequest request("/api/fuzz", body);
	try
	{
		polytomic::http::Exchange exchange(request, request.response(), "http://localhost", 1 << 20);
		validate(data[0], exchange);
	}
	catch (const polytomic::http::HttpError& e)
	{
		if (e.status() >= 500)
		{
			std::fprintf(stderr, "resource %u answered %d: %s\n", data[0] % 7, e.status(), e.what());
			std::abort();
		}
	}
	catch (const polytomic::engine::ValidationError&)
	{
	}
	catch (const std::exception& e)
	{
		// SyncService turns whatever RecordMapper throws into a 400 on filters or filter_logic.
		if (data[0] % 7 == 3) return 0;
		std::fprintf(stderr, "resource %u: %s escaped (a 500): %s\n", data[0] % 7, typeid(e).name(), e.what());
		std::abort();
	}
	return 0;
}
