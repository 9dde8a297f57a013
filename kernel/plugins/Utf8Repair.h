//
// Utf8Repair.h
//
// Definition of the repairUtf8 function.
//


#ifndef Polytomic_Plugins_Utf8Repair_INCLUDED
#define Polytomic_Plugins_Utf8Repair_INCLUDED


#include <string>
#include <string_view>


namespace polytomic {
namespace plugins {


std::string repairUtf8(std::string_view text);
	/// The text with every byte sequence that is not UTF-8 (a character cut in
	/// two, a stray byte, an over-long or surrogate encoding, a NUL) replaced by
	/// U+FFFD, byte by byte. What a connector sends (messages, answers) is repaired where it
	/// enters the worker, so that PostgreSQL, which refuses such text, stores it.


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_Utf8Repair_INCLUDED
