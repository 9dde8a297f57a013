//
// LicenseToolTest.cpp
//
// Runs the built polytomic-license (POLYTOMIC_LICENSE_TOOL) as a child process.
//


#include "LicenseToolTest.h"
#include "license/LicenseError.h"
#include "license/LicenseVerifier.h"
#include "support/ChildProcess.h"
#include "support/TestDriver.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include "Poco/TemporaryFile.h"
#include "Poco/Timespan.h"
#include <cppunit/TestAssert.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>


using namespace polytomic::license;
using polytomic::test::ChildProcess;


namespace
{
	struct Result
	{
		int exitCode = -1;
		std::string output; /// standard output and standard error
	};


	Result tool(const std::vector<std::string>& args)
	{
		Result result;
		result.output = ChildProcess::run(POLYTOMIC_LICENSE_TOOL, args, {}, result.exitCode);
		return result;
	}


	std::string describe(const std::vector<std::string>& args, const Result& result)
	{
		std::string text = "polytomic-license";
		for (const auto& a: args) text += " '" + a + "'";
		return text + " exited " + std::to_string(result.exitCode) + ":\n" + result.output;
	}


	std::string readFile(const std::string& path)
	{
		std::ifstream in(path);
		std::stringstream text;
		text << in.rdbuf();
		return text.str();
	}


	std::string inDays(int days)
		/// The date (YYYY-MM-DD, UTC) days from now.
	{
		return License::formatDate(Poco::Timestamp() + Poco::Timespan(days, 0, 0, 0, 0));
	}


	std::string trim(const std::string& text)
	{
		const auto first = text.find_first_not_of(" \t\r\n");
		if (first == std::string::npos) return "";
		return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
	}


	bool contains(const std::string& text, const std::string& part)
	{
		return text.find(part) != std::string::npos;
	}


	class Keys
		/// A key pair made by `polytomic-license keygen` in a temporary folder.
	{
	public:
		Keys():
			_dir(Poco::TemporaryFile::tempName())
		{
			Poco::File(_dir).createDirectories();
			const std::vector<std::string> args = {"keygen", "--public", publicPath(), "--private", privatePath()};
			const Result result = tool(args);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(args, result), 0, result.exitCode);
		}

		~Keys()
		{
			try
			{
				Poco::File(_dir).remove(true);
			}
			catch (...)
			{
			}
		}

		std::string path(const std::string& name) const
		{
			return Poco::Path(_dir, name).toString();
		}

		std::string publicPath() const
		{
			return path("vendor-public.pem");
		}

		std::string privatePath() const
		{
			return path("vendor-private.pem");
		}

	private:
		std::string _dir;
	};
}


void LicenseToolTest::testRoundTrip()
{
	const Keys keys;
	const std::string publicKey = readFile(keys.publicPath());
	CPPUNIT_ASSERT(publicKey.find("-----BEGIN PUBLIC KEY-----") == 0);
	CPPUNIT_ASSERT(contains(readFile(keys.privatePath()), "PRIVATE KEY-----"));
	struct stat info;
	CPPUNIT_ASSERT_EQUAL(0, ::stat(keys.privatePath().c_str(), &info));
	CPPUNIT_ASSERT_EQUAL(0600, static_cast<int>(info.st_mode & 0777));

	const std::string expires = inDays(90);
	const std::vector<std::string> args = {"issue", "--key", keys.privatePath(), "--deployment", "acme-prod",
		"--customer", "Acme Corp", "--expires", expires, "--max-syncs", "5", "--connectors", "postgresql, salesforce"};
	const Result issued = tool(args);
	CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(args, issued), 0, issued.exitCode);
	const std::string token = trim(issued.output);
	CPPUNIT_ASSERT_MESSAGE(issued.output, token.find_first_of(" \n") == std::string::npos);

	const License license = LicenseVerifier(publicKey).verify(issued.output, "acme-prod", Poco::Timestamp());
	CPPUNIT_ASSERT_EQUAL(std::string("acme-prod"), license.deploymentId);
	CPPUNIT_ASSERT_EQUAL(std::string("Acme Corp"), license.customer);
	CPPUNIT_ASSERT(license.expiresAt == License::endOfDay(expires));
	CPPUNIT_ASSERT(license.issuedAt <= Poco::Timestamp());
	CPPUNIT_ASSERT(Poco::Timestamp() - license.issuedAt < Poco::Timespan(0, 0, 5, 0, 0).totalMicroseconds());
	CPPUNIT_ASSERT(license.maxSyncs && *license.maxSyncs == 5);
	CPPUNIT_ASSERT(license.connectors && *license.connectors == std::vector<std::string>({"postgresql", "salesforce"}));
	CPPUNIT_ASSERT(!license.id.empty());
	CPPUNIT_ASSERT(license.statusAt(Poco::Timestamp()).valid());

	// Without entitlements: unlimited.
	const Result unlimited = tool({"issue", "--key", keys.privatePath(), "--deployment", "acme-prod", "--customer", "Acme Corp",
		"--expires", expires});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(unlimited.output, 0, unlimited.exitCode);
	const License all = LicenseVerifier(publicKey).verify(unlimited.output, "acme-prod", Poco::Timestamp());
	CPPUNIT_ASSERT(!all.maxSyncs);
	CPPUNIT_ASSERT(!all.connectors);

	// The key is for this key pair only, and for acme-prod only.
	try
	{
		LicenseVerifier().verify(token, "acme-prod", Poco::Timestamp());
		CPPUNIT_FAIL("the vendor's key accepted a token of a test key");
	}
	catch (const LicenseError& e)
	{
		CPPUNIT_ASSERT_EQUAL(LicenseError::BAD_SIGNATURE, e.reason());
	}
	CPPUNIT_ASSERT_THROW(LicenseVerifier(publicKey).verify(token, "acme-staging", Poco::Timestamp()), LicenseError);
}


