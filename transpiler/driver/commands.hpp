// The commands of the l2dc driver, one function each, and their options.
#pragma once

#include <string>
#include <vector>

namespace l2dc {

struct CompileOptions {
  std::string script;
  std::string output;          // -o
  int opt_level = -1;          // -O0..-O3; -1: not given (2, or 0 with -g)
  bool debug = false;          // -g
  bool echo = false;           // --echo
  int history = 12;            // --history N
  bool verbose = false;        // -v
  std::string line_file;       // the name #line directives give the script ("" = as given)
  bool warnings = true;        // print compile-time warnings (run: off, its stderr is the program's)
  // Lines of definitions per unit of a parallel compile (GenerateOptions::unit_lines):
  // $L2DC_UNIT_LINES, for tests that split small programs; 0 never splits.
  size_t unit_lines = 300;
};

struct RunOptions {
  CompileOptions compile;
  std::vector<std::string> args;  // after the script: the program's arguments
};

struct ReplOptions {
  std::string script;             // empty: interactive
  std::vector<std::string> args;
  int history = 12;
};

struct ShipOptions {
  CompileOptions compile;
  std::string directory;          // -o DIR
};

int cmd_translate(const CompileOptions& opts);
int cmd_build(const CompileOptions& opts);
int cmd_run(const RunOptions& opts);
int cmd_check(const CompileOptions& opts);
int cmd_ship(const ShipOptions& opts);
int cmd_repl(const ReplOptions& opts);

}  // namespace l2dc
