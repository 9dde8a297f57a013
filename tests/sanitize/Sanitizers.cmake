# Build options for the defences of tests/fuzz and tests/sanitize.sh:
#   POLYTOMIC_FUZZ=ON                      libFuzzer targets (clang only), every library instrumented
#   POLYTOMIC_SANITIZE=address,undefined   or thread: every target built with those sanitizers
# Sanitizers apply to every target, plugins included, so that a plugin .so and the
# process that loads it share one runtime.

option(POLYTOMIC_FUZZ "Build the libFuzzer targets of tests/fuzz (clang only; see tests/fuzz/run.sh)" OFF)
set(POLYTOMIC_SANITIZE "" CACHE STRING
	"Build everything with these sanitizers: address,undefined or thread (empty: none; see tests/sanitize.sh)")

if(POLYTOMIC_FUZZ)
	if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
		message(FATAL_ERROR "POLYTOMIC_FUZZ needs clang (libFuzzer), not ${CMAKE_CXX_COMPILER_ID}: "
			"configure a separate build folder with -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14, "
			"or run tests/fuzz/run.sh, which does")
	endif()
	if(POLYTOMIC_SANITIZE)
		message(FATAL_ERROR "POLYTOMIC_FUZZ builds with address,undefined already; leave POLYTOMIC_SANITIZE empty")
	endif()
	# Coverage for libFuzzer in every library the targets link; the fuzzers link its driver.
	add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
	add_link_options(-fsanitize=address,undefined)
elseif(POLYTOMIC_SANITIZE)
	if(NOT POLYTOMIC_SANITIZE MATCHES "^(address|undefined|address,undefined|undefined,address|thread)$")
		message(FATAL_ERROR "POLYTOMIC_SANITIZE=${POLYTOMIC_SANITIZE}: use address,undefined or thread "
			"(ThreadSanitizer cannot be combined with the others)")
	endif()
	set(sanitizers ${POLYTOMIC_SANITIZE})
	# GCC leaves float-cast-overflow (1e300 into an int64) out of "undefined"; clang has it.
	if(POLYTOMIC_SANITIZE MATCHES "undefined")
		string(APPEND sanitizers ",float-cast-overflow")
	endif()
	# Undefined behaviour aborts, so that a finding fails its test instead of scrolling by.
	add_compile_options(-fsanitize=${sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
	add_link_options(-fsanitize=${sanitizers})
	set(POLYTOMIC_SANITIZER_REPORTS ${CMAKE_BINARY_DIR}/sanitizer-reports)
	file(MAKE_DIRECTORY ${POLYTOMIC_SANITIZER_REPORTS})
endif()


# polytomic_sanitizer_defaults(): gives every executable of the build the sanitizer
# options of SanitizerOptions.cpp. The tests start the server, and the server its
# executors, with an environment of their own, so ASAN_OPTIONS would not reach them.
function(polytomic_sanitizer_defaults)
	if(NOT POLYTOMIC_SANITIZE)
		return()
	endif()
	set(directories ${PROJECT_SOURCE_DIR})
	while(directories)
		list(POP_FRONT directories directory)
		get_property(children DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
		list(APPEND directories ${children})
		get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
		foreach(target IN LISTS targets)
			get_target_property(type ${target} TYPE)
			if(type STREQUAL "EXECUTABLE")
				target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/sanitize/SanitizerOptions.cpp)
				target_compile_definitions(${target} PRIVATE POLYTOMIC_SANITIZER_REPORTS="${POLYTOMIC_SANITIZER_REPORTS}")
			endif()
		endforeach()
	endwhile()
endfunction()
