//
// LicenseToken.cpp
//


#include "license/LicenseToken.h"
#include "license/LicenseError.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Exception.h"
#include <cmath>
#include <limits>
#include <optional>


namespace polytomic {
namespace license {


const std::string LicenseToken::ISSUER = "polytomic-license";


namespace
{
	// 9999-12-31 23:59:59 UTC: later seconds do not fit every Timestamp computation.
	const Poco::Int64 LATEST_SECOND = 253402300799LL;


	LicenseError malformedError(const std::string& detail)
	{
		return LicenseError(LicenseError::MALFORMED, LicenseToken::malformed(detail));
	}


	int base64UrlValue(char c)
	{
		if (c >= 'A' && c <= 'Z') return c - 'A';
		if (c >= 'a' && c <= 'z') return c - 'a' + 26;
		if (c >= '0' && c <= '9') return c - '0' + 52;
		if (c == '-') return 62;
		if (c == '_') return 63;
		return -1;
	}


	std::optional<std::string> base64UrlDecode(const std::string& text)
		/// Strict: only the URL alphabet, no padding, no spare bits.
	{
		if (text.size() % 4 == 1) return std::nullopt;
		std::string bytes;
		bytes.reserve(text.size() * 3 / 4);
		unsigned buffer = 0;
		int bits = 0;
		for (char c: text)
		{
			const int value = base64UrlValue(c);
			if (value < 0) return std::nullopt;
			buffer = (buffer << 6) | static_cast<unsigned>(value);
			bits += 6;
			if (bits >= 8)
			{
				bits -= 8;
				bytes.push_back(static_cast<char>((buffer >> bits) & 0xFFu));
			}
		}
		if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
		return bytes;
	}


	Poco::JSON::Object::Ptr jsonObject(const std::string& text)
	{
		try
		{
			Poco::JSON::Parser parser;
			Poco::Dynamic::Var value = parser.parse(text);
			if (value.type() == typeid(Poco::JSON::Object::Ptr)) return value.extract<Poco::JSON::Object::Ptr>();
		}
		catch (const Poco::Exception&)
		{
		}
		return nullptr;
	}


	std::string stringClaim(const Poco::JSON::Object& claims, const std::string& name, const std::string& what)
	{
		if (!claims.has(name)) throw malformedError("the claim \"" + name + "\" (" + what + ") is missing");
		const Poco::Dynamic::Var value = claims.get(name);
		if (!value.isString()) throw malformedError("the claim \"" + name + "\" (" + what + ") is not a string");
		const std::string text = value.extract<std::string>();
		if (text.empty()) throw malformedError("the claim \"" + name + "\" (" + what + ") is empty");
		return text;
	}


	std::optional<Poco::Int64> integer(const Poco::Dynamic::Var& value)
		/// A JSON number that is a whole number; nothing for anything else.
	{
		if (value.isEmpty() || value.isBoolean() || !value.isNumeric()) return std::nullopt;
		try
		{
			if (value.isInteger()) return value.convert<Poco::Int64>();
			const double number = value.convert<double>();
			if (!std::isfinite(number) || std::floor(number) != number || std::fabs(number) > 9.0e15) return std::nullopt;
			return static_cast<Poco::Int64>(number);
		}
		catch (const Poco::Exception&)
		{
			return std::nullopt;
		}
	}


