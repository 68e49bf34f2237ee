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
  std::vector<std::string> command;  // $CXX split on spaces, first resolved on PATH
  std::string fingerprint;           // path, size and time of the compiler binary
};
CompilerIdentity find_compiler();

struct NativeBuild {
  std::string cpp_file;
  std::string output;
  int opt_level = 1;
  bool debug = false;
};

// Compiles and links; on failure returns false with the compiler's messages in [log].
bool compile_native(const NativeBuild& job, const CompilerIdentity& cxx, const RuntimeLocation& rt,
                    std::string& log);

std::string self_executable_path();

}  // namespace l2dc
