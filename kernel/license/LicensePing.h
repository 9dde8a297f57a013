//
// LicensePing.h
//
// Definition of the LicensePing class.
//


#ifndef Polytomic_License_LicensePing_INCLUDED
#define Polytomic_License_LicensePing_INCLUDED


#include "license/LicenseGate.h"
#include "store/UsageRepository.h"
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>


namespace polytomic {
namespace license {


class LicensePing
	/// The licence ping: every TELEMETRY_INTERVAL, a POST to the licence service
	/// (TELEMETRY_URL) of the deployment id, the key's id, the version and usage
	/// counts (syncs, executions, records synced, connector ids in use); never
	/// a name, an email address, a host name, a query or a record value.
	///
	/// The service answers {"status": "valid"} or {"status": "revoked",
	/// "revoked_at": "<ISO 8601>"}; a revocation is handed to the LicenseGate,
	/// which treats it as an expiry at that time. A failed ping (unreachable,
	/// non-2xx, unreadable answer) changes nothing and is tried again after
	/// firstRetry, doubling each time up to the interval.
	///
	/// After each ping the licence's status is looked at again: when it changed
	/// (the key expired, its grace period ended, it was revoked) a warning says
	/// so in the log, without waiting for a restart.
{
public:
	struct Params
	{
		std::string url;                                       /// TELEMETRY_URL
		std::chrono::milliseconds interval{std::chrono::hours(1)};
		std::chrono::milliseconds firstRetry{std::chrono::seconds(30)};
		std::chrono::milliseconds timeout{std::chrono::seconds(10)};
		std::string version;                                   /// this server's version
		std::function<void(Poco::Timestamp)> onRevoked;        /// told the (earliest) revocation time, to keep it
	};

	using UsageSource = std::function<store::DeploymentUsage()>;

	LicensePing(LicenseGate& gate, UsageSource usage, Params params);
	~LicensePing();

	void start();
		/// Pings now, then in the background until stop().

	void stop();

	bool pingOnce();
		/// One ping; true when the service answered (valid or revoked).

	static std::string payload(const LicenseGate& gate, const store::DeploymentUsage& usage, const std::string& version);
		/// The JSON body of a ping: exactly what README.md ("Data we record") lists.

	static std::chrono::milliseconds retryDelay(int failures, const Params& params);
		/// After failures failed pings in a row (1, 2, ...): firstRetry * 2^(failures - 1),
		/// at most the interval.

	int failures() const;
		/// Failed pings since the last one that succeeded.

private:
	void loop();
	void handleAnswer(const std::string& body);
	void noteStatus();

	LicenseGate& _gate;
	UsageSource _usage;
	Params _params;
	std::atomic<int> _failures{0};
	std::mutex _mutex;
	std::condition_variable _wake;
	bool _stopping = false;
	std::string _lastStatus;
	std::thread _thread;
};


} } // namespace polytomic::license


#endif // Polytomic_License_LicensePing_INCLUDED
