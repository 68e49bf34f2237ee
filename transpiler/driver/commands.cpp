// translate, build, run and check.
#include "commands.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "analyze/program_model.hpp"
#include "analyze/warnings.hpp"
#include "cache.hpp"
#include "files.hpp"
#include "l2d/init.hpp"
#include "source_loader.hpp"
#include "toolchain.hpp"
#include "translate.hpp"

namespace l2dc {

namespace fs = std::filesystem;

namespace {

std::string without_extension(const std::string& path) {
  fs::path p(path);
  if (p.extension() == ".l2d") p.replace_extension();
  else p += ".out";
  return p.string();
}

// The output must not be the script itself (`l2dc build prog -o prog`).
bool overwrites_script(const std::string& script, const std::string& output) {
  std::error_code ec;
  if (fs::equivalent(script, output, ec)) {
    print_error("the output '" + output + "' is the script itself; choose another with -o");
    return true;
  }
  return false;
}

bool read_script_or_report(const std::string& path, std::string& text) {
  std::string error;
  if (read_script(path, text, error)) return true;
  l2d::Diagnostic d;
  d.file = path;
  d.message = error;
  print_diagnostics({d});
  return false;
}

std::string command_line_text(const char* cmd, const CompileOptions& o) {
  std::string s = std::string("l2dc ") + cmd + " " + fs::path(o.script).filename().string();
  s += " -O" + std::to_string(o.opt_level);
  if (o.debug) s += " -g";
  if (o.echo) s += " --echo";
  if (o.history != 12) s += " --history " + std::to_string(o.history);
  return s;
}

// An executable built for a command: in the cache, or (with no usable cache) in a
// private work directory the caller removes when done.
struct Built {
  std::string exe;
  std::string scratch_dir;  // "" when the executable lives in the cache
  ~Built() {
    std::error_code ec;
    if (!scratch_dir.empty()) fs::remove_all(scratch_dir, ec);
  }
};

// Builds [opts.script] into the cache (or finds it there).
std::unique_ptr<Built> build_cached(const CompileOptions& opts, const char* cmd) {
  PhaseTimer timer(opts.verbose);
  std::string source;  // read once: the cache key describes the very text translated
  if (!read_script_or_report(opts.script, source)) return nullptr;
  RuntimeLocation rt = find_runtime();
  CompilerIdentity cxx = find_compiler();
  BuildCache cache(source, opts, cxx, rt);
  if (!cache.warning().empty()) print_warning(cache.warning());
  if (auto hit = cache.lookup()) {
    if (opts.warnings) std::cerr << cache.cached_warnings() << std::flush;
    timer.done("cache hit");
    auto b = std::make_unique<Built>();
    b->exe = *hit;
    return b;
  }
  timer.done("cache miss");
  Translation t = translate(opts, fs::path(opts.script).stem().string() + ".cpp", command_line_text(cmd, opts),
                            &source);
  std::string warnings;
  for (const auto& d : t.diagnostics) warnings += render(d, {});
  if (opts.warnings || !t.ok) print_diagnostics(t.diagnostics);
  if (!t.ok) return nullptr;
  if (!cxx.problem.empty()) {  // before any work directory is made
    print_error("cannot run the C++ compiler '" + cxx.command[0] + "': " + cxx.problem + " (set CXX)");
    return nullptr;
  }
  std::string work = cache.make_work_dir();
  if (work.empty()) {
    print_error(std::string("cannot create a work directory: ") + std::strerror(errno));
    return nullptr;
  }
  auto built = std::make_unique<Built>();
  built->scratch_dir = work;
  std::string cpp_file = work + "/program.cpp";
  std::string error;
  if (!write_file_atomic(cpp_file, t.cpp, false, error)) {
    print_error(error);
    return nullptr;
  }
  timer.done("translate");  // all of it: read+check, analyse, generate, and writing the C++
  NativeBuild job{cpp_file, work + "/program.o", t.unit_sizes, work + "/program.tmp", opts.opt_level, opts.debug, ""};
  std::string memo = cache.toolchain_memo();
  job.linker = choose_linker(cxx, memo);
  timer.done("toolchain");
  NativeResult r = compile_native(job, cxx, rt, timer);
  if (r.linker_failed) forget_linker(memo);
  if (r.status == NativeResult::Status::rejected) {
    l2d::Diagnostic d;
    d.message = "internal: the C++ compiler rejected the generated code for '" + opts.script +
                "' (please report this as an l2dc bug); it said:";
    d.detail = r.log;
    print_diagnostics({d});
    return nullptr;
  }
  if (r.status != NativeResult::Status::ok) {
    // The compiler's own lines (out of memory, of disk space) under the header, as lines.
    size_t newline = r.message.find('\n');
    l2d::Diagnostic d;
    d.message = "cannot build '" + opts.script + "': " + r.message.substr(0, newline);
    if (newline != std::string::npos) d.detail = r.message.substr(newline + 1);
    print_diagnostics({d});
    return nullptr;
  }
  bool in_work = true;
  auto stored = cache.store(job.output, warnings, in_work, error);
  if (!stored) {
    print_error(error);
    return nullptr;
  }
  built->exe = *stored;
  if (!in_work) {
    std::error_code ec;
    fs::remove_all(work, ec);  // the cache took the executable
    built->scratch_dir.clear();
  }
  timer.done("cache");
  return built;
}

// Runs [exe] as a child and returns its status as a shell would (128 + signal).
int run_child(const std::string& exe, std::vector<char*>& argv) {
  std::cout.flush();
  pid_t pid = fork();
  if (pid < 0) {
    print_error(std::string("cannot start the program: ") + std::strerror(errno));
    return 127;
  }
  if (pid == 0) {
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  signal(SIGINT, SIG_IGN);  // the program handles the terminal's signals
  signal(SIGQUIT, SIG_IGN);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

}  // namespace

int cmd_translate(const CompileOptions& opts) {
  std::string output = opts.output.empty() ? fs::path(opts.script).replace_extension(".cpp").string() : opts.output;
  if (fs::path(opts.script).extension() != ".l2d" && opts.output.empty()) output = opts.script + ".cpp";
  std::string source;
  if (!read_script_or_report(opts.script, source)) return 1;
  if (output != "-" && overwrites_script(opts.script, output)) return 1;
  Translation t = translate(opts, fs::path(output).filename().string(), command_line_text("translate", opts), &source);
  print_diagnostics(t.diagnostics);
  if (!t.ok) return 1;
  std::string error;
  if (output == "-") {
    std::cout << t.cpp << std::flush;
    return std::cout ? 0 : 1;
  }
  if (!write_file_atomic(output, t.cpp, false, error)) {
    print_error(error);
    return 1;
  }
  return 0;
}

int cmd_build(const CompileOptions& opts) {
  std::string output = opts.output.empty() ? without_extension(opts.script) : opts.output;
  if (overwrites_script(opts.script, output)) return 1;
  PhaseTimer timer(opts.verbose);
  auto built = build_cached(opts, "build");
  if (!built) return 1;
  // Copied (not moved) out of the cache, through a private temporary beside the output.
  std::string error;
  if (!copy_file_atomic(built->exe, output, true, error)) {
    print_error(error);
    return 1;
  }
  timer.done("total");
  return 0;
}

int cmd_run(const RunOptions& opts) {
  CompileOptions compile = opts.compile;
  compile.warnings = opts.compile.verbose;  // the program's standard error is its own
  auto built = build_cached(compile, "run");
  if (!built) return 1;
  std::vector<std::string> args{fs::path(opts.compile.script).filename().string()};
  for (const auto& a : opts.args) args.push_back(a);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Without a cache the executable must be removed afterwards: run it as a child.
  if (!built->scratch_dir.empty()) return run_child(built->exe, argv);
  std::cout.flush();
  execv(built->exe.c_str(), argv.data());
  print_error("cannot run '" + built->exe + "': " + std::strerror(errno));
  return 127;
}

int cmd_check(const CompileOptions& opts) {
  bool ok = false;
  // On the translation's large stack: check accepts exactly what build accepts.
  on_large_stack([&] {
    try {
      LoadedProgram program = load_program(opts.script);
      if (program.ok()) {
        ProgramModel model = build_model(program.toplevel, program.read.forms);
        auto w = find_warnings(model, *program.source, program.read);
        program.diagnostics.insert(program.diagnostics.end(), w.begin(), w.end());
      }
      print_diagnostics(program.diagnostics);
      ok = program.ok();
    } catch (l2d::rt::Thrown&) {
      l2d::Diagnostic d;
      d.file = opts.script;
      d.message = "internal: the program is too large or too deeply nested to check (out of memory)";
      print_diagnostics({d});
    }
  });
  return ok ? 0 : 1;
}

}  // namespace l2dc
