// Runtime start-up (init.hpp) and the main of every compiled program (rt::run_program).
#include "l2d/init.hpp"

#include <csignal>
#include <cstring>

#include "l2d/class.hpp"
#include "l2d/number.hpp"
#include "l2d/printer.hpp"
#include "l2d/process.hpp"
#include "l2d/stream.hpp"
#include "l2d/string.hpp"
#include "l2d/symbol.hpp"
#include "l2d/task.hpp"
#include "l2d/thread.hpp"

namespace l2d {

void init_runtime() {
  static bool done = false;
  if (done) return;
  done = true;
  gc::init();
  // SIGPIPE is ignored: writes to a closed peer return PIPE (spec 9, 1.2).
  std::signal(SIGPIPE, SIG_IGN);
  init_symbols();
  init_classes();
  init_streams();
  current_task = new_task();
  init_stack_limit();
  sym::cout.value = Value(cout_stream);
  sym::cerr.value = Value(cerr_stream);
  sym::cin.value = Value(cin_stream);
  sym::arg.value = nil;
  Value pi = make_cell(make_float(3.141592653589793));
  pi.ptr()->flags |= flag_read_only;  // pi is read-only; the variable may be reassigned
  sym::pi.value = pi;
  sym::socket_max_connections.value = Value::fixnum(128);
}

void set_program_arguments(const char* script_name, int argc, char** argv, int first) {
  const char* base = std::strrchr(script_name, '/');
  base = base ? base + 1 : script_name;
  Value items = nil;
  for (int i = argc; i-- > first;) items = cons(make_string(argv[i]), items);
  sym::arg.value = cons(make_string(base), items);
}

namespace {
struct ThreadStart {
  void (*body)(void*);
  void* data;
  Task* task;
};
void* thread_start(void* p) {
  auto* start = static_cast<ThreadStart*>(p);
  current_task = start->task;
  init_stack_limit();
  start->body(start->data);
  return nullptr;
}
}  // namespace

void run_on_program_thread(void (*body)(void*), void* data) {
  ThreadStart start{body, data, current_task};
  pthread_t t;
  if (start_thread(&t, thread_start, &start, main_stack_size) != 0) {
    thread_start(&start);
    return;
  }
  pthread_join(t, nullptr);
}

namespace rt {

namespace {

void program_main(void* data) {
  const Program& p = *static_cast<const Program*>(data);
  Value last = nil;
  try {
    // On the program's large stack: decoding a deeply nested constant recurses.
    p.init();
    for (int i = 0; i < p.nforms; ++i) {
      call_depth = -1;  // top-level forms are at depth 0
      last = p.forms[i](i);
      if (p.echo) stream_output(cout_stream, readable_form(last) + "\n");
    }
  } catch (Thrown&) {
    report_uncaught();
    exit_process(1);
  }
  exit_process(exit_status_of(last));
}

}  // namespace

int run_program(int argc, char** argv, const Program& program) {
  init_runtime();
  set_history_size(program.history);
  set_program_arguments(program.source_name, argc, argv, 1);
  run_on_program_thread(program_main, const_cast<Program*>(&program));
  return 0;
}

}  // namespace rt
}  // namespace l2d
