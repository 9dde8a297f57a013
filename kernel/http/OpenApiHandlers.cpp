//
// OpenApiHandlers.cpp
//


#include "http/OpenApiHandlers.h"
#include "http/HttpError.h"
#include "Poco/File.h"
#include <map>


namespace polytomic {
namespace http {


namespace
{
	// The page's files: only these names are served (a name is never a path).
	const std::map<std::string, std::string>& pageFiles()
	{
		static const std::map<std::string, std::string> files{
			{"index.html", "text/html; charset=utf-8"},
			{"init.js", "text/javascript; charset=utf-8"},
			{"swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
			{"swagger-ui.css", "text/css; charset=utf-8"},
			{"LICENSE", "text/plain; charset=utf-8"},
		};
		return files;
	}
}


OpenApiHandlers::OpenApiHandlers(const Router& router, std::string version, std::string webDir):
	_router(router),
	_version(std::move(version)),
	_webDir(std::move(webDir))
{
}


void OpenApiHandlers::registerRoutes(Router& router)
{
	router.add("GET", "/api/openapi.json", [this](Exchange& e) {
		e.response().set("Cache-Control", "no-cache");
		e.sendJson(200, openApi().document());
	});
	router.add("GET", "/api/docs", [this](Exchange& e) { page(e, "index.html"); });
	router.add("GET", "/api/docs/{file}", [this](Exchange& e) { page(e, e.parameter("file")); });
}


const OpenApi& OpenApiHandlers::openApi()
{
	std::call_once(_made, [this] { _pOpenApi = std::make_unique<OpenApi>(_router.routes(), _version); });
	return *_pOpenApi;
}


void OpenApiHandlers::prepare(Poco::Logger& logger)
{
	const OpenApi& made = openApi();
	for (const std::string& route: made.undocumented())
		logger.warning("the route " + route + " has no description in kernel/http/openapi/: GET /api/openapi.json lists it as undocumented");
	for (const std::string& route: made.unrouted())
		logger.debug("kernel/http/openapi/ describes " + route + ", which this server does not route");
}


void OpenApiHandlers::page(Exchange& exchange, const std::string& file)
{
	const auto type = pageFiles().find(file);
	if (type == pageFiles().end()) throw HttpError::notFound("no file " + file + " in the API reference page");
	const std::string path = _webDir + "/api-docs/" + file;
	if (!Poco::File(path).exists())
		throw HttpError(503, "api_reference_not_installed", "the API reference page is not installed: " + path +
			" is missing; install the server with cmake --install (it copies kernel/web's page into WEB_DIR) or set WEB_DIR; "
			"GET /api/openapi.json works without it");
	auto& response = exchange.response();
	// The page loads only its own files and the document; nothing from elsewhere.
	response.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
	response.set("X-Content-Type-Options", "nosniff");
	response.set("Cache-Control", file == "index.html" ? "no-cache" : "public, max-age=3600");
	response.sendFile(path, type->second);
}


} } // namespace polytomic::http
