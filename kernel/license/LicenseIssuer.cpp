//
// LicenseIssuer.cpp
//


#include "license/LicenseIssuer.h"
#include "license/LicenseToken.h"
#include "Poco/Exception.h"
#include "Poco/JSON/Array.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "Poco/UUIDGenerator.h"
#include <sstream>
#include <stdexcept>


namespace polytomic {
namespace license {


LicenseIssuer::LicenseIssuer(const std::string& privateKeyPem)
{
	try
	{
		std::istringstream stream(privateKeyPem);
		_key = new Poco::Crypto::ECKey(static_cast<std::istream*>(nullptr), &stream);
	}
	catch (const Poco::Exception& e)
	{
		throw std::invalid_argument("not the PEM of an EC private key: " + e.displayText());
	}
	if (_key->impl()->groupName() != "prime256v1")
		throw std::invalid_argument("the private key is on curve " + _key->impl()->groupName() + ", not prime256v1 (P-256)");
}


std::string LicenseIssuer::issue(const License& license) const
{
	if (license.deploymentId.empty()) throw std::invalid_argument("the deployment id is empty");
	if (license.customer.empty()) throw std::invalid_argument("the customer is empty");
	if (license.maxSyncs && *license.maxSyncs < 0) throw std::invalid_argument("the maximum of active syncs is negative");
	if (license.expiresAt.epochTime() < license.issuedAt.epochTime()) throw std::invalid_argument("it expires before it is issued");

	Poco::JWT::Token token;
	token.setType("JWT");
	Poco::JSON::Object& claims = token.payload();
	claims.set("iss", LicenseToken::ISSUER);
	claims.set("sub", license.deploymentId);
	claims.set("customer", license.customer);
	// Whole seconds: Token::setIssuedAt() would write fractions.
	claims.set("iat", static_cast<Poco::Int64>(license.issuedAt.epochTime()));
	claims.set("exp", static_cast<Poco::Int64>(license.expiresAt.epochTime()));
	claims.set("jti", license.id.empty() ? Poco::UUIDGenerator::defaultGenerator().createRandom().toString() : license.id);
	if (license.maxSyncs) claims.set("max_syncs", *license.maxSyncs);
	if (license.connectors)
	{
		Poco::JSON::Array::Ptr connectors = new Poco::JSON::Array;
		for (const auto& id: *license.connectors)
		{
			if (id.empty()) throw std::invalid_argument("a connector id is empty");
			connectors->add(id);
		}
		claims.set("connectors", connectors);
	}

	Poco::JWT::Signer signer(_key);
	signer.addAlgorithm(Poco::JWT::Signer::ALGO_ES256);
	return signer.sign(token, Poco::JWT::Signer::ALGO_ES256);
}


LicenseIssuer::KeyPair LicenseIssuer::generateKeyPair()
{
	Poco::Crypto::ECKey key("prime256v1");
	std::ostringstream publicKey;
	std::ostringstream privateKey;
	key.save(&publicKey, &privateKey);
	return {publicKey.str(), privateKey.str()};
}


} } // namespace polytomic::license
