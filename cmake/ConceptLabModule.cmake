# conceptlab_add_module(<id> CORE <sources...> VIEW <sources...> [CORE_LIBS <libs...>]
#                       [VIEW_LIBS <libs...>] [RESOURCES <files...>])
#
# Builds <id>_core, a static library of plain C++ (no Qt), and the plugin <id>
# (a Qt plugin implementing ConceptModule, with <id>.json as its metadata) from the
# VIEW sources, linked to the core and the SDK. Tests and benchmarks link <id>_core.
# RESOURCES are paths under resources/<id>/, compiled into the plugin as :/<id>/<path>,
# so an installed plugin carries its examples.
function(conceptlab_add_module id)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "CORE;VIEW;CORE_LIBS;VIEW_LIBS;RESOURCES")

    add_library(${id}_core STATIC ${arg_CORE})
    target_include_directories(${id}_core PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
    target_link_libraries(${id}_core PUBLIC ConceptLab::corekit ${arg_CORE_LIBS})
    set_target_properties(${id}_core PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)

    qt_add_plugin(${id} SHARED)
    target_sources(${id} PRIVATE ${arg_VIEW} ${id}.json)
    target_link_libraries(${id} PRIVATE ${id}_core ConceptLab::sdk ${arg_VIEW_LIBS})
    if(arg_RESOURCES)
        set(base ${PROJECT_SOURCE_DIR}/resources/${id})
        list(TRANSFORM arg_RESOURCES PREPEND ${base}/)
        qt_add_resources(${id} ${id}_resources PREFIX /${id} BASE ${base} FILES ${arg_RESOURCES})
    endif()
    set_target_properties(${id} PROPERTIES
        LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/${CONCEPTLAB_PLUGIN_DIR}
        INSTALL_RPATH "$ORIGIN/..")
    install(TARGETS ${id} LIBRARY DESTINATION ${CONCEPTLAB_PLUGIN_DIR} COMPONENT runtime)
    set_property(GLOBAL APPEND PROPERTY CONCEPTLAB_MODULE_IDS ${id})
endfunction()
