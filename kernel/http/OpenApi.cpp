//
// OpenApi.cpp
//


#include "http/OpenApi.h"
#include "http/ApiVersion.h"
#include "http/Idempotency.h"
#include "Poco/String.h"
#include <map>
#include <set>


extern const char polytomicOpenApiSdkOperations[];
extern const char polytomicOpenApiServerOperations[];
extern const char polytomicOpenApiComponents[];


namespace polytomic {
namespace http {


namespace
{
	struct Described
	{
		std::string method;
		std::string path;
		json::Value operation;
	};


	void collect(const std::string& text, std::map<std::string, Described>& into)
	{
		const json::Value file = json::Value::parse(text);
		for (const json::Value& entry: file["operations"].items())
		{
			const std::string method = entry.getString("method"), path = entry.getString("path");
			into.emplace(OpenApi::shapeOf(method, path), Described{method, path, entry["operation"]});
		}
	}


	void addServerSchemas(json::Value& components, const std::string& serverOperations)
		/// The schemas server-operations.json adds: a new one is added, and one the SDK
		/// has gets the properties the server answers beyond the SDK's (never fewer).
	{
		const json::Value added = json::Value::parse(serverOperations)["schemas"];
		if (!added.isObject()) return;
		json::Value schemas = components["schemas"].isObject() ? components["schemas"] : json::Value::object();
		for (const auto& [name, addition]: added.members())
		{
			if (!schemas[name].isObject())
			{
				schemas.set(name, addition);
				continue;
			}
			json::Value schema = schemas[name];
			json::Value properties = schema["properties"].isObject() ? schema["properties"] : json::Value::object();
			if (addition["properties"].isObject())
				for (const auto& [property, described]: addition["properties"].members()) properties.set(property, described);
			schema.set("properties", properties);
			schemas.set(name, schema);
		}
		components.set("schemas", schemas);
	}


	json::Value headerParameter(const std::string& name, const std::string& description, const json::Value& schema)
	{
		json::Value parameter = json::Value::object();
		parameter.set("name", name);
		parameter.set("in", "header");
		parameter.set("required", false);
		parameter.set("description", description);
		parameter.set("schema", schema);
		return parameter;
	}


	json::Value reference(const std::string& to)
	{
		json::Value ref = json::Value::object();
		ref.set("$ref", to);
		return ref;
	}


