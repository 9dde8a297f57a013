//
// LicenseVerifier.cpp
//


#include "license/LicenseVerifier.h"
#include "license/LicenseToken.h"
#include "Poco/Exception.h"
#include "Poco/JWT/Signer.h"
#include "Poco/Timespan.h"
#include <sstream>
#include <stdexcept>


namespace polytomic {
namespace license {


const int LicenseVerifier::CLOCK_SKEW_SECONDS = 300;


namespace
{
	// An ES256 signature in a JWT is R || S, 32 bytes each.
	const std::size_t ES256_SIGNATURE_BYTES = 64;


	LicenseError badSignature(const std::string& detail)
	{
		return LicenseError(LicenseError::BAD_SIGNATURE, "the deployment key (DEPLOYMENT_KEY) is not signed by Polytomic: " +
			detail + ". It was changed after Polytomic issued it, or it was issued by someone else. Copy the key again "
			"exactly as Polytomic sent it, or ask Polytomic for a new key");
	}
}


LicenseVerifier::LicenseVerifier(const std::string& publicKeyPem)
{
	try
	{
		std::istringstream stream(publicKeyPem);
		_key = new Poco::Crypto::ECKey(&stream);
	}
	catch (const Poco::Exception& e)
	{
		throw std::invalid_argument("the licence public key is not the PEM of an EC public key: " + e.displayText());
	}
	if (_key->impl()->groupName() != "prime256v1")
		throw std::invalid_argument("the licence public key is on curve " + _key->impl()->groupName() + ", not prime256v1 (P-256)");
}


License LicenseVerifier::verify(const std::string& token, const std::string& expectedDeployment, Poco::Timestamp now) const
{
	License license = inspect(token, expectedDeployment, now);
	const LicenseStatus status = license.statusAt(now);
	if (status.expired()) throw LicenseError(LicenseError::PAST_GRACE, status.message());
	return license;
}


License LicenseVerifier::inspect(const std::string& token, const std::string& expectedDeployment, Poco::Timestamp now) const
{
	const LicenseToken parsed = LicenseToken::parse(token);

	const std::string algorithm = parsed.algorithm();
	if (algorithm != Poco::JWT::Signer::ALGO_ES256)
		throw badSignature("its algorithm is \"" + algorithm + "\", where Polytomic signs with ES256");
	if (parsed.signature().size() != ES256_SIGNATURE_BYTES)
		throw badSignature("its signature has " + std::to_string(parsed.signature().size()) + " bytes, where an ES256 signature has 64");
	try
	{
		Poco::JWT::Signer signer(_key);
		signer.setAlgorithms({Poco::JWT::Signer::ALGO_ES256});
		signer.verify(parsed.text());
	}
	catch (const Poco::Exception&)
	{
		throw badSignature("its signature does not match its content");
	}

	if (parsed.issuer() != LicenseToken::ISSUER)
		throw LicenseError(LicenseError::MALFORMED, LicenseToken::malformed("its issuer (iss) is \"" + parsed.issuer() +
			"\", not \"" + LicenseToken::ISSUER + "\": it is not a Polytomic deployment key"));
	License license = parsed.license();

	if (license.deploymentId != expectedDeployment)
	{
		const std::string issuedFor = "the deployment key (DEPLOYMENT_KEY) was issued for deployment \"" + license.deploymentId + "\"";
		if (expectedDeployment.empty())
			throw LicenseError(LicenseError::WRONG_DEPLOYMENT, issuedFor + ", but DEPLOYMENT is not set: set DEPLOYMENT to " +
				license.deploymentId);
		throw LicenseError(LicenseError::WRONG_DEPLOYMENT, issuedFor + ", but DEPLOYMENT is \"" + expectedDeployment +
			"\": set DEPLOYMENT to " + license.deploymentId + " if this is that deployment, or ask Polytomic for a key "
			"for deployment \"" + expectedDeployment + "\"");
	}

	if (license.issuedAt > now + Poco::Timespan(CLOCK_SKEW_SECONDS, 0))
	{
		throw LicenseError(LicenseError::ISSUED_IN_FUTURE, "the deployment key (DEPLOYMENT_KEY) was issued at " +
			License::formatTime(license.issuedAt) + ", later than the clock of this machine (" + License::formatTime(now) +
			"): set the clock of this machine right (enable NTP) and start again; if the clock is right, ask Polytomic "
			"for a new key");
	}
	return license;
}


} } // namespace polytomic::license
