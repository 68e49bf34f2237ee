// libFuzzer target: the evaluator (`eval`, `l2dc repl`) on the data read from arbitrary
// bytes: up to 16 top-level forms are read as the REPL reads them and evaluated in the
// global environment; a Lisp2D exception is a normal outcome, a crash or a sanitizer
// report is a bug.
//
// Bounds. Inputs naming anything that leaves the process or waits on the world (exit,
// fork, files, sockets, sleeps, standard input) are skipped, and so are the ways to make
// such a name out of a string (`symbol`, `read`), so the input's own symbols are all
// the names it can send. Loops and recursion are allowed: a program that does not
// terminate is an expected timeout, which run_fuzz.py tolerates (-fork mode with
// -ignore_timeouts), while crashes stay fatal. Standard output goes to /dev/null.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "l2d/eval.hpp"
#include "l2d/init.hpp"
#include "l2d/reader.hpp"
#include "l2d/runtime.hpp"
#include "l2d/symbol.hpp"
#include "l2d/task.hpp"

namespace {

const char* const denied[] = {
    // leaving or forking the process, signals, waiting
    "exit", "fork", "wait", "kill", "sleep", "parallel",
    // files, streams and sockets (cout stays: it writes to /dev/null)
    "open", "close", "unlink", "stream", "socket", "connect", "bind", "listen", "accept",
    "shutdown", "cin", "cerr", "read-line", "read-char", "read-all", "read-bytes",
    // names made from strings
    "symbol", "read", "intern",
};

bool is_denied_symbol(l2d::Value v) {
  if (!l2d::is_symbol(v) || v.is_nil()) return false;
  std::string_view name = l2d::symbol_name(v.as<l2d::Symbol>());
  for (const char* d : denied)
    if (name == d) return true;
  return false;
}

// Whether the datum mentions a denied name anywhere (quoted data included).
bool safe(l2d::Value v, int depth = 0) {
  if (depth > 2000) return false;
  for (; l2d::is_cons(v); v = v.as<l2d::Cons>()->rest)
    if (!safe(v.as<l2d::Cons>()->first, depth + 1)) return false;
  if (v.is_ptr() && v.ptr()->kind == l2d::Kind::vector) {
    auto* vec = v.as<l2d::Vector>();
    for (size_t i = 0; i < vec->size; ++i)
      if (!safe(vec->data[i], depth + 1)) return false;
  }
  return !is_denied_symbol(v);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  l2d::init_runtime();
  int null = open("/dev/null", O_WRONLY);
  if (null >= 0) dup2(null, 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string_view rest(text);
  l2d::Value forms[16];
  int n = 0;
  while (n < 16 && !rest.empty()) {
    l2d::ReadOne r = l2d::read_datum(rest, true);
    if (r.status != l2d::ReadStatus::ok) break;
    if (!safe(r.datum)) return -1;  // not worth keeping in the corpus either
    forms[n++] = r.datum;
    rest.remove_prefix(r.end);
  }
  l2d::set_history_size(12);
  for (int i = 0; i < n; ++i) {
    try {
      l2d::eval_datum(forms[i]);
    } catch (l2d::rt::Thrown&) {
    }
  }
  return 0;
}
