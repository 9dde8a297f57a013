//
// ServerAbuseTest.h
//
// Definition of the ServerAbuseTest class.
//


#ifndef ServerAbuseTest_INCLUDED
#define ServerAbuseTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/TestSuite.h>


class ServerAbuseTest: public CppUnit::TestFixture
	/// A real server attacked as issue #10 did; after each case it must still
	/// answer, and its memory must stay bounded. Figures go to standard output
	/// as "abuse: ..." lines.
{
public:
	void setUp() override;
	void tearDown() override;

	void testListRoutesUnderLoad();
		/// 32 keep-alive viewer clients read every list route for 5 s: no error, the server stays up, RSS flat.
	void testSlowClients();
		/// 100 clients sending one header line every 2 s; /status.txt answers within 1 s meanwhile.
	void testOversizedBody();
		/// A 10 MB body of [[],[],...] to /api/models, once and from 8 clients at once: 4xx, bounded peak RSS.
	void testDeeplyNestedBodies();
		/// 100,000 nested arrays, objects and filter_logic parentheses: 400, not a crash.
	void testHostileBodiesOnEveryRoute();
		/// Invalid UTF-8, lone surrogates, NUL, 1e300, wrong types, non-objects, truncated and 100 kB names
		/// on every route that reads a body: all 4xx (the bodies only the database validates are here, not in tests/fuzz).
	void testKeepAliveAfterUnreadBody();
		/// A POST with a body answered 401 or 404 unread, then GET /api/me on the same connection.
	void testHugeContentLength();
		/// Content-Length: 99999999999999999999 gets an answer.
	void testSlowReaders();
		/// 64 clients pipeline requests and never read the answers; a viewer (from another
		/// address, and from theirs) still has GET /api/connections answered within 2 s.
	void testSlowBody();
		/// A declared body sent a byte at a time: 408 after HTTP_BODY_TIMEOUT, and closed.
	void testDeclaredTooLargeBody();
		/// Content-Length above MAX_REQUEST_BODY, with and without Expect: 100-continue: 413 at once, no 100.
	void testExpectContinueAfterAuthentication();
		/// Expect: 100-continue: 401 without a 100 for a caller without credentials; 100 for the admin.
	void testBadKeysDoNotLockOutGoodKeys();
		/// Wrong API keys from an address never lock out a good key from it; wrong deployment keys
		/// lock out the deployment key (a right one too) and nothing else.
	void testMemoryFlatAcrossRun();
		/// The server's RSS at the end against its RSS when the suite began.

	static CppUnit::Test* suite();
};


#endif // ServerAbuseTest_INCLUDED
