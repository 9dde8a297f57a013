//
// PrivateFile.cpp
//


#include "PrivateFile.h"
#include "polytomic/connector.hpp"
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>


namespace polytomic {
namespace postgres {


PrivateFile::PrivateFile(const std::string& prefix, const std::string& content)
{
	const char* dir = std::getenv("TMPDIR");
	std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/" + prefix + "-XXXXXX";
	std::vector<char> name(pattern.begin(), pattern.end());
	name.push_back('\0');
	const int fd = ::mkstemp(name.data());
	if (fd < 0) throw sdk::Error("cannot create a temporary file in " + pattern + ": " + std::strerror(errno));
	_path = name.data();
	::fchmod(fd, S_IRUSR | S_IWUSR);
	std::size_t written = 0;
	while (written < content.size())
	{
		const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
		if (n < 0 && errno == EINTR) continue;
		if (n <= 0)
		{
			const std::string why = std::strerror(errno);
			::close(fd);
			::unlink(_path.c_str());
			throw sdk::Error("cannot write the temporary file " + _path + ": " + why);
		}
		written += static_cast<std::size_t>(n);
	}
	::close(fd);
}


PrivateFile::~PrivateFile()
{
	::unlink(_path.c_str());
}


} } // namespace polytomic::postgres
