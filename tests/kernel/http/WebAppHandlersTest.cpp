//
// WebAppHandlersTest.cpp
//


#include "WebAppHandlersTest.h"
#include "http/HttpError.h"
#include "http/OpenApi.h"
#include "http/WebAppHandlers.h"
#include "RunningServer.h"
#include "support/HttpProbe.h"
#include "support/TestDriver.h"
#include "Poco/DeflatingStream.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Pipe.h"
#include "Poco/PipeStream.h"
#include "Poco/Process.h"
#include "Poco/StreamCopier.h"
#include <unistd.h>
#include "Poco/TemporaryFile.h"
#include <cppunit/TestAssert.h>
#include <cstdlib>


using namespace polytomic;
using namespace polytomic::http;
using polytomic::test::HttpProbe;
using polytomic::test::HttpReply;


namespace
{
	const std::string PAGE = "<!doctype html><title>Polytomic</title><script type=\"module\" src=\"/assets/index-AbC123.js\"></script>";
	const std::string SCRIPT = "console.log('the UI');";


	void write(const std::string& path, const std::string& text)
	{
		Poco::FileOutputStream(path) << text;
	}


	void writeGzip(const std::string& path, const std::string& text)
	{
		Poco::FileOutputStream file(path);
		Poco::DeflatingOutputStream gzip(file, Poco::DeflatingStreamBuf::STREAM_GZIP);
		gzip << text;
		gzip.close();
	}


	/// A build's output as CMake lays it out: index.html, assets/, each with its .gz; and a file beside them that is no asset.
	struct WebDir
	{
		WebDir()
		{
			Poco::File(folder.path() + "/assets").createDirectories();
			write(folder.path() + "/index.html", PAGE);
			writeGzip(folder.path() + "/index.html.gz", PAGE);
			write(folder.path() + "/assets/index-AbC123.js", SCRIPT);
			writeGzip(folder.path() + "/assets/index-AbC123.js.gz", SCRIPT);
			write(folder.path() + "/assets/index-AbC123.css", "body{}");
			write(folder.path() + "/secret.txt", "not for browsers");
		}

		std::string path() const { return folder.path(); }

		Poco::TemporaryFile folder;
	};


	struct Site
	{
		explicit Site(const std::string& webDir, WebAppHandlers::SignInMethods methods = {}):
			handlers(webDir, methods),
			running((registerRoutes(), router))
		{
		}

		void registerRoutes()
		{
			router.add("GET", "/api/me", [](Exchange& e) { e.sendText(200, "me"); });
			router.add("GET", "/status.txt", [](Exchange& e) { e.sendText(200, "OK"); });
			handlers.registerRoutes(router);
		}

		HttpReply get(const std::string& path, const std::map<std::string, std::string>& headers = {})
		{
			return HttpProbe::request(running.port(), "GET", path, "", headers);
		}

		Router router;
		WebAppHandlers handlers;
		RunningServer running;
	};
}


void WebAppHandlersTest::testPageIsServedForClientRoutes()
{
	WebDir web;
	Site site(web.path());
	for (const std::string path: {"/", "/connections", "/connections/3f1c2b7e-0000-4000-8000-000000000001/edit", "/admin/users/", "/sign-in?next=%2Fmodels"})
	{
		const HttpReply reply = site.get(path);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 200, reply.status);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(path, PAGE, reply.body);
		CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"), reply.headers.at("Content-Type"));
		CPPUNIT_ASSERT_EQUAL(std::string("no-cache"), reply.headers.at("Cache-Control"));
		CPPUNIT_ASSERT_EQUAL(WebAppHandlers::CONTENT_SECURITY_POLICY, reply.headers.at("Content-Security-Policy"));
		CPPUNIT_ASSERT_EQUAL(std::string("nosniff"), reply.headers.at("X-Content-Type-Options"));
	}
	// The policy lets the page run its own files only: no inline script, no eval.
	CPPUNIT_ASSERT(WebAppHandlers::CONTENT_SECURITY_POLICY.find("script-src 'self';") != std::string::npos);
	CPPUNIT_ASSERT(WebAppHandlers::CONTENT_SECURITY_POLICY.find("unsafe") == std::string::npos);
}


