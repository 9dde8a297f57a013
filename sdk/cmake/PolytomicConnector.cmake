# polytomic_add_connector(<target> <sources>...): a connector plugin, built as
# a MODULE library named <target>.so with only its two entry points visible.
function(polytomic_add_connector target)
	add_library(${target} MODULE ${ARGN})
	target_link_libraries(${target} PRIVATE PolytomicSDK::sdk)
	set_target_properties(${target} PROPERTIES
		PREFIX ""
		CXX_VISIBILITY_PRESET hidden
		C_VISIBILITY_PRESET hidden
		VISIBILITY_INLINES_HIDDEN ON
		POSITION_INDEPENDENT_CODE ON)
	if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
		# A plugin must not depend on symbols of the host process.
		target_link_options(${target} PRIVATE "-Wl,--no-undefined")
	endif()
endfunction()
