#!/usr/bin/env bash
# packaging.ship: `l2dc ship` from the installed (and moved) l2dc writes a project that
# builds and runs with l2dc gone: the prefix removed and no l2dc on PATH. The project holds
# no path of the build machine. Slow: the project compiles the whole runtime. The script
# is cut into units (L2DC_UNIT_LINES=1, as a large program is), which the project
# compiles in parallel; its C++ file must also compile whole.
source "$(dirname "$0")/common.sh"

install_l2dc "$scratch/moved/prefix"
mkdir "$scratch/src"
cd "$scratch/src"
write_fib fib.l2d
L2DC_UNIT_LINES=1 "$l2dc" ship fib.l2d -o "$scratch/shipped" 2>"$scratch/ship.log" ||
  { cat "$scratch/ship.log" >&2; fail "l2dc ship failed"; }
[ ! -s "$scratch/ship.log" ] || { cat "$scratch/ship.log" >&2; fail "l2dc ship printed diagnostics"; }
for f in CMakeLists.txt README.md fib.cpp fib.l2d runtime/include/l2d/runtime.hpp runtime/src/init.cpp \
  units/fib.unit1.cpp units/fib.unit2.cpp; do
  [ -f "$scratch/shipped/$f" ] || fail "the shipped project has no $f"
done
grep -q "units/fib.unit2.cpp" "$scratch/shipped/CMakeLists.txt" || fail "CMakeLists.txt does not compile the units"
cmp -s fib.l2d "$scratch/shipped/fib.l2d" || fail "the shipped fib.l2d is not the script"
grep -q '^#line [0-9]* "fib.l2d"' "$scratch/shipped/fib.cpp" || fail "fib.cpp's #line directives do not name fib.l2d"

note "no path of the build machine in the project"
if grep -rnI -e "$L2DC_SOURCE_DIR" -e "$L2DC_BUILD_DIR" -e "$scratch" "$scratch/shipped" >&2; then
  fail "the shipped project holds the paths above (source, build, install or script directory)"
fi

note "remove the installation, move the project, drop l2dc from PATH"
rm -rf "$scratch/moved"
mv "$scratch/shipped" "$scratch/elsewhere"
clean_path=""
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -n "$d" ] && [ ! -e "$d/l2dc" ] && clean_path="${clean_path:+$clean_path:}$d"
done
export PATH="$clean_path"
if command -v l2dc >/dev/null; then fail "l2dc is still on PATH: $(command -v l2dc)"; fi

note "build the shipped project"
cd "$scratch/elsewhere"
"$L2DC_CMAKE" -S . -B build >"$scratch/configure.log" 2>&1 ||
  { cat "$scratch/configure.log" >&2; fail "configuring the shipped project failed"; }
jobs=$(nproc 2>/dev/null || echo 2)
"$L2DC_CMAKE" --build build --parallel "$jobs" >"$scratch/build.log" 2>&1 ||
  { tail -50 "$scratch/build.log" >&2; fail "building the shipped project failed"; }
if grep -i "warning" "$scratch/build.log" >&2; then fail "the shipped project builds with warnings"; fi
[ -x build/fib ] || fail "the shipped project built no build/fib"
expect_output "shipped fib" "$fib_output" "$(./build/fib)"

note "the program's C++ file compiles whole, against the project's runtime"
runtime_lib=$(find build -name libl2drt.a | head -1)
[ -n "$runtime_lib" ] || fail "the shipped project built no libl2drt.a"
"${CXX:-g++}" -std=c++20 -O1 -I runtime/include fib.cpp "$runtime_lib" -lgc -lgmp -lpthread -o fib-whole \
  2>"$scratch/whole.log" || { cat "$scratch/whole.log" >&2; fail "fib.cpp does not compile whole"; }
expect_output "fib.cpp compiled whole" "$fib_output" "$(./fib-whole)"
note "ok"
