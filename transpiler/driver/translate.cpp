// script -> diagnostics or C++ text (translate.hpp).
#include "translate.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "analyze/program_model.hpp"
#include "analyze/warnings.hpp"
#include "codegen/generator.hpp"
#include "l2d/init.hpp"
#include "source_loader.hpp"

namespace l2dc {

namespace {
double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

PhaseTimer::PhaseTimer(bool verbose) : verbose_(verbose), last_(now_ms()) {}

void PhaseTimer::done(const char* phase) {
  double t = now_ms();
  if (verbose_) std::fprintf(stderr, "l2dc: %-10s %8.1f ms\n", phase, t - last_);
  last_ = t;
}

Translation translate(const CompileOptions& opts, const std::string& cpp_name, const std::string& command_line,
                      const std::string* source) {
  Translation out;
  l2d::init_runtime();
  PhaseTimer timer(opts.verbose);
  LoadedProgram program = source ? load_program(opts.script, *source) : load_program(opts.script);
  timer.done("read+check");
  out.diagnostics = program.diagnostics;
  if (!program.ok()) return out;
  ProgramModel model = build_model(program.toplevel, program.read.forms);
  analyze_sharing(model);
  if (opts.warnings) {
    auto w = find_warnings(model, *program.source, program.read);
    out.diagnostics.insert(out.diagnostics.end(), w.begin(), w.end());
  }
  timer.done("analyse");
  GenerateOptions g;
  g.source_name = std::filesystem::path(opts.script).filename().string();
  g.line_file = opts.line_file.empty() ? opts.script : opts.line_file;
  g.cpp_name = cpp_name;
  g.command_line = command_line;
  g.history = opts.history;
  g.echo = opts.echo;
  out.cpp = generate_program(model, *program.source, program.read, g);
  timer.done("generate");
  out.ok = true;
  return out;
}

}  // namespace l2dc
