//
// LedgerKeeper.cpp
//


#include "plugins/LedgerKeeper.h"
#include "plugins/LedgerPipe.h"
#include "plugins/Utf8Repair.h"
#include "store/SqlFragments.h"
#include <sstream>
#include <stdexcept>


namespace polytomic {
namespace plugins {


namespace
{
	std::vector<std::string> fields(const std::string& line, std::size_t count)
		/// The first count-1 tab-separated fields, and the rest as the last one.
	{
		std::vector<std::string> out;
		std::size_t begin = 0;
		while (out.size() + 1 < count)
		{
			const auto tab = line.find('\t', begin);
			if (tab == std::string::npos) throw std::runtime_error("a ledger line has too few fields");
			out.push_back(line.substr(begin, tab - begin));
			begin = tab + 1;
		}
		out.push_back(line.substr(begin));
		return out;
	}


	std::string oneLine(const std::string& text)
	{
		std::string out;
		for (char c: text) out += c == '\n' || c == '\r' ? ' ' : c;
		return out;
	}
}


LedgerKeeper::LedgerKeeper(store::SyncLedger& ledger):
	_ledger(ledger)
{
}


bool LedgerKeeper::handle(const std::string& line, std::string& reply)
{
	try
	{
		if (_receiving) return receive(line, reply);
		if (line.rfind(LedgerPipe::MARK, 0) != 0) return false;
		reply = answer(line.substr(LedgerPipe::MARK.size()));
	}
	catch (const std::exception& e)
	{
		_receiving = false;
		reply = "error " + oneLine(e.what()) + "\n";
	}
	return true;
}


std::string LedgerKeeper::answer(const std::string& message)
{
	if (message == "size") return std::to_string(_ledger.size()) + "\n";
	if (message.rfind("load ", 0) == 0)
	{
		std::string page;
		std::size_t count = _ledger.load(store::readCopyText(std::string_view(message).substr(5)), LedgerPipe::PAGE,
			[&page](std::string_view identity, int64_t hash) {
				store::appendCopyText(identity, page);
				page += '\t' + std::to_string(hash) + '\n';
			});
		return std::to_string(count) + "\n" + page;
	}
	if (message.rfind("record ", 0) == 0)
	{
		std::istringstream header(message.substr(7));
		if (!(header >> _changesDue >> _entriesDue >> _written.insert >> _written.update >> _written.remove >> _written.error >> _written.upserts))
			throw std::runtime_error("a ledger record without its counts");
		// One record is one batch: the executor's batches are far smaller; anything larger is refused, not held.
		if (_changesDue > MAX_RECORD_LINES || _entriesDue > MAX_RECORD_LINES)
			throw std::runtime_error("a ledger record of more than " + std::to_string(MAX_RECORD_LINES) + " changes or log entries");
		_changes.clear();
		_logs.clear();
		_receiving = true;
		std::string reply;
		receive(std::string(), reply);
		return reply;
	}
	throw std::runtime_error("unknown ledger message '" + message.substr(0, 40) + "'");
}


bool LedgerKeeper::receive(const std::string& line, std::string& reply)
	/// One line of a record (none when line is empty and nothing is due); commits the whole.
{
	if (_changesDue > 0 && !line.empty())
	{
		const auto f = fields(line, 3);
		_changes.push_back(store::SyncLedger::Change{store::readCopyText(f[2]), std::stoll(f[1]), f[0] == "r", f[0] == "f"});
		--_changesDue;
	}
	else if (_entriesDue > 0 && !line.empty())
	{
		const auto f = fields(line, 3);
		auto kind = _logs.begin();
		while (kind != _logs.end() && kind->first != f[0]) ++kind;
		if (kind == _logs.end()) kind = _logs.insert(_logs.end(), {f[0], {}});
		// The record logs are stored as text, which PostgreSQL refuses when it is not UTF-8.
		kind->second.push_back({repairUtf8(store::readCopyText(f[1])), repairUtf8(store::readCopyText(f[2]))});
		--_entriesDue;
	}
	if (_changesDue > 0 || _entriesDue > 0) return true;
	_receiving = false;
	_ledger.record(_changes, _logs, _written);
	reply = "ok\n";
	return true;
}


} } // namespace polytomic::plugins
