//
// CapturedLog.cpp
//


#include "support/CapturedLog.h"
#include "Poco/Message.h"


namespace polytomic {
namespace test {


Poco::AutoPtr<CapturedLog> CapturedLog::attach(Poco::Logger& logger)
{
	Poco::AutoPtr<CapturedLog> captured(new CapturedLog);
	logger.setChannel(captured);
	logger.setLevel(Poco::Message::PRIO_INFORMATION);
	return captured;
}


void CapturedLog::log(const Poco::Message& message)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_lines.push_back(message.getText());
}


std::vector<std::string> CapturedLog::lines()
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _lines;
}


int CapturedLog::count(const std::string& text)
{
	std::lock_guard<std::mutex> lock(_mutex);
	int n = 0;
	for (const auto& line: _lines)
		if (line.find(text) != std::string::npos) ++n;
	return n;
}


} } // namespace polytomic::test
