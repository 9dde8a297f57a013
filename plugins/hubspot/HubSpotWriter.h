//
// HubSpotWriter.h
//
// Definition of the HubSpotWriter class.
//


#ifndef HubSpot_HubSpotWriter_INCLUDED
#define HubSpot_HubSpotWriter_INCLUDED


#include "HubSpotCatalog.h"
#include "polytomic/connector.hpp"
#include <map>


namespace hubspot {


class HubSpotWriter: public polytomic::sdk::Writer
	/// Writes records into one object type through the CRM v3 batch endpoints,
	/// 100 records a call:
	///   CREATE            batch/read by the identity (when there is one), then batch/create of the new ones
	///   UPDATE            batch/update by id or idProperty (a record HubSpot does not have is left out)
	///   UPDATE_OR_CREATE  batch/upsert with idProperty (a unique property: email, domain, ...); null leaves a value
	///   REPLACE           the same, a null clears the value
	///   REMOVE            batch/read by the identity, then batch/archive of the ids found
	/// Each input carries its row as objectWriteTraceId, so every result and error
	/// of HubSpot's answer (200, 207 multi-status) is its record's. A batch HubSpot
	/// refuses whole (400, 409: nothing of it was written) is split in halves until
	/// the records at fault are alone, and those are rejected with HubSpot's message.
	/// Upserts and updates go IN_FLIGHT calls at once, a call starting as soon as
	/// one ends, so that HubSpot's latency does not keep a run under the portal's
	/// rate limit.
{
public:
	HubSpotWriter(HubSpotApi& api, ObjectType object, uint32_t mode, std::vector<std::string> identity);

	void write(const polytomic::sdk::BatchReader& batch, polytomic::sdk::WriteResults& results) override;
	void close(bool commit) override;

	static const std::size_t BATCH = 100;    /// HubSpot's most inputs a batch call
	static const std::size_t IN_FLIGHT = 8;  /// upsert and update calls sent at once (the rate budget still spaces them)

private:
	struct Input
	{
		int64_t row;
		std::string id;                  /// the identity's value (an object id, or an email, ...)
		polytomic::json::Value properties;
	};

	void requireColumns(const polytomic::sdk::BatchReader& batch);
	std::vector<Input> inputsOf(const polytomic::sdk::BatchReader& batch, int64_t begin, int64_t end, polytomic::sdk::WriteResults& results) const;
	std::map<std::string, std::string> existing(const std::vector<Input>& inputs);
	void send(const std::string& operation, const std::vector<Input>& inputs, polytomic::sdk::WriteResults& results);
	void sendInFlight(const std::string& operation, std::vector<std::vector<Input>>& chunks, polytomic::sdk::WriteResults& results);
	polytomic::json::Value body(const std::string& operation, const std::vector<Input>& inputs) const;
	void report(const std::string& operation, const std::vector<Input>& inputs, const HubSpotApi::Answer& answer,
		polytomic::sdk::WriteResults& results) const;
	bool byObjectId() const;

	HubSpotApi& _api;
	ObjectType _object;
	uint32_t _mode;
	std::string _identity;
	bool _checked = false;
};


} // namespace hubspot


#endif // HubSpot_HubSpotWriter_INCLUDED
