//
// FakeSentry.h
//
// Definition of the FakeSentry class.
//


#ifndef Polytomic_Test_FakeSentry_INCLUDED
#define Polytomic_Test_FakeSentry_INCLUDED


#include "fakes/FakeHttpService.h"


namespace polytomic {
namespace test {


class FakeSentry: public FakeHttpService
	/// A Sentry project's ingestion as its envelope endpoint documents it:
	/// POST /api/<project>/envelope/ with X-Sentry-Auth (sentry_version=7,
	/// sentry_key=<the DSN's public key>) and a body of newline-separated JSON:
	/// the envelope header, then per item its header (type, length) and payload.
	/// Well-formed envelopes are answered 200 {"id": ...}; anything else 400
	/// (wrong auth 401, unknown project 404), with the reason in the body.
{
public:
	static const std::string PUBLIC_KEY;
	static const std::string PROJECT;

	FakeSentry();

	std::string dsn() const;
		/// http://<PUBLIC_KEY>@127.0.0.1:<port>/<PROJECT>

	std::vector<std::string> events() const;
		/// The event payloads (JSON) of every accepted envelope.

	static std::string check(const Request& request);
		/// Why the request is not a well-formed envelope submission ("" when it is).

private:
	static std::string checkEnvelope(const std::string& body);
};


} } // namespace polytomic::test


#endif // Polytomic_Test_FakeSentry_INCLUDED
