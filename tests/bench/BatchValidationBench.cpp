//
// BatchValidationBench.cpp
//
// What BatchValidator costs per batch a connector emits: batches of 1,000,
// 10,000 and 100,000 rows of six columns (int64, two strings, float64, bool,
// date), as BatchBuilder makes them, each validated 200 times. A figure, not a test.
//


#include "plugins/BatchValidator.h"
#include "polytomic/batch.hpp"
#include <chrono>
#include <iostream>


using namespace polytomic;


int main()
{
	for (int rows: {1000, 10000, 100000})
	{
		sdk::BatchBuilder builder({{"id", sdk::Type::Int64}, {"name", sdk::Type::String}, {"email", sdk::Type::String},
			{"score", sdk::Type::Float64}, {"active", sdk::Type::Bool}, {"day", sdk::Type::Date}});
		for (int row = 0; row < rows; ++row)
		{
			builder.appendInt64(0, row);
			builder.appendString(1, "name " + std::to_string(row));
			builder.appendString(2, "person" + std::to_string(row) + "@example.com");
			builder.appendFloat64(3, row * 0.5);
			builder.appendBool(4, row % 2 == 0);
			builder.appendDate(5, 19000 + row % 365);
		}
		ArrowSchema schema;
		ArrowArray array;
		builder.finish(&schema, &array);
		const int repeats = 200;
		const auto start = std::chrono::steady_clock::now();
		for (int i = 0; i < repeats; ++i) plugins::BatchValidator::validate(&schema, &array);
		const double micros = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / repeats;
		std::cout << rows << " rows x 6 columns: " << micros << " us a batch, " << micros * 1000 / rows << " ns a row" << std::endl;
		schema.release(&schema);
		array.release(&array);
	}
	return 0;
}
