//
// RequestHeadReader.cpp
//


#include "http/RequestHeadReader.h"
#include "http/GuardedRequestHandler.h"
#include "http/HttpError.h"
#include "Poco/NumberFormatter.h"
#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>


namespace polytomic {
namespace http {


namespace
{
	const std::chrono::milliseconds PARKED_RETRY(20);
}


RequestHeadReader::RequestHeadReader(Poco::Net::ServerSocket& listening, const Params& params, Ready ready, Poco::Logger& logger):
	_listening(listening),
	_params(params),
	_ready(std::move(ready)),
	_logger(logger)
{
	if (::pipe2(_wake, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("cannot create the HTTP server's wake-up pipe");
	_listening.setBlocking(false);
}


RequestHeadReader::~RequestHeadReader()
{
	stop();
	::close(_wake[0]);
	::close(_wake[1]);
}


bool RequestHeadReader::isLivenessProbe(const std::string& head)
{
	const auto start = head.find_first_not_of("\r\n");
	if (start == std::string::npos) return false;
	for (const char* line: {"GET /status.txt ", "HEAD /status.txt "})
		if (head.compare(start, std::char_traits<char>::length(line), line) == 0) return true;
	return false;
}


RequestHeadReader::Waiting::~Waiting()
{
	impl->letGo();
}


void RequestHeadReader::start()
{
	_thread = std::thread([this] { run(); });
}


void RequestHeadReader::stop()
{
	_stopping = true;
	wake();
	if (_thread.joinable()) _thread.join();
	std::lock_guard<std::mutex> lock(_mutex);
	_returned.clear();
	_waiting.clear();
	_waitingCount = 0;
}


void RequestHeadReader::keepAlive(const Poco::Net::StreamSocket& socket)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping) return; // the last reference goes: the connection is closed
		_returned.push_back(socket);
	}
	wake();
}


void RequestHeadReader::retry()
{
	_retry = true;
	wake();
}


std::size_t RequestHeadReader::waiting() const
{
	return _waitingCount.load();
}


void RequestHeadReader::wake()
{
	const char byte = 1;
	// A full pipe already holds a wake-up.
	[[maybe_unused]] const ssize_t written = ::write(_wake[1], &byte, 1);
}


void RequestHeadReader::run()
{
	while (!_stopping)
	{
		try
		{
			pollOnce();
		}
		catch (const std::exception& e)
		{
			_logger.error(std::string("HTTP connections: ") + e.what());
			std::this_thread::sleep_for(std::chrono::milliseconds(50));
		}
	}
}


void RequestHeadReader::pollOnce()
{
	// Connections that waited for a thread go first: a returned or new one must not overtake them.
	// Also now and then unasked: a queue that was full frees up without a retry().
	const bool parked = std::any_of(_waiting.begin(), _waiting.end(), [](const Waiting& w) { return w.state == State::PARKED; });
	if (_retry.exchange(false) || (parked && Clock::now() >= _parkedOffered + PARKED_RETRY))
	{
		_parkedOffered = Clock::now();
		offerParked();
	}
	takeReturned();
	std::vector<pollfd> fds;
	fds.reserve(_waiting.size() + 2);
	fds.push_back({_wake[0], POLLIN, 0});
	const bool accepting = Clock::now() >= _acceptPausedUntil;
	fds.push_back({accepting ? _listening.impl()->sockfd() : -1, POLLIN, 0});
	for (const Waiting& w: _waiting)
	{
		// A parked connection is not read (its next requests wait in the kernel, not here).
		const short events = w.state == State::READING ? POLLIN : POLLOUT;
		fds.push_back({w.state == State::PARKED ? -1 : w.impl->sockfd(), events, 0});
	}
	const int ready = ::poll(fds.data(), fds.size(), millisecondsToNextDeadline());
	if (ready < 0 && errno != EINTR) throw std::runtime_error("poll failed: errno " + std::to_string(errno));
	if (_stopping) return;
	if (fds[0].revents)
	{
		char sink[64];
		while (::read(_wake[0], sink, sizeof(sink)) > 0) {}
	}
	Entry next = _waiting.begin();
	for (std::size_t i = 2; i < fds.size(); ++i)
	{
		const Entry entry = next++;
		if (!fds[i].revents) continue;
		if (entry->state == State::READING) readFrom(entry);
		else if (!(fds[i].revents & POLLOUT)) erase(entry); // the client is gone
		else offer(entry);
	}
	if (fds[1].revents) acceptAll();
	expire();
}


void RequestHeadReader::acceptAll()
{
	for (;;)
	{
		sockaddr_storage peer{};
		socklen_t length = sizeof(peer);
		const int fd = ::accept4(_listening.impl()->sockfd(), reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
		if (fd >= 0)
		{
			admit(Poco::Net::StreamSocket(new ReadAheadSocketImpl(fd, ReadAheadSocketImpl::clientOf(&peer))), true);
			continue;
		}
		if (errno == EINTR || errno == ECONNABORTED) continue;
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
		{
			// Out of descriptors: make room by closing the connection that has waited longest,
			// or wait a little (the listening socket would wake the poll at once, again and again).
			if (!_waiting.empty())
			{
				_waiting.pop_front();
				_waitingCount = _waiting.size();
				continue;
			}
			_acceptPausedUntil = Clock::now() + std::chrono::milliseconds(100);
		}
		return;
	}
}


void RequestHeadReader::admit(const Poco::Net::StreamSocket& socket, bool fresh)
{
	auto* impl = dynamic_cast<ReadAheadSocketImpl*>(socket.impl());
	if (!impl) return;
	if (fresh)
	{
		try
		{
			Poco::Net::StreamSocket(socket).setNoDelay(true);
		}
		catch (const Poco::Exception&)
		{
			return; // the peer is gone already
		}
	}
	const bool started = !impl->ahead().empty();
	const auto wait = fresh || started ? _params.headTimeout : _params.keepAliveTimeout;
	_waiting.push_back(Waiting{socket, impl, Clock::now() + wait, started});
	// Beyond capacity the connection that has waited longest goes: a flood of slow clients
	// cannot keep out a client that sends its head at once.
	while (_waiting.size() > _params.capacity) _waiting.pop_front();
	_waitingCount = _waiting.size();
	readFrom(std::prev(_waiting.end()));
}


void RequestHeadReader::offer(Entry entry)
{
	Waiting& w = *entry;
	if (!w.impl->writable())
	{
		if (w.state != State::UNREAD)
		{
			w.state = State::UNREAD;
			w.deadline = Clock::now() + _params.sendTimeout;
		}
		return;
	}
	if (_ready(w.socket, w.impl->ahead()))
	{
		erase(entry);
		return;
	}
	if (w.state != State::PARKED)
	{
		w.state = State::PARKED;
		w.deadline = Clock::now() + _params.parkTimeout;
	}
}


void RequestHeadReader::offerParked()
{
	for (Entry entry = _waiting.begin(); entry != _waiting.end();)
	{
		const Entry current = entry++;
		if (current->state == State::PARKED) offer(current);
	}
}


void RequestHeadReader::erase(Entry entry)
{
	_waiting.erase(entry);
	_waitingCount = _waiting.size();
}


void RequestHeadReader::readFrom(Entry entry)
{
	Waiting& w = *entry;
	const auto result = w.impl->readAhead(_params.headLimit);
	if (w.impl->headComplete())
	{
		offer(entry);
		return;
	}
	if (result == ReadAheadSocketImpl::ReadResult::CLOSED)
	{
		erase(entry);
		return;
	}
	if (result == ReadAheadSocketImpl::ReadResult::FULL)
	{
		refuse(entry, 431, "the request head (request line and headers) is longer than " + std::to_string(_params.headLimit) + " bytes");
		return;
	}
	if (!w.started && !w.impl->ahead().empty())
	{
		// A keep-alive connection's next head: from its first byte, the head has headTimeout to arrive.
		w.started = true;
		w.deadline = std::min(w.deadline, Clock::now() + _params.headTimeout);
	}
}


void RequestHeadReader::expire()
{
	const auto now = Clock::now();
	for (Entry entry = _waiting.begin(); entry != _waiting.end();)
	{
		const Entry current = entry++;
		if (current->deadline > now) continue;
		if (current->state == State::UNREAD)
		{
			// Nobody reads what is sent: no answer can reach the client either.
			if (_logger.debug()) _logger.debug("HTTP connection closed: its client read no response for " +
				Poco::NumberFormatter::format(_params.sendTimeout.count() / 1000.0, 1) + " s (HTTP_SEND_TIMEOUT)");
			erase(current);
		}
		else if (current->state == State::PARKED)
		{
			refuse(current, 503, "the server is busy with other requests from your address (at most HTTP_MAX_REQUESTS_PER_ADDRESS at once) "
				"or from others; retry shortly");
		}
		else if (current->started)
		{
			refuse(current, 408, "the request head did not arrive within " + Poco::NumberFormatter::format(_params.headTimeout.count() / 1000.0, 1) +
				" s (HTTP_HEADER_TIMEOUT); send the request line and headers at once");
		}
		else
		{
			erase(current); // a connection that sent nothing, or an idle keep-alive one
		}
	}
}


void RequestHeadReader::refuse(Entry entry, int status, const std::string& message)
{
	const char* key = status == 408 ? "request_timeout" : status == 503 ? "server_busy" : "request_header_too_large";
	const HttpError error(status, key, message);
	const std::string response = error.closingResponse(GuardedRequestHandler::newRequestId());
	[[maybe_unused]] const ssize_t sent = ::send(entry->impl->sockfd(), response.data(), response.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
	if (_logger.debug()) _logger.debug("HTTP " + std::to_string(status) + " before a request could be read: " + message);
	::shutdown(entry->impl->sockfd(), SHUT_WR);
	erase(entry);
}


void RequestHeadReader::takeReturned()
{
	std::vector<Poco::Net::StreamSocket> returned;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		returned.swap(_returned);
	}
	for (const auto& socket: returned) admit(socket, false);
}


int RequestHeadReader::millisecondsToNextDeadline() const
{
	auto next = Clock::now() + std::chrono::milliseconds(250);
	for (const Waiting& w: _waiting) next = std::min(next, w.state == State::PARKED ? std::min(w.deadline, _parkedOffered + PARKED_RETRY) : w.deadline);
	if (Clock::now() < _acceptPausedUntil) next = std::min(next, _acceptPausedUntil);
	const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now()).count();
	return static_cast<int>(std::max<long long>(ms, 0) + 1);
}


} } // namespace polytomic::http
