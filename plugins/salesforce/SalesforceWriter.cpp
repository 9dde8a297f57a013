//
// SalesforceWriter.cpp
//


#include "SalesforceWriter.h"
#include "BulkCsv.h"
#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>
#include <set>
#include <thread>


namespace salesforce {


using namespace polytomic;


namespace
{
	std::string keyOf(const std::vector<std::string>& values)
		/// A record as the results repeat it: its uploaded cells.
	{
		std::string key;
		for (const auto& v: values) key += v + '\x1f';
		return key;
	}
}


SalesforceWriter::SalesforceWriter(SalesforceApi& api, SObject object, uint32_t mode, std::vector<std::string> identity, unsigned pollMs):
	_api(api),
	_object(std::move(object)),
	_mode(mode),
	_identity(identity.empty() ? std::string() : identity.front()),
	_pollMs(pollMs)
{
	if (identity.size() > 1) throw sdk::Error("Salesforce identifies a record by one field; choose Id or one external id field");
	if (_mode != POLYTOMIC_MODE_CREATE && _identity.empty())
		throw sdk::Error("writing Salesforce's " + _object.name + " in this mode needs an identity: Id or an external id field");
	if (!_identity.empty() && !byId())
	{
		const auto ids = _object.externalIds();
		if (std::find(ids.begin(), ids.end(), _identity) == ids.end())
			throw sdk::Error("'" + _identity + "' cannot identify Salesforce's " + _object.name +
				": it is not an external id field (mark it External ID in Salesforce's field settings, or use Id)");
	}
	if (_mode != POLYTOMIC_MODE_CREATE && _mode != POLYTOMIC_MODE_UPDATE && _mode != POLYTOMIC_MODE_UPDATE_OR_CREATE &&
		_mode != POLYTOMIC_MODE_REPLACE && _mode != POLYTOMIC_MODE_REMOVE)
		throw sdk::Error("the Salesforce connector does not write in mode " + std::to_string(_mode));
}


void SalesforceWriter::close(bool)
{
	// Every job is finished and read back before write() returns: nothing is held.
}


std::string SalesforceWriter::operation() const
{
	switch (_mode)
	{
	case POLYTOMIC_MODE_CREATE: return "insert";
	case POLYTOMIC_MODE_UPDATE: return "update";
	case POLYTOMIC_MODE_REMOVE: return "delete";
	default: return "upsert";
	}
}


void SalesforceWriter::requireColumns(const sdk::BatchReader& batch)
{
	// A field the object does not have fails the whole job: say so once, naming it.
	if (_checked) return;
	for (const sdk::Field& f: batch.fields())
		if (!_object.find(f.name))
			throw sdk::Error("Salesforce's " + _object.name + " has no field '" + f.name + "'; map the field to one of its fields (API names, such as LastName or Score__c)");
	_checked = true;
}


std::vector<std::string> SalesforceWriter::columnsOf(const sdk::BatchReader& batch, bool withId) const
{
	std::vector<std::string> out;
	if (withId) out.push_back("Id");
	if (_mode == POLYTOMIC_MODE_REMOVE) return out;
	for (const sdk::Field& f: batch.fields())
		if (f.name != "Id") out.push_back(f.name);
	return out;
}


std::map<std::string, std::string> SalesforceWriter::existing(const sdk::BatchReader& batch, int key)
	/// identity value -> Id of the records the org has (SOQL, LOOKUP_CHUNK values a query).
{
	std::map<std::string, std::string> out;
	std::vector<std::string> values;
	for (int64_t row = 0; row < batch.rows(); ++row)
		if (auto v = SalesforceCatalog::text(batch, row, static_cast<std::size_t>(key)); v && !v->empty()) values.push_back(*v);
	for (std::size_t first = 0; first < values.size(); first += LOOKUP_CHUNK)
	{
		std::string in;
		for (std::size_t i = first; i < std::min(values.size(), first + LOOKUP_CHUNK); ++i) in += (in.empty() ? "" : ",") + SalesforceApi::soqlQuoted(values[i]);
		std::string next = _api.dataPath("/query?q=" + SalesforceApi::encoded("SELECT Id, " + _identity + " FROM " + _object.name + " WHERE " +
			_identity + " IN (" + in + ")"));
		while (!next.empty())
		{
			const json::Value page = _api.get(next);
			if (page["records"].isArray())
				for (const auto& r: page["records"].items()) out[SalesforceCatalog::textOf(r[_identity]).value_or("")] = r.getString("Id");
			next = page.getBool("done", true) ? std::string() : page.getString("nextRecordsUrl");
		}
	}
	return out;
}


void SalesforceWriter::write(const sdk::BatchReader& batch, sdk::WriteResults& results)
{
	requireColumns(batch);
	const int key = _identity.empty() ? -1 : batch.find(_identity);
	if (!_identity.empty() && key < 0) throw sdk::Error("the records carry no '" + _identity + "', the identity");
	// update and delete go by Id: an external id is looked up; insert with an identity leaves those found alone.
	const bool lookUp = !_identity.empty() && !byId() && (_mode == POLYTOMIC_MODE_UPDATE || _mode == POLYTOMIC_MODE_REMOVE || _mode == POLYTOMIC_MODE_CREATE);
	const std::map<std::string, std::string> found = lookUp ? existing(batch, key) : std::map<std::string, std::string>();
	const bool addId = lookUp && _mode != POLYTOMIC_MODE_CREATE;
	const bool clearNull = _mode == POLYTOMIC_MODE_REPLACE;

	Upload upload;
	upload.columns = columnsOf(batch, addId || (byId() && _mode != POLYTOMIC_MODE_CREATE));
	std::vector<int> source;
	for (const auto& name: upload.columns) source.push_back(batch.find(name));
	for (int64_t row = 0; row < batch.rows(); ++row)
	{
		std::optional<std::string> id = key >= 0 ? SalesforceCatalog::text(batch, row, static_cast<std::size_t>(key)) : std::nullopt;
		if (key >= 0 && (!id || id->empty()))
		{
			results.rejected(row, "the record has no " + _identity + " to identify it by");
			continue;
		}
		std::string salesforceId;
		if (lookUp)
		{
			auto it = found.find(*id);
			if (_mode == POLYTOMIC_MODE_CREATE && it != found.end()) { results.ok(row); continue; } // CREATE leaves it alone
			if (_mode != POLYTOMIC_MODE_CREATE && it == found.end()) { results.ok(row); continue; } // nothing to update or remove
			if (it != found.end()) salesforceId = it->second;
		}
		std::vector<std::string> values;
		for (std::size_t c = 0; c < upload.columns.size(); ++c)
		{
			if (upload.columns[c] == "Id" && addId) values.push_back(BulkCsv::cell(salesforceId, false));
			else values.push_back(BulkCsv::cell(SalesforceCatalog::text(batch, row, static_cast<std::size_t>(source[c])), clearNull));
		}
		std::size_t bytes = 0;
		for (const auto& v: values) bytes += v.size() + 1;
		if (upload.bytes + bytes > MAX_UPLOAD_BYTES && !upload.rows.empty())
		{
			run(upload, results);
			upload.rows.clear();
			upload.values.clear();
			upload.bytes = 0;
		}
		upload.rows.push_back(row);
		upload.values.push_back(std::move(values));
		upload.bytes += bytes;
	}
	if (!upload.rows.empty()) run(upload, results);
}


std::string SalesforceWriter::await(const std::string& job, std::size_t records, std::string& why)
	/// The job's final state. Between two looks it waits what the records left
	/// should take at the rate processed so far (numberRecordsProcessed), or
	/// else twice as long as the last time, up to bulk_poll_ms.
{
	unsigned wait = std::min(100u, _pollMs);
	bool aborted = false;
	const auto closed = std::chrono::steady_clock::now();
	while (true)
	{
		const json::Value info = _api.get(_api.dataPath("/jobs/ingest/" + job));
		const std::string state = info.getString("state");
		if (state == "JobComplete" || state == "Failed" || state == "Aborted")
		{
			why = info.getString("errorMessage");
			return state;
		}
		if (_api.cancelled() && !aborted)
		{
			// What Salesforce carried out stays done; the results say which.
			json::Value abort = json::Value::object();
			abort.set("state", "Aborted");
			_api.send("PATCH", _api.dataPath("/jobs/ingest/" + job), abort.dump(), "application/json", true);
			aborted = true;
		}
		const long long processed = info["numberRecordsProcessed"].isNumber() ? info["numberRecordsProcessed"].asInt64() : 0;
		const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - closed).count();
		if (processed > 0 && static_cast<std::size_t>(processed) < records)
			wait = static_cast<unsigned>(std::clamp((static_cast<double>(records) - processed) * elapsed / processed + 10.0, 10.0,
				static_cast<double>(_pollMs)));
		std::this_thread::sleep_for(std::chrono::milliseconds(wait));
		if (processed <= 0) wait = std::min(wait * 2, _pollMs);
	}
}


