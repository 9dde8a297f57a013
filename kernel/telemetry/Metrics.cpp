//
// Metrics.cpp
//


#include "telemetry/Metrics.h"
#include "telemetry/ErrorText.h"
#include "Poco/Logger.h"
#include <cmath>
#include <cstdio>
#include <stdexcept>


namespace polytomic {
namespace telemetry {


namespace
{
	std::string labelText(const Metrics::Labels& labels, const std::string& extraName = "", const std::string& extraValue = "")
	{
		std::string out;
		for (const auto& [name, value]: labels) out += (out.empty() ? "" : ",") + name + "=\"" + Metrics::escape(value) + "\"";
		if (!extraName.empty()) out += (out.empty() ? "" : ",") + extraName + "=\"" + extraValue + "\"";
		return out.empty() ? out : "{" + out + "}";
	}


	std::string header(const std::string& name, const std::string& type, const std::string& help)
	{
		std::string escaped;
		for (char c: help)
		{
			if (c == '\\') escaped += "\\\\";
			else if (c == '\n') escaped += "\\n";
			else escaped += c;
		}
		return "# HELP " + name + " " + escaped + "\n# TYPE " + name + " " + type + "\n";
	}
}


Metrics::Family::Family(std::string& out, const std::string& name, const std::string& help, const std::string& type):
	_out(out),
	_name(name)
{
	_out += header(name, type, help);
}


void Metrics::Family::sample(const Labels& labels, double value)
{
	_out += _name + labelText(labels) + " " + number(value) + "\n";
}


void Metrics::Family::sample(double value)
{
	sample({}, value);
}


Metrics& Metrics::process()
{
	static Metrics metrics;
	return metrics;
}


void Metrics::defineCounter(const std::string& name, const std::string& help)
{
	std::lock_guard<std::mutex> lock(_mutex);
	Definition& d = _families[name];
	d.type = "counter";
	d.help = help;
}


void Metrics::defineHistogram(const std::string& name, const std::string& help, std::vector<double> buckets)
{
	std::lock_guard<std::mutex> lock(_mutex);
	Definition& d = _families[name];
	d.type = "histogram";
	d.help = help;
	d.buckets = std::move(buckets);
}


void Metrics::increment(const std::string& name, const Labels& labels, double by)
{
	std::lock_guard<std::mutex> lock(_mutex);
	auto it = _families.find(name);
	if (it == _families.end() || it->second.type != "counter") throw std::logic_error("no counter " + name);
	update({name, labels, by});
}


void Metrics::observe(const std::string& name, const Labels& labels, double value)
{
	std::lock_guard<std::mutex> lock(_mutex);
	auto it = _families.find(name);
	if (it == _families.end() || it->second.type != "histogram") throw std::logic_error("no histogram " + name);
	update({name, labels, value});
}


void Metrics::apply(std::initializer_list<Update> updates)
{
	std::lock_guard<std::mutex> lock(_mutex);
	for (const Update& u: updates) update(u);
}


void Metrics::update(const Update& u)
{
	auto it = _families.find(u.name);
	if (it == _families.end()) throw std::logic_error("no metric " + u.name);
	Definition& d = it->second;
	if (d.type == "counter")
	{
		d.counters[u.labels] += u.value;
		return;
	}
	Histogram& h = d.histograms[u.labels];
	if (h.counts.empty()) h.counts.assign(d.buckets.size() + 1, 0);
	std::size_t i = 0;
	while (i < d.buckets.size() && u.value > d.buckets[i]) ++i;
	h.counts[i] += 1;
	h.sum += u.value;
	h.count += 1;
}


void Metrics::addCollector(Collector collector)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_collectors.push_back(std::move(collector));
}


std::string Metrics::render() const
{
	std::string out;
	std::vector<Collector> collectors;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		for (const auto& [name, d]: _families)
		{
			out += header(name, d.type, d.help);
			for (const auto& [labels, value]: d.counters) out += name + labelText(labels) + " " + number(value) + "\n";
			for (const auto& [labels, h]: d.histograms)
			{
				double cumulative = 0;
				for (std::size_t i = 0; i <= d.buckets.size(); ++i)
				{
					cumulative += h.counts[i];
					out += name + "_bucket" + labelText(labels, "le", i < d.buckets.size() ? number(d.buckets[i]) : "+Inf") + " " +
						number(cumulative) + "\n";
				}
				out += name + "_sum" + labelText(labels) + " " + number(h.sum) + "\n";
				out += name + "_count" + labelText(labels) + " " + number(h.count) + "\n";
			}
		}
		collectors = _collectors;
	}
	for (const Collector& collect: collectors)
	{
		std::string part;
		try
		{
			collect(part);
			out += part;
		}
		catch (const std::exception& e)
		{
			Poco::Logger::get("polytomic.metrics").warning("a metrics collector failed: " + errorText(e));
		}
	}
	return out;
}


void Metrics::clear()
{
	std::lock_guard<std::mutex> lock(_mutex);
	_families.clear();
	_collectors.clear();
}


std::string Metrics::escape(const std::string& labelValue)
{
	std::string out;
	for (char c: labelValue)
	{
		if (c == '\\') out += "\\\\";
		else if (c == '"') out += "\\\"";
		else if (c == '\n') out += "\\n";
		else out += c;
	}
	return out;
}


std::string Metrics::number(double value)
{
	if (std::isnan(value)) return "NaN";
	if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
	if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
	char buffer[32];
	std::snprintf(buffer, sizeof(buffer), "%.9g", value);
	return buffer;
}


} } // namespace polytomic::telemetry
