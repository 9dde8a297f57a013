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
	takeReturned();
	std::vector<pollfd> fds;
	fds.reserve(_waiting.size() + 2);
	fds.push_back({_wake[0], POLLIN, 0});
	const bool accepting = Clock::now() >= _acceptPausedUntil;
	fds.push_back({accepting ? _listening.impl()->sockfd() : -1, POLLIN, 0});
	for (const Waiting& w: _waiting) fds.push_back({w.impl->sockfd(), POLLIN, 0});
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
		if (fds[i].revents) readFrom(entry);
	}
	if (fds[1].revents) acceptAll();
	expire();
}


void RequestHeadReader::acceptAll()
{
	for (;;)
	{
		const int fd = ::accept4(_listening.impl()->sockfd(), nullptr, nullptr, SOCK_CLOEXEC);
		if (fd >= 0)
		{
			admit(Poco::Net::StreamSocket(new ReadAheadSocketImpl(fd)), true);
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


void RequestHeadReader::readFrom(Entry entry)
{
	Waiting& w = *entry;
	const auto result = w.impl->readAhead(_params.headLimit);
	if (w.impl->headComplete())
	{
		const Poco::Net::StreamSocket socket = w.socket;
		const ReadAheadSocketImpl* impl = w.impl;
		_waiting.erase(entry);
		_waitingCount = _waiting.size();
		_ready(socket, impl->ahead());
		return;
	}
	if (result == ReadAheadSocketImpl::ReadResult::CLOSED)
	{
		_waiting.erase(entry);
		_waitingCount = _waiting.size();
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
		if (current->started)
		{
			refuse(current, 408, "the request head did not arrive within " + Poco::NumberFormatter::format(_params.headTimeout.count() / 1000.0, 1) +
				" s (HTTP_HEADER_TIMEOUT); send the request line and headers at once");
		}
		else
		{
			_waiting.erase(current); // a connection that sent nothing, or an idle keep-alive one
			_waitingCount = _waiting.size();
		}
	}
}


void RequestHeadReader::refuse(Entry entry, int status, const std::string& message)
{
	const HttpError error(status, status == 408 ? "request_timeout" : "request_header_too_large", message);
	const std::string response = error.closingResponse(GuardedRequestHandler::newRequestId());
	[[maybe_unused]] const ssize_t sent = ::send(entry->impl->sockfd(), response.data(), response.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
	if (_logger.debug()) _logger.debug("HTTP " + std::to_string(status) + " before a request could be read: " + message);
	::shutdown(entry->impl->sockfd(), SHUT_WR);
	_waiting.erase(entry);
	_waitingCount = _waiting.size();
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
	for (const Waiting& w: _waiting) next = std::min(next, w.deadline);
	if (Clock::now() < _acceptPausedUntil) next = std::min(next, _acceptPausedUntil);
	const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now()).count();
	return static_cast<int>(std::max<long long>(ms, 0) + 1);
}


} } // namespace polytomic::http
