//
// TokenPipe.cpp
//


#include "plugins/TokenPipe.h"
#include "plugins/LedgerPipe.h"
#include <istream>
#include <ostream>


namespace polytomic {
namespace plugins {


const std::string TokenPipe::MARK = "#token ";


TokenPipe::TokenPipe(std::istream& answers, std::ostream& messages, std::string role):
	_answers(answers),
	_messages(messages),
	_role(std::move(role))
{
}


std::string TokenPipe::current()
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (!_token.empty() && std::chrono::steady_clock::now() < _validUntil) return _token;
	return ask("");
}


std::string TokenPipe::refreshed(const std::string& rejected)
{
	std::lock_guard<std::mutex> lock(_mutex);
	// Another thread of this connector may have been given a new one meanwhile.
	if (!_token.empty() && _token != rejected && std::chrono::steady_clock::now() < _validUntil) return _token;
	return ask(rejected);
}


std::string TokenPipe::ask(const std::string& rejected)
{
	std::string line;
	{
		std::lock_guard<std::mutex> conversation(LedgerPipe::conversation());
		_messages << MARK << _role << '\t' << rejected << std::endl;
		if (!std::getline(_answers, line)) throw TokenRefused("the worker stopped answering for the connection's access token");
	}
	if (line.rfind("error ", 0) == 0) throw TokenRefused(line.substr(6));
	const auto space = line.find(' ', 6);
	if (line.rfind("token ", 0) != 0 || space == std::string::npos) throw TokenRefused("the worker answered no access token");
	_token = line.substr(space + 1);
	_validUntil = std::chrono::steady_clock::now() + std::chrono::seconds(std::stoll(line.substr(6, space - 6)));
	return _token;
}


} } // namespace polytomic::plugins
