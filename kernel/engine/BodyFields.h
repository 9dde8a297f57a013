//
// BodyFields.h
//
// Reading the fields of a request body by type.
//


#ifndef Polytomic_Engine_BodyFields_INCLUDED
#define Polytomic_Engine_BodyFields_INCLUDED


#include "polytomic/json.hpp"
#include <map>
#include <string>


namespace polytomic {
namespace engine {


using FieldErrors = std::map<std::string, std::string>;
	/// A field's path ("schedule.frequency") -> what is wrong with it, as ValidationError carries them.

constexpr std::size_t MAX_NAME_LENGTH = 200;
	/// Characters in the name of a connection, model, sync or bulk sync (the database's CHECK).

std::string nameField(const json::Value& body, FieldErrors& errors);
	/// body.name: a string of 1 to MAX_NAME_LENGTH characters, checked here
	/// so that the database's constraint never turns it into a 500.

std::string textField(const json::Value& object, const std::string& key, const std::string& path, FieldErrors& errors,
	const std::string& fallback = "");
	/// The string at key; fallback when the key is absent or null. Any other
	/// type is an error at path: a field of the wrong type is refused, never read as its default.

bool flagField(const json::Value& object, const std::string& key, const std::string& path, FieldErrors& errors, bool fallback);
	/// The same for true or false.

void arrayField(const json::Value& object, const std::string& key, const std::string& path, FieldErrors& errors);
	/// An error at path unless the key is absent, null or an array.

std::size_t characters(const std::string& text);
	/// The number of characters (code points) of UTF-8 text.


} } // namespace polytomic::engine


#endif // Polytomic_Engine_BodyFields_INCLUDED
