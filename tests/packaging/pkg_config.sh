#!/usr/bin/env bash
# packaging.pkg-config: C++ programs built against the installed (and moved) l2dc.pc: a
# translated script, and a C++ program that embeds the runtime through <l2d/init.hpp>.
source "$(dirname "$0")/common.sh"

install_l2dc "$scratch/moved/prefix"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
pkg-config --exists --print-errors l2dc || fail "pkg-config does not find l2dc.pc"
expect_output "pkg-config --modversion" "$("$l2dc" --version | sed -n 's/^l2dc \([0-9.]*\).*/\1/p')" \
  "$(pkg-config --modversion l2dc)"
read -r -a flags <<<"$(pkg-config --cflags --libs l2dc)"
note "pkg-config --cflags --libs l2dc: ${flags[*]}"

cd "$scratch"
write_fib fib.l2d
"$l2dc" translate fib.l2d -o fib.cpp
c++ -std=c++20 -Wall -Wextra -O1 fib.cpp -o fib "${flags[@]}" 2>"$scratch/cc.log" ||
  { cat "$scratch/cc.log" >&2; fail "the translated program does not build with pkg-config's flags"; }
[ ! -s "$scratch/cc.log" ] || { cat "$scratch/cc.log" >&2; fail "warnings building the translated program"; }
expect_output "translated fib" "$fib_output" "$(./fib)"

cat >embed.cpp <<'CPP'
// Embedding the Lisp2D runtime: numbers (GMP beyond fixnums), the printer, and a send.
#include <l2d/init.hpp>
#include <l2d/number.hpp>
#include <l2d/printer.hpp>
#include <l2d/stream.hpp>

#include <cstdio>

namespace {
void body(void*) {
  using namespace l2d;
  Value big = num_mul(make_integer(1LL << 62), make_integer(1LL << 62));
  std::printf("2^124 = %s\n", readable_form(big).c_str());
  std::fflush(stdout);
  Value text[] = {make_string("3 + 4 = "), num_add(make_integer(3), make_integer(4))};
  try {
    send(intern("writeln"), rt::global(intern("cout")), 2, text);
  } catch (rt::Thrown&) {
    std::printf("writeln raised\n");
  }
  flush_pending_output();
}
}  // namespace

int main() {
  l2d::init_runtime();
  l2d::run_on_program_thread(body, nullptr);
  return 0;
}
CPP
c++ -std=c++20 -Wall -Wextra embed.cpp -o embed "${flags[@]}" 2>"$scratch/cc.log" ||
  { cat "$scratch/cc.log" >&2; fail "an embedding program does not build with pkg-config's flags"; }
[ ! -s "$scratch/cc.log" ] || { cat "$scratch/cc.log" >&2; fail "warnings building the embedding program"; }
expect_output "embedding" "2^124 = 21267647932558653966460912964485513216
3 + 4 = 7" "$(./embed)"
note "ok"
