# stun_bench: our STUN codec side by side with libnice's (bench/stun_bench.cpp). libnice is a
# benchmark-only dependency (Debian libnice-dev); without it the benchmark measures rtc alone.
if(TARGET stun_bench)
  find_package(PkgConfig)
  if(PkgConfig_FOUND)
    pkg_check_modules(NICE IMPORTED_TARGET nice)
  endif()
  if(NICE_FOUND)
    target_link_libraries(stun_bench PRIVATE PkgConfig::NICE)
    target_compile_definitions(stun_bench PRIVATE RTC_HAVE_LIBNICE=1)
  else()
    message(STATUS "stun_bench: libnice (libnice-dev) not found; benchmarking rtc alone")
  endif()
endif()
