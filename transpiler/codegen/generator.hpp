// The code generator: the program model (ir.hpp + analyze/) to one C++ translation
// unit, filled into templates/program.cpp.in.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analyze/program_model.hpp"
#include "constants.hpp"
#include "emitter.hpp"
#include "l2d/reader.hpp"
#include "l2d/source.hpp"
#include "mangle.hpp"

namespace l2dc {

struct GenerateOptions {
  std::string source_name;   // the script's file name without directory (arg's first)
  std::string line_file;     // the file #line directives name ("" = no #line)
  std::string cpp_name;      // the generated file's own name, for #line back to it
  std::string command_line;  // for the banner
  int history = 12;
  bool echo = false;
  // A program whose definitions run to at least twice this many lines is cut into units
  // (at most max_units) that l2dc build compiles in parallel; 0: never.
  size_t unit_lines = 300;
  size_t max_units = 8;
  // Recording variants get leaf entries (gen_function.cpp, has_leaf_branch). Not for
  // -O0 and -O1, where the C++ compiler calls the whole variant from its leaf entry
  // instead of jumping: each level of a recursion would show two frames to a debugger.
  bool leaf_entries = true;
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
  NameRegistry names;                              // every namespace-scope C++ name
  int caches = 0;
  // A very large program: every function is compact (runtime.hpp "compact code").
  bool compact_functions = false;
  Emitter declarations;
  Emitter definitions;
  // Where each group of definitions starts in [definitions]: a function with its variants
  // and entries, a chunk of top-level forms, a table. A unit holds whole groups.
  std::vector<size_t> group_starts;
  void begin_group() { group_starts.push_back(definitions.mark()); }
  // Set while a compact method is generated for merging (shapes.hpp): constants,
  // symbols, fixnums, caches and form indexes come out as markers.
  bool parametric = false;
  // Methods merged into a shared body: its entry, and the row of constants (fn->env).
  struct SharedEntry {
    std::string entry;
    std::string row;
  };
  std::unordered_map<const l2d::ir::Lambda*, SharedEntry> shared_entries;
  int parts = 0;            // functions outlined from deep forms (part_N)
  // The runs of history records (runtime.hpp HistoryEntry) recording functions write as
  // one slot: each a list of (rel depth, form index or -1), numbered in order of use.
  std::map<std::vector<std::pair<int32_t, int32_t>>, int> run_ids;
  std::vector<const std::vector<std::pair<int32_t, int32_t>>*> runs;
  int run_id(const std::vector<std::pair<int32_t, int32_t>>& steps) {
    auto [it, added] = run_ids.emplace(steps, int(runs.size()));
    if (added) runs.push_back(&it->first);
    return it->second;
  }
  // Runs numbered consecutively, for a run chosen at run time (first id + an index).
  int run_group(const std::vector<std::vector<std::pair<int32_t, int32_t>>>& group) {
    auto [it, added] = run_group_ids.emplace(group, int(runs.size()));
    if (added)
      for (const auto& steps : it->first) runs.push_back(&steps);
    return it->second;
  }
  std::map<std::vector<std::vector<std::pair<int32_t, int32_t>>>, int> run_group_ids;
  // The step of a run recording the completion of a form worth the immediate constant
  // [v] (runtime.hpp HistoryEntry: -4 - its index in the pool): it takes no value.
  int32_t constant_step(l2d::Value v);
  std::unordered_map<l2d::Word, int32_t> constant_steps;
  std::string parts_text;   // their definitions

  ProgramGen(ProgramModel& m, const l2d::SourceFile& s, const l2d::ReadProgram& r, const GenerateOptions& o);
  std::vector<uint32_t> line_starts;               // offset of each line (SourceFile::line_col
                                                   // also counts columns: linear in the line)

  std::string unique_name(const std::string& base, const std::vector<const char*>& derived = {});
  // A function's name, reserving the names of its variants and entry.
  std::string unique_function_name(const std::string& base) {
    return unique_name(base, {"_rec", "_entry", "_entry_rec", "_send", "_ptr", "_rec_ptr", "_rec_send", "_rec_from_quiet"});
  }
  std::string symbol(l2d::Symbol* s);              // C++ expression of type Symbol*
  std::string constant(l2d::Value v);              // k[i]
  std::string function_name(const l2d::ir::Lambda* fn);
  // `&ENTRY` of [fn]'s generic entry and the expression of its constants' row (or nullptr).
  std::pair<std::string, std::string> entry_and_row(const l2d::ir::Lambda* fn);
  // The C++ name of the global function cell of [selector] (rt::register_global_cell).
  std::string global_cell(l2d::Symbol* selector);
  std::unordered_map<l2d::Symbol*, std::string> global_cells;
  unsigned line_of(l2d::Value form) const;         // 0 if unknown
  // The one program method a send of [sel] with [argc] arguments may call directly.
  const MethodInfo* direct_target(l2d::Symbol* sel, uint32_t argc) const;
  // Global functions that sends to nil call through pointers (NAME_ptr, NAME_rec_ptr):
  // the runtime points them at the quiet or recording variant while the function is the
  // one defined, and at NAME_send once it is redefined (direct_calls below). Their quiet
  // variant need not test whether history is on: whoever enters it did.
  bool calls_through_pointer(const l2d::ir::Lambda* fn) const { return pointer_globals.count(fn) != 0; }
  std::unordered_map<const l2d::ir::Lambda*, l2d::Symbol*> pointer_globals;  // and the selector
  // The body of `void direct_calls(bool recording)`, which the runtime calls whenever a
  // global function is (re)defined or history turns on or off.
  std::string direct_calls;
};

// A program cut into units (GenerateOptions::unit_lines) compiles whole, or units
// [first, last] at a time: the compile defines these two macros, which the program's
// preamble tests (gen_program.cpp). As compiler options, or as #define lines (a shipped
// project's unit files).
constexpr const char* unit_first_macro = "L2D_UNIT_FIRST";
constexpr const char* unit_last_macro = "L2D_UNIT_LAST";
std::vector<std::string> unit_bound_options(int first, int last);
std::string unit_bound_defines(int first, int last);

// One line for `l2dc build -v`: which built-in fast paths test for a replacement by a
// program method, and why (gen_program.cpp program_overrides).
std::string fast_path_note(const ProgramModel& model);

// Emits the C++ function(s) of [fn] into gen.definitions (and its declarations).
void generate_function(ProgramGen& gen, l2d::ir::Lambda* fn, const std::string& name, int toplevel_index);

// The compact functions of [fns] (every one a method no closure captures into, made
// only by a top-level defmethod): those alike but for constants share one body
// (shapes.hpp), the others get their own.
void generate_mergeable_functions(ProgramGen& gen, const std::vector<l2d::ir::Lambda*>& fns);

// Top-level forms that run once (no loop), as one cold C++ function switching on the
// form's index; [current] is set to the form being generated.
void generate_toplevel_chunk(ProgramGen& gen, const std::vector<std::pair<int, l2d::ir::Lambda*>>& forms,
                             const std::string& name, l2d::Value& current);

// The whole translation unit. A function the generator cannot finish (the stack check
// raised out-of-memory) adds an error at its form to [diagnostics], and the text is "".
// [unit_sizes]: the lines of definitions in each unit of a split compile (unit 1 first),
// or empty when the file compiles whole only.
std::string generate_program(ProgramModel& model, const l2d::SourceFile& source,
                             const l2d::ReadProgram& read, const GenerateOptions& options,
                             std::vector<l2d::Diagnostic>& diagnostics, std::vector<size_t>& unit_sizes);

}  // namespace l2dc
