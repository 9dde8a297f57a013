//
// HubSpotCatalog.h
//
// Definition of the HubSpotCatalog class.
//


#ifndef HubSpot_HubSpotCatalog_INCLUDED
#define HubSpot_HubSpotCatalog_INCLUDED


#include "HubSpotApi.h"
#include "polytomic/batch.hpp"
#include <optional>
#include <string>
#include <vector>


namespace hubspot {


struct Property
	/// A HubSpot property (GET /crm/v3/properties/<object>) and the SDK type it is read as.
{
	std::string name;
	std::string hubspotType;   /// string, number, date, datetime, enumeration, bool, phone_number, ...
	polytomic::sdk::Type type = polytomic::sdk::Type::String;
	bool unique = false;       /// hasUniqueValue: it can identify a record for writes
	bool readOnly = false;
};


struct ObjectType
	/// A CRM object type: contacts, companies, deals, tickets, or a custom object ("2-<id>").
{
	std::string id;                    /// what the API's paths name it by
	std::string name;
	std::vector<Property> properties;

	std::string trackingField() const; /// lastmodifieddate for contacts, hs_lastmodifieddate for the others
	std::vector<std::string> identityFields() const;
	const Property* find(const std::string& name) const;
};


class HubSpotCatalog
	/// The object types of a portal and their properties, as discover describes
	/// them, and the conversion of property values (always strings in CRM v3's
	/// JSON) to and from the SDK's types:
	///   number -> decimal (exact digits; hs_object_id -> string, an id),
	///   datetime -> timestamp, date -> date, bool/booleancheckbox -> bool,
	///   everything else (string, enumeration, phone_number, ...) -> string.
{
public:
	explicit HubSpotCatalog(HubSpotApi& api);

	std::vector<ObjectType> objects();
		/// The standard objects and the custom ones (GET /crm/v3/schemas), with their properties.

	ObjectType object(const std::string& id);
		/// One object type with its properties; throws sdk::Error for one the portal does not have.

	static polytomic::json::Value describe(const ObjectType& object);

	static polytomic::sdk::Type typeOf(const std::string& name, const std::string& hubspotType);

	static void append(polytomic::sdk::BatchBuilder& batch, std::size_t column, polytomic::sdk::Type type, const polytomic::json::Value& value);
		/// A property value as the field's type; a value that does not parse is null.

	static std::optional<std::string> text(const polytomic::sdk::BatchReader& batch, int64_t row, std::size_t column);
		/// A record's value as HubSpot takes it; nothing for null.

	static int64_t parseTimestamp(const std::string& iso);
		/// Microseconds since the epoch of "2024-01-31T12:00:00.000Z"; throws std::invalid_argument.

	static std::string formatTimestamp(int64_t micros);
		/// "2024-01-31T12:00:00.000Z".

private:
	std::vector<Property> propertiesOf(const std::string& objectId);

	HubSpotApi& _api;
};


} // namespace hubspot


#endif // HubSpot_HubSpotCatalog_INCLUDED
