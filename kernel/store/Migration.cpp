//
// Migration.cpp
//


#include "store/Migration.h"
#include "store/DatabaseError.h"
#include "store/EmbeddedMigrations.h"
#include "Poco/DigestEngine.h"
#include "Poco/NumberParser.h"
#include "Poco/SHA2Engine.h"
#include <algorithm>
#include <cctype>


namespace polytomic {
namespace store {


Migration Migration::fromFile(const std::string& name, const std::string& sql)
{
	std::size_t digits = 0;
	while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
	int version = 0;
	if (digits == 0 || !Poco::NumberParser::tryParse(name.substr(0, digits), version))
		throw MigrationError("migration file '" + name + "' must start with its number, e.g. 002_add_connections.sql");
	Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
	sha.update(sql);
	return Migration{version, name, sql, Poco::DigestEngine::digestToHex(sha.digest())};
}


std::vector<Migration> Migration::fromFiles(const std::vector<std::pair<std::string, std::string>>& files)
{
	std::vector<Migration> migrations;
	for (const auto& [name, sql]: files) migrations.push_back(fromFile(name, sql));
	std::sort(migrations.begin(), migrations.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
	for (std::size_t i = 1; i < migrations.size(); ++i)
	{
		if (migrations[i].version == migrations[i - 1].version)
			throw MigrationError("migrations '" + migrations[i - 1].name + "' and '" + migrations[i].name + "' share a number");
	}
	return migrations;
}


std::vector<Migration> Migration::embedded()
{
	return fromFiles(embeddedMigrations());
}


} } // namespace polytomic::store
