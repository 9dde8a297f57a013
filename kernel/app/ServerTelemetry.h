//
// ServerTelemetry.h
//
// Definition of the ServerTelemetry class.
//


#ifndef Polytomic_App_ServerTelemetry_INCLUDED
#define Polytomic_App_ServerTelemetry_INCLUDED


#include "config/Settings.h"
#include "telemetry/QueryTracing.h"
#include "telemetry/SentryReporter.h"
#include "telemetry/Tracer.h"
#include <memory>


namespace polytomic {
namespace app {


class ServerTelemetry
	/// What the serve command sends out while it runs, as the settings ask:
	/// errors logged at error level to Sentry (SENTRY_DSN), spans of requests,
	/// executions and queries to the Datadog agent (TRACING). Stops both, after
	/// a last flush, when destroyed.
{
public:
	explicit ServerTelemetry(const config::Settings& settings);
	~ServerTelemetry();
	ServerTelemetry(const ServerTelemetry&) = delete;
	ServerTelemetry& operator=(const ServerTelemetry&) = delete;

private:
	std::unique_ptr<telemetry::SentryReporter> _sentry;
	std::unique_ptr<telemetry::Tracer> _tracer;
	telemetry::QueryTracing _queries;
};


} } // namespace polytomic::app


#endif // Polytomic_App_ServerTelemetry_INCLUDED
