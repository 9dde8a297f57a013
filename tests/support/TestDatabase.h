//
// TestDatabase.h
//
// Definition of the TestDatabase class.
//


#ifndef Polytomic_Test_TestDatabase_INCLUDED
#define Polytomic_Test_TestDatabase_INCLUDED


#include <string>


namespace polytomic {
namespace test {


class TestDatabase
	/// A fresh database on the test PostgreSQL, dropped again at the end of the test.
{
public:
	explicit TestDatabase(const std::string& prefix);
	~TestDatabase();
	TestDatabase(const TestDatabase&) = delete;
	TestDatabase& operator=(const TestDatabase&) = delete;

	const std::string& name() const;

	std::string url(const std::string& user = "postgres") const;
		/// postgres://user@host:port/name

	std::string scalar(const std::string& sql) const;
		/// The first column of the first row ("" when there is none); throws on error.

	void execute(const std::string& sql) const;

	static void executeAdmin(const std::string& sql);
		/// Runs sql on the "postgres" database as the superuser.

	static void stopServer();
	static void startServer();
		/// Stop and start the test PostgreSQL itself (pg_ctl), for recovery tests.
		/// Starting a running server does nothing.

	struct ServerRestarter
		/// Starts the server again at the end of the scope, so that a failing
		/// recovery test never leaves it down for the tests after it.
	{
		~ServerRestarter();
	};

private:
	static std::string run(const std::string& database, const std::string& sql);

	std::string _name;
};


//
// inlines
//
inline const std::string& TestDatabase::name() const
{
	return _name;
}


} } // namespace polytomic::test


#endif // Polytomic_Test_TestDatabase_INCLUDED
