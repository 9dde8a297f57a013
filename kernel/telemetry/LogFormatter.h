//
// LogFormatter.h
//
// Definition of the LogFormatter class.
//


#ifndef Polytomic_Telemetry_LogFormatter_INCLUDED
#define Polytomic_Telemetry_LogFormatter_INCLUDED


#include "Poco/Formatter.h"
#include "Poco/Message.h"


namespace polytomic {
namespace telemetry {


class LogFormatter: public Poco::Formatter
	/// Formats a log line as text ("2026-01-02T03:04:05.678Z info polytomic.http [request_id=...] [execution_id=...] text")
	/// or as one JSON object per line ({"ts":...,"level":...,"logger":...,"msg":...,"request_id":...,"execution_id":...}).
	/// The request id and execution id are those of the thread that logged
	/// (LogContext), each only when there is one.
{
public:
	enum Format
	{
		FORMAT_TEXT,
		FORMAT_JSON
	};

	explicit LogFormatter(Format format);

	void format(const Poco::Message& message, std::string& text) override;

	static std::string levelName(Poco::Message::Priority priority);
		/// trace, debug, info, warn or error.

	static void appendOneLine(const std::string& message, std::string& text);
		/// Appends message with line breaks and other control characters (except tab)
		/// escaped (\n, \r, \x1b), so that one message is one line of text.

private:
	Format _format;
};


} } // namespace polytomic::telemetry


#endif // Polytomic_Telemetry_LogFormatter_INCLUDED
