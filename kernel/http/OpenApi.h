//
// OpenApi.h
//
// Definition of the OpenApi class.
//


#ifndef Polytomic_Http_OpenApi_INCLUDED
#define Polytomic_Http_OpenApi_INCLUDED


#include "http/Router.h"
#include "polytomic/json.hpp"
#include <string>
#include <vector>


namespace polytomic {
namespace http {


class OpenApi
	/// The OpenAPI 3.1 document of a route table (GET /api/openapi.json). Each
	/// route takes the description that kernel/http/openapi/ gives its shape (the
	/// SDK's operations, written from the SDK by tests/compat/openapi.mjs, and the
	/// server's own, written by hand); its path parameters are named as the router
	/// names them. The document is made from the table, so no route is left out:
	/// one without a description is listed with "x-polytomic-undocumented", and
	/// undocumented() names it.
{
public:
	struct Descriptions
		/// The JSON texts the document is made of.
	{
		std::string sdkOperations;
		std::string serverOperations;
		std::string components;
	};

	OpenApi(const std::vector<Router::Entry>& routes, const std::string& version);
		/// With the descriptions the server embeds.

	OpenApi(const std::vector<Router::Entry>& routes, const std::string& version, const Descriptions& descriptions);

	const std::string& document() const;
		/// The document as JSON text.

	const std::vector<std::string>& undocumented() const;
		/// "GET /api/x" for each route no description covers.

	const std::vector<std::string>& unrouted() const;
		/// "GET /api/x" for each description no route has.

	static std::string shapeOf(const std::string& method, const std::string& pattern);
		/// "GET /api/syncs/{}/executions": the key routes and descriptions meet on
		/// (parameter names and a trailing slash do not count).

	static Descriptions embedded();

private:
	json::Value operationFor(const Router::Entry& route, const json::Value* pDescription) const;
	static json::Value pathParameters(const std::string& pattern);
	static json::Value components(const json::Value& described);
	static std::string info();

	std::string _document;
	std::vector<std::string> _undocumented;
	std::vector<std::string> _unrouted;
};


//
// inlines
//
inline const std::string& OpenApi::document() const { return _document; }
inline const std::vector<std::string>& OpenApi::undocumented() const { return _undocumented; }
inline const std::vector<std::string>& OpenApi::unrouted() const { return _unrouted; }


} } // namespace polytomic::http


#endif // Polytomic_Http_OpenApi_INCLUDED
