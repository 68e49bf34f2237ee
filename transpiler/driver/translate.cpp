// script -> diagnostics or C++ text (translate.hpp).
#include "translate.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
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

struct StackJob {
  const std::function<void()>* body;
  std::exception_ptr error;
};
void run_stack_job(void* p) {
  auto* job = static_cast<StackJob*>(p);
  try {
    (*job->body)();
  } catch (...) {
    job->error = std::current_exception();
  }
}
}  // namespace

void on_large_stack(const std::function<void()>& body) {
  l2d::init_runtime();
  StackJob job{&body, nullptr};
  l2d::run_on_program_thread(run_stack_job, &job);
  if (job.error) std::rethrow_exception(job.error);
}

PhaseTimer::PhaseTimer(bool verbose) : verbose_(verbose), last_(now_ms()) {}

void PhaseTimer::done(const char* phase, const std::string& note) {
  double t = now_ms();
  if (verbose_) std::fprintf(stderr, "l2dc: %-10s %8.1f ms%s%s\n", phase, t - last_, note.empty() ? "" : "  ", note.c_str());
  last_ = t;
}

namespace {

Translation translate_here(const CompileOptions& opts, const std::string& cpp_name, const std::string& command_line,
                           const std::string* source) {
  Translation out;
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
  if (opts.verbose) std::fprintf(stderr, "l2dc: %s\n", fast_path_note(model).c_str());
  GenerateOptions g;
  g.source_name = std::filesystem::path(opts.script).filename().string();
  g.line_file = opts.line_file.empty() ? opts.script : opts.line_file;
  g.cpp_name = cpp_name;
  g.command_line = command_line;
  g.history = opts.history;
  g.echo = opts.echo;
  g.unit_lines = opts.unit_lines;
  g.leaf_entries = opts.opt_level < 0 || opts.opt_level >= 2;  // -1: not given, 2
  out.cpp = generate_program(model, *program.source, program.read, g, out.diagnostics, out.unit_sizes);
  timer.done("generate");
  out.ok = out.ok_diagnostics();
  if (!out.ok) out.cpp.clear();
  return out;
}

}  // namespace

Translation translate(const CompileOptions& opts, const std::string& cpp_name, const std::string& command_line,
                      const std::string* source) {
  Translation out;
  // Lowering, analysis and generation recurse once per nesting level: a large stack
  // takes every depth the reader accepts; beyond it, the stack check raises
  // out-of-memory, reported here instead of escaping (spec 3.8 for the compiler).
  on_large_stack([&] {
    try {
      out = translate_here(opts, cpp_name, command_line, source);
    } catch (l2d::rt::Thrown&) {
      l2d::Diagnostic d;
      d.file = opts.script;
      d.message = "internal: the program is too large or too deeply nested to translate (out of memory)";
      out.diagnostics.push_back(d);
      out.ok = false;
      out.cpp.clear();
    }
  });
  return out;
}

}  // namespace l2dc
