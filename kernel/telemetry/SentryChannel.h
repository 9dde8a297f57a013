//
// SentryChannel.h
//
// Definition of the SentryChannel class.
//


#ifndef Polytomic_Telemetry_SentryChannel_INCLUDED
#define Polytomic_Telemetry_SentryChannel_INCLUDED


#include "telemetry/SentryReporter.h"
#include "Poco/Channel.h"


namespace polytomic {
namespace telemetry {


class SentryChannel: public Poco::Channel
	/// A logging channel that hands every message at error level or worse to
	/// a SentryReporter, with the request and execution ids of the thread
	/// (LogContext) and its stack. Lower levels are ignored.
{
public:
	explicit SentryChannel(SentryReporter& reporter);

	void log(const Poco::Message& message) override;

private:
	SentryReporter& _reporter;
};


} } // namespace polytomic::telemetry


#endif // Polytomic_Telemetry_SentryChannel_INCLUDED
