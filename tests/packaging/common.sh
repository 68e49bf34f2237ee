# Shared by the packaging tests (sourced): a scratch directory, an installed and moved
# l2dc, and checks that say what went wrong. The environment comes from CMakeLists.txt:
#   L2DC_BUILD_DIR   the configured, built tree to install from
#   L2DC_SOURCE_DIR  its sources
#   L2DC_CMAKE, L2DC_CPACK   the cmake and cpack that configured it
#   L2DC_KEEP_TMP=1  keep the scratch directory (for looking into a failure)
set -euo pipefail

: "${L2DC_BUILD_DIR:?}" "${L2DC_SOURCE_DIR:?}" "${L2DC_CMAKE:=cmake}" "${L2DC_CPACK:=cpack}"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
note() { echo "-- $*"; }

# One scratch directory per test, removed at the end unless L2DC_KEEP_TMP is set. The
# build cache lives in it, so tests neither read nor fill the user's cache.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/l2dc-packaging.XXXXXX")
cleanup() {
  local status=$?
  if [ "${L2DC_KEEP_TMP:-}" ]; then
    echo "scratch directory kept: $scratch" >&2
  else
    chmod -R u+w "$scratch" 2>/dev/null || true
    rm -rf "$scratch"
  fi
  exit $status
}
trap cleanup EXIT
export XDG_CACHE_HOME="$scratch/cache"
export NO_COLOR=1
unset CXX

# install_l2dc DIR: `cmake --install` into DIR/stage, then moved to DIR (an installed tree
# must work wherever it is put). Sets $prefix and $l2dc.
install_l2dc() {
  local dest=$1
  "$L2DC_CMAKE" --install "$L2DC_BUILD_DIR" --prefix "$scratch/stage" >"$scratch/install.log" 2>&1 ||
    { cat "$scratch/install.log" >&2; fail "cmake --install failed"; }
  mkdir -p "$(dirname "$dest")"
  mv "$scratch/stage" "$dest"
  prefix=$dest
  l2dc=$prefix/bin/l2dc
  [ -x "$l2dc" ] || fail "no executable $l2dc after install"
}

# expect_output WHAT EXPECTED ACTUAL
expect_output() {
  if [ "$2" != "$3" ]; then
    echo "expected:" >&2
    printf '%s\n' "$2" | sed 's/^/  | /' >&2
    echo "got:" >&2
    printf '%s\n' "$3" | sed 's/^/  | /' >&2
    fail "$1: wrong output"
  fi
}

# expect_contains WHAT NEEDLE HAYSTACK
expect_contains() {
  case "$3" in
    *"$2"*) ;;
    *) printf '%s\n' "$3" | sed 's/^/  | /' >&2; fail "$1: no '$2' in the text above" ;;
  esac
}

# The sample programs: hello (output only) and fib (a method, recursion, arithmetic).
write_hello() {
  cat >"$1" <<'L2D'
; hello: one message to the standard output stream
(cout writeln "Hello from l2dc")
L2D
}
write_fib() {
  cat >"$1" <<'L2D'
; fib: a method, recursion and small-integer arithmetic
(nil defmethod fib (n)
  (nil if (n < 2)
    n
    ((nil fib (n - 1)) + (nil fib (n - 2)))))
(nil let ((k 15))
  (cout writeln "fib " k " = " (nil fib k)))
L2D
}
# shellcheck disable=SC2034  # used by the scripts that source this file
fib_output="fib 15 = 610"
