//
// ServerTelemetry.cpp
//


#include "app/ServerTelemetry.h"
#include "telemetry/Logging.h"
#include "Poco/Logger.h"


namespace polytomic {
namespace app {


ServerTelemetry::ServerTelemetry(const config::Settings& settings)
{
	Poco::Logger& logger = Poco::Logger::get("polytomic");
	if (!settings.sentryDsn.empty())
	{
		telemetry::SentryReporter::Params params;
		params.release = std::string("polytomic@") + POLYTOMIC_VERSION;
		params.environment = settings.datadogEnv.empty() ? "production" : settings.datadogEnv;
		_sentry = std::make_unique<telemetry::SentryReporter>(settings.sentryDsn, params);
		_sentry->start();
		telemetry::Logging::reportErrorsTo(_sentry.get());
		logger.information("errors are reported to Sentry (SENTRY_DSN)");
	}
	if (settings.tracing)
	{
		telemetry::Tracer::Params params;
		params.agentHost = settings.datadogAgentHost;
		params.agentPort = settings.datadogTraceAgentPort;
		params.service = settings.datadogService;
		params.env = settings.datadogEnv;
		params.version = POLYTOMIC_VERSION;
		_tracer = std::make_unique<telemetry::Tracer>(params);
		_tracer->start();
		telemetry::Tracer::setActive(_tracer.get());
		store::QueryObserver::install(&_queries);
		logger.information("tracing: spans go to the Datadog agent at " + settings.datadogAgentHost + ":" +
			std::to_string(settings.datadogTraceAgentPort) + " as service " + settings.datadogService);
	}
}


ServerTelemetry::~ServerTelemetry()
{
	if (_tracer)
	{
		store::QueryObserver::install(nullptr);
		telemetry::Tracer::setActive(nullptr);
		_tracer->stop();
	}
	if (_sentry)
	{
		telemetry::Logging::reportErrorsTo(nullptr);
		_sentry->stop();
	}
}


} } // namespace polytomic::app
