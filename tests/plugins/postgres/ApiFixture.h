//
// ApiFixture.h
//
// What the end-to-end suites share: a REST client, the environment of a
// server process of a given role, connections to test databases.
//


#ifndef ApiFixture_INCLUDED
#define ApiFixture_INCLUDED


#include "support/HttpProbe.h"
#include "support/TestDatabase.h"
#include "polytomic/json.hpp"
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>


namespace polytomic {
namespace test {


struct ApiClient
{
	unsigned port;
	std::string authorization;

	HttpReply call(const std::string& method, const std::string& path, const std::string& body = "") const;

	json::Value data(const std::string& method, const std::string& path, const std::string& body = "") const;
		/// The "data" of a 200 answer; throws with the answer otherwise.

	static ApiClient forOrganization(const TestDatabase& app, unsigned port);
		/// Authenticated with the deployment key of serverEnvironment().
};


std::map<std::string, std::string> serverEnvironment(const TestDatabase& app, unsigned port, const std::string& role);
	/// A server of that role (web, worker, scheduler) on the app database, with short leases.

std::string createConnection(const ApiClient& api, const std::string& name, const TestDatabase& db);
	/// A PostgreSQL connection to db; returns its id.

json::Value waitForExecution(const ApiClient& api, const std::string& path, int seconds = 120);
	/// GETs path until the execution is completed, failed or canceled.

bool sameRows(const TestDatabase& source, const TestDatabase& destination, const std::string& table);

std::vector<pid_t> childrenOf(pid_t parent, const std::string& commandPart);
	/// Processes whose parent is `parent` and whose command line contains commandPart.


} } // namespace polytomic::test


#endif // ApiFixture_INCLUDED
