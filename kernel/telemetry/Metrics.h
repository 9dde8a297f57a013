//
// Metrics.h
//
// Definition of the Metrics class.
//


#ifndef Polytomic_Telemetry_Metrics_INCLUDED
#define Polytomic_Telemetry_Metrics_INCLUDED


#include <functional>
#include <initializer_list>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>


namespace polytomic {
namespace telemetry {


class Metrics
	/// The Prometheus metrics of one process (GET /metrics, text format 0.0.4):
	/// counters and histograms that the code updates as things happen, and
	/// collectors that compute gauges when scraped (from the database, the
	/// licence, the connection pool). Thread-safe.
	///
	///     Metrics::process().increment("polytomic_executor_crashes_total", {});
{
public:
	using Labels = std::vector<std::pair<std::string, std::string>>;
		/// In the order they are rendered.

	class Family
		/// What a collector writes: one metric family and its samples.
	{
	public:
		Family(std::string& out, const std::string& name, const std::string& help, const std::string& type);
			/// type: counter or gauge.

		void sample(const Labels& labels, double value);
		void sample(double value);

	private:
		std::string& _out;
		std::string _name;
	};

	using Collector = std::function<void(std::string& out)>;

	static Metrics& process();
		/// The metrics of this process.

	void defineCounter(const std::string& name, const std::string& help);
	void defineHistogram(const std::string& name, const std::string& help, std::vector<double> buckets);
		/// Defined families are rendered even before their first sample.

	void increment(const std::string& name, const Labels& labels, double by = 1);
		/// Adds to a counter defined with defineCounter().

	void observe(const std::string& name, const Labels& labels, double value);
		/// Records one value of a histogram defined with defineHistogram().

	struct Update
	{
		const std::string& name;
		const Labels& labels;
		double value;  /// added to a counter, or observed by a histogram
	};

	void apply(std::initializer_list<Update> updates);
		/// Several increments and observations under one lock (the HTTP hot path).

	void addCollector(Collector collector);
		/// Called on every scrape, after the counters and histograms; writes
		/// families with Family. An exception in a collector leaves its families out.

	std::string render() const;
		/// The whole exposition, in the Prometheus text format.

	void clear();
		/// Forgets every family and collector (tests).

	static std::string escape(const std::string& labelValue);

	static std::string number(double value);

private:
	struct Histogram
	{
		std::vector<double> counts; /// per bucket, not cumulative; the last is +Inf
		double sum = 0;
		double count = 0;
	};

	struct Definition
	{
		std::string type;
		std::string help;
		std::vector<double> buckets;
		std::map<Labels, double> counters;
		std::map<Labels, Histogram> histograms;
	};

	void update(const Update& u);

	mutable std::mutex _mutex;
	std::map<std::string, Definition> _families;
	std::vector<Collector> _collectors;
};


} } // namespace polytomic::telemetry


#endif // Polytomic_Telemetry_Metrics_INCLUDED
