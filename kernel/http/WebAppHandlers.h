//
// WebAppHandlers.h
//
// Definition of the WebAppHandlers class.
//


#ifndef Polytomic_Http_WebAppHandlers_INCLUDED
#define Polytomic_Http_WebAppHandlers_INCLUDED


#include "http/Router.h"
#include <string>
#include <vector>


namespace polytomic {
namespace http {


class WebAppHandlers
	/// The web UI (kernel/web, built into WEB_DIR): GET / and every client route
	/// (a GET no other route has, outside /api/, /auth/, /connect/, /status and
	/// /metrics) answer WEB_DIR/index.html, never cached; GET /assets/{file} the
	/// build's content-hashed files, cached for a year. Each file is sent
	/// gzip-compressed when the build left a .gz beside it and the browser
	/// accepts gzip. None of them needs a credential: the page signs in through
	/// /auth and reads everything else from the API. GET /auth/methods tells the
	/// sign-in page how this server signs people in.
{
public:
	struct SignInMethods
		/// What AUTH_METHODS enables.
	{
		struct Provider
		{
			std::string name;   /// "google", "oidc": GET /auth/login/{name} starts it
			std::string label;  /// "Google"
		};
		std::vector<Provider> providers;
		bool links = false;     /// one-time links (polytomic login-link)
	};

	WebAppHandlers(std::string webDir, SignInMethods methods);

	void registerRoutes(Router& router);
		/// Adds /, /assets/{file} and /auth/methods, and becomes the router's fallback.

	static const std::string CONTENT_SECURITY_POLICY;
		/// What the page may load: its own scripts, styles, images and API, nothing inline.

private:
	void page(Exchange& exchange);
	void asset(Exchange& exchange, const std::string& file);
	void clientRoute(Exchange& exchange);
	void signInMethods(Exchange& exchange);
	void send(Exchange& exchange, const std::string& path, const std::string& contentType);

	static bool clientPath(const std::string& path);
		/// A path that may be one of the UI's routes: no dot segment, no file name.
	static bool serverPath(const std::string& path);
		/// A path the server answers itself (a 404 there is JSON, never the page).
	static bool assetName(const std::string& file);
		/// One file name of the build's assets folder: no folder, no dot file.
	static std::string contentTypeOf(const std::string& file);

	std::string _webDir;
	SignInMethods _methods;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_WebAppHandlers_INCLUDED