void WebAppHandlersTest::testServerPathsAreNeverThePage()
{
	WebDir web;
	Site site(web.path());
	CPPUNIT_ASSERT_EQUAL(std::string("me"), site.get("/api/me").body);
	for (const std::string path: {"/api", "/api/nothing", "/api/connections/x/y", "/auth/nothing", "/connect/hubspot/x", "/status.txt/x", "/status/x", "/metrics",
		"/metrics/x", "/./api/nothing", "/x/../api/nothing", "/API/x", "/Status.txt", "/favicon.ico", "/api-docs/nosuch.js", "/robots.txt"})
	{
		const HttpReply reply = site.get(path);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 404, reply.status);
		CPPUNIT_ASSERT_MESSAGE(path + ": " + reply.body, reply.body.find("\"key\":\"not_found\"") != std::string::npos);
	}
	// Only reads fall back to the page; a write to a path without a route stays a 404.
	const HttpReply post = HttpProbe::request(site.running.port(), "POST", "/connections", "{}");
	CPPUNIT_ASSERT_EQUAL(404, post.status);
	// A client route whose name merely begins like a server path is the page.
	CPPUNIT_ASSERT_EQUAL(PAGE, site.get("/apis-and-more").body);
}


void WebAppHandlersTest::testAssetsAreCachedForAYear()
{
	WebDir web;
	Site site(web.path());
	const HttpReply script = site.get("/assets/index-AbC123.js");
	CPPUNIT_ASSERT_EQUAL(200, script.status);
	CPPUNIT_ASSERT_EQUAL(SCRIPT, script.body);
	CPPUNIT_ASSERT_EQUAL(std::string("public, max-age=31536000, immutable"), script.headers.at("Cache-Control"));
	CPPUNIT_ASSERT_EQUAL(std::string("text/javascript; charset=utf-8"), script.headers.at("Content-Type"));
	CPPUNIT_ASSERT_EQUAL(std::string("text/css; charset=utf-8"), site.get("/assets/index-AbC123.css").headers.at("Content-Type"));
	const HttpReply missing = site.get("/assets/index-Old999.js");
	CPPUNIT_ASSERT_EQUAL(404, missing.status);
	CPPUNIT_ASSERT(missing.body.find("not_found") != std::string::npos);
}


void WebAppHandlersTest::testGzipOnlyWhenAccepted()
{
	WebDir web;
	Site site(web.path());
	for (const std::string accepted: {"gzip", "deflate, gzip;q=0.8, br", "*"})
	{
		const HttpReply gzipped = site.get("/assets/index-AbC123.js", {{"Accept-Encoding", accepted}});
		CPPUNIT_ASSERT_EQUAL_MESSAGE(accepted, std::string("gzip"), gzipped.headers.at("Content-Encoding"));
		CPPUNIT_ASSERT(gzipped.body.size() > 2 && gzipped.body[0] == '\x1f' && gzipped.body[1] == '\x8b');
		CPPUNIT_ASSERT_EQUAL(std::string("Accept-Encoding"), gzipped.headers.at("Vary"));
	}
	CPPUNIT_ASSERT_EQUAL(std::string("gzip"), site.get("/models", {{"Accept-Encoding", "gzip"}}).headers.at("Content-Encoding"));
	for (const std::string refused: {"", "identity", "br", "gzip;q=0"})
	{
		const HttpReply plain = site.get("/assets/index-AbC123.js", {{"Accept-Encoding", refused}});
		CPPUNIT_ASSERT_EQUAL_MESSAGE(refused, SCRIPT, plain.body);
		CPPUNIT_ASSERT_MESSAGE(refused, plain.headers.count("Content-Encoding") == 0);
		CPPUNIT_ASSERT_EQUAL(std::string("Accept-Encoding"), plain.headers.at("Vary"));
	}
	// A file the build did not compress is sent as it is, whatever the browser accepts.
	const HttpReply css = site.get("/assets/index-AbC123.css", {{"Accept-Encoding", "gzip"}});
	CPPUNIT_ASSERT_EQUAL(std::string("body{}"), css.body);
	CPPUNIT_ASSERT(css.headers.count("Content-Encoding") == 0);
}


