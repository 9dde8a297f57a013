//
// RunningServer.h
//
// Definition of the RunningServer struct (test helper).
//


#ifndef RunningServer_INCLUDED
#define RunningServer_INCLUDED


#include "http/HttpServer.h"


struct RunningServer
	/// An HttpServer on a free loopback port, started for one test.
{
	explicit RunningServer(const polytomic::http::Router& router, std::size_t maxBodyBytes = 10 * 1024 * 1024):
		server(router, params(maxBodyBytes))
	{
		server.start();
	}

	unsigned port() const
	{
		return server.port();
	}

	static polytomic::http::HttpServer::Params params(std::size_t maxBodyBytes)
	{
		polytomic::http::HttpServer::Params p;
		p.port = 0;
		p.publicUrl = "https://polytomic.acme.com";
		p.maxBodyBytes = maxBodyBytes;
		return p;
	}

	polytomic::http::HttpServer server;
};


#endif // RunningServer_INCLUDED
