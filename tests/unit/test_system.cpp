// The system functions, methods of nil (spec 5, 15.2): getenv, time, clock, pid, kill
// and wait, with their argument errors and the error symbols they return.
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <thread>

#include "l2d/number.hpp"
#include "l2d/process.hpp"
#include "socket_test_support.hpp"

using namespace l2d;
using namespace l2d::test;

namespace {

double float_result(Value v) {
  REQUIRE(is_kind(v, Kind::flonum));
  return v.as<Flonum>()->d;
}

// A forked child that waits to be killed (bounded: it ends by itself after 30 s).
// Catch2 handles SIGTERM, and a handler run in a child that has only half returned from
// fork can deadlock in malloc: so the child starts with SIGTERM blocked, takes the
// default action back, and only then lets a pending SIGTERM in, as a program would.
Value sleeping_child() {
  sigset_t term, old;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &term, &old);
  Value child = fork_process([](void*) -> Value {
    signal(SIGTERM, SIG_DFL);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGTERM);
    pthread_sigmask(SIG_UNBLOCK, &unblock, nullptr);
    for (int i = 0; i < 300; ++i) usleep(100000);
    return nil;
  }, nullptr);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return child;
}

}  // namespace

TEST_CASE("system: getenv") {
  REQUIRE(setenv("L2D_UNIT_TEST_VARIABLE", "значение=1", 1) == 0);
  Value v = msg(nil, "getenv", {text("L2D_UNIT_TEST_VARIABLE")});
  CHECK(str(v) == "\"значение=1\"");
  // A new string each time.
  CHECK(msg(nil, "getenv", {text("L2D_UNIT_TEST_VARIABLE")}) != v);
  REQUIRE(setenv("L2D_UNIT_TEST_EMPTY", "", 1) == 0);
  CHECK(str(msg(nil, "getenv", {text("L2D_UNIT_TEST_EMPTY")})) == "\"\"");
  unsetenv("L2D_UNIT_TEST_VARIABLE");
  CHECK(str(msg(nil, "getenv", {text("L2D_UNIT_TEST_VARIABLE")})) == "nil");
  CHECK(str(msg(nil, "getenv", {text("")})) == "nil");
  CHECK(str(msg(nil, "getenv", {make_string(std::string_view("L2D_UNIT_TEST_EMPTY\0X", 21))})) == "nil");
  CHECK(raised([&] { msg(nil, "getenv", {Value(intern("home"))}); }) == "wrong-type");
  CHECK(raised([&] { msg(nil, "getenv", {num(1)}); }) == "wrong-type");
  CHECK(raised([&] { msg(nil, "getenv"); }) == "wrong-argument-count");
  CHECK(raised([&] { msg(nil, "getenv", {text("A"), text("B")}); }) == "wrong-argument-count");
  unsetenv("L2D_UNIT_TEST_EMPTY");
}

TEST_CASE("system: time is the epoch time as a float") {
  double before = double(std::time(nullptr));
  double t = float_result(msg(nil, "time"));
  double after = double(std::time(nullptr));
  CHECK(t >= before);
  CHECK(t < after + 1);
  CHECK(raised([&] { msg(nil, "time", {num(1)}); }) == "wrong-argument-count");
}

TEST_CASE("system: clock is monotonic") {
  double a = float_result(msg(nil, "clock"));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  double b = float_result(msg(nil, "clock"));
  CHECK(b - a >= 0.019);
  CHECK(b - a < 5);
  CHECK(raised([&] { msg(nil, "clock", {num(1)}); }) == "wrong-argument-count");
}

TEST_CASE("system: pid") {
  Value p = msg(nil, "pid");
  REQUIRE(p.is_fixnum());
  CHECK(p.fixnum_value() == getpid());
  CHECK(raised([&] { msg(nil, "pid", {num(1)}); }) == "wrong-argument-count");
}

TEST_CASE("system: kill and wait on a forked child") {
  Watchdog watchdog;
  Value child = sleeping_child();
  REQUIRE(child.is_fixnum());
  CHECK(str(msg(nil, "kill", {child, num(0)})) == "nil");  // signal 0: only asks
  CHECK(str(msg(nil, "kill", {child})) == "nil");          // SIGTERM by default
  CHECK(str(msg(nil, "wait", {child})) == "143");          // 128 + 15
  // Reaped: the process is gone and not a child any more.
  CHECK(str(msg(nil, "kill", {child, num(0)})) == "SRCH");
  CHECK(str(msg(nil, "wait", {child})) == "CHILD");

  Value other = sleeping_child();
  CHECK(str(msg(nil, "kill", {other, num(SIGKILL)})) == "nil");
  CHECK(str(msg(nil, "wait")) == "137");  // any child: 128 + 9
  CHECK(str(msg(nil, "wait")) == "CHILD");
  CHECK(has_unwaited_children() == false);
}

TEST_CASE("system: wait returns the child's exit status") {
  Watchdog watchdog;
  Value child = fork_process([](void*) -> Value { return Value::fixnum(7 + 256); }, nullptr);
  CHECK(str(msg(nil, "wait", {child})) == "7");
  CHECK(str(msg(nil, "wait", {num(0)})) == "CHILD");
  CHECK(str(msg(nil, "wait", {num(-5)})) == "CHILD");
  CHECK(str(msg(nil, "wait", {nil})) == "CHILD");
  CHECK(raised([&] { msg(nil, "wait", {text("1")}); }) == "wrong-type");
  CHECK(raised([&] { msg(nil, "wait", {num(1), num(2)}); }) == "wrong-argument-count");
}

TEST_CASE("system: kill failures are returned") {
  CHECK(str(msg(nil, "kill", {msg(nil, "pid"), num(0)})) == "nil");
  CHECK(str(msg(nil, "kill", {msg(nil, "pid"), num(100000)})) == "INVAL");
  CHECK(str(msg(nil, "kill", {msg(nil, "pid"), num(-1)})) == "INVAL");
  CHECK(str(msg(nil, "kill", {make_integer(1LL << 40), num(0)})) == "SRCH");
  // pid 1 exists but belongs to another user, unless the tests run as root or in a
  // namespace where it is ours: either answer is the system's.
  std::string init = str(msg(nil, "kill", {num(1), num(0)}));
  CHECK((init == "nil" || init == "PERM"));
  CHECK(raised([&] { msg(nil, "kill", {text("1")}); }) == "wrong-type");
  CHECK(raised([&] { msg(nil, "kill", {num(1), text("TERM")}); }) == "wrong-type");
  CHECK(raised([&] { msg(nil, "kill", {make_float(1.5)}); }) == "wrong-type");
  CHECK(raised([&] { msg(nil, "kill"); }) == "wrong-argument-count");
  CHECK(raised([&] { msg(nil, "kill", {num(1), num(0), num(0)}); }) == "wrong-argument-count");
}