std::string SalesforceWriter::resultsOf(const std::string& job, const std::string& which)
{
	const SalesforceApi::Answer answer = _api.send("GET", _api.dataPath("/jobs/ingest/" + job + "/" + which), "", "", false, "text/csv");
	if (!answer.ok()) throw sdk::Error("Salesforce refused the " + which + " of ingest job " + job + ": " + SalesforceApi::errorText(answer.status, answer.body));
	return answer.body;
}


void SalesforceWriter::run(const Upload& upload, sdk::WriteResults& results)
{
	json::Value spec = json::Value::object();
	spec.set("object", _object.name);
	spec.set("operation", operation());
	if (operation() == "upsert") spec.set("externalIdFieldName", _identity);
	spec.set("contentType", "CSV");
	spec.set("columnDelimiter", "COMMA");
	spec.set("lineEnding", "LF");
	// An Open job that receives no data does nothing: creating one twice is harmless.
	const std::string job = _api.json("POST", _api.dataPath("/jobs/ingest"), spec, true).getString("id");
	if (job.empty()) throw sdk::Error("Salesforce created no ingest job for " + _object.name);

	std::vector<std::string> header;
	for (const auto& c: upload.columns) header.push_back(BulkCsv::cell(c, false));
	std::string csv = BulkCsv::line(header);
	for (const auto& values: upload.values) csv += BulkCsv::line(values);
	const SalesforceApi::Answer uploaded = _api.send("PUT", _api.dataPath("/jobs/ingest/" + job + "/batches"), csv, "text/csv");
	if (!uploaded.ok()) throw sdk::Error("Salesforce refused the records of ingest job " + job + ": " + SalesforceApi::errorText(uploaded.status, uploaded.body));
	json::Value close = json::Value::object();
	close.set("state", "UploadComplete");
	_api.json("PATCH", _api.dataPath("/jobs/ingest/" + job), close, true);
	std::string why;
	const std::string state = await(job, upload.rows.size(), why);

	// Each record by the cells it was uploaded with; identical records are interchangeable.
	std::map<std::string, std::deque<int64_t>> byValues;
	for (std::size_t i = 0; i < upload.rows.size(); ++i)
	{
		std::vector<std::string> raw;
		for (const auto& v: upload.values[i])
		{
			std::vector<std::string> cells;
			BulkCsv::Reader reader(v);
			reader.next(cells);
			raw.push_back(cells.empty() ? std::string() : cells.front());
		}
		byValues[keyOf(raw)].push_back(upload.rows[i]);
	}
	std::set<int64_t> reported;
	const auto settle = [&](const std::string& which, std::size_t skip, const std::function<void(int64_t, const std::vector<std::string>&)>& report) {
		const std::string text = resultsOf(job, which);
		BulkCsv::Reader csvReader(text);
		std::vector<std::string> head, cells;
		if (!csvReader.next(head)) return;
		while (csvReader.next(cells))
		{
			if (cells.empty() || cells.size() < skip) continue;
			auto it = byValues.find(keyOf(std::vector<std::string>(cells.begin() + static_cast<std::ptrdiff_t>(skip), cells.end())));
			if (it == byValues.end() || it->second.empty()) continue;
			const int64_t row = it->second.front();
			it->second.pop_front();
			reported.insert(row);
			report(row, cells);
		}
	};
	// successfulResults: sf__Id, sf__Created, the fields; failedResults: sf__Id, sf__Error, the fields; unprocessedrecords: the fields.
	settle("successfulResults", 2, [&](int64_t row, const std::vector<std::string>&) { results.ok(row); });
	settle("failedResults", 2, [&](int64_t row, const std::vector<std::string>& cells) { results.rejected(row, "Salesforce refused it: " + cells[1]); });
	settle("unprocessedrecords", 0, [&](int64_t row, const std::vector<std::string>&) {
		results.rejected(row, "Salesforce did not process it: ingest job " + job + " ended " + state + (why.empty() ? "" : " (" + why + ")"));
	});
	for (int64_t row: upload.rows)
		if (!reported.count(row))
			results.rejected(row, "ingest job " + job + " (" + state + (why.empty() ? "" : ": " + why) + ") did not report this record");
}


} // namespace salesforce