void LicenseToolTest::testKeygenRefusesToOverwrite()
{
	const Keys keys;
	const std::string publicKey = readFile(keys.publicPath());
	const std::string privateKey = readFile(keys.privatePath());

	const Result again = tool({"keygen", "--public", keys.publicPath(), "--private", keys.privatePath()});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(again.output, 73, again.exitCode);
	CPPUNIT_ASSERT_MESSAGE(again.output, contains(again.output, "exists already: refusing to overwrite it"));

	// Only one of them exists: nothing is written either.
	const Result half = tool({"keygen", "--public", keys.path("new-public.pem"), "--private", keys.privatePath()});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(half.output, 73, half.exitCode);
	CPPUNIT_ASSERT(!Poco::File(keys.path("new-public.pem")).exists());
	CPPUNIT_ASSERT_EQUAL(publicKey, readFile(keys.publicPath()));
	CPPUNIT_ASSERT_EQUAL(privateKey, readFile(keys.privatePath()));

	// A folder that does not exist.
	const Result nowhere = tool({"keygen", "--public", keys.path("none/public.pem"), "--private", keys.path("none/private.pem")});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(nowhere.output, 73, nowhere.exitCode);
	CPPUNIT_ASSERT_MESSAGE(nowhere.output, contains(nowhere.output, "cannot create"));
}


void LicenseToolTest::testBadArguments()
{
	const Keys keys;
	const std::string key = keys.privatePath();
	const std::string future = inDays(30);
	const std::vector<std::vector<std::string>> cases = {
		{},
		{"frobnicate"},
		{"--help-me"},
		{"keygen"},
		{"keygen", "--public", keys.path("a.pem")},
		{"keygen", "--public", keys.path("a.pem"), "--private"},
		{"keygen", "--public", keys.path("a.pem"), "--private", keys.path("a.pem")},
		{"keygen", "--public", keys.path("a.pem"), "--private", keys.path("b.pem"), "--force"},
		{"issue"},
		{"issue", "--key", key, "--customer", "Acme", "--expires", future},
		{"issue", "--key", key, "--deployment", "acme-prod", "--expires", future},
		{"issue", "--key", key, "--deployment", "acme-prod", "--customer", "Acme"},
		{"issue", "--deployment", "acme-prod", "--customer", "Acme", "--expires", future},
		{"issue", "--key", key, "--deployment", "acme-prod", "--customer", "Acme", "--expires", "31/12/2030"},
		{"issue", "--key", key, "--deployment", "acme-prod", "--customer", "Acme", "--expires", "2030-02-30"},
		{"issue", "--key", key, "--deployment", "acme-prod", "--customer", "Acme", "--expires", "2001-01-01"},
		{"issue", "--key", key, "--deployment", "acme-prod", "--customer", "Acme", "--expires", future, "--max-syncs", "-1"},
		{"issue", "--key", key, "--deployment", "acme-prod", "--customer", "Acme", "--expires", future, "--max-syncs", "ten"},
		{"issue", "--key", key, "--deployment", "acme-prod", "--customer", "Acme", "--expires", future, "--connectors", "a,,b"},
		{"issue", "--key", key, "--deployment", "acme-prod", "--customer", "", "--expires", future},
		{"issue", "--key", key, "--deployment", "acme-prod", "--deployment", "other", "--customer", "Acme", "--expires", future},
		{"issue", "--key", key, "--deployment", "acme-prod", "--customer", "Acme", "--expires", future, "extra"},
		{"issue", "--key", key, "--deployment", "acme-prod", "--customer", "Acme", "--expires", future, "--max-sync", "3"},
		{"show"},
		{"show", "a", "b"},
	};
	for (const auto& args: cases)
	{
		const Result result = tool(args);
		CPPUNIT_ASSERT_EQUAL_MESSAGE(describe(args, result), 64, result.exitCode);
		CPPUNIT_ASSERT_MESSAGE(describe(args, result), contains(result.output, "usage: polytomic-license keygen"));
		CPPUNIT_ASSERT_MESSAGE(describe(args, result), result.output.rfind("polytomic-license: ", 0) == 0);
	}
	CPPUNIT_ASSERT(!Poco::File(keys.path("a.pem")).exists());

	const Result help = tool({"--help"});
	CPPUNIT_ASSERT_EQUAL(0, help.exitCode);
	CPPUNIT_ASSERT(contains(help.output, "usage: polytomic-license keygen"));
}


