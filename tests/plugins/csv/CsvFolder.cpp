//
// CsvFolder.cpp
//


#include "CsvFolder.h"
#include "support/TestEnvironment.h"
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>


CsvFolder::CsvFolder()
{
	char name[] = "/tmp/polytomic-csv-XXXXXX";
	if (!::mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
	root = name;
	::setenv("CONNECTOR_CSV_ROOT", root.c_str(), 1);
}


CsvFolder::~CsvFolder()
{
	polytomic::test::TestEnvironment::shell("rm -rf '" + root + "'");
}


std::string CsvFolder::path(const std::string& relative) const
{
	return root + "/" + relative;
}


void CsvFolder::write(const std::string& relative, const std::string& bytes) const
{
	const std::string full = path(relative);
	polytomic::test::TestEnvironment::shell("mkdir -p '" + full.substr(0, full.rfind('/')) + "'");
	std::ofstream out(full, std::ios::binary | std::ios::trunc);
	out << bytes;
}


std::string CsvFolder::contents(const std::string& relative) const
{
	std::ifstream in(path(relative), std::ios::binary);
	std::stringstream text;
	text << in.rdbuf();
	return text.str();
}


polytomic::json::Value CsvFolder::config(const std::string& folder) const
{
	polytomic::json::Value c = polytomic::json::Value::object();
	c.set("folder", folder);
	return c;
}


LoadedPlugin& CsvFolder::plugin()
{
	static LoadedPlugin loaded(CSV_PLUGIN);
	return loaded;
}
