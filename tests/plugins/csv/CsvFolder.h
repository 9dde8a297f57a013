//
// CsvFolder.h
//
// Definition of the CsvFolder struct.
//


#ifndef CsvFolder_INCLUDED
#define CsvFolder_INCLUDED


#include "LoadedPlugin.h"
#include "polytomic/json.hpp"
#include <string>


struct CsvFolder
	/// A CSV root of its own (CONNECTOR_CSV_ROOT of this process, so of its
	/// executors too), removed at the end.
{
	std::string root;

	CsvFolder();
	~CsvFolder();

	std::string path(const std::string& relative) const;
	void write(const std::string& relative, const std::string& bytes) const;
		/// Creates the folders on the way.
	std::string contents(const std::string& relative) const;

	polytomic::json::Value config(const std::string& folder = ".") const;
		/// {"folder": folder}

	static LoadedPlugin& plugin();
		/// The built csv.so, loaded once.
};


#endif // CsvFolder_INCLUDED
