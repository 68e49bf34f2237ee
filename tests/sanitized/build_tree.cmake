# Configures and builds the sanitized tree (tests/sanitized/CMakeLists.txt): l2dc, the
# runtime, the unit tests and the libFuzzer targets, with clang-14, ASan, UBSan and
# libFuzzer's hooks. Incremental: a second run rebuilds only what changed.
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${TREE} -G Ninja
          -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS=-gline-tables-only"
          -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_C_COMPILER=${CC}
          -DL2DC_SANITIZE=ON -DL2DC_FUZZ=ON -DL2DC_SHARED_DIR=${SHARED}
  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
execute_process(
  COMMAND ${CMAKE_COMMAND} --build ${TREE} --target l2dc unit_tests fuzz_all
  OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the sanitized build failed:\n${log}")
endif()
