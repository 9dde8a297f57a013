//
// RedisUrlFuzzer.cpp
//
// REDIS_URL on any text: parse() refuses with InvalidValue or gives a URL with
// a port and a database in range.
//


#include "config/ConfigurationError.h"
#include "config/RedisUrl.h"
#include "config/UrlParts.h"
#include <cstdio>
#include <cstdlib>


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	using namespace polytomic::config;
	const std::string text(reinterpret_cast<const char*>(data), size);
	UrlParts::mask(text);
	try
	{
		const RedisUrl url = RedisUrl::parse(text);
		url.masked();
		if (url.port() == 0 || url.port() > 65535 || url.host().empty())
		{
			std::fprintf(stderr, "parse() accepted host '%s' port %u\n", url.host().c_str(), url.port());
			std::abort();
		}
	}
	catch (const InvalidValue&)
	{
	}
	return 0;
}
