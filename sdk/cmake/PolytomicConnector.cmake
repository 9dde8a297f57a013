# polytomic_add_connector(<target> [ID <connector id>] <sources>...): a connector
# plugin, built as a MODULE library named <target>.so whose only exported
# symbols are its two entry points (connector.map), and which finds native
# libraries of its own in the folder <id>/ beside it (ID defaults to <target>).
set(POLYTOMIC_CONNECTOR_VERSION_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/connector.map")

function(polytomic_add_connector target)
	cmake_parse_arguments(PARSE_ARGV 1 CONNECTOR "" "ID" "")
	if(NOT CONNECTOR_ID)
		set(CONNECTOR_ID ${target})
	endif()
	add_library(${target} MODULE ${CONNECTOR_UNPARSED_ARGUMENTS})
	target_link_libraries(${target} PRIVATE PolytomicSDK::sdk)
	set_target_properties(${target} PROPERTIES
		PREFIX ""
		CXX_VISIBILITY_PRESET hidden
		C_VISIBILITY_PRESET hidden
		VISIBILITY_INLINES_HIDDEN ON
		POSITION_INDEPENDENT_CODE ON
		# Libraries the plugin ships go in <id>/ beside it: the image may not have them.
		BUILD_RPATH "$ORIGIN/${CONNECTOR_ID}"
		INSTALL_RPATH "$ORIGIN/${CONNECTOR_ID}"
		LINK_DEPENDS "${POLYTOMIC_CONNECTOR_VERSION_SCRIPT}")
	if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
		# A plugin must not depend on symbols of the host process, nor offer it any but its entry points.
		target_link_options(${target} PRIVATE "-Wl,--no-undefined" "-Wl,--version-script=${POLYTOMIC_CONNECTOR_VERSION_SCRIPT}")
	endif()
endfunction()
