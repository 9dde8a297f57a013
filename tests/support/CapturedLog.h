//
// CapturedLog.h
//
// Definition of the CapturedLog class.
//


#ifndef Polytomic_Test_CapturedLog_INCLUDED
#define Polytomic_Test_CapturedLog_INCLUDED


#include "Poco/AutoPtr.h"
#include "Poco/Channel.h"
#include "Poco/Logger.h"
#include <mutex>
#include <string>
#include <vector>


namespace polytomic {
namespace test {


class CapturedLog: public Poco::Channel
	/// Collects what a logger writes, so a test can assert on log lines.
{
public:
	static Poco::AutoPtr<CapturedLog> attach(Poco::Logger& logger);
		/// Routes logger (level information and up) into a new CapturedLog.

	void log(const Poco::Message& message) override;

	std::vector<std::string> lines();
	int count(const std::string& text);
		/// How many lines contain text.

private:
	std::mutex _mutex;
	std::vector<std::string> _lines;
};


} } // namespace polytomic::test


#endif // Polytomic_Test_CapturedLog_INCLUDED
