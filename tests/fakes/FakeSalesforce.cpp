//
// FakeSalesforce.cpp
//


#include "fakes/FakeSalesforce.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Crypto/DigestEngine.h"
#include "Poco/URI.h"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <sstream>
#include <stdexcept>


namespace polytomic {
namespace test {


const char* FakeSalesforce::VERSION_PATH = "/services/data/v62.0";


namespace
{
	using Reply = FakeHttpService::Reply;


	struct FieldDefinition
	{
		const char* name;
		const char* type;       /// Salesforce's field type
		bool nillable;
		bool externalId;
		bool createable;        /// and updateable
	};


	const std::map<std::string, std::vector<FieldDefinition>>& definitions()
	{
		static const std::map<std::string, std::vector<FieldDefinition>> all{
			{"Contact", {{"Id", "id", false, false, false}, {"FirstName", "string", true, false, true}, {"LastName", "string", false, false, true},
				{"Email", "email", true, false, true}, {"Birthdate", "date", true, false, true}, {"HasOptedOutOfEmail", "boolean", false, false, true},
				{"Score__c", "double", true, false, true}, {"External_Id__c", "string", true, true, true}, {"AccountId", "reference", true, false, true},
				{"MailingAddress", "address", true, false, false}, {"CreatedDate", "datetime", false, false, false},
				{"LastModifiedDate", "datetime", false, false, false}, {"SystemModstamp", "datetime", false, false, false}}},
			{"Account", {{"Id", "id", false, false, false}, {"Name", "string", false, false, true}, {"Industry", "picklist", true, false, true},
				{"AnnualRevenue", "currency", true, false, true}, {"NumberOfEmployees", "int", true, false, true},
				{"External_Id__c", "string", true, true, true}, {"BillingAddress", "address", true, false, false},
				{"CreatedDate", "datetime", false, false, false}, {"LastModifiedDate", "datetime", false, false, false},
				{"SystemModstamp", "datetime", false, false, false}}},
		};
		return all;
	}


	const FieldDefinition* definition(const std::string& object, const std::string& name)
	{
		auto it = definitions().find(object);
		if (it == definitions().end()) return nullptr;
		for (const auto& d: it->second)
			if (name == d.name) return &d;
		return nullptr;
	}


	const char* prefixOf(const std::string& object)
	{
		return object == "Account" ? "001" : "003";
	}


	std::map<std::string, std::string> parameters(const std::string& text)
	{
		std::map<std::string, std::string> out;
		Poco::URI uri("/?" + text);
		for (const auto& [name, value]: uri.getQueryParameters()) out[name] = value;
		return out;
	}


	std::string iso(long long ms)
		/// Salesforce's datetime: 2024-01-31T12:00:00.000+0000.
	{
		const std::time_t seconds = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
		std::tm tm{};
		gmtime_r(&seconds, &tm);
		char text[64];
		std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			tm.tm_min, tm.tm_sec, static_cast<int>(((ms % 1000) + 1000) % 1000));
		return text;
	}