	Poco::Timestamp timeClaim(const Poco::JSON::Object& claims, const std::string& name, const std::string& what)
	{
		if (!claims.has(name)) throw malformedError("the claim \"" + name + "\" (" + what + ") is missing");
		const std::optional<Poco::Int64> seconds = integer(claims.get(name));
		if (!seconds || *seconds < 0 || *seconds > LATEST_SECOND)
			throw malformedError("the claim \"" + name + "\" (" + what + ") is not a time in whole seconds since 1970");
		return Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(*seconds));
	}
}


LicenseToken LicenseToken::parse(const std::string& token)
{
	const auto first = token.find_first_not_of(" \t\r\n");
	if (first == std::string::npos) throw malformedError("it is empty");
	const auto last = token.find_last_not_of(" \t\r\n");

	LicenseToken result;
	result._text = token.substr(first, last - first + 1);
	std::vector<std::string> parts(1);
	for (char c: result._text)
	{
		if (c == '.') parts.emplace_back();
		else parts.back().push_back(c);
	}
	if (parts.size() != 3)
		throw malformedError("it has " + std::to_string(parts.size()) + (parts.size() == 1 ? " part" : " parts") +
			" separated by '.', where a deployment key has 3");
	static const char* const NAMES[] = {"header", "claims", "signature"};
	std::string decoded[3];
	for (int i = 0; i < 3; ++i)
	{
		if (parts[i].empty() && i < 2) throw malformedError(std::string("its ") + NAMES[i] + " (part " + std::to_string(i + 1) + ") is empty");
		const std::optional<std::string> bytes = base64UrlDecode(parts[i]);
		if (!bytes)
			throw malformedError(std::string("its ") + NAMES[i] + " (part " + std::to_string(i + 1) + ") is not base64url text");
		decoded[i] = *bytes;
	}
	result._header = jsonObject(decoded[0]);
	if (!result._header) throw malformedError("its header (part 1) is not a JSON object");
	result._claims = jsonObject(decoded[1]);
	if (!result._claims) throw malformedError("its claims (part 2) are not a JSON object");
	result._signature = decoded[2];
	return result;
}


std::string LicenseToken::algorithm() const
{
	const Poco::Dynamic::Var alg = _header->get("alg");
	return alg.isString() ? alg.extract<std::string>() : std::string();
}


std::string LicenseToken::issuer() const
{
	const Poco::Dynamic::Var iss = _claims->get("iss");
	return iss.isString() ? iss.extract<std::string>() : std::string();
}


License LicenseToken::license() const
{
	const Poco::JSON::Object& claims = *_claims;
	License license;
	license.deploymentId = stringClaim(claims, "sub", "the deployment id");
	license.customer = stringClaim(claims, "customer", "the customer");
	license.issuedAt = timeClaim(claims, "iat", "the issue date");
	license.expiresAt = timeClaim(claims, "exp", "the expiry date");
	license.id = stringClaim(claims, "jti", "the key's id");
	if (license.expiresAt < license.issuedAt) throw malformedError("it expires (exp) before it was issued (iat)");

	if (claims.has("max_syncs") && !claims.isNull("max_syncs"))
	{
		const std::optional<Poco::Int64> max = integer(claims.get("max_syncs"));
		if (!max || *max < 0 || *max > std::numeric_limits<int>::max())
			throw malformedError("the claim \"max_syncs\" (the maximum of active syncs) is not a whole number from 0");
		license.maxSyncs = static_cast<int>(*max);
	}
	if (claims.has("connectors") && !claims.isNull("connectors"))
	{
		const Poco::JSON::Array::Ptr array = claims.isArray("connectors") ? claims.getArray("connectors") : nullptr;
		if (!array) throw malformedError("the claim \"connectors\" (the connectors allowed) is not an array");
		std::vector<std::string> connectors;
		for (std::size_t i = 0; i < array->size(); ++i)
		{
			const Poco::Dynamic::Var id = array->get(static_cast<unsigned>(i));
			if (!id.isString()) throw malformedError("the claim \"connectors\" (the connectors allowed) holds something else than connector ids");
			connectors.push_back(id.extract<std::string>());
		}
		license.connectors = std::move(connectors);
	}
	return license;
}


std::string LicenseToken::malformed(const std::string& detail)
{
	return "the deployment key (DEPLOYMENT_KEY) is malformed: " + detail + ". Copy the whole key again from what "
		"Polytomic sent (one line, nothing added), or ask Polytomic for a new key";
}


} } // namespace polytomic::license
