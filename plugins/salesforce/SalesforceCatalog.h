//
// SalesforceCatalog.h
//
// Definition of the SalesforceCatalog class.
//


#ifndef Salesforce_SalesforceCatalog_INCLUDED
#define Salesforce_SalesforceCatalog_INCLUDED


#include "SalesforceApi.h"
#include "polytomic/batch.hpp"
#include <optional>
#include <string>
#include <vector>


namespace salesforce {


struct Field
	/// A field of an sObject (describe's fields[]) and the SDK type it is read as.
{
	std::string name;
	std::string salesforceType;  /// id, string, reference, boolean, int, double, currency, date, datetime, ...
	polytomic::sdk::Type type = polytomic::sdk::Type::String;
	bool nillable = true;
	bool externalId = false;     /// an external id: upserts go by it
};


struct SObject
	/// An object of the org (describeGlobal's sobjects[], describe's fields).
{
	std::string name;
	std::string label;
	std::vector<Field> fields;

	const Field* find(const std::string& name) const;
	std::vector<std::string> externalIds() const;
	bool tracked() const;        /// it has SystemModstamp
};


class SalesforceCatalog
	/// The objects of an org as discover describes them, and the conversion of
	/// field values to and from the SDK's types:
	///   id, reference, string, picklist, email, phone, url, textarea, ... -> string;
	///   boolean -> bool; int, long -> int64; double, currency, percent -> decimal
	///   (exact digits); date -> date; datetime -> timestamp; time -> string.
	/// Compound fields (address, location) are left out: their components
	/// (BillingStreet, ...) are fields of their own, and Bulk API 2.0 takes no compound field.
	/// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm
	/// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
	/// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm
{
public:
	explicit SalesforceCatalog(SalesforceApi& api);

	std::vector<SObject> objects(const std::vector<std::string>& only);
		/// The queryable objects (only those named, when some are), each described.

	SObject object(const std::string& name);
		/// One object, described; throws sdk::Error for one the org does not have.

	static polytomic::json::Value describe(const SObject& object);

	static polytomic::sdk::Type typeOf(const std::string& salesforceType);

	static void append(polytomic::sdk::BatchBuilder& batch, std::size_t column, polytomic::sdk::Type type, const std::optional<std::string>& text);
		/// A value as Salesforce writes it (REST's JSON as text, or a CSV cell) as the field's type; one that does not parse is null.

	static std::optional<std::string> textOf(const polytomic::json::Value& value);
		/// A REST record's value as text (numbers in their JSON digits, booleans as true/false); nothing for null.

	static std::optional<std::string> text(const polytomic::sdk::BatchReader& batch, int64_t row, std::size_t column);
		/// A record's value as Salesforce takes it in a Bulk API CSV; nothing for null.

	static int64_t parseTimestamp(const std::string& text);
		/// Microseconds since the epoch of "2024-01-31T12:00:00.000+0000" (or Z, or +01:00); throws std::invalid_argument.

	static std::string formatTimestamp(int64_t micros);
		/// "2024-01-31T12:00:00.000Z".

	static std::string soqlTimestamp(int64_t micros);
		/// A SOQL dateTime literal at or before the instant (whole seconds: 2024-01-31T12:00:00Z).

private:
	SalesforceApi& _api;
};


} // namespace salesforce


#endif // Salesforce_SalesforceCatalog_INCLUDED