	long long millisOf(const std::string& value)
		/// A datetime (2024-01-31T12:00:00Z, .000Z, +0000, +01:00) in milliseconds since the epoch.
	{
		std::tm tm{};
		double seconds = 0;
		int used = 0;
		if (std::sscanf(value.c_str(), "%d-%d-%dT%d:%d:%lf%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &seconds, &used) < 6)
			throw std::invalid_argument("not a datetime: " + value);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		tm.tm_sec = static_cast<int>(seconds);
		long long ms = static_cast<long long>(timegm(&tm)) * 1000 + static_cast<long long>(std::llround((seconds - tm.tm_sec) * 1000));
		const std::string zone = value.substr(static_cast<std::size_t>(used));
		if (!zone.empty() && zone != "Z")
		{
			int h = 0, m = 0;
			if (std::sscanf(zone.c_str() + 1, "%2d:%2d", &h, &m) < 2) std::sscanf(zone.c_str() + 1, "%2d%2d", &h, &m);
			ms -= (zone[0] == '-' ? -1 : 1) * (h * 60 + m) * 60000LL;
		}
		return ms;
	}


	std::string base64Url(const std::vector<unsigned char>& bytes)
	{
		std::ostringstream out;
		Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
		encoder.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
		encoder.close();
		return out.str();
	}


	std::string s256(const std::string& verifier)
	{
		Poco::Crypto::DigestEngine sha("SHA256");
		sha.update(verifier);
		return base64Url(sha.digest());
	}


	Reply answered(int status, const json::Value& body)
	{
		Reply r;
		r.status = status;
		r.body = body.dump();
		return r;
	}


	Reply error(int status, const std::string& code, const std::string& message)
		/// The REST API's error body: [{"message", "errorCode"}].
	{
		json::Value item = json::Value::object();
		item.set("message", message);
		item.set("errorCode", code);
		json::Value body = json::Value::array();
		body.push(item);
		return answered(status, body);
	}


	Reply csvReply(const std::string& text)
	{
		Reply r;
		r.status = 200;
		r.body = text;
		r.contentType = "text/csv";
		return r;
	}


	std::string csvCell(const std::string& value)
	{
		if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
		std::string out = "\"";
		for (char c: value)
		{
			if (c == '"') out += '"';
			out += c;
		}
		return out + "\"";
	}


	std::string csvLine(const std::vector<std::string>& cells)
	{
		std::string out;
		for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csvCell(cells[i]);
		return out + "\n";
	}


	std::vector<std::vector<std::string>> csvRecords(const std::string& text)
	{
		std::vector<std::vector<std::string>> out;
		std::vector<std::string> cells;
		std::string current;
		bool quoted = false, any = false;
		for (std::size_t i = 0; i < text.size(); ++i)
		{
			const char c = text[i];
			if (quoted)
			{
				if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') { current += '"'; ++i; }
				else if (c == '"') quoted = false;
				else current += c;
			}
			else if (c == '"') { quoted = true; any = true; }
			else if (c == ',') { cells.push_back(current); current.clear(); any = true; }
			else if (c == '\r') continue;
			else if (c == '\n')
			{
				if (any || !cells.empty()) { cells.push_back(current); out.push_back(cells); }
				cells.clear();
				current.clear();
				any = false;
			}
			else { current += c; any = true; }
		}
		if (any || !cells.empty()) { cells.push_back(current); out.push_back(cells); }
		return out;
	}


	std::vector<std::string> split(const std::string& path)
	{
		std::vector<std::string> out;
		std::size_t start = 0;
		while (start < path.size())
		{
			std::size_t end = path.find('/', start);
			if (end == std::string::npos) end = path.size();
			if (end > start) out.push_back(path.substr(start, end - start));
			start = end + 1;
		}
		return out;
	}


	bool numeric(const std::string& type)
	{
		return type == "double" || type == "currency" || type == "percent" || type == "int";
	}
}


// --- SOQL ----------------------------------------------------------------------


struct Condition
{
	std::string field;
	std::string op;                    /// = != < <= > >= IN
	std::vector<std::optional<std::string>> values;  /// nothing for null
};


struct FakeSalesforce::Query
	/// SELECT fields | COUNT() FROM object [WHERE c AND c ...] [ORDER BY f [ASC|DESC], ...] [LIMIT n]: the subset the connector sends.
{
	std::string object;
	std::vector<std::string> fields;
	bool count = false;
	std::vector<Condition> where;
	std::vector<std::pair<std::string, bool>> order;  /// field, ascending
	long long limit = -1;

	static Query parse(const std::string& soql)
	{
		std::vector<std::string> tokens;
		for (std::size_t i = 0; i < soql.size();)
		{
			const char c = soql[i];
			if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
			if (c == '\'')
			{
				std::string s = "'";
				for (++i; i < soql.size() && soql[i] != '\''; ++i)
				{
					if (soql[i] == '\\' && i + 1 < soql.size())
					{
						++i;
						s += soql[i] == 'n' ? '\n' : soql[i] == 'r' ? '\r' : soql[i];
					}
					else s += soql[i];
				}
				if (i >= soql.size()) throw std::invalid_argument("unterminated string literal");
				++i;
				tokens.push_back(s);
				continue;
			}
			if (c == ',' || c == '(' || c == ')') { tokens.push_back(std::string(1, c)); ++i; continue; }
			if (c == '<' || c == '>' || c == '!' || c == '=')
			{
				std::string op(1, c);
				if (i + 1 < soql.size() && soql[i + 1] == '=') op += '=';
				i += op.size();
				tokens.push_back(op);
				continue;
			}
			std::string word;
			while (i < soql.size() && (std::isalnum(static_cast<unsigned char>(soql[i])) || std::string("_.:+-").find(soql[i]) != std::string::npos))
				word += soql[i++];
			if (word.empty()) throw std::invalid_argument(std::string("unexpected token: ") + c);
			tokens.push_back(word);
		}
		std::size_t at = 0;
		auto upper = [](std::string s) { for (char& c: s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c))); return s; };
		auto peek = [&]() { return at < tokens.size() ? tokens[at] : std::string(); };
		auto take = [&]() { if (at >= tokens.size()) throw std::invalid_argument("unexpected end of query"); return tokens[at++]; };
		auto expect = [&](const std::string& word) { if (upper(take()) != word) throw std::invalid_argument("expecting " + word); };
		auto literal = [&]() -> std::optional<std::string> {
			const std::string t = take();
			if (t.size() && t[0] == '\'') return t.substr(1);
			if (upper(t) == "NULL") return std::nullopt;
			return t;
		};
		Query q;
		expect("SELECT");
		if (upper(peek()) == "COUNT")
		{
			take();
			expect("(");
			expect(")");
			q.count = true;
		}
		else
			while (true)
			{
				q.fields.push_back(take());
				if (peek() != ",") break;
				take();
			}
		expect("FROM");
		q.object = take();
		if (upper(peek()) == "WHERE")
		{
			take();
			while (true)
			{
				Condition c;
				c.field = take();
				c.op = upper(take());
				if (c.op == "IN")
				{
					expect("(");
					while (true)
					{
						c.values.push_back(literal());
						if (peek() != ",") break;
						take();
					}
					expect(")");
				}
				else if (c.op == "=" || c.op == "!=" || c.op == "<" || c.op == "<=" || c.op == ">" || c.op == ">=") c.values.push_back(literal());
				else throw std::invalid_argument("unexpected operator " + c.op);
				q.where.push_back(c);
				if (upper(peek()) != "AND") break;
				take();
			}
		}
		if (upper(peek()) == "ORDER")
		{
			take();
			expect("BY");
			while (true)
			{
				std::string field = take();
				bool ascending = true;
				if (upper(peek()) == "ASC") take();
				else if (upper(peek()) == "DESC") { take(); ascending = false; }
				q.order.emplace_back(field, ascending);
				if (peek() != ",") break;
				take();
			}
		}
		if (upper(peek()) == "LIMIT")
		{
			take();
			q.limit = std::stoll(take());
		}
		if (at != tokens.size()) throw std::invalid_argument("unexpected token '" + tokens[at] + "'");
		return q;
	}
};


struct FakeSalesforce::Job
	/// A Bulk API 2.0 job: an ingest job with its uploaded CSV, or a query job with its records.
{
	std::string id;
	bool query = false;
	std::string object, operation, externalId;
	std::string state = "Open";
	std::string upload;                     /// the CSV uploaded (ingest)
	std::vector<std::string> header;
	std::vector<std::vector<std::string>> rows;
	std::chrono::steady_clock::time_point closedAt;
	std::size_t processed = 0, failed = 0;
	std::string errorMessage;
	std::string successful, failures, unprocessed;  /// the result CSVs
};


namespace
{
	int compare(const std::string& type, const std::string& a, const std::string& b)
	{
		if (type == "datetime")
		{
			const long long x = millisOf(a), y = millisOf(b);
			return x < y ? -1 : x > y ? 1 : 0;
		}
		if (numeric(type))
		{
			const double x = std::stod(a), y = std::stod(b);
			return x < y ? -1 : x > y ? 1 : 0;
		}
		return a < b ? -1 : a > b ? 1 : 0;
	}


