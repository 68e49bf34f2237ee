#!/usr/bin/env bash
# packaging.gdb: a script built with `l2dc build -g` (installed l2dc) can be debugged at
# the source level: gdb stops at a script line inside a method, and the backtrace names
# the C++ function of each Lisp2D method (m_fib) and top-level form (toplevel_N, or
# toplevel_chunk_N(form) for forms without a loop, which share one cold function that
# sends through the caches; the loop below keeps the top-level form a function of its
# own, which calls m_fib directly).
#
# With --strict (packaging.gdb-strict): the debug line table attributes code to real
# lines of the script only, so a breakpoint on a line of a method lands in that method
# alone, and callers in backtraces show the line of the call. (The generator gives every
# emitted line a `#line` of its form; recording variants are named m_fib_rec.)
source "$(dirname "$0")/common.sh"
command -v gdb >/dev/null || fail "gdb is missing (scripts/install-deps installs it)"
strict=""
[ "${1:-}" = "--strict" ] && strict=1

install_l2dc "$scratch/prefix"
mkdir "$scratch/work"
cd "$scratch/work"
cat >fib.l2d <<'L2D'
; fib, for gdb
(nil defmethod fib (n)
  (nil if (n < 2)
    n
    ((nil fib (n - 1)) + (nil fib (n - 2)))))
(nil let ((k 15))
  (1 for* i (cout writeln "fib " k " = " (nil fib k))))
L2D
method_line=5     # ((nil fib (n - 1)) + …), inside the method
script_lines=7

# run_gdb EXE: stops at fib.l2d:$method_line six times, with a backtrace each time: the
# whole stack at the first stop (which level of the recursion stops first depends on
# where the compiler put the line's first instruction), then four frames.
run_gdb() {
  local stops=(-ex run -ex 'bt 40')
  for _ in 1 2 3 4 5; do stops+=(-ex continue -ex 'bt 4'); done
  timeout 120 gdb -batch -nx -ex 'set pagination off' -ex 'set confirm off' \
    -ex "break fib.l2d:$method_line" -ex 'info breakpoints' "${stops[@]}" -ex kill "$1" 2>&1
}

for opt in -O0 -O1; do
  note "l2dc build -g $opt"
  "$l2dc" build -g $opt fib.l2d -o fib$opt
  expect_output "fib$opt" "$fib_output" "$("./fib$opt")"
  out=$(run_gdb "./fib$opt")
  # The program stops in the method, at the script line…
  grep -Eq "^#0 +.*m_fib(_rec)? ?\(.*\) at [^ ]*fib\.l2d:$method_line\$" <<<"$out" ||
    { printf '%s\n' "$out" >&2; fail "$opt: gdb did not stop in m_fib at fib.l2d:$method_line"; }
  # …and the backtrace shows the recursion and the top-level form that called it.
  grep -Eq "^#1 +0x[0-9a-f]+ in .*m_fib(_rec)? ?\(.*\) at [^ ]*fib\.l2d:[0-9]+\$" <<<"$out" ||
    { printf '%s\n' "$out" >&2; fail "$opt: the backtrace shows no caller m_fib in fib.l2d"; }
  grep -Eq "^#[0-9]+ +0x[0-9a-f]+ in .*toplevel_(chunk_)?[0-9]+ ?\((form=[^)]*)?\) at [^ ]*fib\.l2d:[0-9]+\$" <<<"$out" ||
    { printf '%s\n' "$out" >&2; fail "$opt: the backtrace shows no toplevel_N frame in fib.l2d"; }

  if [ "$strict" ]; then
    # Each breakpoint location of a line inside the method is in the method.
    locations=$(printf '%s\n' "$out" | grep -E "^1\.[0-9]+ " || true)
    if grep -v "m_fib" <<<"$locations" | grep . >/dev/null; then
      printf '%s\n' "$out" >&2
      fail "$opt: break fib.l2d:$method_line has locations outside m_fib (see 'info breakpoints' above)"
    fi
    # The caller's frame is at the line of the call.
    grep -E "^#1 +0x[0-9a-f]+ in .*m_fib" <<<"$out" | grep -v "fib\.l2d:$method_line\$" >/dev/null &&
      { printf '%s\n' "$out" >&2; fail "$opt: a caller m_fib is shown at another line than fib.l2d:$method_line"; }
    # No code is attributed to a line the script does not have.
    max=$(objdump --dwarf=decodedline "fib$opt" | awk '$1 ~ /fib\.l2d$/ && $2 ~ /^[0-9]+$/ { if ($2 > m) m = $2 } END { print m + 0 }')
    [ "$max" -le "$script_lines" ] ||
      fail "$opt: the line table attributes code to fib.l2d:$max; the script has $script_lines lines"
  fi
done
note "ok"