	json::Value scheme(const std::string& type, const std::string& name, const std::string& description)
	{
		json::Value s = json::Value::object();
		s.set("type", type);
		if (type == "http") s.set("scheme", name);
		else
		{
			s.set("in", "cookie");
			s.set("name", name);
		}
		s.set("description", description);
		return s;
	}
}


OpenApi::OpenApi(const std::vector<Router::Entry>& routes, const std::string& version):
	OpenApi(routes, version, embedded())
{
}


OpenApi::OpenApi(const std::vector<Router::Entry>& routes, const std::string& version, const Descriptions& descriptions)
{
	std::map<std::string, Described> described;
	collect(descriptions.sdkOperations, described);
	collect(descriptions.serverOperations, described);

	json::Value paths = json::Value::object();
	std::set<std::string> routed;
	for (const Router::Entry& route: routes)
	{
		const std::string shape = shapeOf(route.method, route.pattern);
		if (!routed.insert(shape).second) continue;
		const auto found = described.find(shape);
		if (found == described.end()) _undocumented.push_back(route.method + " " + route.pattern);
		json::Value item = paths[route.pattern].isObject() ? paths[route.pattern] : json::Value::object();
		item.set(Poco::toLower(route.method), operationFor(route, found == described.end() ? nullptr : &found->second.operation));
		paths.set(route.pattern, item);
	}
	for (const auto& [shape, description]: described)
		if (!routed.count(shape)) _unrouted.push_back(description.method + " " + description.path);

	json::Value document = json::Value::object();
	document.set("openapi", "3.1.0");
	json::Value about = json::Value::object();
	about.set("title", "Polytomic On-Premises API");
	about.set("version", version);
	about.set("description", info());
	document.set("info", about);
	json::Value anyCredential = json::Value::array();
	for (const char* name: {"bearer", "basic", "session"})
	{
		json::Value requirement = json::Value::object();
		requirement.set(name, json::Value::array());
		anyCredential.push(requirement);
	}
	document.set("security", anyCredential);
	document.set("paths", paths);
	json::Value components = this->components(json::Value::parse(descriptions.components));
	addServerSchemas(components, descriptions.serverOperations);
	document.set("components", components);
	if (!_undocumented.empty()) document.set("x-polytomic-undocumented", json::Value(json::Value::Array(_undocumented.begin(), _undocumented.end())));
	_document = document.dump();
}


std::string OpenApi::shapeOf(const std::string& method, const std::string& pattern)
{
	std::string shape = method + " ";
	bool inParameter = false;
	for (char c: pattern)
	{
		if (c == '{') inParameter = true;
		if (!inParameter) shape += c;
		if (c == '}')
		{
			shape += "{}";
			inParameter = false;
		}
	}
	while (shape.size() > method.size() + 2 && shape.back() == '/') shape.pop_back();
	return shape;
}


json::Value OpenApi::operationFor(const Router::Entry& route, const json::Value* pDescription) const
{
	json::Value operation = json::Value::object();
	if (pDescription) operation = *pDescription;
	else
	{
		operation.set("summary", "Undocumented: kernel/http/openapi/ has no description of this route");
		operation.set("x-polytomic-undocumented", true);
		json::Value responses = json::Value::object();
		json::Value any = json::Value::object();
		any.set("description", "Not described.");
		responses.set("default", any);
		operation.set("responses", responses);
	}
	json::Value parameters = pathParameters(route.pattern);
	if (operation["parameters"].isArray())
		for (const json::Value& parameter: operation["parameters"].items()) parameters.push(parameter);
	// Both are read where ApiAccess admits the call: on the API's routes, not on /auth/* or /status*.
	const bool api = route.pattern.rfind("/api/", 0) == 0;
	if (api) parameters.push(reference("#/components/parameters/XPolytomicVersion"));
	if (api && route.method == "POST") parameters.push(reference("#/components/parameters/IdempotencyKey"));
	if (parameters.size() > 0) operation.set("parameters", parameters);
	return operation;
}


json::Value OpenApi::pathParameters(const std::string& pattern)
{
	json::Value parameters = json::Value::array();
	std::string::size_type open = 0;
	while ((open = pattern.find('{', open)) != std::string::npos)
	{
		const auto close = pattern.find('}', open);
		if (close == std::string::npos) break;
		json::Value parameter = json::Value::object();
		parameter.set("name", pattern.substr(open + 1, close - open - 1));
		parameter.set("in", "path");
		parameter.set("required", true);
		json::Value schema = json::Value::object();
		schema.set("type", "string");
		parameter.set("schema", schema);
		parameters.push(parameter);
		open = close + 1;
	}
	return parameters;
}


json::Value OpenApi::components(const json::Value& described)
{
	json::Value components = described;
	json::Value parameters = json::Value::object();
	json::Value key = json::Value::object();
	key.set("type", "string");
	key.set("pattern", "^[A-Za-z0-9_-]{" + std::to_string(Idempotency::MIN_KEY_LENGTH) + "," + std::to_string(Idempotency::MAX_KEY_LENGTH) + "}$");
	parameters.set("IdempotencyKey", headerParameter("Idempotency-Key",
		"Makes the POST safe to retry: a repeat with the same key and body replays the first answer (status and body) for " +
		std::to_string(Idempotency::RETENTION_HOURS) + " hours; while the first is still being answered, 409; the same key with "
		"another body, 422. Keys are the caller's own (per credential and organization).", key));
	json::Value version = json::Value::object();
	version.set("type", "string");
	version.set("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
	parameters.set("XPolytomicVersion", headerParameter(ApiVersion::HEADER, ApiVersion::rule(), version));
	components.set("parameters", parameters);
	json::Value schemes = json::Value::object();
	schemes.set("bearer", scheme("http", "bearer", "An organization's or a user's API key."));
	schemes.set("basic", scheme("http", "basic", "<organization id>:<DEPLOYMENT_API_KEY>, for automation across organizations."));
	schemes.set("session", scheme("apiKey", "polytomic_session", "A signed-in browser; writes also need the X-CSRF-Token header."));
	components.set("securitySchemes", schemes);
	return components;
}


std::string OpenApi::info()
{
	return "Polytomic's public API as this on-premises server serves it; the official SDKs work against it unchanged. "
		"Errors are {status, key, message, metadata?}. POST takes an Idempotency-Key header; X-Polytomic-Version is accepted "
		"(see its parameter). Lists: where the SDK's method takes a page_token the list is paged (pass pagination.next_page_token "
		"back as page_token); where it takes none the list is whole.";
}


OpenApi::Descriptions OpenApi::embedded()
{
	return Descriptions{polytomicOpenApiSdkOperations, polytomicOpenApiServerOperations, polytomicOpenApiComponents};
}


} } // namespace polytomic::http
