//
// DatabaseUrlFuzzer.cpp
//
// DATABASE_URL on any text: parse() refuses with InvalidValue or gives a URL
// whose connection string, environment and masked form can be made;
// UrlParts::mask() never throws.
//


#include "config/ConfigurationError.h"
#include "config/DatabaseUrl.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	using namespace polytomic::config;
	const std::string text(reinterpret_cast<const char*>(data), size);
	UrlParts::mask(text);
	try
	{
		const DatabaseUrl url = DatabaseUrl::parse(text);
		url.connectionString();
		url.hostList();
		url.masked();
		url.user();
		url.database();
	}
	catch (const InvalidValue&)
	{
	}
	return 0;
}
