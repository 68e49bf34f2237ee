// Processes: the exit rule (spec 1.2), the real fork (spec 10.3), wait, and the report
// of an uncaught exception (spec 11.4).
#include "l2d/process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "children.hpp"
#include "l2d/error.hpp"
#include "l2d/number.hpp"
#include "l2d/printer.hpp"
#include "l2d/sequence.hpp"
#include "l2d/stream.hpp"
#include "l2d/task.hpp"
#include "l2d/thread.hpp"
#include "l2d/lock.hpp"

namespace l2d {

namespace {

int status_of(int wstatus) {
  if (WIFEXITED(wstatus)) return WEXITSTATUS(wstatus);
  if (WIFSIGNALED(wstatus)) return 128 + WTERMSIG(wstatus);
  return 1;
}

// Output may be held again once no child is left unwaited (spec 1.3).
void after_wait() {
  if (!children::any_unwaited() && !parallel_active()) set_output_buffering_allowed(true);
}

}  // namespace

bool has_unwaited_children() { return children::any_unwaited(); }

int exit_status_of(Value v) {
  v = unwrap(v);
  if (v.is_fixnum()) return int(v.fixnum_value() & 255);
  if (is_kind(v, Kind::bignum)) {
    mpz_t z;
    mpz_init(z);
    to_mpz(v, z);
    mpz_fdiv_r_ui(z, z, 256);  // two's complement modulo: the remainder is non-negative
    return int(mpz_get_ui(z));
  }
  if (v.is_char()) return int(v.char_code() & 255);
  return 0;
}

void exit_process(int status, bool flush) {
  if (flush) flush_pending_output();
  release_all_locks();
  children::wait_all();
  if (flush) flush_pending_output();
  _exit(status);
}

Value fork_process(Value (*child)(void*), void* data) {
  flush_pending_output();
  pid_t pid = children::fork_child();
  if (pid < 0) return errno_value(errno);
  if (pid == 0) {
    forget_locks_after_fork();
    reset_threads_after_fork();
    int status;
    try {
      status = exit_status_of(child(data));
    } catch (rt::Thrown&) {
      report_uncaught();
      status = 1;
    }
    exit_process(status);
  }
  children::add(pid);
  set_output_buffering_allowed(false);  // spec 1.3: no held output while a child runs
  return Value::fixnum(pid);
}

namespace rt {
Value fork(FormThunk thunk, void* env) {
  struct Call {
    FormThunk thunk;
    void* env;
  } call{thunk, env};
  return fork_process([](void* data) {
    auto* c = static_cast<Call*>(data);
    return c->thunk(c->env, 0);
  }, &call);
}
}  // namespace rt

Value wait_child(Value pid_value) {
  flush_pending_output();
  pid_t pid = -1;
  if (!pid_value.is_nil()) {
    int64_t p = integer_arg(pid_value);
    if (p <= 0 || p > INT32_MAX) return errno_value(ECHILD);
    pid = pid_t(p);
  }
  int wstatus = 0;
  pid_t got = children::wait_for(pid, &wstatus);
  if (got < 0) return errno_value(errno);
  after_wait();
  return Value::fixnum(status_of(wstatus));
}

// [v] printed into [text]; a value nested too deep for the printer (it raises
// out-of-memory) is named as such: the report still reaches standard error, and the
// output before it is kept.
static void print_for_report(std::string& text, Value v, bool readable) {
  size_t mark = text.size();
  try {
    print_value(text, v, readable);
  } catch (rt::Thrown&) {
    text.resize(mark);
    text += "#<nested too deep to print>";
  }
}

void report_uncaught() {
  Task* t = current_task;
  Value x = t->in_flight;
  Value history = t->in_flight_history;
  std::string text;
  if (!history.is_nil()) {
    text += "EvalHistory[\n";
    for (Value l = history; is_cons(l); l = l.as<Cons>()->rest) {
      // An entry (depth flag value) element by element: only a value too deep is lost.
      Value entry = l.as<Cons>()->first;
      if (is_cons(entry) && is_proper_list(entry)) {
        text += '(';
        for (Value e = entry; is_cons(e); e = e.as<Cons>()->rest) {
          print_for_report(text, e.as<Cons>()->first, true);
          if (is_cons(e.as<Cons>()->rest)) text += ' ';
        }
        text += ')';
      } else {
        print_for_report(text, entry, true);
      }
      text += '\n';
    }
    text += "]\n";
  }
  text += "Error: ";
  if (is_cons(x) && is_proper_list(x)) {
    for (Value l = x; is_cons(l); l = l.as<Cons>()->rest) print_for_report(text, l.as<Cons>()->first, false);
  } else {
    print_for_report(text, x, false);
  }
  text += '\n';
  flush_pending_output();
  stream_output(cerr_stream, text);
  flush_pending_output();
}

}  // namespace l2d
