// Loading scripts: reading, lowering, and locating every problem in the source.
#include "source_loader.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "analyze/classes.hpp"
#include "files.hpp"
#include "l2d/gc.hpp"

namespace l2dc {

using namespace l2d;

bool LoadedProgram::ok() const {
  for (const auto& d : diagnostics)
    if (d.severity == Severity::error) return false;
  return true;
}

namespace {

bool use_color() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(2);
}

// The offset of a lowering error: the list itself, else the element holding the datum,
// else its top-level form.
size_t locate(const ReadProgram& rp, const ir::LowerError& e, size_t fallback) {
  uint32_t offset;
  if (rp.positions.find_list(e.datum, offset)) return offset;
  if (is_cons(e.cell)) {
    auto it = rp.positions.element.find(e.cell.ptr());
    if (it != rp.positions.element.end()) return it->second;
  }
  return fallback;
}

}  // namespace

void print_diagnostics(const std::vector<Diagnostic>& diags) {
  RenderOptions opts{use_color()};
  std::string text;
  for (const auto& d : diags) text += render(d, opts);
  std::cerr << text << std::flush;
}

void print_error(const std::string& message) {
  Diagnostic d;
  d.message = message;
  print_diagnostics({d});
}

void print_warning(const std::string& message) {
  Diagnostic d;
  d.severity = Severity::warning;
  d.message = message;
  print_diagnostics({d});
}

LoadedProgram load_program(const std::string& path) {
  std::string text, error;
  if (!read_script(path, text, error)) {
    LoadedProgram out;
    Diagnostic d;
    d.file = path;
    d.message = error;
    out.diagnostics.push_back(d);
    return out;
  }
  return load_program(path, std::move(text));
}

LoadedProgram load_program(const std::string& path, std::string text) {
  LoadedProgram out;
  out.source = std::make_unique<SourceFile>(path, std::move(text));
  out.read = read_program(*out.source);
  if (!out.read.ok()) {
    out.diagnostics = out.read.diagnostics;
    return out;
  }
  out.roots.add(out.read.forms.ptr());
  ir::Lowering lowering(ir::Lowering::Mode::compile);
  StaticClasses classes;  // defclass forms checked against the classes of earlier forms
  size_t i = 0;
  size_t reported = 0;
  for (Value l = out.read.forms; is_cons(l); l = l.as<Cons>()->rest, ++i) {
    ir::Lambda* fn = lowering.toplevel(l.as<Cons>()->first);
    out.toplevel.push_back(fn);
    out.roots.add(fn);
    for (; reported < lowering.errors().size(); ++reported) {
      const auto& e = lowering.errors()[reported];
      out.diagnostics.push_back(make_diagnostic(*out.source, locate(out.read, e, out.read.offsets[i]),
                                                Severity::error, e.message));
    }
    std::vector<ir::LowerError> class_errors;
    classes.add_toplevel(fn, class_errors);
    for (const auto& e : class_errors)
      out.diagnostics.push_back(make_diagnostic(*out.source, locate(out.read, e, out.read.offsets[i]),
                                                Severity::error, e.message));
  }
  out.node_count = lowering.node_count();
  out.var_count = lowering.var_count();
  return out;
}

}  // namespace l2dc
