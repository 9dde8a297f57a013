//
// RecordJson.h
//
// Definition of the RecordJson class.
//


#ifndef Webhook_RecordJson_INCLUDED
#define Webhook_RecordJson_INCLUDED


#include "polytomic/batch.hpp"
#include "polytomic/json.hpp"


namespace webhook {


class RecordJson
	/// One record of a batch as the JSON object the receiver gets: field name to value.
	/// Strings, decimals (as strings: exact digits), JSON values as they are, dates as
	/// "YYYY-MM-DD", timestamps as "YYYY-MM-DDTHH:MM:SS.ffffffZ", binary as base64.
{
public:
	static polytomic::json::Value of(const polytomic::sdk::BatchReader& batch, int64_t row);

	static std::string date(int32_t days);
	static std::string timestamp(int64_t micros);
	static std::string base64(std::string_view bytes);
};


} // namespace webhook


#endif // Webhook_RecordJson_INCLUDED
