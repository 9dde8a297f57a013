//
// MetricsHandlers.cpp
//


#include "http/MetricsHandlers.h"


namespace polytomic {
namespace http {


MetricsHandlers::MetricsHandlers(const telemetry::Metrics& metrics):
	_metrics(metrics)
{
}


void MetricsHandlers::registerRoutes(Router& router, const ApiAccess& access)
{
	router.add("GET", "/metrics", access.guard([this](Exchange& e, const auth::Principal&) {
		const std::string text = _metrics.render();
		e.response().set("Cache-Control", "no-store");
		e.response().setContentType("text/plain; version=0.0.4; charset=utf-8");
		e.response().setStatus(Poco::Net::HTTPResponse::HTTP_OK);
		e.response().sendBuffer(text.data(), text.size());
	}));
}


} } // namespace polytomic::http
