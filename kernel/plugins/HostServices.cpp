//
// HostServices.cpp
//


#include "plugins/HostServices.h"
#include <cstddef>
#include <cstring>
#include <iterator>
#include <memory>


namespace polytomic {
namespace plugins {


namespace
{
	struct OwnedResponse
		/// What a polytomic_http_response points into, freed by http_release.
	{
		HttpClient::Response response;
		std::vector<std::string> names;
		std::vector<polytomic_http_header> headers;
	};
}


HostServices::HostServices(const std::string& connectorId):
	_table{},
	_logger(Poco::Logger::get("polytomic.connector." + connectorId))
{
	_table.size = sizeof(polytomic_host);
	_table.abi_major = POLYTOMIC_ABI_MAJOR;
	_table.abi_minor = POLYTOMIC_ABI_MINOR;
	_table.context = this;
	_table.log = &HostServices::log;
	_table.progress = &HostServices::progress;
	_table.cancelled = &HostServices::isCancelled;
	_table.http = &HostServices::httpRequest;
	_table.http_release = &HostServices::httpRelease;
}


const polytomic_host* HostServices::table() const
{
	return &_table;
}


void HostServices::cancel()
{
	_cancelled = true;
	_http.cancel();
}


bool HostServices::cancelled() const
{
	return _cancelled.load();
}


void HostServices::onProgress(std::function<void(int64_t, const std::string&)> callback)
{
	_progress = std::move(callback);
}


HttpClient& HostServices::http()
{
	return _http;
}


void HostServices::useAccessToken(const std::string& token)
{
	_accessToken = token;
}


void HostServices::useTokens(TokenPipe* tokens)
{
	_tokens = tokens;
}


HttpClient::Response HostServices::authorized(HttpClient::Request request)
{
	HttpClient::Response refused;
	refused.status = 401;
	std::string token;
	try
	{
		token = _tokens ? _tokens->current() : _accessToken;
		if (token.empty()) throw TokenRefused("this connection has no OAuth access token; sign in to it again (connections.connect)");
	}
	catch (const TokenRefused& e)
	{
		refused.error = e.what();
		return refused;
	}
	for (auto it = request.headers.begin(); it != request.headers.end();)
		it = Poco::icompare(it->first, "Authorization") == 0 ? request.headers.erase(it) : std::next(it);
	request.headers["Authorization"] = "Bearer " + token;
	HttpClient::Response response = _http.send(request);
	if (response.status != 401 || !_tokens) return response;
	try
	{
		const std::string fresh = _tokens->refreshed(token);
		request.headers["Authorization"] = "Bearer " + fresh;
		const unsigned before = response.attempts;
		response = _http.send(request);
		response.attempts += before;
	}
	catch (const TokenRefused& e)
	{
		// The API's 401 stays the status; the error says what to do about it.
		response.error = e.what();
	}
	return response;
}


void HostServices::log(void* context, int level, const char* message)
{
	auto* self = static_cast<HostServices*>(context);
	const std::string text = message ? message : "";
	switch (level)
	{
	case POLYTOMIC_LOG_DEBUG: self->_logger.debug(text); break;
	case POLYTOMIC_LOG_INFO: self->_logger.information(text); break;
	case POLYTOMIC_LOG_WARN: self->_logger.warning(text); break;
	default: self->_logger.error(text); break;
	}
}


void HostServices::progress(void* context, int64_t records, const char* message)
{
	auto* self = static_cast<HostServices*>(context);
	if (self->_progress) self->_progress(records, message ? message : "");
}


int HostServices::isCancelled(void* context)
{
	return static_cast<HostServices*>(context)->cancelled() ? 1 : 0;
}


int HostServices::httpRequest(void* context, const polytomic_http_request* request, polytomic_http_response* response)
{
	auto* self = static_cast<HostServices*>(context);
	auto owned = std::make_unique<OwnedResponse>();
	try
	{
		HttpClient::Request r = HttpClient::Request::fromAbi(request);
		owned->response = r.authorize ? self->authorized(r) : self->_http.send(r);
	}
	catch (const std::exception& e)
	{
		owned->response.error = e.what();
	}
	for (const auto& [name, value]: owned->response.headers) owned->names.push_back(name);
	for (std::size_t i = 0; i < owned->names.size(); ++i)
		owned->headers.push_back({owned->names[i].c_str(), owned->response.headers.at(owned->names[i]).c_str()});
	response->status = owned->response.status;
	response->headers = owned->headers.data();
	response->header_count = owned->headers.size();
	response->body = owned->response.body.empty() ? nullptr : &owned->response.body[0];
	response->body_length = owned->response.body.size();
	response->error = owned->response.error.empty() ? nullptr : &owned->response.error[0];
	if (response->size >= offsetof(polytomic_http_response, attempts) + sizeof(response->attempts))
		response->attempts = owned->response.attempts;
	const int status = owned->response.status == 0 ? 1 : 0;
	response->host_private = owned.release();
	return status;
}


void HostServices::httpRelease(void*, polytomic_http_response* response)
{
	delete static_cast<OwnedResponse*>(response->host_private);
	response->host_private = nullptr;
	response->headers = nullptr;
	response->header_count = 0;
	response->body = nullptr;
	response->body_length = 0;
	response->error = nullptr;
}


} } // namespace polytomic::plugins
