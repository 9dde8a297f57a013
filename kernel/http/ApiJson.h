//
// ApiJson.h
//
// Small conversions the handlers share when they write the public API's JSON.
//


#ifndef Polytomic_Http_ApiJson_INCLUDED
#define Polytomic_Http_ApiJson_INCLUDED


#include "polytomic/json.hpp"
#include <optional>
#include <string>


namespace polytomic {
namespace http {


json::Value optionalText(const std::optional<std::string>& value);
	/// The text, or null.

json::Value withoutNulls(const json::Value& object);
	/// The object without its null members: the SDK's types have no null
	/// where a member may be absent. Anything but an object is returned as is.

std::string publicFieldType(const std::string& sdkType);
	/// An SDK field type ("int64", "timestamp", ...) in the public API's words:
	/// string, number, boolean, datetime, object, binary or unknown.

json::Value pageJson(const json::Value& data, const std::string& nextPageToken);
	/// {"data": data, "pagination": {"next_page_token": ...}}, the token left out
	/// on the last page: the SDK's PaginationDetails has a string or nothing, never null.


} } // namespace polytomic::http


#endif // Polytomic_Http_ApiJson_INCLUDED
