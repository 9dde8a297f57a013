//
// FakeHubSpotProcess.cpp
//
// tests/fakes/FakeHubSpot as a process, for the browser tests (tests/ui):
//   fake-hubspot <client-id> <client-secret>
// prints "url http://127.0.0.1:<port>" (the portal's API and its OAuth app:
// /oauth/authorize, /oauth/v1/token) and then reads commands, one a line:
//   add-contact <email> <first name>   a contact in the portal
//   revoke                             every refresh token given so far is refused (access revoked in HubSpot)
//   authorized                         whether the browser has been at /oauth/authorize ("yes <client_id>" or "no")
// and answers each with "ok" (or what it asked). It ends when its standard input closes.
//


#include "fakes/FakeHubSpot.h"
#include <iostream>
#include <sstream>
#include <string>


int main(int argc, char** argv)
{
	if (argc != 3)
	{
		std::cerr << "usage: fake-hubspot <client-id> <client-secret>" << std::endl;
		return 2;
	}
	polytomic::test::FakeHubSpot hubspot(argv[1], argv[2]);
	std::cout << "url " << hubspot.url("") << std::endl;
	std::string line;
	while (std::getline(std::cin, line))
	{
		std::istringstream words(line);
		std::string command;
		words >> command;
		if (command == "add-contact")
		{
			std::string email, name;
			words >> email;
			std::getline(words >> std::ws, name);
			hubspot.add("contacts", {{"email", email}, {"firstname", name}});
		}
		else if (command == "revoke") hubspot.revokeRefreshTokens();
		else if (command == "authorized")
		{
			const auto asked = hubspot.lastAuthorize();
			std::cout << (asked.isObject() && asked.has("client_id") ? "yes " + asked.getString("client_id") : std::string("no")) << std::endl;
			continue;
		}
		else
		{
			std::cout << "unknown command " << command << std::endl;
			continue;
		}
		std::cout << "ok" << std::endl;
	}
	return 0;
}
