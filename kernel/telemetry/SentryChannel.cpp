//
// SentryChannel.cpp
//


#include "telemetry/SentryChannel.h"
#include "telemetry/LogContext.h"
#include "Poco/Message.h"


namespace polytomic {
namespace telemetry {


SentryChannel::SentryChannel(SentryReporter& reporter):
	_reporter(reporter)
{
}


void SentryChannel::log(const Poco::Message& message)
{
	if (message.getPriority() > Poco::Message::PRIO_ERROR) return;
	SentryReporter::Event event;
	event.message = message.getText();
	event.logger = message.getSource();
	event.level = message.getPriority() == Poco::Message::PRIO_ERROR ? "error" : "fatal";
	event.requestId = LogContext::requestId();
	event.executionId = LogContext::executionId();
	event.frames = SentryReporter::currentStack(2);
	_reporter.capture(std::move(event));
}


} } // namespace polytomic::telemetry
