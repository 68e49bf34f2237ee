# The environment of the reliability tests (fuzz, hostile, security). In a sanitized build
# (L2DC_SANITIZE, CMakePresets.json `asan` and `fuzz`) l2dc links its programs with the
# sanitized runtime, so their C++ compiler needs the same -fsanitize options (CXX), and
# the Boehm collector needs ASan to leave its stack scanning and its heap alone.
set(L2DC_TEST_ENV "NO_COLOR=1")
if(L2DC_SANITIZE)
  set(_sanitizers "address,undefined")
  if(L2DC_FUZZ AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    string(APPEND _sanitizers ",fuzzer-no-link")  # the runtime carries libFuzzer's hooks
  endif()
  list(APPEND L2DC_TEST_ENV
       "L2DC_SANITIZED=1"
       "CXX=${CMAKE_CXX_COMPILER} -fsanitize=${_sanitizers}"
       "ASAN_OPTIONS=detect_leaks=0:detect_stack_use_after_return=0:handle_segv=1:allocator_may_return_null=1"
       "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endif()
