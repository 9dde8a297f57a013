//
// ModelHandlers.h
//
// Definition of the ModelHandlers class.
//


#ifndef Polytomic_Http_ModelHandlers_INCLUDED
#define Polytomic_Http_ModelHandlers_INCLUDED


#include "engine/ModelService.h"
#include "http/ApiAccess.h"
#include "http/Router.h"


namespace polytomic {
namespace http {


class ModelHandlers
	/// /api/models (CRUD, sample) and /api/model-preview.
{
public:
	explicit ModelHandlers(engine::ModelService& models);

	void registerRoutes(Router& router, const ApiAccess& access);

	static json::Value modelJson(const store::ModelRecord& model);

private:
	engine::ModelService& _models;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_ModelHandlers_INCLUDED
