// Loading a script and turning every reader or lowering problem into diagnostics.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "l2d/ir.hpp"
#include "l2d/lower.hpp"
#include "l2d/reader.hpp"
#include "l2d/roots.hpp"
#include "l2d/source.hpp"

namespace l2dc {

// A script read and lowered: the data, their positions and one function per top-level
// form, or the diagnostics that stop it.
struct LoadedProgram {
  std::unique_ptr<l2d::SourceFile> source;
  l2d::ReadProgram read;
  std::vector<l2d::ir::Lambda*> toplevel;  // kept alive by `roots`
  l2d::gc::RootSet roots;                  // the forms and functions, for the collector
  uint32_t node_count = 0;
  uint32_t var_count = 0;
  std::vector<l2d::Diagnostic> diagnostics;
  bool ok() const;
};

// Reads [path] (read_script: a directory or a script over the size limit is refused); a
// file that cannot be read gives one diagnostic naming it.
LoadedProgram load_program(const std::string& path);
// The script [text], read from [path] already.
LoadedProgram load_program(const std::string& path, std::string text);

// Prints diagnostics to standard error (colour on a terminal unless NO_COLOR is set).
void print_diagnostics(const std::vector<l2d::Diagnostic>& diags);
// `l2dc: error: message` for problems without a source position.
void print_error(const std::string& message);
// `l2dc: warning: message`.
void print_warning(const std::string& message);

}  // namespace l2dc
