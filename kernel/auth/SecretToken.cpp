//
// SecretToken.cpp
//


#include "auth/SecretToken.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Exception.h"
#include "Poco/RandomStream.h"
#include "Poco/SHA2Engine.h"
#include <cctype>
#include <sstream>
#include <stdexcept>


namespace polytomic {
namespace auth {


std::string randomToken(std::size_t bytes)
{
	std::string raw(bytes, '\0');
	Poco::RandomInputStream random;
	random.read(&raw[0], static_cast<std::streamsize>(bytes));
	return base64Url(raw);
}


std::string sha256Hex(const std::string& text)
{
	return Poco::DigestEngine::digestToHex(sha256(text));
}


Poco::DigestEngine::Digest sha256(const std::string& text)
{
	Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
	engine.update(text);
	return engine.digest();
}


std::string codeChallenge(const std::string& verifier)
{
	const auto digest = sha256(verifier);
	return base64Url(std::string(digest.begin(), digest.end()));
}


std::string base64Url(const std::string& bytes)
{
	std::ostringstream out;
	Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
	encoder.rdbuf()->setLineLength(0);
	encoder << bytes;
	encoder.close();
	return out.str();
}


std::string fromBase64Url(const std::string& text)
{
	for (char c: text)
	{
		if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '=') throw std::invalid_argument("not base64url");
	}
	std::string padded = text;
	while (padded.size() % 4) padded += '=';
	std::istringstream in(padded);
	Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING);
	try
	{
		return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
	}
	catch (const Poco::Exception&)
	{
		throw std::invalid_argument("not base64url");
	}
}


bool equalInConstantTime(const std::string& a, const std::string& b)
{
	unsigned char difference = static_cast<unsigned char>(a.size() != b.size());
	for (std::size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
	return difference == 0 && !b.empty();
}


} } // namespace polytomic::auth
