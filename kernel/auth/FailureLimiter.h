//
// FailureLimiter.h
//
// Definition of the FailureLimiter class.
//


#ifndef Polytomic_Auth_FailureLimiter_INCLUDED
#define Polytomic_Auth_FailureLimiter_INCLUDED


#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>


namespace polytomic {
namespace auth {


class FailureLimiter
	/// Counts failed sign-ins and failed guessable API credentials (the deployment
	/// key) per client address and refuses an address that failed too often within
	/// a window, so that such secrets cannot be guessed at speed. While an address
	/// is refused, every attempt with such a secret is refused before it is checked,
	/// a right one too: otherwise the refusals would still tell a guess that is
	/// right from one that is wrong. Each web process counts for itself. Thread-safe.
	/// Sign-ins and the deployment key each have a limiter of their own, so that
	/// failures of one never lock an address out of the other.
{
public:
	using Clock = std::chrono::steady_clock;

	FailureLimiter(int maxFailures = 10, std::chrono::seconds window = std::chrono::seconds(300));

	std::chrono::seconds blockedFor(const std::string& address, Clock::time_point now = Clock::now());
		/// Zero when the address may try; else how long it must wait.

	void failed(const std::string& address, Clock::time_point now = Clock::now());

	void succeeded(const std::string& address);
		/// Forgets the failures of the address.

private:
	void forgetOld(std::deque<Clock::time_point>& failures, Clock::time_point now);

	int _maxFailures;
	std::chrono::seconds _window;
	std::mutex _mutex;
	std::map<std::string, std::deque<Clock::time_point>> _failures;
};


} } // namespace polytomic::auth


#endif // Polytomic_Auth_FailureLimiter_INCLUDED
