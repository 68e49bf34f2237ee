// The code generator: the program model (ir.hpp + analyze/) to one C++ translation
// unit, filled into templates/program.cpp.in.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analyze/program_model.hpp"
#include "constants.hpp"
#include "emitter.hpp"
#include "l2d/reader.hpp"
#include "l2d/source.hpp"

namespace l2dc {

struct GenerateOptions {
  std::string source_name;   // the script's file name without directory (arg's first)
  std::string line_file;     // the file #line directives name ("" = no #line)
  std::string cpp_name;      // the generated file's own name, for #line back to it
  std::string command_line;  // for the banner
  int history = 12;
  bool echo = false;
};

// Shared state of one program's generation.
struct ProgramGen {
  ProgramModel& model;
  const l2d::SourceFile& source;
  const l2d::ReadProgram& read;
  const GenerateOptions& options;
  ConstantPool pool;
  std::vector<std::string> symbol_names;           // C++ names, parallel to pool.symbols() (at the end)
  std::unordered_map<l2d::Symbol*, std::string> symbol_cpp;
  std::unordered_map<const l2d::ir::Lambda*, std::string> function_names;
  std::unordered_map<std::string, int> used_names;
  std::unordered_set<std::string> issued_names;
  int caches = 0;
  Emitter declarations;
  Emitter definitions;

  ProgramGen(ProgramModel& m, const l2d::SourceFile& s, const l2d::ReadProgram& r, const GenerateOptions& o)
      : model(m), source(s), read(r), options(o) {}

  std::string unique_name(const std::string& base);

  // A function's name: it and its variants (_rec, _entry, _entry_rec) all unissued.

  std::string unique_function_name(const std::string& base);
  std::string symbol(l2d::Symbol* s);              // C++ expression of type Symbol*
  std::string constant(l2d::Value v);              // k[i]
  std::string function_name(const l2d::ir::Lambda* fn);
  // The C++ name of the global function cell of [selector] (rt::register_global_cell).
  std::string global_cell(l2d::Symbol* selector);
  std::unordered_map<l2d::Symbol*, std::string> global_cells;
  unsigned line_of(l2d::Value form) const;         // 0 if unknown
  // The one program method a send of [sel] with [argc] arguments may call directly.
  const MethodInfo* direct_target(l2d::Symbol* sel, uint32_t argc) const;
};

// Emits the C++ function(s) of [fn] into gen.definitions (and its declarations).
void generate_function(ProgramGen& gen, l2d::ir::Lambda* fn, const std::string& name, int toplevel_index);

// The whole translation unit.
std::string generate_program(ProgramModel& model, const l2d::SourceFile& source,
                             const l2d::ReadProgram& read, const GenerateOptions& options);

}  // namespace l2dc
