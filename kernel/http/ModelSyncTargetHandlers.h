//
// ModelSyncTargetHandlers.h
//
// Definition of the ModelSyncTargetHandlers class.
//


#ifndef Polytomic_Http_ModelSyncTargetHandlers_INCLUDED
#define Polytomic_Http_ModelSyncTargetHandlers_INCLUDED


#include "engine/ModelService.h"
#include "engine/SchemaService.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class ModelSyncTargetHandlers
	/// /api/connections/{id}/modelsync/*: what a connection offers a model sync
	/// as its source (the configuration of a model, its fields) and as its
	/// target (objects, their fields and modes, what creating one takes).
{
public:
	ModelSyncTargetHandlers(engine::SchemaService& schemas, engine::ModelService& models);

	void registerRoutes(Router& router, const ApiAccess& access);

	static json::Value modesOf(const plugins::PluginManifest& manifest);
		/// The model sync modes the connector writes, as the SDK's Mode and SupportedMode at once.

private:
	void registerSource(Router& router, const ApiAccess& access);
	void registerTarget(Router& router, const ApiAccess& access);
	const plugins::PluginManifest& targetManifest(const std::string& organizationId, const std::string& connectionId);
		/// 422 when the connection cannot be written by a model sync.

	engine::SchemaService& _schemas;
	engine::ModelService& _models;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_ModelSyncTargetHandlers_INCLUDED
