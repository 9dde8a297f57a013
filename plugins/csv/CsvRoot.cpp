//
// CsvRoot.cpp
//


#include "CsvRoot.h"
#include "polytomic/connector.hpp"
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <dirent.h>
#include <sys/stat.h>


namespace csv {


namespace
{
	std::string realPath(const std::string& path)
	{
		char resolved[PATH_MAX];
		if (!::realpath(path.c_str(), resolved)) return "";
		return resolved;
	}
}


const char* const CsvRoot::VARIABLE = "CONNECTOR_CSV_ROOT";


CsvRoot::CsvRoot(const std::string& folder)
{
	const char* root = std::getenv(VARIABLE);
	if (!root || !*root)
		throw polytomic::sdk::Error("the server has no CSV folder: its operator must set CONNECTOR_CSV_ROOT to the one folder CSV connections "
			"may use (integrations/csv.md)");
	_root = realPath(root);
	if (_root.empty()) throw polytomic::sdk::Error("the server's CSV root (CONNECTOR_CSV_ROOT) does not exist; its operator must create it");
	if (!folder.empty() && folder[0] == '/')
		throw polytomic::sdk::Error("folder is relative to the server's CSV root: '" + folder + "' starts with '/'");
	_path = realPath(_root + "/" + folder);
	struct stat info;
	if (_path.empty() || ::stat(_path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
		throw polytomic::sdk::Error("the folder '" + folder + "' does not exist in the server's CSV root");
	if (!inside(_path)) throw polytomic::sdk::Error("the folder '" + folder + "' leads outside the server's CSV root; name one inside it");
}


bool CsvRoot::inside(const std::string& real) const
{
	return real == _root || (real.size() > _root.size() && real.compare(0, _root.size(), _root) == 0 &&
		(_root == "/" || real[_root.size()] == '/'));
}


const std::string& CsvRoot::path() const
{
	return _path;
}


std::vector<std::string> CsvRoot::objects() const
{
	std::vector<std::string> names;
	if (DIR* dir = ::opendir(_path.c_str()))
	{
		while (dirent* entry = ::readdir(dir))
		{
			const std::string name = entry->d_name;
			if (name.size() <= 4 || name[0] == '.' || name.compare(name.size() - 4, 4, ".csv") != 0) continue;
			// A link that leads out of the root is no object of this connection.
			const std::string real = realPath(_path + "/" + name);
			struct stat info;
			if (!real.empty() && inside(real) && ::stat(real.c_str(), &info) == 0 && S_ISREG(info.st_mode)) names.push_back(name.substr(0, name.size() - 4));
		}
		::closedir(dir);
	}
	std::sort(names.begin(), names.end());
	return names;
}


void CsvRoot::requireFileName(const std::string& object)
{
	if (object.empty() || object == "." || object == ".." || object.find('/') != std::string::npos || object.find('\0') != std::string::npos ||
		object[0] == '.')
		throw polytomic::sdk::Error("'" + object + "' is not a file name: an object is a .csv file of the connection's folder, named without "
			"'/' and not starting with '.'");
}


std::string CsvRoot::existingFile(const std::string& object) const
{
	requireFileName(object);
	const std::string real = realPath(_path + "/" + object + ".csv");
	if (real.empty()) throw polytomic::sdk::Error("there is no file " + object + ".csv in the connection's folder");
	if (!inside(real)) throw polytomic::sdk::Error(object + ".csv leads outside the server's CSV root (a symbolic link); it is refused");
	return real;
}


std::string CsvRoot::fileToWrite(const std::string& object) const
{
	requireFileName(object);
	const std::string path = _path + "/" + object + ".csv";
	struct stat info;
	if (::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode))
		throw polytomic::sdk::Error(object + ".csv is a symbolic link; the CSV connector writes only plain files inside its root");
	return path;
}


} // namespace csv
