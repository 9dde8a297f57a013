//
// GzipBody.cpp
//


#include "GzipBody.h"
#include "polytomic/connector.hpp"
#include <zlib.h>


namespace webhook {


std::string GzipBody::compress(const std::string& body)
{
	z_stream stream{};
	// 15 + 16: a gzip header and trailer around the deflate stream, as Content-Encoding: gzip means.
	if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		throw polytomic::sdk::Error("cannot start gzip compression");
	std::string out(deflateBound(&stream, body.size()), '\0');
	stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
	stream.avail_in = static_cast<uInt>(body.size());
	stream.next_out = reinterpret_cast<Bytef*>(&out[0]);
	stream.avail_out = static_cast<uInt>(out.size());
	const int status = deflate(&stream, Z_FINISH);
	out.resize(stream.total_out);
	deflateEnd(&stream);
	if (status != Z_STREAM_END) throw polytomic::sdk::Error("gzip compression of a batch failed");
	return out;
}


} // namespace webhook
