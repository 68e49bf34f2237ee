#!/usr/bin/env bash
# packaging.install: `cmake --install` lays out the documented tree; moved elsewhere, the
# installed l2dc builds and runs a script with the runtime beside it, not the build tree's.
source "$(dirname "$0")/common.sh"

install_l2dc "$scratch/moved/prefix"
note "installed into $prefix (after a move)"

for f in bin/l2dc include/l2d/runtime.hpp include/l2d/value.hpp include/l2d/symbols.def \
         include/l2d/init.hpp lib/libl2drt.a \
         lib/cmake/l2dc/l2dcConfig.cmake lib/cmake/l2dc/l2dcConfigVersion.cmake \
         lib/cmake/l2dc/l2dcTargets.cmake lib/cmake/l2dc/l2dcAddExecutable.cmake \
         lib/pkgconfig/l2dc.pc share/man/man1/l2dc.1.gz share/doc/l2dc/guide.md \
         share/l2dc/runtime/include/l2d/runtime.hpp share/l2dc/runtime/include/l2d/symbols.def \
         share/l2dc/runtime/src/init.cpp; do
  [ -f "$prefix/$f" ] || fail "not installed: $f"
done
# Every runtime header is installed, and every runtime source is there for `ship`.
for h in "$L2DC_SOURCE_DIR"/runtime-support/include/l2d/*; do
  cmp -s "$h" "$prefix/include/l2d/$(basename "$h")" || fail "header $(basename "$h") not installed as is"
done
(cd "$L2DC_SOURCE_DIR/runtime-support" && find src include -name '*.cpp' -o -name '*.hpp' -o -name '*.def') | sort >"$scratch/want"
(cd "$prefix/share/l2dc/runtime" && find src include -type f) | sort >"$scratch/have"
diff "$scratch/want" "$scratch/have" >&2 || fail "share/l2dc/runtime differs from runtime-support (above: < missing, > extra)"

# No installed text file names the build machine's directories.
if grep -rlI -e "$L2DC_SOURCE_DIR" -e "$L2DC_BUILD_DIR" -e "$scratch/stage" "$prefix"; then
  fail "the installed files above hold a path of the source, build or staging directory"
fi

version=$("$l2dc" --version)
expect_contains "l2dc --version" "l2dc " "$version"

# A compiler wrapper records what the installed l2dc passes to the C++ compiler.
mkdir -p "$scratch/bin"
cat >"$scratch/bin/cxx-log" <<SH
#!/bin/sh
printf '%s\n' "\$@" >>"$scratch/cxx-args"
exec c++ "\$@"
SH
chmod +x "$scratch/bin/cxx-log"

mkdir "$scratch/work"
cd "$scratch/work"
write_fib fib.l2d
out=$(CXX="$scratch/bin/cxx-log" "$l2dc" run fib.l2d)
expect_output "l2dc run (installed, moved)" "$fib_output" "$out"
args=$(cat "$scratch/cxx-args")
expect_contains "compiler arguments" "$prefix/include" "$args"
expect_contains "compiler arguments" "$prefix/lib/libl2drt.a" "$args"
case "$args" in
  *"$L2DC_SOURCE_DIR"* | *"$L2DC_BUILD_DIR"*) printf '%s\n' "$args" >&2; fail "the installed l2dc used the build tree's runtime" ;;
esac

"$l2dc" build fib.l2d -o fib
expect_output "l2dc build (installed)" "$fib_output" "$(./fib)"

# The man page formats without warnings.
if command -v man >/dev/null; then
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$prefix/share/man/man1/l2dc.1.gz" 2>&1 >/dev/null || true)
  [ -z "$warnings" ] || { printf '%s\n' "$warnings" >&2; fail "the man page has formatting warnings"; }
fi
note "ok"
