#!/usr/bin/env bash
# packaging.deb: `cpack -G DEB` builds l2dc_VERSION-1_ARCH.deb with the right control
# fields and files; dpkg installs it into a throw-away root (checking its Depends against
# the packages installed here), where it works; dpkg removes it again. Nothing is
# installed on the system itself.
source "$(dirname "$0")/common.sh"
for tool in dpkg dpkg-deb dpkg-shlibdeps; do
  command -v $tool >/dev/null || fail "$tool is missing (scripts/install-deps installs dpkg-dev)"
done
dpkg-query -W l2dc >/dev/null 2>&1 && fail "l2dc is installed on this system; these tests expect it not to be"

note "cpack -G DEB"
"$L2DC_CPACK" --config "$L2DC_BUILD_DIR/CPackConfig.cmake" -G DEB -B "$scratch/pkg" >"$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log" >&2; fail "cpack failed"; }
if grep -i "warning" "$scratch/cpack.log" >&2; then fail "cpack warned"; fi
version=$("$L2DC_BUILD_DIR/transpiler/l2dc" --version | sed -n 's/^l2dc \([0-9.]*\).*/\1/p')
deb=$scratch/pkg/l2dc_${version}-1_$(dpkg --print-architecture).deb
[ -f "$deb" ] || { ls "$scratch/pkg" >&2; fail "no $(basename "$deb")"; }

note "control fields"
field() { dpkg-deb -f "$deb" "$1"; }
expect_output "Package" "l2dc" "$(field Package)"
expect_output "Version" "$version-1" "$(field Version)"
expect_output "Section" "devel" "$(field Section)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
expect_contains "Description" "Lisp2D" "$(field Description)"
depends=$(field Depends)
for d in "libgc-dev" "libgmp-dev" "g++ (>= 4:10) | c++-compiler" "libc6" "libstdc++6" "libedit2"; do
  expect_contains "Depends" "$d" "$depends"   # the last three: dpkg-shlibdeps ran
done
expect_contains "Suggests" "libboost-dev" "$(field Suggests)"

note "contents"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||' >"$scratch/contents"
for f in usr/bin/l2dc usr/include/l2d/runtime.hpp usr/include/l2d/symbols.def usr/lib/libl2drt.a \
         usr/lib/cmake/l2dc/l2dcConfig.cmake usr/lib/cmake/l2dc/l2dcAddExecutable.cmake \
         usr/lib/pkgconfig/l2dc.pc usr/share/man/man1/l2dc.1.gz usr/share/doc/l2dc/guide.md \
         usr/share/l2dc/runtime/src/init.cpp usr/share/l2dc/runtime/include/l2d/runtime.hpp; do
  grep -qx "$f" "$scratch/contents" || fail "the package has no /$f"
done
if grep -v '^usr/' "$scratch/contents" | grep -v '^$' >&2; then fail "files outside /usr (above)"; fi

note "dpkg --root: install into a throw-away root"
root=$scratch/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
# The packages installed here, so that dpkg checks Depends for real.
cp /var/lib/dpkg/status "$root/var/lib/dpkg/status"
touch "$root/var/lib/dpkg/available"
dpkg_root=(dpkg --root="$root" --log=/dev/null)
[ "$(id -u)" = 0 ] || dpkg_root+=(--force-not-root)
"${dpkg_root[@]}" -i "$deb" >"$scratch/dpkg.log" 2>&1 ||
  { cat "$scratch/dpkg.log" >&2; fail "dpkg -i into the throw-away root failed"; }
expect_contains "dpkg -s" "Status: install ok installed" "$("${dpkg_root[@]}" -s l2dc)"
dpkg-query -W l2dc >/dev/null 2>&1 && fail "dpkg --root installed l2dc on the system itself"

l2dc=$root/usr/bin/l2dc
if readelf -S "$l2dc" | grep '\.debug_info' >/dev/null; then fail "/usr/bin/l2dc is not stripped"; fi
if readelf -S "$root/usr/lib/libl2drt.a" 2>/dev/null | grep '\.debug_info' >/dev/null; then
  fail "/usr/lib/libl2drt.a keeps its debug information"
fi
expect_contains "man page" "l2dc" "$(gzip -dc "$root/usr/share/man/man1/l2dc.1.gz" | sed -n 1,20p)"

note "the l2dc in the root works"
mkdir "$scratch/work"
cd "$scratch/work"
write_fib fib.l2d
expect_output "l2dc run (from the package)" "$fib_output" "$("$l2dc" run fib.l2d)"
"$l2dc" translate fib.l2d -o fib.cpp
read -r -a flags <<<"$(PKG_CONFIG_PATH=$root/usr/lib/pkgconfig pkg-config --cflags --libs l2dc)"
c++ -std=c++20 fib.cpp -o fib "${flags[@]}" || fail "building against the package's l2dc.pc failed"
expect_output "fib (package's pkg-config)" "$fib_output" "$(./fib)"

note "dpkg --root -r: removed"
"${dpkg_root[@]}" -r l2dc >"$scratch/dpkg.log" 2>&1 ||
  { cat "$scratch/dpkg.log" >&2; fail "dpkg -r failed"; }
left=$(cd "$root" && { find usr -type f 2>/dev/null || true; })
[ -z "$left" ] || { printf '%s\n' "$left" >&2; fail "files left after dpkg -r"; }

# The package's dependencies resolve on this system (a simulation: nothing installed).
if command -v apt-get >/dev/null; then
  apt-get install -s "$deb" >"$scratch/apt.log" 2>&1 || { cat "$scratch/apt.log" >&2; fail "apt-get cannot satisfy the package's Depends"; }
fi
dpkg-query -W l2dc >/dev/null 2>&1 && fail "l2dc ended up installed on the system"
note "ok"
