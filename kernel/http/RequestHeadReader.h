//
// RequestHeadReader.h
//
// Definition of the RequestHeadReader class.
//


#ifndef Polytomic_Http_RequestHeadReader_INCLUDED
#define Polytomic_Http_RequestHeadReader_INCLUDED


#include "http/ReadAheadSocketImpl.h"
#include "Poco/Logger.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/StreamSocket.h"
#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <mutex>
#include <thread>
#include <vector>


namespace polytomic {
namespace http {


class RequestHeadReader
	/// Accepts the connections of a listening socket and reads their request
	/// heads on one thread of its own, for every connection at once, so that a
	/// connection takes a thread of the pool only once a whole head has
	/// arrived: clients that send a head slowly (or nothing, between two
	/// requests of a keep-alive connection) cannot fill the pool. A head must
	/// arrive whole within headTimeout of the connection (or of its first byte
	/// after a previous request), else the client gets a 408 and the connection
	/// is closed; an idle keep-alive connection is closed after keepAliveTimeout.
	///
	/// A connection whose head is complete is handed on only while its client
	/// reads what it is sent: one whose send buffer is full (a client that
	/// pipelines requests and never reads the answers) waits here, not on a
	/// thread, and is closed when it stays so for sendTimeout. A connection that
	/// Ready does not take now (its client has as many requests served as it may)
	/// waits here too, in order, until Ready takes it or parkTimeout passes (503).
{
public:
	using Ready = std::function<bool(const Poco::Net::StreamSocket& socket, const std::string& head)>;
		/// Offered a connection whose next request head is complete (head: the bytes read
		/// ahead); returns whether it took it. One not taken is offered again after retry().

	static constexpr std::size_t HEAD_LIMIT = 32 * 1024;
		/// The longest request head read; a longer one is refused with 431.

	struct Params
	{
		std::chrono::milliseconds headTimeout{10000};
		std::chrono::milliseconds keepAliveTimeout{5000};
		std::size_t headLimit = HEAD_LIMIT;
		std::size_t capacity = 1024;        /// connections waiting at once; the oldest is closed beyond
		std::chrono::milliseconds sendTimeout{10000};
		std::chrono::milliseconds parkTimeout{10000};
	};

	RequestHeadReader(Poco::Net::ServerSocket& listening, const Params& params, Ready ready, Poco::Logger& logger);
	~RequestHeadReader();

	static bool isLivenessProbe(const std::string& head);
		/// Whether head is a GET or HEAD of /status.txt, the liveness probe.

	void start();

	void stop();
		/// Stops accepting and closes every waiting connection; waits for the thread.

	void keepAlive(const Poco::Net::StreamSocket& socket);
		/// Takes back a connection after a response, to wait for its next request
		/// (closes it when stopping). Safe from any thread.

	void retry();
		/// Offers the connections Ready did not take again (a request thread freed up). Safe from any thread.

	std::size_t waiting() const;
		/// Connections waiting for a request head, for their client to read, or for Ready to take them.

private:
	using Clock = std::chrono::steady_clock;

	enum class State
	{
		READING,    /// the head is still arriving
		UNREAD,     /// the head is complete; the client has not read what it was sent
		PARKED      /// the head is complete; Ready did not take it
	};

	struct Waiting
	{
		Poco::Net::StreamSocket socket;
		ReadAheadSocketImpl* impl;
		Clock::time_point deadline;
		bool started;   /// some of the head has arrived
		State state = State::READING;

		~Waiting();
			/// This thread is done with the socket (ReadAheadSocketImpl::letGo()): it may be
			/// a request thread's reference, not this one, that goes last.
	};
	using Entry = std::list<Waiting>::iterator;

	void run();
	void pollOnce();
	void acceptAll();
	void admit(const Poco::Net::StreamSocket& socket, bool fresh);
	void readFrom(Entry entry);
	void offer(Entry entry);
		/// Hands a connection whose head is complete to Ready, or keeps it UNREAD or PARKED.
	void offerParked();
	void erase(Entry entry);
	void expire();
	void takeReturned();
	void refuse(Entry entry, int status, const std::string& message);
	int millisecondsToNextDeadline() const;
	void wake();

	Poco::Net::ServerSocket& _listening;
	Params _params;
	Ready _ready;
	Poco::Logger& _logger;
	std::list<Waiting> _waiting;           /// oldest first; touched by the thread only
	std::atomic<std::size_t> _waitingCount{0};
	mutable std::mutex _mutex;
	std::vector<Poco::Net::StreamSocket> _returned;
	std::atomic<bool> _stopping{false};
	std::atomic<bool> _retry{false};
	Clock::time_point _acceptPausedUntil;
	Clock::time_point _parkedOffered;
	int _wake[2] = {-1, -1};
	std::thread _thread;
};


} } // namespace polytomic::http


#endif // Polytomic_Http_RequestHeadReader_INCLUDED
