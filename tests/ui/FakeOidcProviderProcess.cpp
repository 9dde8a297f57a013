//
// FakeOidcProviderProcess.cpp
//
// tests/fakes/FakeOidcProvider as a process, for the browser tests (tests/ui):
//   fake-oidc-provider <client-id> <client-secret>
// prints "issuer http://127.0.0.1:<port>" and then reads commands, one a line:
//   sign-in-as <email>            who the authorization endpoint signs in next
//   sign-in-as-unverified <email> the same, with email_verified false
//   cancel                        the user cancels at the provider (error=access_denied)
// and answers each with "ok". It ends when its standard input closes.
//


#include "fakes/FakeOidcProvider.h"
#include <iostream>
#include <string>


int main(int argc, char** argv)
{
	if (argc != 3)
	{
		std::cerr << "usage: fake-oidc-provider <client-id> <client-secret>" << std::endl;
		return 2;
	}
	polytomic::test::FakeOidcProvider provider(argv[1], argv[2]);
	std::cout << "issuer " << provider.issuer() << std::endl;
	std::string line;
	while (std::getline(std::cin, line))
	{
		const auto space = line.find(' ');
		const std::string command = line.substr(0, space);
		const std::string email = space == std::string::npos ? "" : line.substr(space + 1);
		if (command == "sign-in-as") provider.signInAs(email);
		else if (command == "sign-in-as-unverified")
		{
			polytomic::test::FakeOidcProvider::Mischief unverified;
			unverified.unverifiedEmail = true;
			provider.signInAs(email, unverified);
		}
		else if (command == "cancel") provider.signInAs("");
		else
		{
			std::cout << "unknown command " << command << std::endl;
			continue;
		}
		std::cout << "ok" << std::endl;
	}
	return 0;
}
