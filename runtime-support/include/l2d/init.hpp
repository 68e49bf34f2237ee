// Start-up of the runtime: collector, symbols, classes, streams, global variables and
// the main task. Everything that runs Lisp2D code (a compiled program, the REPL, the
// compiler itself, which uses the reader) calls init_runtime() first.
#pragma once

#include "runtime.hpp"

namespace l2d {

void init_runtime();
// `arg` (spec 1.2): the script's file name without directory, then the arguments.
void set_program_arguments(const char* script_name, int argc, char** argv, int first);

// Runs [body] on a thread with a large stack registered with the collector, as the
// current task, and waits for it. Program mains (compiled and REPL) run this way.
void run_on_program_thread(void (*body)(void*), void* data);

}  // namespace l2d
