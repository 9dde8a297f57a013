//
// SchemaHandlers.h
//
// Definition of the SchemaHandlers class.
//


#ifndef Polytomic_Http_SchemaHandlers_INCLUDED
#define Polytomic_Http_SchemaHandlers_INCLUDED


#include "engine/ModelService.h"
#include "engine/SchemaService.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class SchemaHandlers
	/// What a connection offers: /api/connections/{id}/schemas (discovered
	/// objects, refresh, status, sample records, user-defined fields and
	/// primary-key overrides), .../modelsync/targetobjects and
	/// .../modelsync/target/fields (what a model sync can write), .../bulksync/source
	/// and .../bulksync/target (what a bulk sync can read and how it writes).
{
public:
	SchemaHandlers(engine::SchemaService& schemas, engine::ModelService& models);

	void registerRoutes(Router& router, const ApiAccess& access);

	static json::Value schemaFieldJson(const json::Value& field, const json::Value& object);
		/// SchemaField {id, name, type (unknown|string|number|boolean|datetime|array|object|binary), remote_type, is_primary_key}.

	static json::Value userFieldJson(const json::Value& field, const json::Value& object);
		/// A user-defined field as a SchemaField (its label as name, "user_defined": true).

	static json::Value statusJson(const json::Value& status);
		/// SchemaService::status() as the SDK's BulkSyncSourceStatus {cache_status, last_refresh_started, last_refresh_finished}.

	static std::vector<std::string> primaryKeyOf(const json::Value& body);
		/// The field ids of a SetPrimaryKeysRequest marked is_primary_key, in order; ValidationError when malformed.

private:
	engine::SchemaService& _schemas;
	engine::ModelService& _models;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_SchemaHandlers_INCLUDED
