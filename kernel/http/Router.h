//
// Router.h
//
// Definition of the Router class.
//


#ifndef Polytomic_Http_Router_INCLUDED
#define Polytomic_Http_Router_INCLUDED


#include "http/Exchange.h"
#include <functional>
#include <map>
#include <string>
#include <vector>


namespace polytomic {
namespace http {


class Router
	/// Maps a method and a path ("/api/connections/{id}") to a handler.
	/// Filled once at start-up, then only read (safe from many threads).
{
public:
	using Handler = std::function<void(Exchange&)>;

	void add(const std::string& method, const std::string& pattern, Handler handler);

	void dispatch(Exchange& exchange, std::string* matchedRoute = nullptr) const;
		/// Calls the matching handler with the path parameters set (and its
		/// pattern in matchedRoute, for the metrics and traces). Throws
		/// HttpError 404 (no route), 405 (route without this method); a path
		/// with a trailing slash that matches without it is redirected (308)
		/// to the canonical absolute URL.

	void fallback(Handler handler);
		/// Answers a GET or HEAD whose path no route has (the web UI's client
		/// routes); without one, such a request is a 404.

	std::string routeOf(const std::string& method, const std::string& path) const;
		/// The pattern that serves the request, or "" (for logs and metrics).

	struct Entry
		/// One route as the table holds it: "GET" and "/api/connections/{id}".
	{
		std::string method;
		std::string pattern;
	};

	std::vector<Entry> routes() const;
		/// Every route in the order added (what GET /api/openapi.json documents).

private:
	struct Route
	{
		std::string method;
		std::string pattern;
		std::vector<std::string> segments;
		Handler handler;
	};

	static std::vector<std::string> split(const std::string& path);
	static std::string canonicalParameter(const std::string& segment);
		/// A UUID in lower case; any other segment as it is.
	static bool matches(const Route& route, const std::vector<std::string>& segments, std::map<std::string, std::string>* parameters);

	std::vector<Route> _routes;
	Handler _fallback;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_Router_INCLUDED
