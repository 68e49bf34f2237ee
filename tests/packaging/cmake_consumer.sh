#!/usr/bin/env bash
# packaging.cmake-consumer: a project outside l2dc uses the installed (and moved) package:
# find_package(l2dc), l2dc_add_executable, l2dc::runtime. Its script is re-translated when
# it changes, and only then.
source "$(dirname "$0")/common.sh"

install_l2dc "$scratch/moved/prefix"

project=$scratch/consumer
mkdir -p "$project/scripts"
write_fib "$project/scripts/fib.l2d"
write_hello "$project/hello.l2d"
cat >"$project/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.22)
project(consumer LANGUAGES CXX)
find_package(l2dc 0.1 REQUIRED)
foreach(target l2dc::l2dc l2dc::runtime)
  if(NOT TARGET ${target})
    message(FATAL_ERROR "find_package(l2dc) defined no ${target}")
  endif()
endforeach()
message(STATUS "l2dc ${l2dc_VERSION} at ${L2DC_EXECUTABLE}")
l2dc_add_executable(fib SOURCES scripts/fib.l2d OPTIMIZE 2 HISTORY 0)
l2dc_add_executable(hello SOURCES hello.l2d)
CMAKE

note "configure"
"$L2DC_CMAKE" -S "$project" -B "$project/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$scratch/configure.log" 2>&1 || { cat "$scratch/configure.log" >&2; fail "configuring the consumer failed"; }
expect_contains "configure" "l2dc 0.1" "$(cat "$scratch/configure.log")"
expect_contains "configure" "at $prefix/bin/l2dc" "$(cat "$scratch/configure.log")"

build() {
  "$L2DC_CMAKE" --build "$project/build" >"$scratch/build.log" 2>&1 ||
    { cat "$scratch/build.log" >&2; fail "building the consumer failed"; }
  cat "$scratch/build.log"
}

note "build"
log=$(build)
expect_contains "first build" "Translating scripts/fib.l2d to C++" "$log"
expect_contains "first build" "Translating hello.l2d to C++" "$log"
grep -q -- '-O2 .*fib\.cpp' "$project/build/compile_commands.json" || fail "OPTIMIZE 2: fib.cpp is not compiled with -O2"
# The banner of the generated C++ repeats the options l2dc translate was given.
sed -n 1,3p "$project/build/fib.cpp" | grep -- '-O2 --history 0' >/dev/null || fail "HISTORY 0: not passed to l2dc translate"
if grep -i "warning" "$scratch/build.log" >&2; then fail "the consumer's build has warnings"; fi
expect_output "fib" "$fib_output" "$("$project/build/fib")"
expect_output "hello" "Hello from l2dc" "$("$project/build/hello")"
grep -q '^#line [0-9]* "'"$project/scripts/fib.l2d"'"' "$project/build/fib.cpp" ||
  fail "fib.cpp has no #line naming the script's absolute path"

note "rebuild with nothing changed: no translation"
log=$(build)
case "$log" in *Translating*) printf '%s\n' "$log" >&2; fail "an unchanged script was translated again" ;; esac

note "touch the script: translated again"
sleep 1  # file times: make the change visible to coarse-grained build tools
touch "$project/scripts/fib.l2d"
log=$(build)
expect_contains "after touch" "Translating scripts/fib.l2d to C++" "$log"
case "$log" in *"Translating hello.l2d"*) fail "hello.l2d was translated again, though only fib.l2d changed" ;; esac

note "change the script: the program changes"
sed -i 's/"fib "/"fibonacci "/' "$project/scripts/fib.l2d"
log=$(build)
expect_contains "after change" "Translating scripts/fib.l2d to C++" "$log"
expect_output "fib after change" "fibonacci 15 = 610" "$("$project/build/fib")"

note "a newer l2dc: everything translated again"
sleep 1
touch "$prefix/bin/l2dc"
log=$(build)
expect_contains "after touching l2dc" "Translating scripts/fib.l2d to C++" "$log"
expect_contains "after touching l2dc" "Translating hello.l2d to C++" "$log"

note "a translation error fails the build with the script's position"
printf '(cout writeln "unclosed"\n' >"$project/hello.l2d"
if "$L2DC_CMAKE" --build "$project/build" >"$scratch/error.log" 2>&1; then
  fail "a script with a syntax error built"
fi
expect_contains "translation error" "hello.l2d:1:" "$(cat "$scratch/error.log")"
expect_contains "translation error" "error:" "$(cat "$scratch/error.log")"
note "ok"
