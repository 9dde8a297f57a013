//
// WebAppHandlers.cpp
//


#include "http/WebAppHandlers.h"
#include "http/HttpError.h"
#include "Poco/File.h"
#include "Poco/Net/NameValueCollection.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include <map>


namespace polytomic {
namespace http {


// Mantine sets its CSS variables through the CSSOM (element.style), which a policy does not
// govern, and CodeMirror adopts constructed style sheets: neither needs 'unsafe-inline'.
const std::string WebAppHandlers::CONTENT_SECURITY_POLICY =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";


namespace
{
	bool acceptsGzip(const Poco::Net::HTTPServerRequest& request)
	{
		Poco::StringTokenizer codings(request.get("Accept-Encoding", ""), ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
		for (const std::string& coding: codings)
		{
			const std::string name = Poco::toLower(coding.substr(0, coding.find(';')));
			const auto q = coding.find("q=");
			const bool refused = q != std::string::npos && std::strtod(coding.c_str() + q + 2, nullptr) <= 0.0;
			if ((Poco::trim(name) == "gzip" || Poco::trim(name) == "*") && !refused) return true;
		}
		return false;
	}
}


WebAppHandlers::WebAppHandlers(std::string webDir, SignInMethods methods):
	_webDir(std::move(webDir)),
	_methods(std::move(methods))
{
}


void WebAppHandlers::registerRoutes(Router& router)
{
	router.add("GET", "/", [this](Exchange& e) { page(e); });
	router.add("GET", "/assets/{file}", [this](Exchange& e) { asset(e, e.parameter("file")); });
	router.add("GET", "/auth/methods", [this](Exchange& e) { signInMethods(e); });
	router.fallback([this](Exchange& e) { clientRoute(e); });
}


void WebAppHandlers::signInMethods(Exchange& exchange)
{
	json::Value providers = json::Value::array();
	for (const auto& provider: _methods.providers)
	{
		json::Value p = json::Value::object();
		p.set("name", provider.name);
		p.set("label", provider.label);
		p.set("url", "/auth/login/" + provider.name);
		providers.push(p);
	}
	json::Value data = json::Value::object();
	data.set("providers", providers);
	data.set("links", _methods.links);
	exchange.response().set("Cache-Control", "no-store");
	exchange.sendData(data);
}


void WebAppHandlers::page(Exchange& exchange)
{
	const std::string path = _webDir + "/index.html";
	if (!Poco::File(path).exists())
		throw HttpError(503, "web_ui_not_installed", "the web UI is not installed: " + path + " is missing; build it with cmake --build "
			"(it needs npm) and install it with cmake --install, or set WEB_DIR to the build's web folder; the API works without it");
	exchange.response().set("Cache-Control", "no-cache");
	send(exchange, path, "text/html; charset=utf-8");
}


void WebAppHandlers::asset(Exchange& exchange, const std::string& file)
{
	const std::string path = _webDir + "/assets/" + file;
	// A link could lead out of WEB_DIR: only the build's own files are served.
	if (!assetName(file) || !Poco::File(path).exists() || Poco::File(path).isLink() || !Poco::File(path).isFile())
		throw HttpError::notFound("no file " + file + " in the web UI's assets");
	// The build names each file by a hash of its content: a changed file is a new name.
	exchange.response().set("Cache-Control", "public, max-age=31536000, immutable");
	send(exchange, path, contentTypeOf(file));
}


void WebAppHandlers::clientRoute(Exchange& exchange)
{
	if (serverPath(exchange.path()) || !clientPath(exchange.path())) throw HttpError::notFound("no resource at " + exchange.path());
	page(exchange);
}


void WebAppHandlers::send(Exchange& exchange, const std::string& path, const std::string& contentType)
{
	auto& response = exchange.response();
	response.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
	response.set("X-Content-Type-Options", "nosniff");
	response.set("Referrer-Policy", "same-origin");
	response.set("Vary", "Accept-Encoding");
	const std::string compressed = path + ".gz";
	if (acceptsGzip(exchange.request()) && Poco::File(compressed).exists())
	{
		response.set("Content-Encoding", "gzip");
		response.sendFile(compressed, contentType);
		return;
	}
	response.sendFile(path, contentType);
}


bool WebAppHandlers::clientPath(const std::string& path)
{
	// The UI's routes have no dot segments and no file names: "/x/../api/y", "/./api/y" or
	// "/favicon.ico" are not pages, and answering them with index.html would hide a wrong link.
	const auto last = path.rfind('/');
	if (last != std::string::npos && path.find('.', last) != std::string::npos) return false;
	return path.find("/./") == std::string::npos && path.find("/../") == std::string::npos;
}


bool WebAppHandlers::serverPath(const std::string& path)
{
	const std::string lower = Poco::toLower(path); // "/API/x" is no page either
	for (const char* prefix: {"/api", "/auth", "/connect", "/status", "/metrics", "/assets"})
	{
		const std::string p(prefix);
		if (lower.compare(0, p.size(), p) == 0 && (lower.size() == p.size() || lower[p.size()] == '/' || lower[p.size()] == '.')) return true;
	}
	return false;
}


bool WebAppHandlers::assetName(const std::string& file)
{
	if (file.empty() || file.front() == '.') return false;
	for (char c: file)
		if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) return false;
	return true;
}


std::string WebAppHandlers::contentTypeOf(const std::string& file)
{
	static const std::map<std::string, std::string> types{
		{"js", "text/javascript; charset=utf-8"},
		{"mjs", "text/javascript; charset=utf-8"},
		{"css", "text/css; charset=utf-8"},
		{"svg", "image/svg+xml"},
		{"png", "image/png"},
		{"ico", "image/x-icon"},
		{"woff2", "font/woff2"},
		{"json", "application/json"},
		{"map", "application/json"},
		{"txt", "text/plain; charset=utf-8"},
	};
	const auto found = types.find(Poco::toLower(Poco::Path(file).getExtension()));
	return found == types.end() ? "application/octet-stream" : found->second;
}


} } // namespace polytomic::http
