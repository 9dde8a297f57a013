//
// ByteSource.cpp
//


#include "ByteSource.h"
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>


namespace csv {


using namespace polytomic;


FileSource::FileSource(const std::string& path, uint64_t offset):
	_path(path)
{
	_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
	if (_fd < 0) throw sdk::Error("cannot open " + path + ": " + std::strerror(errno));
	if (offset && ::lseek(_fd, static_cast<off_t>(offset), SEEK_SET) < 0) throw sdk::Error("cannot seek in " + path + ": " + std::strerror(errno));
	::posix_fadvise(_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
}


FileSource::~FileSource()
{
	if (_fd >= 0) ::close(_fd);
}


std::size_t FileSource::read(char* buffer, std::size_t size)
{
	while (true)
	{
		const ssize_t n = ::read(_fd, buffer, size);
		if (n >= 0) return static_cast<std::size_t>(n);
		if (errno != EINTR) throw sdk::Error("cannot read " + _path + ": " + std::strerror(errno));
	}
}


UrlSource::UrlSource(const sdk::Host& host, std::string url, uint64_t offset, uint64_t maxWholeBytes):
	_host(host),
	_url(std::move(url)),
	_next(offset),
	_maxWhole(maxWholeBytes)
{
}


void UrlSource::fetch()
{
	sdk::HttpRequest request;
	request.url = _url;
	request.headers["Range"] = "bytes=" + std::to_string(_next) + "-" + std::to_string(_next + CHUNK - 1);
	request.headers["Accept-Encoding"] = "identity"; // byte ranges of the file itself
	request.timeoutMs = 120000;
	const sdk::HttpResponse response = _host.http(request);
	_position = 0;
	if (response.status == 416)
	{
		_chunk.clear();
		_end = true;
		return;
	}
	if (response.status == 206)
	{
		_chunk = response.body;
		_next += _chunk.size();
		// "bytes a-b/total": the end is known; without it, a short piece is the last.
		const auto range = response.headers.find("content-range");
		const std::string total = range == response.headers.end() ? "*" : range->second.substr(range->second.find('/') + 1);
		_end = _chunk.size() < CHUNK || (total != "*" && _next >= std::strtoull(total.c_str(), nullptr, 10));
		return;
	}
	if (response.status == 200)
	{
		if (response.body.size() > _maxWhole)
			throw sdk::Error("the server of " + _url + " sent the whole file (" + std::to_string(response.body.size() >> 20) + " MiB) instead of the "
				"ranges asked for, more than max_download_mb allows; serve it from a server that takes Range requests, or raise max_download_mb");
		_chunk = _next < response.body.size() ? response.body.substr(static_cast<std::size_t>(_next)) : std::string();
		_next += _chunk.size();
		_end = true;
		return;
	}
	if (response.status == 0) throw sdk::Error("cannot fetch " + _url + ": " + response.error);
	throw sdk::Error("fetching " + _url + " answered HTTP " + std::to_string(response.status) + ": " + response.body.substr(0, 200));
}


std::size_t UrlSource::read(char* buffer, std::size_t size)
{
	if (_position == _chunk.size())
	{
		if (_end) return 0;
		fetch();
		if (_chunk.empty()) return 0;
	}
	const std::size_t n = std::min(size, _chunk.size() - _position);
	std::memcpy(buffer, _chunk.data() + _position, n);
	_position += n;
	return n;
}


SniffedSource::SniffedSource(std::unique_ptr<ByteSource> inner):
	_inner(std::move(inner))
{
	char head[4];
	std::size_t got = 0;
	while (got < 3)
	{
		const std::size_t n = _inner->read(head + got, 3 - got);
		if (n == 0) break;
		got += n;
	}
	_head.assign(head, got);
	if (_head.size() >= 3 && _head.compare(0, 3, "\xEF\xBB\xBF") == 0) _mark = UTF8;
	else if (_head.size() >= 2 && _head.compare(0, 2, "\xFF\xFE") == 0) _mark = UTF16LE;
	else if (_head.size() >= 2 && _head.compare(0, 2, "\xFE\xFF") == 0) _mark = UTF16BE;
}


SniffedSource::Mark SniffedSource::mark() const
{
	return _mark;
}


std::size_t SniffedSource::markLength() const
{
	return _mark == UTF8 ? 3 : _mark == NONE ? 0 : 2;
}


void SniffedSource::skipMark()
{
	_position = markLength();
}


std::size_t SniffedSource::read(char* buffer, std::size_t size)
{
	if (_position < _head.size())
	{
		const std::size_t n = std::min(size, _head.size() - _position);
		std::memcpy(buffer, _head.data() + _position, n);
		_position += n;
		return n;
	}
	return _inner->read(buffer, size);
}


Utf16Source::Utf16Source(std::unique_ptr<ByteSource> inner, bool bigEndian, bool replace):
	_inner(std::move(inner)),
	_bigEndian(bigEndian),
	_replace(replace)
{
}


void Utf16Source::invalid(const std::string& what)
{
	if (!_replace)
		throw sdk::Error("the file is not valid UTF-16: " + what + " at code unit " + std::to_string(_units) +
			"; set invalid_bytes to replace to read it with U+FFFD in their place, or give the right encoding");
	put(0xFFFD);
}


void Utf16Source::put(uint32_t cp)
{
	if (cp < 0x80) _out.push_back(static_cast<char>(cp));
	else if (cp < 0x800)
	{
		_out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
		_out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
	}
	else if (cp < 0x10000)
	{
		_out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
		_out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
		_out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
	}
	else
	{
		_out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
		_out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
		_out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
		_out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
	}
}


void Utf16Source::refill()
{
	_out.clear();
	_outPosition = 0;
	char buffer[1 << 16];
	const std::size_t n = _inner->read(buffer, sizeof(buffer));
	if (n == 0) _end = true;
	_in.append(buffer, n);
	auto unit = [&](std::size_t i) -> uint32_t {
		const auto a = static_cast<unsigned char>(_in[i]), b = static_cast<unsigned char>(_in[i + 1]);
		return _bigEndian ? (a << 8 | b) : (b << 8 | a);
	};
	std::size_t i = 0;
	while (i + 1 < _in.size())
	{
		const uint32_t u = unit(i);
		if (u >= 0xD800 && u < 0xDC00)
		{
			if (i + 3 >= _in.size() && !_end) break; // the low half is in the next piece
			const uint32_t low = i + 3 < _in.size() ? unit(i + 2) : 0;
			if (low >= 0xDC00 && low < 0xE000)
			{
				put(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
				i += 4;
				_units += 2;
				continue;
			}
			invalid("a high surrogate without its low half");
		}
		else if (u >= 0xDC00 && u < 0xE000) invalid("a lone low surrogate");
		else put(u);
		i += 2;
		++_units;
	}
	_in.erase(0, i);
	if (_end && !_in.empty())
	{
		_in.clear();
		invalid("an odd last byte");
	}
}


std::size_t Utf16Source::read(char* buffer, std::size_t size)
{
	while (_outPosition == _out.size())
	{
		if (_end) return 0;
		refill();
	}
	const std::size_t n = std::min(size, _out.size() - _outPosition);
	std::memcpy(buffer, _out.data() + _outPosition, n);
	_outPosition += n;
	return n;
}


} // namespace csv
