//
// ModelHandlers.h
//
// Definition of the ModelHandlers class.
//


#ifndef Polytomic_Http_ModelHandlers_INCLUDED
#define Polytomic_Http_ModelHandlers_INCLUDED


#include "engine/JobRunner.h"
#include "engine/ModelService.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class ModelHandlers
	/// /api/models (CRUD, sample) and /api/model-preview, in the SDK's shapes;
	/// preview, sample, create and update also as jobs (?async=true). The
	/// enrichment routes answer that no enrichment connector is installed.
{
public:
	ModelHandlers(engine::ModelService& models, engine::JobRunner& jobs);

	void registerRoutes(Router& router, const ApiAccess& access);

	static json::Value modelJson(const store::ModelRecord& model);
		/// The SDK's ModelResponse.

	static json::Value fieldsJson(const json::Value& fields);
		/// A preview's fields [{name, type}] as the SDK's ModelField list.

	static json::Value sampleJson(const std::string& modelId, const json::Value& records);
		/// The SDK's ModelSample: each record keyed by the model's id.

	static constexpr std::size_t LIST_PAGE = 500;
		/// Rows read at a time when the whole list is given (GET /api/models without limit).

private:
	void answer(Exchange& e, const auth::Principal& p, const std::string& jobType, engine::JobRunner::Work work);
		/// {"data": work()} now, or with ?async=true the job that computes it.

	void registerEnrichment(Router& router, const ApiAccess& access);

	engine::ModelService& _models;
	engine::JobRunner& _jobs;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_ModelHandlers_INCLUDED
