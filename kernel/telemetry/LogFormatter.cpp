//
// LogFormatter.cpp
//


#include "telemetry/LogFormatter.h"
#include "telemetry/LogContext.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DigestEngine.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/JSONString.h"
#include "Poco/Message.h"


namespace polytomic {
namespace telemetry {


LogFormatter::LogFormatter(Format format):
	_format(format)
{
}


std::string LogFormatter::levelName(Poco::Message::Priority priority)
{
	switch (priority)
	{
	case Poco::Message::PRIO_TRACE: return "trace";
	case Poco::Message::PRIO_DEBUG: return "debug";
	case Poco::Message::PRIO_INFORMATION:
	case Poco::Message::PRIO_NOTICE: return "info";
	case Poco::Message::PRIO_WARNING: return "warn";
	default: return "error";
	}
}


void LogFormatter::format(const Poco::Message& message, std::string& text)
{
	const std::string ts = Poco::DateTimeFormatter::format(message.getTime(), "%Y-%m-%dT%H:%M:%S.%iZ");
	const std::string level = levelName(message.getPriority());
	std::string requestId = LogContext::requestId();
	if (requestId.empty() && message.has("request_id")) requestId = message.get("request_id");
	std::string executionId = LogContext::executionId();
	if (executionId.empty() && message.has("execution_id")) executionId = message.get("execution_id");

	if (_format == FORMAT_JSON)
	{
		text += "{\"ts\":\"" + ts + "\",\"level\":\"" + level + "\",\"logger\":" + Poco::toJSON(message.getSource()) +
			",\"msg\":" + Poco::toJSON(message.getText());
		if (!requestId.empty()) text += ",\"request_id\":" + Poco::toJSON(requestId);
		if (!executionId.empty()) text += ",\"execution_id\":" + Poco::toJSON(executionId);
		text += '}';
		return;
	}
	text += ts + ' ' + level + (level.size() < 5 ? std::string(5 - level.size(), ' ') : "") + ' ' + message.getSource();
	if (!requestId.empty()) text += " [request_id=" + requestId + "]";
	if (!executionId.empty()) text += " [execution_id=" + executionId + "]";
	text += ' ';
	appendOneLine(message.getText(), text);
}


void LogFormatter::appendOneLine(const std::string& message, std::string& text)
{
	// A message with a line break (a database error's DETAIL, text from a request) would
	// make lines that log collectors take for separate entries, or that forge them.
	for (char c: message)
	{
		const auto byte = static_cast<unsigned char>(c);
		if (c == '\n') text += "\\n";
		else if (c == '\r') text += "\\r";
		else if ((byte < 0x20 && c != '\t') || byte == 0x7f) text += "\\x" + Poco::DigestEngine::digestToHex({byte});
		else text += c;
	}
}


} } // namespace polytomic::telemetry
