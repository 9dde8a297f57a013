//
// LedgerPipe.cpp
//


#include "plugins/LedgerPipe.h"
#include "store/SqlFragments.h"
#include <istream>
#include <ostream>
#include <stdexcept>


namespace polytomic {
namespace plugins {


const std::string LedgerPipe::MARK = "#ledger ";


std::mutex& LedgerPipe::conversation()
{
	static std::mutex pipe;
	return pipe;
}


LedgerPipe::LedgerPipe(std::istream& answers, std::ostream& messages):
	_answers(answers),
	_messages(messages)
{
}


std::string LedgerPipe::answer()
{
	std::string line;
	if (!std::getline(_answers, line)) throw std::runtime_error("the worker stopped answering for the change ledger");
	if (line.rfind("error ", 0) == 0) throw std::runtime_error("the change ledger could not be recorded: " + line.substr(6));
	return line;
}


std::size_t LedgerPipe::size()
{
	std::lock_guard<std::mutex> lock(conversation());
	_messages << MARK << "size" << std::endl;
	return std::stoull(answer());
}


void LedgerPipe::load(const std::function<void(std::string_view identity, int64_t hash)>& entry)
{
	std::lock_guard<std::mutex> lock(conversation());
	std::string after;
	while (true)
	{
		std::string escaped;
		store::appendCopyText(after, escaped);
		_messages << MARK << "load " << escaped << std::endl;
		const std::size_t count = std::stoull(answer());
		for (std::size_t i = 0; i < count; ++i)
		{
			const std::string line = answer();
			const auto tab = line.rfind('\t');
			if (tab == std::string::npos) throw std::runtime_error("the worker sent a ledger entry without a hash");
			after = store::readCopyText(std::string_view(line).substr(0, tab));
			entry(after, std::stoll(line.substr(tab + 1)));
		}
		if (count < PAGE) return;
	}
}


void LedgerPipe::record(const std::vector<store::SyncLedger::Change>& changes, const store::SyncLedger::Logs& logs,
	const store::SyncLedger::Written& written)
{
	std::size_t entries = 0;
	for (const auto& kind: logs) entries += kind.second.size();
	std::string message = MARK + "record " + std::to_string(changes.size()) + " " + std::to_string(entries) + " " +
		std::to_string(written.insert) + " " + std::to_string(written.update) + " " + std::to_string(written.remove) + " " +
		std::to_string(written.error) + " " + std::to_string(written.upserts) + "\n";
	for (const auto& c: changes)
	{
		message += c.removed ? "r\t" : c.fresh ? "f\t" : "s\t";
		message += std::to_string(c.hash) + "\t";
		store::appendCopyText(c.identity, message);
		message += '\n';
	}
	for (const auto& [kind, list]: logs)
		for (const auto& e: list)
		{
			message += kind + "\t";
			store::appendCopyText(e.identity, message);
			message += '\t';
			store::appendCopyText(e.message, message);
			message += '\n';
		}
	std::lock_guard<std::mutex> lock(conversation());
	_messages << message << std::flush;
	if (answer() != "ok") throw std::runtime_error("the worker did not confirm the change ledger");
}


} } // namespace polytomic::plugins
