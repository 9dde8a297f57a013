//
// LicenseTool.cpp
//


#include "license/LicenseTool.h"
#include "license/License.h"
#include "license/LicenseError.h"
#include "license/LicenseIssuer.h"
#include "license/LicenseToken.h"
#include "Poco/JSON/Object.h"
#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>


namespace polytomic {
namespace license {


const char* LicenseTool::USAGE =
	"usage: polytomic-license keygen --public <public.pem> --private <private.pem>\n"
	"       polytomic-license issue --key <private.pem> --deployment <id> --customer <name> --expires <YYYY-MM-DD>\n"
	"                               [--max-syncs <n>] [--connectors <id,id,...>]\n"
	"       polytomic-license show <token>\n";


namespace
{
	class UsageError: public std::runtime_error
	{
	public:
		using std::runtime_error::runtime_error;
	};


	std::map<std::string, std::string> parseOptions(const std::vector<std::string>& args, const std::set<std::string>& allowed)
		/// --name value or --name=value, each once, from args[1].
	{
		std::map<std::string, std::string> options;
		for (std::size_t i = 1; i < args.size(); ++i)
		{
			const std::string& arg = args[i];
			if (arg.rfind("--", 0) != 0) throw UsageError("unexpected argument \"" + arg + "\"");
			std::string name = arg.substr(2);
			std::string value;
			const auto equals = name.find('=');
			if (equals != std::string::npos)
			{
				value = name.substr(equals + 1);
				name.erase(equals);
			}
			else
			{
				if (i + 1 >= args.size()) throw UsageError("--" + name + " needs a value");
				value = args[++i];
			}
			if (!allowed.count(name)) throw UsageError("unknown option --" + name + " for " + args[0]);
			if (options.count(name)) throw UsageError("--" + name + " is given twice");
			if (value.empty()) throw UsageError("--" + name + " is empty");
			options[name] = value;
		}
		return options;
	}


	const std::string& required(const std::map<std::string, std::string>& options, const std::string& name)
	{
		auto it = options.find(name);
		if (it == options.end()) throw UsageError("--" + name + " is missing");
		return it->second;
	}


	std::string trim(const std::string& text)
	{
		const auto first = text.find_first_not_of(" \t");
		if (first == std::string::npos) return "";
		return text.substr(first, text.find_last_not_of(" \t") - first + 1);
	}


	int parseCount(const std::string& text)
	{
		if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
			throw UsageError("--max-syncs " + text + " is not a whole number from 0");
		return std::stoi(text);
	}


	std::vector<std::string> parseList(const std::string& text)
	{
		std::vector<std::string> items;
		std::string::size_type start = 0;
		while (true)
		{
			const auto comma = text.find(',', start);
			const std::string item = trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
			if (item.empty()) throw UsageError("--connectors \"" + text + "\" has an empty connector id");
			items.push_back(item);
			if (comma == std::string::npos) break;
			start = comma + 1;
		}
		return items;
	}


