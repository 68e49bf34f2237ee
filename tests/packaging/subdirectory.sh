#!/usr/bin/env bash
# packaging.subdirectory: a project that adds l2dc's sources with add_subdirectory() gets
# l2dc::l2dc, l2dc::runtime and l2dc_add_executable from the build itself, with l2dc's
# tests and install rules off. Configure only, and the build plan is checked (Ninja):
# building l2dc here would take minutes.
source "$(dirname "$0")/common.sh"

project=$scratch/outer
mkdir -p "$project"
write_fib "$project/fib.l2d"
cat >"$project/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.22)
project(outer LANGUAGES CXX)
add_subdirectory("$L2DC_SOURCE_DIR" l2dc)
foreach(target l2dc::l2dc l2dc::runtime)
  if(NOT TARGET \${target})
    message(FATAL_ERROR "add_subdirectory(l2dc) defined no \${target}")
  endif()
endforeach()
if(L2DC_INSTALL OR L2DC_BUILD_TESTS)
  message(FATAL_ERROR "l2dc as a subproject: L2DC_INSTALL and L2DC_BUILD_TESTS should be off")
endif()
l2dc_add_executable(fib SOURCES fib.l2d)
CMAKE
"$L2DC_CMAKE" -S "$project" -B "$project/build" >"$scratch/configure.log" 2>&1 ||
  { cat "$scratch/configure.log" >&2; fail "configuring a project with add_subdirectory(l2dc) failed"; }
if grep -i "warning" "$scratch/configure.log" >&2; then fail "configure warnings"; fi

if [ "${CMAKE_GENERATOR:-}" = Ninja ]; then
  plan=$(cd "$project/build" && "${CMAKE_MAKE_PROGRAM:-ninja}" -t commands fib)
  expect_contains "the build plan of fib" "l2dc/transpiler/l2dc translate $project/fib.l2d -o $project/build/fib.cpp" "$plan"
  expect_contains "the build plan of fib" "libl2drt.a" "$plan"
fi
note "ok"
