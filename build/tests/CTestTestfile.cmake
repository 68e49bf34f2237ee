# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test([=[unit]=] "/work/main/build/tests/unit_tests")
set_tests_properties([=[unit]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;12;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[conformance.compiled]=] "/root/.pyenv/shims/python3" "/work/main/tests/tools/casetool.py" "--l2dc" "/work/main/build/transpiler/l2dc" "--mode" "compiled" "--suite" "/work/main/../shared/conformance" "--known-failures" "/work/main/tests/conformance/known-failures.txt")
set_tests_properties([=[conformance.compiled]=] PROPERTIES  TIMEOUT "1200" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;37;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test([=[conformance.repl]=] "/root/.pyenv/shims/python3" "/work/main/tests/tools/casetool.py" "--l2dc" "/work/main/build/transpiler/l2dc" "--mode" "repl" "--suite" "/work/main/../shared/conformance" "--known-failures" "/work/main/tests/conformance/known-failures.txt")
set_tests_properties([=[conformance.repl]=] PROPERTIES  TIMEOUT "1200" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;37;add_test;/work/main/tests/CMakeLists.txt;0;")
