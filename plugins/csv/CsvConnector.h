//
// CsvConnector.h
//
// Definition of the CsvConnector class.
//


#ifndef Csv_CsvConnector_INCLUDED
#define Csv_CsvConnector_INCLUDED


#include "polytomic/connector.hpp"


namespace csv {


class CsvConnector: public polytomic::sdk::Connector
	/// CSV files (integrations/csv.md): every .csv file of a folder inside the
	/// operator's CSV root (CONNECTOR_CSV_ROOT) as a source and a destination
	/// (append, snapshot), or one file at an HTTP(S) URL as a source.
{
public:
	explicit CsvConnector(const polytomic::sdk::Host& host);

	polytomic::json::Value spec() override;
	void check(const polytomic::json::Value& config) override;
	polytomic::json::Value discover(const polytomic::json::Value& config) override;
	void read(const polytomic::sdk::ReadRequest& request, polytomic::sdk::ReadContext& context) override;
	std::unique_ptr<polytomic::sdk::Writer> openWriter(const polytomic::sdk::WriteRequest& request) override;

	static std::string objectOfUrl(const std::string& url);
		/// The object a URL's file is: its last path segment without ".csv" ("file" when there is none).
};


} // namespace csv


#endif // Csv_CsvConnector_INCLUDED
