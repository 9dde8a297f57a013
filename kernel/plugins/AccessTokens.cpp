//
// AccessTokens.cpp
//


#include "plugins/AccessTokens.h"
#include "plugins/TokenPipe.h"


namespace polytomic {
namespace plugins {


bool AccessTokens::handle(const std::string& line, std::string& reply)
{
	if (line.rfind(TokenPipe::MARK, 0) != 0) return false;
	const std::string message = line.substr(TokenPipe::MARK.size());
	const auto tab = message.find('\t');
	const std::string role = message.substr(0, tab);
	const std::string rejected = tab == std::string::npos ? std::string() : message.substr(tab + 1);
	try
	{
		const Grant g = grant(role, rejected);
		reply = "token " + std::to_string(g.validSeconds) + " " + g.accessToken + "\n";
	}
	catch (const std::exception& e)
	{
		std::string text = e.what();
		for (char& c: text) if (c == '\n' || c == '\r') c = ' ';
		reply = "error " + text + "\n";
		_refusal = e.what();
	}
	return true;
}


const std::string& AccessTokens::refusal() const
{
	return _refusal;
}


} } // namespace polytomic::plugins
