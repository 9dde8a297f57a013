//
// TestEnvironment.cpp
//


#include "support/TestEnvironment.h"
#include "Poco/Net/ServerSocket.h"
#include <cstdlib>
#include <stdexcept>
#include <sys/wait.h>


namespace polytomic {
namespace test {


std::string TestEnvironment::require(const std::string& name)
{
	const char* value = std::getenv(name.c_str());
	if (!value || !*value)
		throw std::runtime_error(name + " is not set: run the suites through tests/run.sh, which starts PostgreSQL and Redis");
	return value;
}


std::string TestEnvironment::binary()
{
	return require("POLYTOMIC_BIN");
}


std::string TestEnvironment::sourceDir()
{
	return require("POLYTOMIC_SOURCE_DIR");
}


unsigned TestEnvironment::freePort()
{
	Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
	return socket.address().port();
}


std::string TestEnvironment::redisServer()
{
	return require("POLYTOMIC_TEST_REDIS_SERVER");
}


std::string TestEnvironment::unreachablePostgresUrl()
{
	return "postgres://app@127.0.0.1:" + std::to_string(freePort()) + "/nothing";
}


int TestEnvironment::shell(const std::string& command)
{
	int status = std::system(command.c_str());
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}


} } // namespace polytomic::test
