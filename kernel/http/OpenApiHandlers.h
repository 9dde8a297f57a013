//
// OpenApiHandlers.h
//
// Definition of the OpenApiHandlers class.
//


#ifndef Polytomic_Http_OpenApiHandlers_INCLUDED
#define Polytomic_Http_OpenApiHandlers_INCLUDED


#include "http/OpenApi.h"
#include "http/Router.h"
#include "Poco/Logger.h"
#include <memory>
#include <mutex>
#include <string>


namespace polytomic {
namespace http {


class OpenApiHandlers
	/// GET /api/openapi.json: the OpenAPI document of the router's whole table.
	/// GET /api/docs: the API reference page (Swagger UI) of that document, and
	/// GET /api/docs/{file} its files, read from WEB_DIR/api-docs (503 naming the
	/// folder when it is not installed). None of them needs a credential: they say
	/// what the API is, nothing of any organization.
{
public:
	OpenApiHandlers(const Router& router, std::string version, std::string webDir);

	void registerRoutes(Router& router);

	void prepare(Poco::Logger& logger);
		/// Makes the document from the table as it is now (call it once every route is
		/// added), and logs each route without a description and each description without a route.

private:
	const OpenApi& openApi();
	void page(Exchange& exchange, const std::string& file);

	const Router& _router;
	std::string _version;
	std::string _webDir;
	std::once_flag _made;
	std::unique_ptr<OpenApi> _pOpenApi;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_OpenApiHandlers_INCLUDED
