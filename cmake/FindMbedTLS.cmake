# FindMbedTLS: Debian's libmbedtls-dev (2.28) ships no CMake config, so we find it here.
# Defines MbedTLS::mbedcrypto, MbedTLS::mbedx509, MbedTLS::mbedtls and MbedTLS_FOUND.
find_path(MbedTLS_INCLUDE_DIR mbedtls/version.h)
find_library(MbedTLS_CRYPTO_LIBRARY mbedcrypto)
find_library(MbedTLS_X509_LIBRARY mbedx509)
find_library(MbedTLS_TLS_LIBRARY mbedtls)

if(MbedTLS_INCLUDE_DIR AND EXISTS ${MbedTLS_INCLUDE_DIR}/mbedtls/build_info.h)
  file(STRINGS ${MbedTLS_INCLUDE_DIR}/mbedtls/build_info.h ver REGEX "define MBEDTLS_VERSION_STRING ")
elseif(MbedTLS_INCLUDE_DIR)
  file(STRINGS ${MbedTLS_INCLUDE_DIR}/mbedtls/version.h ver REGEX "define MBEDTLS_VERSION_STRING ")
endif()
if(ver)
  string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" MbedTLS_VERSION "${ver}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(MbedTLS
  REQUIRED_VARS MbedTLS_CRYPTO_LIBRARY MbedTLS_X509_LIBRARY MbedTLS_TLS_LIBRARY MbedTLS_INCLUDE_DIR
  VERSION_VAR MbedTLS_VERSION)

if(MbedTLS_FOUND)
  foreach(part CRYPTO:mbedcrypto X509:mbedx509 TLS:mbedtls)
    string(REPLACE ":" ";" pair ${part})
    list(GET pair 0 var)
    list(GET pair 1 lib)
    if(NOT TARGET MbedTLS::${lib})
      add_library(MbedTLS::${lib} UNKNOWN IMPORTED)
      set_target_properties(MbedTLS::${lib} PROPERTIES
        IMPORTED_LOCATION ${MbedTLS_${var}_LIBRARY}
        INTERFACE_INCLUDE_DIRECTORIES ${MbedTLS_INCLUDE_DIR})
    endif()
  endforeach()
  set_property(TARGET MbedTLS::mbedx509 APPEND PROPERTY INTERFACE_LINK_LIBRARIES MbedTLS::mbedcrypto)
  set_property(TARGET MbedTLS::mbedtls APPEND PROPERTY INTERFACE_LINK_LIBRARIES MbedTLS::mbedx509)
endif()
mark_as_advanced(MbedTLS_INCLUDE_DIR MbedTLS_CRYPTO_LIBRARY MbedTLS_X509_LIBRARY MbedTLS_TLS_LIBRARY)