	bool matches(const std::string& object, const FakeSalesforce::Record& r, const Condition& c)
	{
		const FieldDefinition* d = definition(object, c.field);
		if (!d) throw std::invalid_argument("No such column '" + c.field + "' on entity '" + object + "'");
		auto it = r.fields.find(c.field);
		const std::optional<std::string> value = it == r.fields.end() ? std::nullopt : std::optional<std::string>(it->second);
		if (c.op == "IN")
		{
			for (const auto& v: c.values)
				if (v == value || (v && value && compare(d->type, *value, *v) == 0)) return true;
			return false;
		}
		const auto& v = c.values.front();
		if (!v || !value) return c.op == "=" ? v == value : c.op == "!=" ? v != value : false;
		const int order = compare(d->type, *value, *v);
		if (c.op == "=") return order == 0;
		if (c.op == "!=") return order != 0;
		if (c.op == "<") return order < 0;
		if (c.op == "<=") return order <= 0;
		if (c.op == ">") return order > 0;
		return order >= 0;
	}
}


// --- the fake ------------------------------------------------------------------


FakeSalesforce::FakeSalesforce(std::string clientId, std::string clientSecret):
	_clientId(std::move(clientId)),
	_clientSecret(std::move(clientSecret))
{
	_service = std::make_unique<FakeHttpService>([this](const FakeHttpService::Request& r) { return handle(r); });
}


FakeSalesforce::~FakeSalesforce() = default;


std::string FakeSalesforce::url(const std::string& path) const
{
	std::string base = _service->url("/");
	base.pop_back();
	return base + path;
}


void FakeSalesforce::setTokenLifetime(std::chrono::seconds lifetime)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_lifetime = lifetime;
}


void FakeSalesforce::expireAccessTokens()
{
	std::lock_guard<std::mutex> lock(_mutex);
	for (auto& [token, expiry]: _accessTokens) expiry = std::chrono::steady_clock::now() - std::chrono::seconds(1);
}


void FakeSalesforce::revokeRefreshTokens()
{
	std::lock_guard<std::mutex> lock(_mutex);
	_refreshTokens.clear();
	_accessTokens.clear();
}


void FakeSalesforce::refuseClientCredentials()
{
	std::lock_guard<std::mutex> lock(_mutex);
	_credentialsRefused = true;
	for (const auto& token: _credentialTokens) _accessTokens.erase(token);
}


std::string FakeSalesforce::issueAccessToken()
{
	std::lock_guard<std::mutex> lock(_mutex);
	const std::string token = "00D000000000001!AQ" + std::to_string(++_next) + ".harness";
	_accessTokens[token] = std::chrono::steady_clock::now() + std::chrono::hours(24);
	return token;
}


int FakeSalesforce::refreshes() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _refreshes;
}


int FakeSalesforce::credentialGrants() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _credentialGrants;
}


json::Value FakeSalesforce::lastAuthorize() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _lastAuthorize;
}


long long FakeSalesforce::now() const
{
	// Strictly increasing, so that two writes are never modified at the same instant by accident.
	const long long wall = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
	auto& clock = const_cast<long long&>(_clock);
	clock = std::max(clock + 1, wall);
	return clock;
}


std::string FakeSalesforce::newId(const std::string& object)
{
	char text[32];
	std::snprintf(text, sizeof text, "%s5g%010lldAAA", prefixOf(object), ++_next);
	return text;
}


std::string FakeSalesforce::add(const std::string& object, const std::map<std::string, std::string>& fields, long long modifiedAtMs)
{
	std::lock_guard<std::mutex> lock(_mutex);
	Record r;
	r.id = newId(object);
	r.fields = fields;
	r.modifiedAt = modifiedAtMs ? modifiedAtMs : now();
	r.fields["Id"] = r.id;
	r.fields["CreatedDate"] = iso(r.modifiedAt);
	r.fields["LastModifiedDate"] = iso(r.modifiedAt);
	r.fields["SystemModstamp"] = iso(r.modifiedAt);
	if (!r.fields.count("HasOptedOutOfEmail") && object == "Contact") r.fields["HasOptedOutOfEmail"] = "false";
	_objects[object][r.id] = r;
	return r.id;
}


void FakeSalesforce::change(const std::string& object, const std::string& id, const std::map<std::string, std::string>& fields)
{
	std::lock_guard<std::mutex> lock(_mutex);
	Record& r = _objects.at(object).at(id);
	for (const auto& [name, value]: fields) r.fields[name] = value;
	r.modifiedAt = now();
	r.fields["LastModifiedDate"] = iso(r.modifiedAt);
	r.fields["SystemModstamp"] = iso(r.modifiedAt);
}


std::vector<std::string> FakeSalesforce::queries() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _queries;
}


std::vector<FakeSalesforce::Record> FakeSalesforce::records(const std::string& object) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	std::vector<Record> out;
	auto it = _objects.find(object);
	if (it != _objects.end())
		for (const auto& [id, r]: it->second) out.push_back(r);
	return out;
}


std::size_t FakeSalesforce::writesOf(const std::string& object, const std::string& id) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	auto t = _writes.find(object);
	if (t == _writes.end()) return 0;
	auto it = t->second.find(id);
	return it == t->second.end() ? 0 : it->second;
}


void FakeSalesforce::setLatency(std::chrono::milliseconds latency)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_latency = latency;
}


