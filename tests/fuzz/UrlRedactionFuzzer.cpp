//
// UrlRedactionFuzzer.cpp
//
// libFuzzer target: telemetry::UrlRedaction on any request target or URL.
// Register with: polytomic_add_fuzzer(UrlRedaction SOURCES UrlRedactionFuzzer.cpp LIBRARIES kernel_telemetry)
//


#include "telemetry/UrlRedaction.h"
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>


extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
	using polytomic::telemetry::UrlRedaction;
	const std::string url(reinterpret_cast<const char*>(data), size);
	const std::string redacted = UrlRedaction::redact(url);
	// Redacting twice changes nothing, and no value of a secret parameter survives.
	if (UrlRedaction::redact(redacted) != redacted) std::abort();
	const auto query = redacted.find('?');
	if (query == std::string::npos) return 0;
	std::string::size_type start = query + 1;
	while (start <= redacted.size())
	{
		auto end = redacted.find_first_of("&;", start);
		if (end == std::string::npos) end = redacted.size();
		const std::string pair = redacted.substr(start, end - start);
		const auto equals = pair.find('=');
		if (equals != std::string::npos && UrlRedaction::isSecretParameter(pair.substr(0, equals)) &&
			pair.substr(equals + 1) != UrlRedaction::REDACTED)
			std::abort();
		start = end + 1;
	}
	return 0;
}
