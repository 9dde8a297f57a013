//
// HubSpotWriter.cpp
//


#include "HubSpotWriter.h"
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <set>
#include <thread>
#include <tuple>


namespace hubspot {


using namespace polytomic;


namespace
{
	std::vector<std::string> strings(const json::Value& list)
	{
		std::vector<std::string> out;
		if (list.isArray())
			for (const auto& item: list.items())
				if (item.isString()) out.push_back(item.asString());
		return out;
	}
}


HubSpotWriter::HubSpotWriter(HubSpotApi& api, ObjectType object, uint32_t mode, std::vector<std::string> identity):
	_api(api),
	_object(std::move(object)),
	_mode(mode),
	_identity(identity.empty() ? std::string() : identity.front())
{
	if (identity.size() > 1) throw sdk::Error("HubSpot identifies a record by one property; choose one of the identity fields");
	if (_mode != POLYTOMIC_MODE_CREATE && _identity.empty())
		throw sdk::Error("writing HubSpot's " + _object.id + " in this mode needs an identity: hs_object_id or a unique property");
	if (!_identity.empty())
	{
		const std::vector<std::string> allowed = _object.identityFields();
		if (std::find(allowed.begin(), allowed.end(), _identity) == allowed.end())
			throw sdk::Error("'" + _identity + "' cannot identify HubSpot's " + _object.id + ": it is not a unique property (use one of the identity fields)");
	}
	if ((_mode == POLYTOMIC_MODE_UPDATE_OR_CREATE || _mode == POLYTOMIC_MODE_REPLACE) && byObjectId())
		throw sdk::Error("HubSpot creates records with ids of its own, so updateOrCreate needs a unique property as identity (email for contacts, "
			"domain for companies), not hs_object_id");
}


bool HubSpotWriter::byObjectId() const
{
	return _identity == "hs_object_id";
}


void HubSpotWriter::close(bool)
{
	// Every batch is durable when its call returns: nothing is held.
}


void HubSpotWriter::requireColumns(const sdk::BatchReader& batch)
{
	// A property HubSpot does not have fails every record: say so once instead.
	if (_checked) return;
	for (const sdk::Field& f: batch.fields())
		if (!_object.find(f.name))
			throw sdk::Error("HubSpot's " + _object.id + " have no property '" + f.name + "'; map the field to one of its properties "
				"(create the property in HubSpot first)");
	_checked = true;
}


std::vector<HubSpotWriter::Input> HubSpotWriter::inputsOf(const sdk::BatchReader& batch, int64_t begin, int64_t end,
	sdk::WriteResults& results) const
{
	const int key = _identity.empty() ? -1 : batch.find(_identity);
	if (!_identity.empty() && key < 0) throw sdk::Error("the records carry no '" + _identity + "', the identity");
	std::vector<Input> out;
	for (int64_t row = begin; row < end; ++row)
	{
		Input input{row, std::string(), json::Value::object()};
		if (key >= 0)
		{
			const auto id = HubSpotCatalog::text(batch, row, static_cast<std::size_t>(key));
			if (!id || id->empty())
			{
				results.rejected(row, "the record has no " + _identity + " to identify it by");
				continue;
			}
			input.id = *id;
		}
		for (std::size_t c = 0; c < batch.columns(); ++c)
		{
			const std::string& name = batch.field(c).name;
			if (name == "hs_object_id" || (byObjectId() && name == _identity)) continue;
			const auto value = HubSpotCatalog::text(batch, row, c);
			// A null leaves HubSpot's value, except where the mode clears it (an empty string clears a property).
			if (value) input.properties.set(name, *value);
			else if (_mode == POLYTOMIC_MODE_REPLACE || _mode == POLYTOMIC_MODE_CREATE) input.properties.set(name, "");
		}
		out.push_back(std::move(input));
	}
	return out;
}


json::Value HubSpotWriter::body(const std::string& operation, const std::vector<Input>& inputs) const
{
	json::Value list = json::Value::array();
	for (const Input& in: inputs)
	{
		json::Value item = json::Value::object();
		if (operation != "create") item.set("id", in.id);
		if (operation != "create" && operation != "archive" && !byObjectId()) item.set("idProperty", _identity);
		if (operation != "archive") item.set("properties", in.properties);
		if (operation != "archive") item.set("objectWriteTraceId", std::to_string(in.row));
		list.push(item);
	}
	json::Value out = json::Value::object();
	out.set("inputs", list);
	return out;
}


void HubSpotWriter::report(const std::string& operation, const std::vector<Input>& inputs, const HubSpotApi::Answer& answer,
	sdk::WriteResults& results) const
{
	std::map<std::string, const Input*> byTrace, byId;
	for (const Input& in: inputs)
	{
		byTrace[std::to_string(in.row)] = &in;
		if (!in.id.empty()) byId[in.id] = &in;
	}
	std::set<int64_t> done;
	const auto settle = [&](const Input* in, bool ok, const std::string& message) {
		if (!in || done.count(in->row)) return;
		done.insert(in->row);
		if (ok) results.ok(in->row);
		else results.rejected(in->row, message);
	};
	for (const auto& error: HubSpotApi::listIn(answer.body, "errors").items())
	{
		const std::string message = HubSpotApi::errorText(answer.status, error);
		// A record to update that HubSpot does not have is left out, as UPDATE means.
		const bool missing = error.getString("category") == "OBJECT_NOT_FOUND" && operation == "update";
		for (const auto& trace: strings(error["context"]["objectWriteTraceId"])) settle(byTrace.count(trace) ? byTrace[trace] : nullptr, missing, message);
		for (const auto& id: strings(error["context"]["ids"])) settle(byId.count(id) ? byId[id] : nullptr, missing, message);
	}
	for (const auto& result: HubSpotApi::listIn(answer.body, "results").items())
	{
		const std::string trace = result.getString("objectWriteTraceId");
		if (byTrace.count(trace)) settle(byTrace[trace], true, "");
		else if (!byObjectId() && byId.count(result["properties"].getString(_identity))) settle(byId[result["properties"].getString(_identity)], true, "");
		else if (byId.count(result.getString("id"))) settle(byId[result.getString("id")], true, "");
	}
	// 204 (archive) and a COMPLETE answer without errors carry no per-record list to miss.
	const bool whole = answer.status == 204 || (answer.body.getString("status") == "COMPLETE" && answer.body["errors"].size() == 0);
	for (const Input& in: inputs) settle(&in, whole, "HubSpot's answer (HTTP " + std::to_string(answer.status) + ") did not report this record");
}


void HubSpotWriter::send(const std::string& operation, const std::vector<Input>& inputs, sdk::WriteResults& results)
{
	if (inputs.empty()) return;
	// Repeating a create could make a record twice; an update, an upsert by key or an archive could not.
	const HubSpotApi::Answer answer = _api.post("/crm/v3/objects/" + _object.id + "/batch/" + operation, body(operation, inputs),
		operation != "create");
	if (answer.status == 400 || answer.status == 409)
	{
		// HubSpot refused the whole batch and wrote none of it: find the records at fault.
		if (inputs.size() == 1)
		{
			results.rejected(inputs.front().row, HubSpotApi::errorText(answer.status, answer.body));
			return;
		}
		const auto middle = inputs.begin() + static_cast<std::ptrdiff_t>(inputs.size() / 2);
		send(operation, std::vector<Input>(inputs.begin(), middle), results);
		send(operation, std::vector<Input>(middle, inputs.end()), results);
		return;
	}
	if (answer.status >= 400)
	{
		// A create is never sent again after HubSpot may have carried it out (a 5xx): its records say so instead.
		const std::string note = answer.status >= 500 && operation == "create" ?
			"; HubSpot may have created it, so it was not sent again (a create with an identity looks it up first next time)" : "";
		for (const Input& in: inputs) results.rejected(in.row, HubSpotApi::errorText(answer.status, answer.body) + note);
		return;
	}
	report(operation, inputs, answer, results);
}


std::map<std::string, std::string> HubSpotWriter::existing(const std::vector<Input>& inputs)
	/// identity value -> object id of the records HubSpot has.
{
	std::map<std::string, std::string> out;
	if (inputs.empty()) return out;
	json::Value list = json::Value::array();
	for (const Input& in: inputs)
	{
		json::Value item = json::Value::object();
		item.set("id", in.id);
		list.push(item);
	}
	json::Value request = json::Value::object();
	request.set("inputs", list);
	if (!byObjectId()) request.set("idProperty", _identity);
	json::Value properties = json::Value::array();
	properties.push(byObjectId() ? std::string("hs_object_id") : _identity);
	request.set("properties", properties);
	const HubSpotApi::Answer answer = _api.post("/crm/v3/objects/" + _object.id + "/batch/read", request, true);
	if (answer.status >= 400 && answer.status != 404 && answer.status != 207)
		throw sdk::Error("HubSpot refused to look the records up: " + HubSpotApi::errorText(answer.status, answer.body));
	for (const auto& result: HubSpotApi::listIn(answer.body, "results").items())
		out[byObjectId() ? result.getString("id") : result["properties"].getString(_identity)] = result.getString("id");
	return out;
}


namespace
{
	struct Collected
		/// The results of one call, reported to the host afterwards in the caller's thread.
	{
		std::vector<std::tuple<int64_t, bool, std::string>> records;

		static void add(void* context, int64_t row, int ok, const char* message)
		{
			static_cast<Collected*>(context)->records.emplace_back(row, ok != 0, message ? message : "");
		}
	};
}


void HubSpotWriter::sendInFlight(const std::string& operation, std::vector<std::vector<Input>>& chunks, sdk::WriteResults& results)
{
	// A call waits out HubSpot's latency: IN_FLIGHT calls at once, each taking the next chunk as it ends,
	// keep the portal's rate budget busy instead (the host spaces them).
	std::vector<Collected> collected(chunks.size());
	std::vector<std::exception_ptr> failures(chunks.size());
	std::atomic<std::size_t> next{0};
	std::atomic<bool> failed{false};
	const auto sender = [&] {
		for (std::size_t i = next++; i < chunks.size() && !failed; i = next++)
		{
			try
			{
				polytomic_write_results raw{sizeof(polytomic_write_results), &collected[i], &Collected::add};
				sdk::WriteResults local(&raw);
				send(operation, chunks[i], local);
			}
			catch (...)
			{
				failures[i] = std::current_exception();
				failed = true;
			}
		}
	};
	std::vector<std::thread> threads;
	for (std::size_t t = 0; t < std::min(IN_FLIGHT, chunks.size()); ++t) threads.emplace_back(sender);
	for (auto& t: threads) t.join();
	// What HubSpot answered is reported, also when a call failed: those records are written.
	for (const Collected& c: collected)
		for (const auto& [row, ok, message]: c.records)
		{
			if (ok) results.ok(row);
			else results.rejected(row, message);
		}
	for (auto& failure: failures)
		if (failure) std::rethrow_exception(failure);
}


void HubSpotWriter::write(const sdk::BatchReader& batch, sdk::WriteResults& results)
{
	requireColumns(batch);
	if (_mode == POLYTOMIC_MODE_UPDATE_OR_CREATE || _mode == POLYTOMIC_MODE_REPLACE || _mode == POLYTOMIC_MODE_UPDATE)
	{
		std::vector<std::vector<Input>> chunks;
		for (int64_t begin = 0; begin < batch.rows(); begin += static_cast<int64_t>(BATCH))
			chunks.push_back(inputsOf(batch, begin, std::min<int64_t>(batch.rows(), begin + static_cast<int64_t>(BATCH)), results));
		sendInFlight(_mode == POLYTOMIC_MODE_UPDATE ? "update" : "upsert", chunks, results);
		return;
	}
	for (int64_t begin = 0; begin < batch.rows(); begin += static_cast<int64_t>(BATCH))
	{
		std::vector<Input> inputs = inputsOf(batch, begin, std::min<int64_t>(batch.rows(), begin + static_cast<int64_t>(BATCH)), results);
		if (_mode == POLYTOMIC_MODE_UPDATE_OR_CREATE || _mode == POLYTOMIC_MODE_REPLACE) send("upsert", inputs, results);
		else if (_mode == POLYTOMIC_MODE_UPDATE) send("update", inputs, results);
		else if (_mode == POLYTOMIC_MODE_CREATE)
		{
			std::vector<Input> fresh;
			const auto found = _identity.empty() ? std::map<std::string, std::string>() : existing(inputs);
			for (Input& in: inputs)
			{
				if (found.count(in.id)) results.ok(in.row); // CREATE leaves an existing record alone
				else fresh.push_back(std::move(in));
			}
			send("create", fresh, results);
		}
		else if (_mode == POLYTOMIC_MODE_REMOVE)
		{
			const auto found = existing(inputs);
			std::vector<Input> archive;
			for (Input& in: inputs)
			{
				auto it = found.find(in.id);
				if (it == found.end()) results.ok(in.row); // nothing to remove
				else archive.push_back({in.row, it->second, json::Value::object()});
			}
			send("archive", archive, results);
		}
		else throw sdk::Error("the HubSpot connector does not write in mode " + std::to_string(_mode));
	}
}


} // namespace hubspot
