//
// main.cpp
//
// The entry point of polytomic-license, the vendor's tool for deployment keys.
//


#include "license/LicenseTool.h"
#include <iostream>


int main(int argc, char** argv)
{
	polytomic::license::LicenseTool tool(std::cout, std::cerr);
	return tool.run(std::vector<std::string>(argv + 1, argv + argc));
}
