//
// Sanitizer.cpp
//


#include "support/Sanitizer.h"
#include <iostream>


namespace polytomic {
namespace test {


namespace
{
	// tests/support/CMakeLists.txt defines it in a -DPOLYTOMIC_SANITIZE build.
#ifdef POLYTOMIC_SANITIZE
	const char* const BUILT_WITH = POLYTOMIC_SANITIZE;
#else
	const char* const BUILT_WITH = "";
#endif
}


std::string Sanitizer::name()
{
	return BUILT_WITH;
}


bool Sanitizer::address()
{
	return name().find("address") != std::string::npos;
}


bool Sanitizer::thread()
{
	return name() == "thread";
}


long Sanitizer::memoryBound(long kilobytes)
{
	if (name().empty()) return kilobytes;
	std::cout << " [" << name() << " build: memory bound " << kilobytes / 1024 << " MB x " << MEMORY_FACTOR << "] " << std::flush;
	return kilobytes * MEMORY_FACTOR;
}


long Sanitizer::timeBound(long milliseconds)
{
	if (name().empty()) return milliseconds;
	std::cout << " [" << name() << " build: time bound " << milliseconds << " ms x " << SLOWDOWN << "] " << std::flush;
	return milliseconds * SLOWDOWN;
}


bool Sanitizer::skips(const std::string& what)
{
	if (name().empty()) return false;
	std::cout << " [" << name() << " build: not checked: " << what << "] " << std::flush;
	return true;
}


} } // namespace polytomic::test
