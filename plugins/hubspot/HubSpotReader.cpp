//
// HubSpotReader.cpp
//


#include "HubSpotReader.h"
#include <algorithm>


namespace hubspot {


using namespace polytomic;


namespace
{
	std::vector<const Property*> columnsOf(const ObjectType& object, const sdk::ReadRequest& request)
	{
		std::vector<std::string> names = request.fields;
		if (names.empty())
			for (const Property& p: object.properties) names.push_back(p.name);
		for (const std::string& always: {std::string("hs_object_id"), request.trackingField})
			if (!always.empty() && std::find(names.begin(), names.end(), always) == names.end()) names.push_back(always);
		std::vector<const Property*> out;
		for (const auto& name: names)
		{
			const Property* p = object.find(name);
			if (!p) throw sdk::Error("HubSpot's " + object.id + " have no property '" + name + "'");
			out.push_back(p);
		}
		return out;
	}


	std::vector<sdk::Field> fieldsOf(const std::vector<const Property*>& columns)
	{
		std::vector<sdk::Field> out;
		for (const Property* p: columns) out.push_back({p->name, p->type, p->name != "hs_object_id"});
		return out;
	}


	std::string propertyList(const std::vector<const Property*>& columns)
	{
		std::string out;
		for (const Property* p: columns) out += (out.empty() ? "" : ",") + p->name;
		return out;
	}
}


HubSpotReader::HubSpotReader(HubSpotApi& api, ObjectType object, const sdk::ReadRequest& request):
	_api(api),
	_object(std::move(object)),
	_request(request),
	_columns(columnsOf(_object, request)),
	_batch(fieldsOf(_columns))
{
	if (!request.trackingField.empty() && request.trackingField != _object.trackingField())
		throw sdk::Error("HubSpot's " + _object.id + " are read incrementally on " + _object.trackingField() + " only, not " + request.trackingField);
}


void HubSpotReader::read(sdk::ReadContext& context)
{
	if (_request.trackingField.empty()) readAll(context);
	else readModified(context);
}


int HubSpotReader::pageSize() const
{
	return static_cast<int>(std::min<int64_t>(PAGE, std::max<int64_t>(1, _request.batchRows)));
}


bool HubSpotReader::add(const json::Value& record)
{
	const json::Value& properties = record["properties"];
	for (std::size_t c = 0; c < _columns.size(); ++c)
	{
		const Property& p = *_columns[c];
		// The record's id is also in its properties as hs_object_id; the top-level one is always there.
		HubSpotCatalog::append(_batch, c, p.type, p.name == "hs_object_id" ? json::Value(record.getString("id")) : properties[p.name]);
	}
	// Full when another page might not fit: a batch never holds more than batch_rows.
	return _batch.rows() + pageSize() > _request.batchRows;
}


bool HubSpotReader::emit(sdk::ReadContext& context, const json::Value& state)
{
	if (_batch.rows() == 0) return !context.cancelled();
	return context.emit(_batch, state);
}


void HubSpotReader::readAll(sdk::ReadContext& context)
{
	std::string after = _request.state.isObject() ? _request.state.getString("after") : std::string();
	if (_request.state.isObject() && _request.state.getBool("done", false)) return;
	const std::string properties = propertyList(_columns);
	while (true)
	{
		std::string path = "/crm/v3/objects/" + _object.id + "?limit=" + std::to_string(pageSize()) + "&archived=false&properties=" + properties;
		if (!after.empty()) path += "&after=" + after;
		const json::Value page = _api.get(path);
		bool full = false;
		for (const auto& record: HubSpotApi::listIn(page, "results").items()) full = add(record) || full;
		after = page["paging"]["next"].getString("after");
		json::Value state = json::Value::object();
		if (after.empty()) state.set("done", true);
		else state.set("after", after);
		if ((full || after.empty()) && !emit(context, state)) return;
		if (after.empty()) return;
	}
}


json::Value HubSpotReader::searchState() const
{
	json::Value state = json::Value::object();
	state.set("modified_after", _modifiedAfter);
	json::Value seen = json::Value::array();
	for (const auto& id: _seen) seen.push(id);
	state.set("seen", seen);
	return state;
}


void HubSpotReader::readModified(sdk::ReadContext& context)
{
	if (_request.state.isObject())
	{
		_modifiedAfter = _request.state.getInt64("modified_after", -1);
		if (_request.state["seen"].isArray())
			for (const auto& id: _request.state["seen"].items()) _seen.insert(id.asString());
	}
	json::Value properties = json::Value::array();
	for (const Property* p: _columns) properties.push(p->name);
	const std::string tracking = _object.trackingField();
	while (true)
	{
		// One query: everything modified at or after the instant reached, oldest first.
		const long long anchor = _modifiedAfter;
		const std::size_t seenAtAnchor = _seen.size();
		long long offset = 0;
		bool more = true, windowFull = false;
		while (more)
		{
			json::Value body = json::Value::object();
			json::Value groups = json::Value::array();
			if (anchor >= 0)
			{
				json::Value filter = json::Value::object();
				filter.set("propertyName", tracking);
				filter.set("operator", "GTE");
				filter.set("value", std::to_string(anchor));
				json::Value filters = json::Value::array();
				filters.push(filter);
				json::Value group = json::Value::object();
				group.set("filters", filters);
				groups.push(group);
			}
			body.set("filterGroups", groups);
			json::Value sort = json::Value::object();
			sort.set("propertyName", tracking);
			sort.set("direction", "ASCENDING");
			json::Value sorts = json::Value::array();
			sorts.push(sort);
			body.set("sorts", sorts);
			body.set("properties", properties);
			body.set("limit", pageSize());
			body.set("after", std::to_string(offset));
			const json::Value page = _api.search(_object.id, body).body;
			bool full = false;
			for (const auto& record: HubSpotApi::listIn(page, "results").items())
			{
				const std::string id = record.getString("id");
				const std::string modified = record["properties"].getString(tracking);
				if (modified.empty()) continue;
				const long long millis = HubSpotCatalog::parseTimestamp(modified) / 1000;
				if (millis < _modifiedAfter || (millis == _modifiedAfter && _seen.count(id))) continue;
				if (millis > _modifiedAfter) _seen.clear();
				_modifiedAfter = millis;
				_seen.insert(id);
				full = add(record) || full;
			}
			const std::string next = page["paging"]["next"].getString("after");
			more = !next.empty();
			if (more) offset = std::stoll(next);
			// The search gives no result past its 10,000th: start a new one from the instant reached.
			windowFull = more && offset + pageSize() > SEARCH_WINDOW;
			if ((full || !more || windowFull) && !emit(context, searchState())) return;
			if (windowFull) break;
		}
		if (!windowFull) return;
		if (_modifiedAfter == anchor && _seen.size() <= seenAtAnchor)
			throw sdk::Error("more than 10,000 " + _object.id + " were modified in the same millisecond (" + std::to_string(anchor) +
				"), past what HubSpot's search can page through; read them with a whole (non-incremental) read");
	}
}


} // namespace hubspot