void FakeSalesforce::setApiLimit(long long limit, long long used)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_limit = limit;
	_used = used;
}


long long FakeSalesforce::apiUsed() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _used;
}


void FakeSalesforce::refuseNext(int count, int status)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_refuseCount = count;
	_refuseStatus = status;
}


void FakeSalesforce::setThroughput(double recordsPerSecond)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_throughput = recordsPerSecond;
}


void FakeSalesforce::failJobsAfter(long long records, const std::string& message)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_failAfter = records;
	_failMessage = message;
}


void FakeSalesforce::setQueryPageSize(int records)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_pageSize = records;
}


std::size_t FakeSalesforce::apiCalls() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _calls;
}


std::size_t FakeSalesforce::jobs() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _jobCount;
}


std::size_t FakeSalesforce::polls() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _polls;
}


Reply FakeSalesforce::handle(const FakeHttpService::Request& request)
{
	const auto question = request.path.find('?');
	const std::string path = request.path.substr(0, question);
	const auto query = parameters(question == std::string::npos ? "" : request.path.substr(question + 1));
	std::lock_guard<std::mutex> lock(_mutex);
	Reply reply;
	try
	{
		if (request.method == "GET" && path == "/services/oauth2/authorize") reply = authorize(query);
		else if (request.method == "POST" && path == "/services/oauth2/token") reply = token(parameters(request.body));
		else reply = api(request, path, query);
	}
	catch (const std::exception& e)
	{
		// A defect of the fake: say so, instead of dropping the connection.
		reply = error(500, "UNKNOWN_EXCEPTION", std::string("the fake failed: ") + e.what());
	}
	reply.delay = _latency;
	return reply;
}


Reply FakeSalesforce::authorize(const std::map<std::string, std::string>& query)
{
	// The user approves at once: the browser goes back to the redirect URI with a code.
	_lastAuthorize = json::Value::object();
	for (const auto& [name, value]: query) _lastAuthorize.set(name, value);
	auto get = [&](const char* name) { auto it = query.find(name); return it == query.end() ? std::string() : it->second; };
	Reply r;
	r.contentType = "text/html";
	if (get("client_id") != _clientId || get("redirect_uri").empty() || get("response_type") != "code")
	{
		r.status = 400;
		r.body = "<html>error=invalid_client_id&error_description=client identifier invalid</html>";
		return r;
	}
	const std::string code = "aPrx" + std::to_string(++_next) + "code";
	_codes[code] = {get("redirect_uri"), get("code_challenge")};
	r.status = 302;
	r.headers["Location"] = get("redirect_uri") + (get("redirect_uri").find('?') == std::string::npos ? "?" : "&") + "code=" + code +
		"&state=" + Poco::URI(std::string("/?s=") + get("state")).getRawQuery().substr(2);
	return r;
}


Reply FakeSalesforce::token(const std::map<std::string, std::string>& form)
{
	auto get = [&](const char* name) { auto it = form.find(name); return it == form.end() ? std::string() : it->second; };
	const auto refused = [](const std::string& error, const std::string& description) {
		json::Value body = json::Value::object();
		body.set("error", error);
		body.set("error_description", description);
		return answered(400, body);
	};
	if (get("client_id") != _clientId || get("client_secret") != _clientSecret) return refused("invalid_client", "invalid client credentials");
	const std::string grant = get("grant_type");
	if (grant == "authorization_code")
	{
		auto it = _codes.find(get("code"));
		if (it == _codes.end()) return refused("invalid_grant", "authentication failure");
		const Code c = it->second;
		_codes.erase(it); // a code is good once
		if (c.redirectUri != get("redirect_uri")) return refused("redirect_uri_mismatch", "redirect_uri must match configuration");
		if (!c.challenge.empty() && s256(get("code_verifier")) != c.challenge) return refused("invalid_grant", "invalid code verifier");
	}
	else if (grant == "refresh_token")
	{
		if (!_refreshTokens.count(get("refresh_token"))) return refused("invalid_grant", "expired access/refresh token");
		++_refreshes;
	}
	else if (grant == "client_credentials")
	{
		if (_credentialsRefused) return refused("invalid_client", "invalid client credentials");
		++_credentialGrants;
	}
	else return refused("unsupported_grant_type", "grant type not supported");
	const std::string access = "00D000000000001!AR" + std::to_string(++_next) + "." + grant;
	_accessTokens[access] = std::chrono::steady_clock::now() + _lifetime;
	if (grant == "client_credentials") _credentialTokens.insert(access);
	json::Value body = json::Value::object();
	body.set("access_token", access);
	if (grant == "authorization_code")
	{
		const std::string refresh = "5Aep861" + std::to_string(++_next) + "refresh";
		_refreshTokens.insert(refresh);
		body.set("refresh_token", refresh);
	}
	body.set("signature", "d1vPzSXr0bRUJEXYV1jdUHtBiVEUdFBs0pq0Gq7wC2A=");
	body.set("scope", grant == "client_credentials" ? "api" : "refresh_token api");
	body.set("instance_url", url(""));
	body.set("id", url("/id/00D000000000001EAA/0055g000000AbcdAAC"));
	body.set("token_type", "Bearer");
	body.set("issued_at", std::to_string(now()));
	return answered(200, body);
}


std::optional<Reply> FakeSalesforce::unauthorized(const FakeHttpService::Request& request)
{
	auto header = request.headers.find("Authorization");
	const std::string value = header == request.headers.end() ? std::string() : header->second;
	const std::string token = value.rfind("Bearer ", 0) == 0 ? value.substr(7) : std::string();
	auto it = _accessTokens.find(token);
	if (it == _accessTokens.end() || std::chrono::steady_clock::now() >= it->second)
		return error(401, "INVALID_SESSION_ID", "Session expired or invalid");
	return std::nullopt;
}