void LicenseToolTest::testUnreadableKey()
{
	const Keys keys;
	const std::string future = inDays(30);
	const std::string missing = keys.path("no-such-key.pem");
	const Result absent = tool({"issue", "--key", missing, "--deployment", "acme-prod", "--customer", "Acme", "--expires", future});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(absent.output, 66, absent.exitCode);
	CPPUNIT_ASSERT_MESSAGE(absent.output, contains(absent.output, "cannot read the private key file " + missing));
	CPPUNIT_ASSERT_MESSAGE(absent.output, contains(absent.output, "No such file or directory"));

	const Result publicKey = tool({"issue", "--key", keys.publicPath(), "--deployment", "acme-prod", "--customer", "Acme", "--expires", future});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(publicKey.output, 66, publicKey.exitCode);
	CPPUNIT_ASSERT_MESSAGE(publicKey.output, contains(publicKey.output, "holds no P-256 private key"));

	const Result folder = tool({"issue", "--key", keys.path(""), "--deployment", "acme-prod", "--customer", "Acme", "--expires", future});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(folder.output, 66, folder.exitCode);
}


void LicenseToolTest::testShow()
{
	const Keys keys;
	const Result issued = tool({"issue", "--key", keys.privatePath(), "--deployment", "acme-prod", "--customer", "Acme Corp",
		"--expires", "2099-12-31", "--connectors", "postgresql"});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(issued.output, 0, issued.exitCode);

	const Result shown = tool({"show", trim(issued.output)});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(shown.output, 0, shown.exitCode);
	CPPUNIT_ASSERT_MESSAGE(shown.output, shown.output.rfind("UNVERIFIED", 0) == 0);
	CPPUNIT_ASSERT_MESSAGE(shown.output, contains(shown.output, "signature was NOT checked"));
	CPPUNIT_ASSERT_MESSAGE(shown.output, contains(shown.output, "deployment:  acme-prod"));
	CPPUNIT_ASSERT_MESSAGE(shown.output, contains(shown.output, "customer:    Acme Corp"));
	CPPUNIT_ASSERT_MESSAGE(shown.output, contains(shown.output, "expires:     2099-12-31 23:59:59 UTC"));
	CPPUNIT_ASSERT_MESSAGE(shown.output, contains(shown.output, "max syncs:   unlimited"));
	CPPUNIT_ASSERT_MESSAGE(shown.output, contains(shown.output, "connectors:  postgresql"));
	CPPUNIT_ASSERT_MESSAGE(shown.output, contains(shown.output, "\"iss\":\"polytomic-license\""));

	const Result garbage = tool({"show", "not-a-token"});
	CPPUNIT_ASSERT_EQUAL_MESSAGE(garbage.output, 65, garbage.exitCode);
	CPPUNIT_ASSERT_MESSAGE(garbage.output, contains(garbage.output, "malformed"));
}


CppUnit::Test* LicenseToolTest::suite()
{
	auto* suite = new CppUnit::TestSuite("LicenseToolTest");
	POLYTOMIC_ADD_TEST(suite, LicenseToolTest, testRoundTrip);
	POLYTOMIC_ADD_TEST(suite, LicenseToolTest, testKeygenRefusesToOverwrite);
	POLYTOMIC_ADD_TEST(suite, LicenseToolTest, testBadArguments);
	POLYTOMIC_ADD_TEST(suite, LicenseToolTest, testUnreadableKey);
	POLYTOMIC_ADD_TEST(suite, LicenseToolTest, testShow);
	return suite;
}
