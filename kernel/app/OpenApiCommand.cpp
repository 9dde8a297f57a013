//
// OpenApiCommand.cpp
//
// polytomic openapi: the API's OpenAPI document, without a database.
//


#include "app/Commands.h"
#include "app/PolytomicApp.h"
#include "http/OpenApi.h"
#include "polytomic/json.hpp"
#include <iostream>


namespace polytomic {
namespace app {


namespace
{
	// The routes the server's descriptions name: serve() routes each of them (OpenApiTest
	// checks that none is left out), so this is the document GET /api/openapi.json gives,
	// made where no database is at hand (the web UI's build types its API client from it).
	std::vector<http::Router::Entry> describedRoutes(const http::OpenApi::Descriptions& descriptions)
	{
		std::vector<http::Router::Entry> routes;
		for (const std::string* text: {&descriptions.sdkOperations, &descriptions.serverOperations})
		{
			const json::Value file = json::Value::parse(*text);
			for (const json::Value& entry: file["operations"].items()) routes.push_back({entry.getString("method"), entry.getString("path")});
		}
		return routes;
	}
}


int printOpenApi()
{
	const http::OpenApi::Descriptions descriptions = http::OpenApi::embedded();
	std::cout << http::OpenApi(describedRoutes(descriptions), POLYTOMIC_VERSION, descriptions).document() << std::endl;
	return PolytomicApp::EXIT_OK;
}


} } // namespace polytomic::app
