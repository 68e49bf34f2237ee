// The system C++ compiler, run through Boost.Process (never a shell), and where the
// runtime's header and static library are.
#pragma once

#include <string>
#include <vector>

namespace l2dc {

struct RuntimeLocation {
  std::string include_dir;   // holds l2d/runtime.hpp
  std::string library;       // libl2drt.a
  std::string source_dir;    // the runtime's sources (for ship), may be empty
  std::vector<std::string> link_libraries;  // -lgc -lgmp -lpthread
};
RuntimeLocation find_runtime();

struct CompilerIdentity {
  std::string spec;                  // $CXX as given (default "c++")
  std::vector<std::string> command;  // $CXX split on spaces, first resolved on PATH
  std::string fingerprint;           // path, size and time of the compiler binary
  std::string problem;               // why it cannot be run ("" if it looks runnable)
};
CompilerIdentity find_compiler();

// The option choosing a faster linker than the default (GNU ld): "-fuse-ld=gold" or
// "-fuse-ld=lld" if the compiler accepts it, else "". Probing costs one run of the
// compiler; the answer is kept in [memo_file] (in the private cache; "" = not kept).
std::string choose_linker(const CompilerIdentity& cxx, const std::string& memo_file);
// Records that [linker] did not work after all (the next builds use the default).
void forget_linker(const std::string& memo_file);

struct NativeBuild {
  std::string cpp_file;
  std::string object_file;   // of a whole compile; a split one adds .N before .o
  std::vector<size_t> unit_sizes;  // Translation::unit_sizes: compile in parallel if several
  std::string output;
  int opt_level = 1;
  bool debug = false;
  std::string linker;  // choose_linker
};

struct NativeResult {
  enum class Status {
    ok,
    cannot_run,  // the compiler is missing or cannot be executed
    killed,      // the compiler (or its cc1plus, ld) died of a signal: out of memory?
    resources,   // out of memory or disk space, a missing library: the environment's fault
    rejected,    // the compiler refused the generated code: an l2dc bug
  };
  Status status = Status::ok;
  std::string message;     // for every status but ok and rejected: the whole story
  std::string log;         // the compiler's output
  bool linker_failed = false;  // the link with NativeBuild::linker failed; the default one worked
};

// The compiles of one build: the whole file (first == 0), or runs of its units, one per
// core at most, balanced by lines.
struct CompileJob {
  int first = 0, last = 0;
  std::string object_file;
};
std::vector<CompileJob> plan_compiles(const NativeBuild& job, unsigned cores);

// Options for the generated code at [opt_level] beyond -O: from -O2, functions start on
// 32-byte boundaries. A recursion's few hot functions otherwise land wherever the
// runtime's size puts them, and fib with history ran 40 % slower or faster from one
// build of the runtime to the next (BENCHMARKS.md); GCC and Clang take the option.
std::vector<std::string> code_layout_options(int opt_level);
unsigned usable_cores();  // the CPUs this process may run on

class PhaseTimer;
// Compiles (phase "compile", its jobs at once) then links (phase "link").
NativeResult compile_native(const NativeBuild& job, const CompilerIdentity& cxx, const RuntimeLocation& rt,
                            PhaseTimer& timer);

std::string self_executable_path();

}  // namespace l2dc
