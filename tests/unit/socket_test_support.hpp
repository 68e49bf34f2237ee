// Helpers for the socket and system unit tests: sending messages to runtime objects,
// catching what they raise, a private temporary directory, and counting descriptors.
#pragma once

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include <catch.hpp>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/printer.hpp"
#include "l2d/runtime.hpp"
#include "l2d/sequence.hpp"
#include "l2d/string.hpp"

namespace l2d::test {

// (SELF SELECTOR ARG…) through ordinary dispatch, arity checks included. The arguments
// are copied into an array on this stack frame, where the collector sees them.
inline Value msg(Value self, const char* selector, std::initializer_list<Value> args = {}) {
  Value argv[8];
  int argc = 0;
  for (Value a : args) argv[argc++] = a;
  return send(intern(selector), self, argc, argv);
}

// The readable form of what [f] raises, or "(nothing raised)".
template <class F>
std::string raised(F f) {
  try {
    f();
  } catch (rt::Thrown&) {
    return readable_form(rt::thrown_value());
  }
  return "(nothing raised)";
}

inline std::string str(Value v) { return readable_form(v); }
inline Value text(const char* s) { return make_string(std::string_view(s)); }
inline Value num(long n) { return Value::fixnum(n); }
inline Value bytes(size_t n) { return Value(new_byte_vector(n)); }
inline std::string bytes_text(Value bv, size_t n) {
  auto* b = bv.as<ByteVector>();
  return std::string(reinterpret_cast<const char*>(b->data), n);
}
inline Value new_socket_object() { return new_object(classes.socket, 0, nullptr); }
inline int fd_of(Value socket) { return socket.as<Socket>()->fd; }

// Descriptors open in this process (the directory stream's own is counted every time).
inline int open_descriptor_count() {
  DIR* d = opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  while (readdir(d)) ++n;
  closedir(d);
  return n;
}

// Ends the test program if a test blocks for longer than [seconds]: a socket test that
// waits for a peer that never comes must fail, not hang.
struct Watchdog {
  explicit Watchdog(unsigned seconds = 60) { alarm(seconds); }
  ~Watchdog() { alarm(0); }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
};

// A fresh directory under $TMPDIR (or /tmp), removed with what it holds.
struct TempDir {
  std::string path;
  TempDir() {
    const char* base = getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/l2d-socket-XXXXXX";
    char* made = mkdtemp(pattern.data());
    REQUIRE(made != nullptr);
    path = made;
  }
  ~TempDir() {
    if (DIR* d = opendir(path.c_str())) {
      while (dirent* e = readdir(d)) {
        std::string name = e->d_name;
        if (name != "." && name != "..") unlink((path + "/" + name).c_str());
      }
      closedir(d);
    }
    rmdir(path.c_str());
  }
  std::string file(const char* name) const { return path + "/" + name; }
  Value file_value(const char* name) const { return make_string(std::string_view(file(name))); }
};

}  // namespace l2d::test
