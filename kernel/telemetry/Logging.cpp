//
// Logging.cpp
//


#include "telemetry/Logging.h"
#include "telemetry/LogFormatter.h"
#include "telemetry/SentryChannel.h"
#include "Poco/SplitterChannel.h"
#include "Poco/AutoPtr.h"
#include "Poco/ConsoleChannel.h"
#include "Poco/FormattingChannel.h"
#include "Poco/Logger.h"


namespace polytomic {
namespace telemetry {


namespace
{
	Poco::AutoPtr<Poco::Channel> console;


	void useChannel(const Poco::AutoPtr<Poco::Channel>& channel)
	{
		Poco::Logger::root().setChannel(channel);
		// Loggers created before this call keep their old channel; bring them along.
		Poco::Logger::setChannel("", channel);
	}
}


void Logging::configure(const std::string& level, const std::string& format)
{
	Poco::AutoPtr<LogFormatter> formatter(
		new LogFormatter(format == "json" ? LogFormatter::FORMAT_JSON : LogFormatter::FORMAT_TEXT));
	Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel));
	console = channel;
	useChannel(channel);
	Poco::Logger::root().setLevel(level);
	Poco::Logger::setLevel("", Poco::Logger::parseLevel(level));
}


void Logging::reportErrorsTo(SentryReporter* reporter)
{
	if (!console) return;
	if (!reporter)
	{
		useChannel(console);
		return;
	}
	Poco::AutoPtr<Poco::SplitterChannel> splitter(new Poco::SplitterChannel);
	splitter->addChannel(console);
	splitter->addChannel(new SentryChannel(*reporter));
	useChannel(Poco::AutoPtr<Poco::Channel>(splitter));
}


} } // namespace polytomic::telemetry
