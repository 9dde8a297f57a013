//
// LicenseTokenFuzzer.cpp
//
// DEPLOYMENT_KEY on any text: LicenseToken::parse() and LicenseVerifier refuse
// with LicenseError, never anything else.
//


#include "license/LicenseToken.h"
#include "license/LicenseVerifier.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	using namespace polytomic::license;
	static const LicenseVerifier verifier;
	const std::string text(reinterpret_cast<const char*>(data), size);
	try
	{
		const LicenseToken token = LicenseToken::parse(text);
		token.algorithm();
		token.issuer();
		token.license();
	}
	catch (const LicenseError&)
	{
	}
	try
	{
		verifier.verify(text, "fuzz-deployment");
	}
	catch (const LicenseError&)
	{
	}
	return 0;
}