void WebAppHandlersTest::testNoFileOutsideTheAssets()
{
	WebDir web;
	Site site(web.path());
	for (const std::string path: {"/assets/..%2Fsecret.txt", "/assets/%2e%2e%2fsecret.txt", "/assets/..", "/assets/%2E%2E", "/assets/.%2e/secret.txt",
		"/assets/..%5Csecret.txt", "/assets/%00", "/assets/index-AbC123.js%00.png", "/../secret.txt", "/%2e%2e/secret.txt", "/assets/../secret.txt",
		"/assets/.hidden", "/secret.txt"})
	{
		const HttpReply reply = site.get(path);
		CPPUNIT_ASSERT_MESSAGE(path + ": " + reply.body, reply.body.find("not for browsers") == std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(path + ": " + std::to_string(reply.status), reply.status == 404 || reply.status == 400 || reply.body == PAGE);
	}
	// A folder inside assets is no file.
	Poco::File(web.path() + "/assets/folder").createDirectories();
	CPPUNIT_ASSERT_EQUAL(404, site.get("/assets/folder").status);
	// Nor is a link, which could lead out of WEB_DIR.
	CPPUNIT_ASSERT_EQUAL(0, ::symlink("/etc/passwd", (web.path() + "/assets/link.js").c_str()));
	CPPUNIT_ASSERT_EQUAL(404, site.get("/assets/link.js").status);
}


void WebAppHandlersTest::testNotInstalledSaysWhatToDo()
{
	Poco::TemporaryFile empty;
	Site site(empty.path());
	const HttpReply reply = site.get("/connections");
	CPPUNIT_ASSERT_EQUAL(503, reply.status);
	CPPUNIT_ASSERT(reply.body.find("web_ui_not_installed") != std::string::npos);
	CPPUNIT_ASSERT(reply.body.find(empty.path() + "/index.html") != std::string::npos);
	CPPUNIT_ASSERT(reply.body.find("WEB_DIR") != std::string::npos);
}


void WebAppHandlersTest::testSignInMethods()
{
	WebDir web;
	WebAppHandlers::SignInMethods methods;
	methods.providers.push_back({"oidc", "single sign-on"});
	methods.links = true;
	Site site(web.path(), methods);
	const HttpReply reply = site.get("/auth/methods");
	CPPUNIT_ASSERT_EQUAL(200, reply.status);
	const json::Value data = json::Value::parse(reply.body)["data"];
	CPPUNIT_ASSERT_EQUAL(std::size_t(1), data["providers"].size());
	CPPUNIT_ASSERT_EQUAL(std::string("/auth/login/oidc"), data["providers"][0].getString("url"));
	CPPUNIT_ASSERT_EQUAL(std::string("single sign-on"), data["providers"][0].getString("label"));
	CPPUNIT_ASSERT(data.getBool("links", false));
}


void WebAppHandlersTest::testOpenApiCommandDocumentsEveryDescribedRoute()
{
	// What the UI's build types its client from: polytomic openapi, with no database at hand.
	const char* binary = std::getenv("POLYTOMIC_BIN");
	CPPUNIT_ASSERT_MESSAGE("POLYTOMIC_BIN is not set (ctest sets it)", binary != nullptr);
	Poco::Pipe out;
	Poco::Process::Env env;
	env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none";
	Poco::ProcessHandle child = Poco::Process::launch(binary, {"openapi"}, nullptr, &out, nullptr, env);
	Poco::PipeInputStream stream(out);
	std::string text;
	Poco::StreamCopier::copyToString(stream, text);
	CPPUNIT_ASSERT_EQUAL(0, child.wait());
	const json::Value document = json::Value::parse(text);
	CPPUNIT_ASSERT_EQUAL(std::string("3.1.0"), document.getString("openapi"));
	for (const char* path: {"/api/me", "/api/connections", "/api/connection_types/{id}", "/api/model-preview", "/api/audit"})
		CPPUNIT_ASSERT_MESSAGE(path, document["paths"].has(path));
	CPPUNIT_ASSERT(!document.has("x-polytomic-undocumented"));
}


CppUnit::Test* WebAppHandlersTest::suite()
{
	auto* suite = new CppUnit::TestSuite("WebAppHandlersTest");
	POLYTOMIC_ADD_TEST(suite, WebAppHandlersTest, testPageIsServedForClientRoutes);
	POLYTOMIC_ADD_TEST(suite, WebAppHandlersTest, testServerPathsAreNeverThePage);
	POLYTOMIC_ADD_TEST(suite, WebAppHandlersTest, testAssetsAreCachedForAYear);
	POLYTOMIC_ADD_TEST(suite, WebAppHandlersTest, testGzipOnlyWhenAccepted);
	POLYTOMIC_ADD_TEST(suite, WebAppHandlersTest, testNoFileOutsideTheAssets);
	POLYTOMIC_ADD_TEST(suite, WebAppHandlersTest, testNotInstalledSaysWhatToDo);
	POLYTOMIC_ADD_TEST(suite, WebAppHandlersTest, testSignInMethods);
	POLYTOMIC_ADD_TEST(suite, WebAppHandlersTest, testOpenApiCommandDocumentsEveryDescribedRoute);
	return suite;
}
