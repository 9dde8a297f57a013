//
// ProcessProtection.cpp
//


#include "app/ProcessProtection.h"
#include "config/Settings.h"
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <sys/prctl.h>


extern char** environ;


namespace polytomic {
namespace app {


namespace
{
	struct Span
	{
		std::uintptr_t start = 0;
		std::uintptr_t end = 0;

		bool holds(const char* text, std::size_t length) const
		{
			const auto at = reinterpret_cast<std::uintptr_t>(text);
			return at >= start && at + length <= end;
		}
	};


	Span initialEnvironment()
		/// Where the kernel placed the environment at exec: what /proc/<pid>/environ reads,
		/// whatever setenv and unsetenv did since (fields 50 and 51 of /proc/self/stat).
	{
		std::ifstream in("/proc/self/stat");
		const std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
		const auto paren = stat.rfind(')');
		if (paren == std::string::npos) return {};
		std::istringstream fields(stat.substr(paren + 1));
		std::string field;
		Span span;
		for (int number = 3; fields >> field; ++number)
		{
			// A field that is not a number: an unknown layout, so nothing is overwritten.
			if ((number == 50 || number == 51) && field.find_first_not_of("0123456789") != std::string::npos) return {};
			if (number == 50) span.start = std::stoull(field);
			if (number == 51) span.end = std::stoull(field);
		}
		return span;
	}
}


void ProcessProtection::apply()
{
	::prctl(PR_SET_DUMPABLE, 0);
	forgetSecretVariables();
}


std::vector<std::string> ProcessProtection::forgetSecretVariables()
{
	const Span initial = initialEnvironment();
	std::vector<std::string> names;
	std::vector<char*> erasable;
	for (char** entry = environ; entry && *entry; ++entry)
	{
		const char* equals = std::strchr(*entry, '=');
		if (!equals) continue;
		const std::string name(*entry, static_cast<std::size_t>(equals - *entry));
		if (!config::Settings::isSecretVariable(name)) continue;
		names.push_back(name);
		// Only the exec-time block is overwritten: setenv's own strings belong to glibc.
		if (initial.holds(*entry, std::strlen(*entry))) erasable.push_back(*entry);
	}
	for (const auto& name: names) ::unsetenv(name.c_str());
	for (char* text: erasable) std::memset(text, 0, std::strlen(text));
	return names;
}


} } // namespace polytomic::app
