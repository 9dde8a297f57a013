//
// SalesforceReader.cpp
//


#include "SalesforceReader.h"
#include "BulkCsv.h"
#include <algorithm>
#include <chrono>
#include <map>
#include <thread>


namespace salesforce {


using namespace polytomic;


namespace
{
	const char* TRACKING = "SystemModstamp";


	std::vector<const Field*> columnsOf(const SObject& object, const sdk::ReadRequest& request)
	{
		std::vector<std::string> names = request.fields;
		if (names.empty())
			for (const Field& f: object.fields) names.push_back(f.name);
		for (const std::string& always: {std::string("Id"), request.trackingField})
			if (!always.empty() && std::find(names.begin(), names.end(), always) == names.end()) names.push_back(always);
		std::vector<const Field*> out;
		for (const auto& name: names)
		{
			const Field* f = object.find(name);
			if (!f) throw sdk::Error("Salesforce's " + object.name + " has no field '" + name + "' (compound fields are read by their components)");
			out.push_back(f);
		}
		return out;
	}


	std::vector<sdk::Field> fieldsOf(const std::vector<const Field*>& columns)
	{
		std::vector<sdk::Field> out;
		for (const Field* f: columns) out.push_back({f->name, f->type, f->name != "Id"});
		return out;
	}


	std::set<std::string> idsIn(const json::Value& list)
	{
		std::set<std::string> out;
		if (list.isArray())
			for (const auto& id: list.items())
				if (id.isString()) out.insert(id.asString());
		return out;
	}
}


SalesforceReader::SalesforceReader(SalesforceApi& api, SObject object, const sdk::ReadRequest& request, Options options):
	_api(api),
	_object(std::move(object)),
	_request(request),
	_options(options),
	_columns(columnsOf(_object, request)),
	_batch(fieldsOf(_columns))
{
	if (!request.trackingField.empty() && request.trackingField != TRACKING)
		throw sdk::Error("Salesforce's " + _object.name + " is read incrementally on SystemModstamp only, not " + request.trackingField);
	_from = request.state.isObject() && request.state["from"].isObject() ? request.state["from"] : request.state;
	// A bulk read resumed in its middle has read up to "reached" already.
	const json::Value& at = request.state.isObject() && request.state["reached"].isObject() ? request.state["reached"] : _from;
	if (_from.isObject())
	{
		_fromStamp = _from.getInt64("modified_after", -1);
		_fromSeen = idsIn(_from["seen"]);
	}
	if (at.isObject())
	{
		_afterId = at.getString("after_id");
		_reached = at.getInt64("modified_after", -1);
		_seen = idsIn(at["seen"]);
	}
}


bool SalesforceReader::incremental() const
{
	return !_request.trackingField.empty();
}


std::string SalesforceReader::soql(bool count) const
{
	std::string q = "SELECT ";
	if (count) q += "COUNT()";
	else
		for (std::size_t i = 0; i < _columns.size(); ++i) q += (i ? ", " : "") + _columns[i]->name;
	q += " FROM " + _object.name;
	if (incremental() && _fromStamp >= 0) q += " WHERE SystemModstamp >= " + SalesforceCatalog::soqlTimestamp(_fromStamp);
	else if (!incremental() && !_from.getString("after_id").empty()) q += " WHERE Id > " + SalesforceApi::soqlQuoted(_from.getString("after_id"));
	return q;
}


json::Value SalesforceReader::position() const
{
	json::Value state = json::Value::object();
	if (incremental())
	{
		state.set("modified_after", static_cast<long long>(_reached));
		json::Value seen = json::Value::array();
		for (const auto& id: _seen) seen.push(id);
		state.set("seen", seen);
	}
	else state.set("after_id", _afterId);
	return state;
}


bool SalesforceReader::add(const Value& value)
	/// False when the record is one read before (at the instant the read resumes from).
{
	const std::string id = value("Id").value_or("");
	if (incremental())
	{
		const auto modified = value(TRACKING);
		int64_t stamp = -1;
		try
		{
			stamp = modified ? SalesforceCatalog::parseTimestamp(*modified) : -1;
		}
		catch (const std::invalid_argument&)
		{
		}
		if (stamp < _fromStamp || (stamp == _fromStamp && _fromSeen.count(id))) return false;
		if (stamp > _reached)
		{
			_reached = stamp;
			_seen.clear();
		}
		_seen.insert(id);
	}
	else if (id > _afterId) _afterId = id;
	for (std::size_t c = 0; c < _columns.size(); ++c) SalesforceCatalog::append(_batch, c, _columns[c]->type, value(_columns[c]->name));
	return true;
}


void SalesforceReader::read(sdk::ReadContext& context)
{
	if (_request.state.isObject() && !_request.state.getString("bulk_job").empty())
	{
		readBulk(context, _request.state.getString("bulk_job"), _request.state.getString("locator"));
		return;
	}
	if (_options.bulkThreshold > 0)
	{
		const json::Value counted = _api.get(_api.dataPath("/query?q=" + SalesforceApi::encoded(soql(true))));
		if (counted.getInt64("totalSize", 0) >= _options.bulkThreshold)
		{
			readBulk(context, startBulk(), "");
			return;
		}
	}
	readRest(context);
}


void SalesforceReader::readRest(sdk::ReadContext& context)
{
	const std::string order = incremental() ? " ORDER BY SystemModstamp ASC, Id ASC" : " ORDER BY Id ASC";
	std::string next = _api.dataPath("/query?q=" + SalesforceApi::encoded(soql(false) + order));
	const int64_t batchRows = std::max<int64_t>(1, _request.batchRows);
	while (!next.empty())
	{
		const json::Value page = _api.get(next);
		if (page["records"].isArray())
			for (const auto& record: page["records"].items())
			{
				if (!add([&](const std::string& name) { return SalesforceCatalog::textOf(record[name]); })) continue;
				if (_batch.rows() >= batchRows && !context.emit(_batch, position())) return;
			}
		next = page.getBool("done", true) ? std::string() : page.getString("nextRecordsUrl");
	}
	if (_batch.rows() > 0) context.emit(_batch, position());
}


std::string SalesforceReader::startBulk()
{
	json::Value job = json::Value::object();
	job.set("operation", "query");
	job.set("query", soql(false));
	job.set("contentType", "CSV");
	job.set("columnDelimiter", "COMMA");
	job.set("lineEnding", "LF");
	// Creating a query job twice costs a job, never data: it may be repeated.
	const json::Value created = _api.json("POST", _api.dataPath("/jobs/query"), job, true);
	const std::string id = created.getString("id");
	if (id.empty()) throw sdk::Error("Salesforce created no query job for " + _object.name);
	return id;
}


void SalesforceReader::awaitBulk(const std::string& job, sdk::ReadContext& context)
{
	unsigned wait = std::min(100u, _options.pollMs);
	while (true)
	{
		const json::Value info = _api.get(_api.dataPath("/jobs/query/" + job));
		const std::string state = info.getString("state");
		if (state == "JobComplete") return;
		if (state == "Failed" || state == "Aborted")
			throw sdk::Error("Salesforce's query job " + job + " of " + _object.name + " ended " + state + ": " + info.getString("errorMessage", "no reason given"));
		if (context.cancelled())
		{
			json::Value abort = json::Value::object();
			abort.set("state", "Aborted");
			_api.send("PATCH", _api.dataPath("/jobs/query/" + job), abort.dump(), "application/json", true);
			return;
		}
		std::this_thread::sleep_for(std::chrono::milliseconds(wait));
		wait = std::min(wait * 2, _options.pollMs);
	}
}


void SalesforceReader::readBulk(sdk::ReadContext& context, std::string job, std::string locator)
{
	awaitBulk(job, context);
	if (context.cancelled()) return;
	const int64_t page = std::min(BULK_PAGE, std::max<int64_t>(1, _request.batchRows));
	while (true)
	{
		std::string path = _api.dataPath("/jobs/query/" + job + "/results?maxRecords=" + std::to_string(page));
		if (!locator.empty()) path += "&locator=" + SalesforceApi::encoded(locator);
		const SalesforceApi::Answer answer = _api.send("GET", path, "", "", false, "text/csv");
		if (answer.status == 404 && !locator.empty())
			throw sdk::Error("Salesforce no longer has the results of query job " + job + " (they are kept 7 days); run the sync again from the start");
		if (!answer.ok()) throw sdk::Error("Salesforce refused the results of query job " + job + ": " + SalesforceApi::errorText(answer.status, answer.body));
		BulkCsv::Reader csv(answer.body);
		std::vector<std::string> header, cells;
		csv.next(header);
		std::map<std::string, std::size_t> at;
		for (std::size_t i = 0; i < header.size(); ++i) at[header[i]] = i;
		while (csv.next(cells))
		{
			if (cells.empty()) continue;
			add([&](const std::string& name) -> std::optional<std::string> {
				auto it = at.find(name);
				// Bulk results write a null as an empty cell.
				if (it == at.end() || it->second >= cells.size() || cells[it->second].empty()) return std::nullopt;
				return cells[it->second];
			});
		}
		auto next = answer.headers.find("sforce-locator");
		locator = next == answer.headers.end() || next->second == "null" ? std::string() : next->second;
		json::Value state = position();
		if (!locator.empty())
		{
			json::Value resume = json::Value::object();
			resume.set("bulk_job", job);
			resume.set("locator", locator);
			resume.set("from", _from.isObject() ? _from : json::Value::object());
			resume.set("reached", state);
			state = resume;
		}
		if (_batch.rows() > 0 && !context.emit(_batch, state)) return;
		if (locator.empty()) return;
	}
}


} // namespace salesforce
