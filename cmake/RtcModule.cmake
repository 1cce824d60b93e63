# Helpers that give every module the same shape (ARCHITECTURE.md "Conventions"):
#   MODULE/include/rtc/MODULE/*.hpp, MODULE/src/*.cpp -> library rtc_MODULE, alias rtc::MODULE,
#   installed and exported as rtc::MODULE for find_package(rtc).

set_property(GLOBAL PROPERTY RTC_MODULE_TARGETS "")

# rtc_add_module(NAME DEPS rtc::common ... [PRIVATE_DEPS ...])
function(rtc_add_module name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
  add_library(rtc_${name} STATIC ${sources})
  add_library(rtc::${name} ALIAS rtc_${name})
  set_target_properties(rtc_${name} PROPERTIES EXPORT_NAME ${name} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(rtc_${name} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(rtc_${name} PUBLIC cxx_std_23)
  target_link_libraries(rtc_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  install(TARGETS rtc_${name} EXPORT rtcTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  set_property(GLOBAL APPEND PROPERTY RTC_MODULE_TARGETS rtc::${name})
endfunction()

# Every module target, for tools, benchmarks and fuzz targets that may touch any of them.
function(rtc_all_modules out)
  get_property(targets GLOBAL PROPERTY RTC_MODULE_TARGETS)
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(rtc_install_package)
  include(CMakePackageConfigHelpers)
  set(cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/rtc)
  install(EXPORT rtcTargets NAMESPACE rtc:: DESTINATION ${cmake_dir})
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rtcConfig.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/rtcConfig.cmake INSTALL_DESTINATION ${cmake_dir})
  write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/rtcConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/rtcConfig.cmake
    ${CMAKE_CURRENT_BINARY_DIR}/rtcConfigVersion.cmake
    ${PROJECT_SOURCE_DIR}/cmake/FindMbedTLS.cmake DESTINATION ${cmake_dir})
endfunction()
