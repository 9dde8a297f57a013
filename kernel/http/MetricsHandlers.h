//
// MetricsHandlers.h
//
// Definition of the MetricsHandlers class.
//


#ifndef Polytomic_Http_MetricsHandlers_INCLUDED
#define Polytomic_Http_MetricsHandlers_INCLUDED


#include "http/ApiAccess.h"
#include "http/Router.h"
#include "telemetry/Metrics.h"


namespace polytomic {
namespace http {


class MetricsHandlers
	/// GET /metrics: the process's Prometheus metrics in the text format
	/// (0.0.4), for a caller of the API (Prometheus scrapes with basic_auth:
	/// the organization id and DEPLOYMENT_API_KEY).
{
public:
	explicit MetricsHandlers(const telemetry::Metrics& metrics);

	void registerRoutes(Router& router, const ApiAccess& access);

private:
	const telemetry::Metrics& _metrics;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_MetricsHandlers_INCLUDED
