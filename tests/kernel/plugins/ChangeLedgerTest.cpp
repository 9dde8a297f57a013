//
// ChangeLedgerTest.cpp
//
// The in-memory change ledger, with a key function that makes identities
// collide: no record is skipped or deleted for sharing a key with another.
//


#include "ChangeLedgerTest.h"
#include "plugins/ChangeLedger.h"
#include "support/TestDriver.h"
#include <cppunit/TestAssert.h>
#include <algorithm>


using polytomic::plugins::ChangeLedger;


namespace
{
	uint64_t sameKey(std::string_view)
		/// Every identity collides with every other.
	{
		return 42;
	}


	uint64_t firstLetter(std::string_view identity)
	{
		return identity.empty() ? 0 : static_cast<unsigned char>(identity[0]);
	}
}


void ChangeLedgerTest::testFindsEachIdentity()
{
	ChangeLedger ledger;
	for (int i = 0; i < 1000; ++i) ledger.add("id-" + std::to_string(i), i * 7);
	ledger.seal();
	CPPUNIT_ASSERT_EQUAL(std::size_t(1000), ledger.size());
	for (int i = 0; i < 1000; ++i)
	{
		const ChangeLedger::Entry* entry = ledger.find("id-" + std::to_string(i));
		CPPUNIT_ASSERT(entry);
		CPPUNIT_ASSERT_EQUAL(int64_t(i * 7), entry->hash);
	}
	CPPUNIT_ASSERT(!ledger.find("id-1000"));
	CPPUNIT_ASSERT(!ledger.find(""));
}


void ChangeLedgerTest::testSharedKeyIsNotTheSameIdentity()
{
	// "bob" is not in the ledger; "ann" is, with the same value hash bob's record has now: were it
	// taken for ann's, bob's record would count as unchanged and never reach the target.
	ChangeLedger ledger(sameKey);
	ledger.add("ann", 1234);
	ledger.add("carl", 99);
	ledger.seal();
	CPPUNIT_ASSERT(!ledger.find("bob"));
	CPPUNIT_ASSERT(ledger.find("ann"));
	CPPUNIT_ASSERT_EQUAL(int64_t(1234), ledger.find("ann")->hash);
	CPPUNIT_ASSERT_EQUAL(int64_t(99), ledger.find("carl")->hash);
	CPPUNIT_ASSERT_EQUAL(uint64_t(42), ledger.keyOf("bob"));
}


void ChangeLedgerTest::testSnapshotKeepsARecordWhoseKeyIsShared()
{
	// A snapshot sees alice and bob again (they share a key), and not amy: only amy left the model.
	ChangeLedger ledger(firstLetter);
	for (const char* identity: {"amy", "alice", "bob", "al"}) ledger.add(identity, 1);
	ledger.seal();
	for (const char* identity: {"alice", "bob", "al"})
	{
		const ChangeLedger::Entry* entry = ledger.find(identity);
		CPPUNIT_ASSERT_MESSAGE(identity, entry);
		ledger.see(entry);
	}
	CPPUNIT_ASSERT(ledger.unseen() == std::vector<std::string>{"amy"});
}


CppUnit::Test* ChangeLedgerTest::suite()
{
	auto* suite = new CppUnit::TestSuite("ChangeLedgerTest");
	POLYTOMIC_ADD_TEST(suite, ChangeLedgerTest, testFindsEachIdentity);
	POLYTOMIC_ADD_TEST(suite, ChangeLedgerTest, testSharedKeyIsNotTheSameIdentity);
	POLYTOMIC_ADD_TEST(suite, ChangeLedgerTest, testSnapshotKeepsARecordWhoseKeyIsShared);
	return suite;
}
