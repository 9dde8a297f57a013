//
// TestDatabase.cpp
//


#include "support/TestDatabase.h"
#include "support/TestEnvironment.h"
#include "Poco/UUIDGenerator.h"
#include "Poco/String.h"
#include <libpq-fe.h>
#include <memory>
#include <stdexcept>


namespace polytomic {
namespace test {


namespace
{
	std::string conninfo(const std::string& database)
	{
		return "host=" + TestEnvironment::require("POLYTOMIC_TEST_PG_HOST") + " port=" +
			TestEnvironment::require("POLYTOMIC_TEST_PG_PORT") + " user=" + TestEnvironment::require("POLYTOMIC_TEST_PG_USER") +
			" dbname=" + database + " connect_timeout=5";
	}


	int pgctl(const std::string& action)
	{
		const char* owner = std::getenv("POLYTOMIC_TEST_PG_AS_OWNER");
		const std::string command = std::string(owner ? owner : "") + " " + TestEnvironment::require("POLYTOMIC_TEST_PG_CTL") +
			" " + action + " >/dev/null 2>&1";
		return TestEnvironment::shell(command);
	}
}


TestDatabase::TestDatabase(const std::string& prefix)
{
	std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString().substr(0, 8);
	_name = "t_" + Poco::toLower(prefix) + "_" + id;
	executeAdmin("CREATE DATABASE \"" + _name + "\"");
}


TestDatabase::~TestDatabase()
{
	try
	{
		executeAdmin("DROP DATABASE IF EXISTS \"" + _name + "\" WITH (FORCE)");
	}
	catch (...)
	{
	}
}


std::string TestDatabase::url(const std::string& user) const
{
	return "postgres://" + user + "@" + TestEnvironment::require("POLYTOMIC_TEST_PG_HOST") + ":" +
		TestEnvironment::require("POLYTOMIC_TEST_PG_PORT") + "/" + _name;
}


std::string TestDatabase::scalar(const std::string& sql) const
{
	return run(_name, sql);
}


void TestDatabase::execute(const std::string& sql) const
{
	run(_name, sql);
}


void TestDatabase::executeAdmin(const std::string& sql)
{
	run("postgres", sql);
}


std::string TestDatabase::run(const std::string& database, const std::string& sql)
{
	std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(conninfo(database).c_str()), &PQfinish);
	if (PQstatus(conn.get()) != CONNECTION_OK)
		throw std::runtime_error("cannot reach the test PostgreSQL: " + std::string(PQerrorMessage(conn.get())));
	PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
	std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
	ExecStatusType status = PQresultStatus(result.get());
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
		throw std::runtime_error("test SQL failed: " + sql + ": " + PQerrorMessage(conn.get()));
	if (status == PGRES_TUPLES_OK && PQntuples(result.get()) > 0) return PQgetvalue(result.get(), 0, 0);
	return "";
}


void TestDatabase::stopServer()
{
	if (pgctl("-w -m fast stop") != 0) throw std::runtime_error("pg_ctl stop failed");
}


void TestDatabase::startServer()
{
	if (pgctl("status") == 0) return;
	if (pgctl("-w start") != 0) throw std::runtime_error("pg_ctl start failed");
}


TestDatabase::ServerRestarter::~ServerRestarter()
{
	try
	{
		startServer();
	}
	catch (...)
	{
	}
}


} } // namespace polytomic::test