Reply FakeSalesforce::api(const FakeHttpService::Request& request, const std::string& path, const std::map<std::string, std::string>& query)
{
	++_calls;
	if (auto refusal = unauthorized(request)) return *refusal;
	Reply reply;
	if (_used >= _limit)
		reply = error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
	else
	{
		++_used;
		if (_refuseCount > 0)
		{
			--_refuseCount;
			reply = error(_refuseStatus, "SERVER_UNAVAILABLE", "Server temporarily unavailable (the request was not carried out)");
		}
		else if (path.rfind(std::string(VERSION_PATH) + "/", 0) != 0)
			reply = error(404, "NOT_FOUND", "The requested resource does not exist");
		else reply = rest(request, path.substr(std::string(VERSION_PATH).size()), query);
	}
	reply.headers["Sforce-Limit-Info"] = "api-usage=" + std::to_string(_used) + "/" + std::to_string(_limit);
	return reply;
}


Reply FakeSalesforce::rest(const FakeHttpService::Request& request, const std::string& rest, const std::map<std::string, std::string>& query)
{
	const std::vector<std::string> parts = split(rest);
	if (parts.empty()) return error(404, "NOT_FOUND", "The requested resource does not exist");
	if (parts[0] == "sobjects" && parts.size() == 1 && request.method == "GET")
	{
		json::Value list = json::Value::array();
		for (const auto& [name, fields]: definitions())
		{
			json::Value o = json::Value::object();
			o.set("name", name);
			o.set("label", name);
			o.set("queryable", true);
			o.set("createable", true);
			o.set("updateable", true);
			o.set("deletable", true);
			o.set("custom", false);
			list.push(o);
		}
		json::Value o = json::Value::object(); // an object the user may not query, as orgs have
		o.set("name", "AccountChangeEvent");
		o.set("label", "Account Change Event");
		o.set("queryable", false);
		list.push(o);
		json::Value body = json::Value::object();
		body.set("encoding", "UTF-8");
		body.set("maxBatchSize", 200);
		body.set("sobjects", list);
		return answered(200, body);
	}
	if (parts[0] == "sobjects" && parts.size() == 3 && parts[2] == "describe" && request.method == "GET") return describe(parts[1]);
	if (parts[0] == "query" && parts.size() == 1 && request.method == "GET")
	{
		auto q = query.find("q");
		if (q == query.end()) return error(400, "MALFORMED_QUERY", "a query is required (q)");
		Query parsed;
		_queries.push_back(q->second);
		try
		{
			parsed = Query::parse(q->second);
			if (!definitions().count(parsed.object))
				return error(400, "INVALID_TYPE", "sObject type '" + parsed.object + "' is not supported.");
			for (const auto& f: parsed.fields)
				if (!definition(parsed.object, f)) return error(400, "INVALID_FIELD", "No such column '" + f + "' on entity '" + parsed.object + "'.");
		}
		catch (const std::exception& e)
		{
			return error(400, "MALFORMED_QUERY", e.what());
		}
		const std::vector<const Record*> found = select(parsed);
		if (parsed.count)
		{
			json::Value body = json::Value::object();
			body.set("totalSize", static_cast<long long>(found.size()));
			body.set("done", true);
			body.set("records", json::Value::array());
			return answered(200, body);
		}
		Cursor cursor;
		for (const Record* r: found)
		{
			json::Value record = json::Value::object();
			json::Value attributes = json::Value::object();
			attributes.set("type", parsed.object);
			attributes.set("url", std::string(VERSION_PATH) + "/sobjects/" + parsed.object + "/" + r->id);
			record.set("attributes", attributes);
			for (const auto& f: parsed.fields)
			{
				const FieldDefinition* d = definition(parsed.object, f);
				auto it = r->fields.find(f);
				if (it == r->fields.end()) record.set(f, json::Value());
				else if (std::string(d->type) == "boolean") record.set(f, it->second == "true");
				else if (std::string(d->type) == "int") record.set(f, static_cast<long long>(std::stoll(it->second)));
				else if (numeric(d->type)) record.set(f, std::stod(it->second));
				else record.set(f, it->second);
			}
			cursor.records.push_back(record);
		}
		const std::string id = "01gD0000002HU6K" + std::to_string(++_next);
		_cursors[id] = std::move(cursor);
		return queryPage(id, 0);
	}
	if (parts[0] == "query" && parts.size() == 2 && request.method == "GET")
	{
		const auto dash = parts[1].rfind('-');
		if (dash == std::string::npos) return error(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
		return queryPage(parts[1].substr(0, dash), std::stoul(parts[1].substr(dash + 1)));
	}
	if (parts[0] == "jobs" && parts.size() >= 2 && parts[1] == "ingest") return ingest(request, parts);
	if (parts[0] == "jobs" && parts.size() >= 2 && parts[1] == "query") return bulkQuery(request, parts, query);
	return error(404, "NOT_FOUND", "The requested resource does not exist");
}


Reply FakeSalesforce::describe(const std::string& object) const
{
	auto it = definitions().find(object);
	if (it == definitions().end()) return error(404, "NOT_FOUND", "The requested resource does not exist");
	json::Value fields = json::Value::array();
	for (const FieldDefinition& d: it->second)
	{
		json::Value f = json::Value::object();
		f.set("name", d.name);
		f.set("label", d.name);
		f.set("type", d.type);
		f.set("nillable", d.nillable);
		f.set("externalId", d.externalId);
		f.set("idLookup", d.externalId || std::string(d.name) == "Id");
		f.set("unique", d.externalId);
		f.set("createable", d.createable);
		f.set("updateable", d.createable);
		f.set("calculated", false);
		f.set("length", std::string(d.type) == "string" ? 255 : 0);
		fields.push(f);
	}
	json::Value body = json::Value::object();
	body.set("name", object);
	body.set("label", object);
	body.set("queryable", true);
	body.set("fields", fields);
	return answered(200, body);
}


Reply FakeSalesforce::queryPage(const std::string& cursor, std::size_t offset)
{
	auto it = _cursors.find(cursor);
	if (it == _cursors.end()) return error(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
	const auto& records = it->second.records;
	json::Value list = json::Value::array();
	const std::size_t end = std::min(records.size(), offset + static_cast<std::size_t>(_pageSize));
	for (std::size_t i = offset; i < end; ++i) list.push(records[i]);
	json::Value body = json::Value::object();
	body.set("totalSize", static_cast<long long>(records.size()));
	body.set("done", end >= records.size());
	if (end < records.size()) body.set("nextRecordsUrl", std::string(VERSION_PATH) + "/query/" + cursor + "-" + std::to_string(end));
	body.set("records", list);
	if (end >= records.size()) _cursors.erase(it);
	return answered(200, body);
}


std::vector<const FakeSalesforce::Record*> FakeSalesforce::select(const Query& q) const
{
	std::vector<const Record*> out;
	auto it = _objects.find(q.object);
	if (it != _objects.end())
		for (const auto& [id, r]: it->second)
		{
			bool all = true;
			for (const auto& c: q.where) all = all && matches(q.object, r, c);
			if (all) out.push_back(&r);
		}
	std::stable_sort(out.begin(), out.end(), [&](const Record* a, const Record* b) {
		for (const auto& [field, ascending]: q.order)
		{
			const FieldDefinition* d = definition(q.object, field);
			auto x = a->fields.find(field), y = b->fields.find(field);
			const std::string xv = x == a->fields.end() ? "" : x->second, yv = y == b->fields.end() ? "" : y->second;
			const int order = xv.empty() || yv.empty() ? (xv < yv ? -1 : xv > yv ? 1 : 0) : compare(d ? d->type : "string", xv, yv);
			if (order != 0) return ascending ? order < 0 : order > 0;
		}
		return false;
	});
	if (q.limit >= 0 && out.size() > static_cast<std::size_t>(q.limit)) out.resize(static_cast<std::size_t>(q.limit));
	return out;
}


json::Value FakeSalesforce::jobInfo(const Job& job) const
{
	json::Value info = json::Value::object();
	info.set("id", job.id);
	info.set("operation", job.operation);
	info.set("object", job.object);
	info.set("createdById", "0055g000000AbcdAAC");
	info.set("state", job.state);
	if (!job.externalId.empty()) info.set("externalIdFieldName", job.externalId);
	info.set("concurrencyMode", "Parallel");
	info.set("contentType", "CSV");
	info.set("apiVersion", 62.0);
	info.set("jobType", job.query ? "V2Query" : "V2Ingest");
	info.set("lineEnding", "LF");
	info.set("columnDelimiter", "COMMA");
	info.set("numberRecordsProcessed", static_cast<long long>(job.processed));
	if (!job.query) info.set("numberRecordsFailed", static_cast<long long>(job.failed));
	if (!job.errorMessage.empty()) info.set("errorMessage", job.errorMessage);
	return info;
}


void FakeSalesforce::advance(Job& job)
	/// Moves a closed job on by the time passed: its records are processed at the throughput.
{
	if (job.state != "UploadComplete" && job.state != "InProgress") return;
	const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - job.closedAt).count();
	const std::size_t total = job.rows.size();
	const std::size_t done = std::min<std::size_t>(total, static_cast<std::size_t>(seconds * _throughput));
	if (job.query)
	{
		job.processed = done;
		job.state = done >= total ? "JobComplete" : "InProgress";
		return;
	}
	if (_failAfter > 0 && done >= static_cast<std::size_t>(_failAfter) && total > static_cast<std::size_t>(_failAfter))
	{
		apply(job, static_cast<std::size_t>(_failAfter));
		job.state = "Failed";
		job.errorMessage = _failMessage;
		return;
	}
	if (done < total)
	{
		job.state = "InProgress";
		job.processed = done;
		return;
	}
	apply(job, total);
	job.state = "JobComplete";
}


void FakeSalesforce::apply(Job& job, std::size_t count)
{
	std::vector<std::string> successHeader{"sf__Id", "sf__Created"}, failedHeader{"sf__Id", "sf__Error"};
	for (const auto& h: job.header)
	{
		successHeader.push_back(h);
		failedHeader.push_back(h);
	}
	job.successful = csvLine(successHeader);
	job.failures = csvLine(failedHeader);
	job.unprocessed = csvLine(job.header);
	job.processed = count;
	std::set<std::string> externalIds;
	std::map<std::string, std::string> byExternalId; // an upsert's external id -> Id, as an org's index finds it
	if (job.operation == "upsert" && job.externalId != "Id")
		for (const auto& [id, r]: _objects[job.object])
			if (auto f = r.fields.find(job.externalId); f != r.fields.end()) byExternalId[f->second] = id;
	for (std::size_t i = 0; i < job.rows.size(); ++i)
	{
		const auto& cells = job.rows[i];
		if (i >= count)
		{
			job.unprocessed += csvLine(cells);
			continue;
		}
		bool created = false;
		std::string id;
		std::string failure;
		if (!job.externalId.empty())
		{
			const auto at = std::find(job.header.begin(), job.header.end(), job.externalId) - job.header.begin();
			const std::string key = static_cast<std::size_t>(at) < cells.size() ? cells[static_cast<std::size_t>(at)] : "";
			if (!externalIds.insert(key).second) failure = "DUPLICATE_EXTERNAL_ID:Duplicate external id specified: " + key + ":" + job.externalId + " --";
		}
		if (failure.empty())
		{
			const std::string outcome = process(job, job.header, cells, created, byExternalId);
			if (outcome.rfind("ok:", 0) == 0) id = outcome.substr(3);
			else failure = outcome;
		}
		std::vector<std::string> line{id, failure.empty() ? (created ? "true" : "false") : failure};
		line.insert(line.end(), cells.begin(), cells.end());
		if (failure.empty()) job.successful += csvLine(line);
		else
		{
			++job.failed;
			job.failures += csvLine(line);
		}
	}
}


std::string FakeSalesforce::process(Job& job, const std::vector<std::string>& header, const std::vector<std::string>& cells, bool& created,
	std::map<std::string, std::string>& byExternalId)
	/// One record of an ingest job: "ok:<id>", or its sf__Error.
{
	auto& table = _objects[job.object];
	std::map<std::string, std::string> given;
	for (std::size_t c = 0; c < header.size() && c < cells.size(); ++c) given[header[c]] = cells[c];
	Record* target = nullptr;
	if (job.operation == "update" || job.operation == "delete")
	{
		auto it = table.find(given["Id"]);
		if (it == table.end())
			return job.operation == "delete" ? "ENTITY_IS_DELETED:entity is deleted:--" : "INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:Id --";
		target = &it->second;
	}
	else if (job.operation == "upsert")
	{
		const std::string key = given[job.externalId];
		if (key.empty()) return "MISSING_ARGUMENT:" + job.externalId + " not specified:--";
		const auto found = job.externalId == "Id" ? table.find(key) : (byExternalId.count(key) ? table.find(byExternalId[key]) : table.end());
		if (found != table.end()) target = &found->second;
	}
	const long long at = now();
	if (job.operation == "delete")
	{
		const std::string id = target->id;
		++_writes[job.object][id];
		table.erase(id);
		return "ok:" + id;
	}
	// Validate before touching the record: Salesforce writes a record whole or not at all.
	for (const auto& [name, value]: given)
	{
		const FieldDefinition* d = definition(job.object, name);
		if (name == "Id" || (name == job.externalId && target)) continue;
		if (!d->createable) return "INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create/update fields: " + name + ". Please check the security settings of this field:" + name + " --";
		if (std::string(d->type) == "email" && !value.empty() && value != "#N/A" && value.find('@') == std::string::npos)
			return "INVALID_EMAIL_ADDRESS:Email: invalid email address: " + value + ":" + name + " --";
		if (std::string(d->type) == "datetime" && !value.empty() && value != "#N/A")
			try { millisOf(value); } catch (const std::exception&) { return "INVALID_FIELD:'" + value + "' is not a valid value for the type xsd:dateTime:" + name + " --"; }
	}
	Record fresh;
	Record& r = target ? *target : fresh;
	for (const auto& [name, value]: given)
	{
		if (name == "Id") continue;
		const FieldDefinition* d = definition(job.object, name);
		if (value == "#N/A" || (value.empty() && !target)) r.fields.erase(name);
		else if (!value.empty()) r.fields[name] = std::string(d->type) == "datetime" ? iso(millisOf(value)) : value;
	}
	for (const auto& d: definitions().at(job.object))
		if (!d.nillable && d.createable && std::string(d.type) != "boolean" && !r.fields.count(d.name))
			return std::string("REQUIRED_FIELD_MISSING:Required fields are missing: [") + d.name + "]:" + d.name + " --";
	if (!target)
	{
		r.id = newId(job.object);
		r.fields["Id"] = r.id;
		r.fields["CreatedDate"] = iso(at);
		if (job.object == "Contact" && !r.fields.count("HasOptedOutOfEmail")) r.fields["HasOptedOutOfEmail"] = "false";
		created = true;
	}
	r.modifiedAt = at;
	r.fields["LastModifiedDate"] = iso(at);
	r.fields["SystemModstamp"] = iso(at);
	++_writes[job.object][r.id];
	const std::string id = r.id;
	if (!target) table[id] = r;
	if (job.operation == "upsert" && job.externalId != "Id" && r.fields.count(job.externalId)) byExternalId[r.fields.at(job.externalId)] = id;
	return "ok:" + id;
}


Reply FakeSalesforce::ingest(const FakeHttpService::Request& request, const std::vector<std::string>& parts)
{
	// parts: jobs ingest [id [batches | successfulResults | failedResults | unprocessedrecords]]
	if (parts.size() == 2 && request.method == "POST")
	{
		json::Value body;
		try
		{
			body = json::Value::parse(request.body);
		}
		catch (const std::exception&)
		{
			return error(400, "JSON_PARSER_ERROR", "the request body is not JSON");
		}
		auto job = std::make_shared<Job>();
		job->object = body.getString("object");
		job->operation = body.getString("operation");
		job->externalId = body.getString("externalIdFieldName");
		if (!definitions().count(job->object)) return error(400, "INVALIDJOB", "InvalidJob : Invalid object: " + job->object);
		if (job->operation != "insert" && job->operation != "update" && job->operation != "upsert" && job->operation != "delete" &&
			job->operation != "hardDelete")
			return error(400, "INVALIDJOB", "InvalidJob : Invalid operation: " + job->operation);
		if (job->operation == "upsert" && job->externalId.empty())
			return error(400, "INVALIDJOB", "InvalidJob : External ID was blank for " + job->object + ". An External ID must be specified for upsert.");
		if (!job->externalId.empty() && job->externalId != "Id")
		{
			const FieldDefinition* d = definition(job->object, job->externalId);
			if (!d || !d->externalId) return error(400, "INVALIDJOB", "InvalidJob : Field name provided, " + job->externalId + " is not an External ID or indexed field for " + job->object);
		}
		job->id = "7505g000000Ing" + std::to_string(++_next);
		++_jobCount;
		_jobs[job->id] = job;
		return answered(200, jobInfo(*job));
	}
	if (parts.size() < 3) return error(404, "NOT_FOUND", "The requested resource does not exist");
	auto found = _jobs.find(parts[2]);
	if (found == _jobs.end() || found->second->query) return error(404, "NOT_FOUND", "The requested resource does not exist");
	Job& job = *found->second;
	if (parts.size() == 3 && request.method == "GET")
	{
		++_polls;
		advance(job);
		return answered(200, jobInfo(job));
	}
	if (parts.size() == 4 && parts[3] == "batches" && request.method == "PUT")
	{
		if (job.state != "Open") return error(409, "INVALIDJOBSTATE", "Job with id " + job.id + " is not in the Open state");
		job.upload += request.body;
		Reply r;
		r.status = 201;
		r.contentType = "text/plain";
		return r;
	}
	if (parts.size() == 3 && request.method == "PATCH")
	{
		const std::string state = json::Value::parse(request.body).getString("state");
		if (state == "UploadComplete")
		{
			if (job.state != "Open") return error(409, "INVALIDJOBSTATE", "Job with id " + job.id + " is not in the Open state");
			auto records = csvRecords(job.upload);
			if (records.empty()) { job.state = "Failed"; job.errorMessage = "No data was uploaded"; return answered(200, jobInfo(job)); }
			job.header = records.front();
			for (const auto& h: job.header)
				if (!definition(job.object, h))
				{
					job.state = "Failed";
					job.errorMessage = "InvalidBatch : Field name not found : " + h;
					return answered(200, jobInfo(job));
				}
			job.rows.assign(records.begin() + 1, records.end());
			job.state = "UploadComplete";
			job.closedAt = std::chrono::steady_clock::now();
			return answered(200, jobInfo(job));
		}
		if (state == "Aborted")
		{
			advance(job);
			if (job.state == "UploadComplete" || job.state == "InProgress" || job.state == "Open")
			{
				apply(job, job.state == "Open" ? 0 : job.processed);
				job.state = "Aborted";
			}
			return answered(200, jobInfo(job));
		}
		return error(400, "INVALIDJOBSTATE", "a job's state may be set to UploadComplete or Aborted");
	}
	if (parts.size() == 4 && request.method == "GET")
	{
		advance(job);
		if (job.state != "JobComplete" && job.state != "Failed" && job.state != "Aborted")
			return error(400, "INVALIDJOBSTATE", "Job " + job.id + " is not finished: its results are not available yet");
		if (parts[3] == "successfulResults") return csvReply(job.successful);
		if (parts[3] == "failedResults") return csvReply(job.failures);
		if (parts[3] == "unprocessedrecords") return csvReply(job.unprocessed);
	}
	return error(404, "NOT_FOUND", "The requested resource does not exist");
}


Reply FakeSalesforce::bulkQuery(const FakeHttpService::Request& request, const std::vector<std::string>& parts,
	const std::map<std::string, std::string>& query)
{
	if (parts.size() == 2 && request.method == "POST")
	{
		const json::Value body = json::Value::parse(request.body);
		Query parsed;
		_queries.push_back(body.getString("query"));
		try
		{
			parsed = Query::parse(body.getString("query"));
			if (parsed.count) throw std::invalid_argument("Aggregate functions are not supported in Bulk API 2.0 queries");
			if (!definitions().count(parsed.object)) throw std::invalid_argument("sObject type '" + parsed.object + "' is not supported");
			for (const auto& f: parsed.fields)
			{
				const FieldDefinition* d = definition(parsed.object, f);
				if (!d) throw std::invalid_argument("No such column '" + f + "' on entity '" + parsed.object + "'");
				if (std::string(d->type) == "address") throw std::invalid_argument("compound fields are not supported in Bulk API 2.0: " + f);
			}
		}
		catch (const std::exception& e)
		{
			return error(400, "API_ERROR", e.what());
		}
		auto job = std::make_shared<Job>();
		job->query = true;
		job->object = parsed.object;
		job->operation = "query";
		job->header = parsed.fields;
		for (const Record* r: select(parsed))
		{
			std::vector<std::string> cells;
			for (const auto& f: parsed.fields)
			{
				auto it = r->fields.find(f);
				cells.push_back(it == r->fields.end() ? "" : it->second);
			}
			job->rows.push_back(cells);
		}
		job->id = "7505g000000Qry" + std::to_string(++_next);
		job->state = "UploadComplete";
		job->closedAt = std::chrono::steady_clock::now();
		++_jobCount;
		_jobs[job->id] = job;
		return answered(200, jobInfo(*job));
	}
	if (parts.size() < 3) return error(404, "NOT_FOUND", "The requested resource does not exist");
	auto found = _jobs.find(parts[2]);
	if (found == _jobs.end() || !found->second->query) return error(404, "NOT_FOUND", "The requested resource does not exist");
	Job& job = *found->second;
	if (parts.size() == 3 && request.method == "GET")
	{
		++_polls;
		advance(job);
		return answered(200, jobInfo(job));
	}
	if (parts.size() == 3 && request.method == "PATCH")
	{
		job.state = "Aborted";
		return answered(200, jobInfo(job));
	}
	if (parts.size() == 4 && parts[3] == "results" && request.method == "GET")
	{
		advance(job);
		if (job.state != "JobComplete") return error(400, "INVALIDJOBSTATE", "Job " + job.id + " is not complete: its results are not available yet");
		auto get = [&](const char* name) { auto it = query.find(name); return it == query.end() ? std::string() : it->second; };
		const std::size_t offset = get("locator").empty() ? 0 : std::stoul(get("locator"));
		const std::size_t page = get("maxRecords").empty() ? 50000 : std::stoul(get("maxRecords"));
		std::string csv = csvLine(job.header);
		const std::size_t end = std::min(job.rows.size(), offset + page);
		for (std::size_t i = offset; i < end; ++i) csv += csvLine(job.rows[i]);
		Reply r = csvReply(csv);
		r.headers["Sforce-Locator"] = end < job.rows.size() ? std::to_string(end) : "null";
		r.headers["Sforce-NumberOfRecords"] = std::to_string(end - offset);
		return r;
	}
	return error(404, "NOT_FOUND", "The requested resource does not exist");
}


} } // namespace polytomic::test
