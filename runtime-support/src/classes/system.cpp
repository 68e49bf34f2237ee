// System functions, methods of `nil` (spec 5, 15.2): the environment, clocks, the
// process id, signals and waiting for children. (`random-seed` belongs to the numbers.)
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <ctime>
#include <string>

#include "children.hpp"
#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/process.hpp"
#include "l2d/stream.hpp"
#include "l2d/string.hpp"

namespace l2d {

namespace {

constexpr int default_signal = SIGTERM;  // spec 15.2: kill's default, 15

double clock_seconds(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// (nil getenv NAME) → a new string, or nil
L2D_BUILTIN(system_getenv) {
  if (!is_kind(argv[0], Kind::string)) raise_wrong_type();
  std::string name = string_to_utf8(argv[0]);
  // A NUL would cut the name short and find another variable: no variable has one.
  if (name.find('\0') != std::string::npos) return nil;
  const char* value = std::getenv(name.c_str());
  return value ? make_string(std::string_view(value)) : nil;
}

// (nil time) → seconds since the Unix epoch, a float
L2D_BUILTIN(system_time) { return make_float(clock_seconds(CLOCK_REALTIME)); }

// (nil clock) → seconds of a monotonic clock, a float
L2D_BUILTIN(system_clock) { return make_float(clock_seconds(CLOCK_MONOTONIC)); }

// (nil pid) → this process's id
L2D_BUILTIN(system_pid) { return Value::fixnum(getpid()); }

// (nil kill PID [SIGNAL]) → nil or an error symbol. PID has kill(2)'s meaning, groups
// included; numbers no process or signal can have get the system's answers for them.
L2D_BUILTIN(system_kill) {
  int64_t pid = integer_arg(argv[0]);
  int64_t signal = argc > 1 ? integer_arg(argv[1]) : default_signal;
  flush_pending_output();
  if (pid < INT_MIN || pid > INT_MAX) return errno_value(ESRCH);
  if (signal < 0 || signal > INT_MAX) return errno_value(EINVAL);
  // A child that ended was reaped at once (children.cpp): its pid may already belong to
  // another process, so it is reported gone instead of signalled.
  if (pid > 0 && children::has_ended(pid_t(pid))) return errno_value(ESRCH);
  if (::kill(pid_t(pid), int(signal)) < 0) return errno_value(errno);
  return nil;
}

// (nil wait [PID]) → the child's exit status, 128 + signal, or CHILD (spec 5)
L2D_BUILTIN(system_wait) { return wait_child(argc > 0 ? argv[0] : nil); }

const BuiltinSpec system_methods[] = {
    {"getenv", system_getenv, 1, 1},
    {"time", system_time, 0, 0},
    {"clock", system_clock, 0, 0},
    {"pid", system_pid, 0, 0},
    {"kill", system_kill, 1, 2},
    {"wait", system_wait, 0, 1},
};

}  // namespace

void register_system_methods() { define_builtins(classes.null, system_methods); }

}  // namespace l2d