	int createFile(const std::string& path, const std::string& content, mode_t mode)
		/// Writes a new file; 0, or the errno (EEXIST when it exists).
	{
		const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (fd < 0) return errno;
		std::size_t written = 0;
		while (written < content.size())
		{
			const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
			if (n < 0)
			{
				if (errno == EINTR) continue;
				const int error = errno;
				::close(fd);
				::unlink(path.c_str());
				return error;
			}
			written += static_cast<std::size_t>(n);
		}
		if (::close(fd) != 0)
		{
			const int error = errno;
			::unlink(path.c_str());
			return error;
		}
		return 0;
	}
}


LicenseTool::LicenseTool(std::ostream& out, std::ostream& err):
	_out(out),
	_err(err)
{
}


int LicenseTool::run(const std::vector<std::string>& args)
{
	try
	{
		if (args.empty()) throw UsageError("a command is missing");
		const std::string& command = args[0];
		if (command == "help" || command == "--help" || command == "-h")
		{
			_out << USAGE;
			return EXIT_OK;
		}
		if (command == "keygen") return keygen(parseOptions(args, {"public", "private"}));
		if (command == "issue") return issue(parseOptions(args, {"key", "deployment", "customer", "expires", "max-syncs", "connectors"}));
		if (command == "show")
		{
			if (args.size() != 2) throw UsageError("show takes one token");
			return show(args[1]);
		}
		throw UsageError("unknown command \"" + command + "\"");
	}
	catch (const UsageError& e)
	{
		_err << "polytomic-license: " << e.what() << "\n" << USAGE << std::flush;
		return EXIT_USAGE;
	}
	catch (const std::exception& e)
	{
		return fail(EXIT_SOFTWARE, e.what());
	}
}


int LicenseTool::keygen(const Options& options)
{
	const std::string& publicPath = required(options, "public");
	const std::string& privatePath = required(options, "private");
	if (publicPath == privatePath) throw UsageError("--public and --private name the same file");
	struct stat info;
	for (const std::string* path: {&publicPath, &privatePath})
		if (::lstat(path->c_str(), &info) == 0) return fail(EXIT_CANTCREAT, *path + " exists already: refusing to overwrite it");

	const LicenseIssuer::KeyPair keys = LicenseIssuer::generateKeyPair();
	int error = createFile(privatePath, keys.privateKey, 0600);
	if (error != 0) return fail(EXIT_CANTCREAT, "cannot create " + privatePath + ": " + std::strerror(error));
	error = createFile(publicPath, keys.publicKey, 0644);
	if (error != 0)
	{
		::unlink(privatePath.c_str());
		return fail(EXIT_CANTCREAT, "cannot create " + publicPath + ": " + std::strerror(error));
	}
	_err << "polytomic-license: wrote the public key to " << publicPath << " and the private key to " << privatePath <<
		" (readable by you only). Keep the private key secret, out of every repository: it signs deployment keys.\n" << std::flush;
	return EXIT_OK;
}


int LicenseTool::issue(const Options& options)
{
	const std::string& keyPath = required(options, "key");
	License license;
	license.deploymentId = required(options, "deployment");
	license.customer = required(options, "customer");
	const std::string& expires = required(options, "expires");
	try
	{
		license.expiresAt = License::endOfDay(expires);
	}
	catch (const std::invalid_argument& e)
	{
		throw UsageError(std::string("--expires: ") + e.what());
	}
	if (license.expiresAt < license.issuedAt) throw UsageError("--expires " + expires + " is in the past");
	if (options.count("max-syncs")) license.maxSyncs = parseCount(options.at("max-syncs"));
	if (options.count("connectors")) license.connectors = parseList(options.at("connectors"));

	std::ifstream file(keyPath, std::ios::binary);
	if (!file) return fail(EXIT_NOINPUT, "cannot read the private key file " + keyPath + ": " + std::strerror(errno));
	std::ostringstream pem;
	pem << file.rdbuf();
	if (file.bad()) return fail(EXIT_NOINPUT, "cannot read the private key file " + keyPath);
	std::string token;
	try
	{
		LicenseIssuer issuer(pem.str());
		token = issuer.issue(license);
	}
	catch (const std::invalid_argument& e)
	{
		return fail(EXIT_NOINPUT, "the key file " + keyPath + " holds no P-256 private key (" + e.what() +
			"): give the private key written by `polytomic-license keygen`");
	}
	_out << token << "\n" << std::flush;
	return EXIT_OK;
}


int LicenseTool::show(const std::string& text)
{
	try
	{
		const LicenseToken token = LicenseToken::parse(text);
		_out << "UNVERIFIED: decoded only, the signature was NOT checked (the server checks it with its public key).\n";
		_out << "header:      ";
		token.header()->stringify(_out);
		_out << "\n";
		try
		{
			const License license = token.license();
			std::string connectors;
			if (license.connectors)
				for (const auto& id: *license.connectors) connectors += (connectors.empty() ? "" : ", ") + id;
			_out << "issuer:      " << token.issuer() << "\n"
				<< "deployment:  " << license.deploymentId << "\n"
				<< "customer:    " << license.customer << "\n"
				<< "issued:      " << License::formatTime(license.issuedAt) << "\n"
				<< "expires:     " << License::formatTime(license.expiresAt) << "\n"
				<< "max syncs:   " << (license.maxSyncs ? std::to_string(*license.maxSyncs) : std::string("unlimited")) << "\n"
				<< "connectors:  " << (license.connectors ? (connectors.empty() ? std::string("none") : connectors) : std::string("all")) << "\n"
				<< "id:          " << license.id << "\n";
		}
		catch (const LicenseError& e)
		{
			_out << "incomplete:  " << e.what() << "\n";
		}
		_out << "claims:      ";
		token.claims()->stringify(_out);
		_out << "\n" << std::flush;
	}
	catch (const LicenseError& e)
	{
		return fail(EXIT_DATAERR, e.what());
	}
	return EXIT_OK;
}


int LicenseTool::fail(int code, const std::string& message)
{
	_err << "polytomic-license: " << message << "\n" << std::flush;
	return code;
}


} } // namespace polytomic::license
