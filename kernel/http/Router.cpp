//
// Router.cpp
//


#include "http/Router.h"
#include "http/HttpError.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/RegularExpression.h"
#include "Poco/String.h"


namespace polytomic {
namespace http {


void Router::add(const std::string& method, const std::string& pattern, Handler handler)
{
	_routes.push_back(Route{method, pattern, split(pattern), std::move(handler)});
}


std::vector<std::string> Router::split(const std::string& path)
{
	std::vector<std::string> segments;
	std::string::size_type start = 1;
	while (start <= path.size())
	{
		auto slash = path.find('/', start);
		if (slash == std::string::npos) slash = path.size();
		segments.push_back(path.substr(start, slash - start));
		start = slash + 1;
	}
	return segments;
}


std::string Router::canonicalParameter(const std::string& segment)
{
	// UUIDs are case-insensitive (RFC 9562); ids are stored and compared in lower case.
	static const Poco::RegularExpression uuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
	return uuid.match(segment) ? Poco::toLower(segment) : segment;
}


bool Router::matches(const Route& route, const std::vector<std::string>& segments, std::map<std::string, std::string>* parameters)
{
	if (route.segments.size() != segments.size()) return false;
	std::map<std::string, std::string> found;
	for (std::size_t i = 0; i < segments.size(); ++i)
	{
		const std::string& expected = route.segments[i];
		if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}')
		{
			if (segments[i].empty()) return false;
			found[expected.substr(1, expected.size() - 2)] = canonicalParameter(segments[i]);
		}
		else if (expected != segments[i])
		{
			return false;
		}
	}
	if (parameters) *parameters = std::move(found);
	return true;
}


void Router::dispatch(Exchange& exchange, std::string* matchedRoute) const
{
	const std::string& method = exchange.request().getMethod();
	const std::vector<std::string> segments = split(exchange.path());
	bool pathKnown = false;
	for (const Route& route: _routes)
	{
		std::map<std::string, std::string> parameters;
		if (!matches(route, segments, &parameters)) continue;
		pathKnown = true;
		if (route.method != method && !(method == Poco::Net::HTTPRequest::HTTP_HEAD && route.method == "GET")) continue;
		exchange.setParameters(std::move(parameters));
		if (matchedRoute) *matchedRoute = route.pattern;
		exchange.setRoute(route.pattern);
		route.handler(exchange);
		return;
	}
	if (pathKnown) throw HttpError(405, "method_not_allowed", method + " is not allowed on " + exchange.path());

	const std::string& path = exchange.path();
	if (path.size() > 1 && path.back() == '/')
	{
		std::string canonical = path;
		while (canonical.size() > 1 && canonical.back() == '/') canonical.pop_back();
		const auto stripped = split(canonical);
		for (const Route& route: _routes)
		{
			if (!matches(route, stripped, nullptr)) continue;
			const std::string& uri = exchange.request().getURI();
			auto query = uri.find('?');
			exchange.redirect(308, exchange.absoluteUrl(canonical) + (query == std::string::npos ? "" : uri.substr(query)));
			return;
		}
	}
	if (_fallback && (method == Poco::Net::HTTPRequest::HTTP_GET || method == Poco::Net::HTTPRequest::HTTP_HEAD))
	{
		_fallback(exchange);
		return;
	}
	throw HttpError::notFound("no resource at " + path);
}


void Router::fallback(Handler handler)
{
	_fallback = std::move(handler);
}


std::string Router::routeOf(const std::string& method, const std::string& path) const
{
	const auto segments = split(path);
	for (const Route& route: _routes)
		if (route.method == method && matches(route, segments, nullptr)) return route.pattern;
	return "";
}


std::vector<Router::Entry> Router::routes() const
{
	std::vector<Entry> entries;
	entries.reserve(_routes.size());
	for (const Route& route: _routes) entries.push_back(Entry{route.method, route.pattern});
	return entries;
}


} } // namespace polytomic::http
