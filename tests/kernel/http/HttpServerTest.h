//
// HttpServerTest.h
//


#ifndef HttpServerTest_INCLUDED
#define HttpServerTest_INCLUDED


#include <cppunit/TestFixture.h>
#include <cppunit/Test.h>


class HttpServerTest: public CppUnit::TestFixture
{
public:
	void testUnexpectedExceptionBecomesJson500();
	void testHttpErrorBody();
	void testDatabaseUnavailableIs503();
	void testBodySizeLimit();
	void testRequestIds();
	void testGracefulShutdownFinishesInFlight();
	void testShutdownIsBounded();
	void testManyConcurrentRequests();
	void testUnreadBodyDoesNotBecomeTheNextRequest();
	void testLargeUnreadBodyClosesTheConnection();
	void testSlowClientsDoNotStarveTheServer();
	void testSecondServerOnTheSamePortFails();
	void testBindAddress();
	void testSecretsAreRedactedInTheAccessLog();
	void testMalformedRequestsGetJsonErrors();
	void testReasonPhraseMatchesStatus();
	void testLivenessProbeHasThreadsOfItsOwn();
	void testRequestsPerAddressAreBounded();
	void testClientThatReadsNothingIsClosed();
		/// A client pipelining without reading holds no thread and is closed after the send timeout.
	void testClientAddresses();
		/// What counts as one client: an IPv4 address (also IPv4-mapped), an IPv6 /64.
		/// HTTP_MAX_REQUESTS_PER_ADDRESS: one address's further requests wait their turn, none is lost.
	void testConnectionsEndOnEitherThread();
		/// A socket's last reference goes on the head reader's thread or on a request thread;
		/// under ThreadSanitizer (tests/sanitize.sh tsan) this is where a missing happens-before shows.

	static CppUnit::Test* suite();
};


#endif // HttpServerTest_INCLUDED
