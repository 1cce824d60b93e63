# srtp_bench: our SRTP side by side with libsrtp2 in one binary (bench/srtp_bench.cpp).
# libsrtp2 is a test/benchmark-only dependency (Debian libsrtp2-dev, scripts/bootstrap.sh).
if(TARGET srtp_bench)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SRTP2 REQUIRED IMPORTED_TARGET libsrtp2)
  target_link_libraries(srtp_bench PRIVATE PkgConfig::SRTP2)
endif()
