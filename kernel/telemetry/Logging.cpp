//
// Logging.cpp
//


#include "telemetry/Logging.h"
#include "telemetry/LogFormatter.h"
#include "Poco/AutoPtr.h"
#include "Poco/ConsoleChannel.h"
#include "Poco/FormattingChannel.h"
#include "Poco/Logger.h"


namespace polytomic {
namespace telemetry {


void Logging::configure(const std::string& level, const std::string& format)
{
	Poco::AutoPtr<LogFormatter> formatter(
		new LogFormatter(format == "json" ? LogFormatter::FORMAT_JSON : LogFormatter::FORMAT_TEXT));
	Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel));
	Poco::Logger::root().setChannel(channel);
	Poco::Logger::root().setLevel(level);
	// Loggers created before this call keep their old channel and level; bring them along.
	Poco::Logger::setChannel("", channel);
	Poco::Logger::setLevel("", Poco::Logger::parseLevel(level));
}


} } // namespace polytomic::telemetry
