//
// ByteSource.h
//
// Definition of the ByteSource interface and its implementations: FileSource,
// UrlSource, SniffedSource (a byte order mark read off) and Utf16Source.
//


#ifndef Csv_ByteSource_INCLUDED
#define Csv_ByteSource_INCLUDED


#include "polytomic/connector.hpp"
#include <cstdint>
#include <memory>
#include <string>


namespace csv {


class ByteSource
	/// The bytes of a file, read front to back in pieces: memory stays that of one piece.
{
public:
	virtual ~ByteSource() = default;

	virtual std::size_t read(char* buffer, std::size_t size) = 0;
		/// Up to size bytes; 0 at the end. Throws sdk::Error when the bytes cannot be had.
};


class FileSource: public ByteSource
	/// A local file from a byte offset on.
{
public:
	FileSource(const std::string& path, uint64_t offset);
	~FileSource() override;

	std::size_t read(char* buffer, std::size_t size) override;

private:
	int _fd = -1;
	std::string _path;
};


class UrlSource: public ByteSource
	/// A file at an HTTP(S) URL, from a byte offset on, fetched through the host's
	/// HTTP client in Range requests of CHUNK bytes (RFC 9110 §14), so that memory
	/// stays flat. A server that ignores Range answers the whole file at once: it is
	/// accepted up to maxWholeBytes.
{
public:
	UrlSource(const polytomic::sdk::Host& host, std::string url, uint64_t offset, uint64_t maxWholeBytes);

	std::size_t read(char* buffer, std::size_t size) override;

	static const uint64_t CHUNK = 8u << 20;

private:
	void fetch();

	const polytomic::sdk::Host& _host;
	std::string _url;
	uint64_t _next;                  /// the offset of the next byte to fetch
	uint64_t _maxWhole;
	std::string _chunk;
	std::size_t _position = 0;
	bool _end = false;
};


class SniffedSource: public ByteSource
	/// Reads a source's first bytes to find its byte order mark, which read() then skips.
{
public:
	enum Mark { NONE, UTF8, UTF16LE, UTF16BE };

	explicit SniffedSource(std::unique_ptr<ByteSource> inner);

	Mark mark() const;
	std::size_t markLength() const;
	void skipMark();
		/// read() starts after the mark (a UTF-8 BOM is not text).

	std::size_t read(char* buffer, std::size_t size) override;

private:
	std::unique_ptr<ByteSource> _inner;
	std::string _head;
	std::size_t _position = 0;
	Mark _mark = NONE;
};


class Utf16Source: public ByteSource
	/// UTF-16 text (little or big endian) as UTF-8. A lone surrogate or an odd
	/// last byte is an error, or U+FFFD when replace is set.
{
public:
	Utf16Source(std::unique_ptr<ByteSource> inner, bool bigEndian, bool replace);

	std::size_t read(char* buffer, std::size_t size) override;

private:
	void refill();
	void put(uint32_t codePoint);
	void invalid(const std::string& what);

	std::unique_ptr<ByteSource> _inner;
	bool _bigEndian;
	bool _replace;
	std::string _in;      /// raw bytes not yet decoded
	std::string _out;     /// UTF-8 not yet read
	std::size_t _outPosition = 0;
	bool _end = false;
	uint64_t _units = 0;  /// code units decoded, for errors
};


} // namespace csv


#endif // Csv_ByteSource_INCLUDED
