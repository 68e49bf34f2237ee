// translate, build, run and check.
#include "commands.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "analyze/program_model.hpp"
#include "analyze/warnings.hpp"
#include "cache.hpp"
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

// Writes [text] to [path] atomically: a temporary file beside it, then rename.
bool write_file(const std::string& path, const std::string& text, std::string& error) {
  fs::path target(path);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string tmpl = (dir / ".l2dc-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back(0);
  int fd = mkstemp(buf.data());
  if (fd < 0) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t w = ::write(fd, text.data() + done, text.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      error = "cannot write '" + path + "': " + std::strerror(errno);
      ::close(fd);
      ::unlink(buf.data());
      return false;
    }
    done += size_t(w);
  }
  if (::fsync(fd) != 0 && errno != EINVAL) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    ::close(fd);
    ::unlink(buf.data());
    return false;
  }
  ::fchmod(fd, 0644);
  ::close(fd);
  if (std::rename(buf.data(), path.c_str()) != 0) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    ::unlink(buf.data());
    return false;
  }
  return true;
}

std::string read_source(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = bool(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string command_line_text(const char* cmd, const CompileOptions& o) {
  std::string s = std::string("l2dc ") + cmd + " " + fs::path(o.script).filename().string();
  s += " -O" + std::to_string(o.opt_level);
  if (o.debug) s += " -g";
  if (o.echo) s += " --echo";
  if (o.history != 12) s += " --history " + std::to_string(o.history);
  return s;
}

// Builds [opts.script] into the cache (or finds it there); returns the executable.
std::optional<std::string> build_cached(const CompileOptions& opts, const char* cmd) {
  PhaseTimer timer(opts.verbose);
  bool readable;
  std::string source = read_source(opts.script, readable);
  if (!readable) {
    print_diagnostics(load_program(opts.script).diagnostics);
    return std::nullopt;
  }
  RuntimeLocation rt = find_runtime();
  CompilerIdentity cxx = find_compiler();
  BuildCache cache(source, opts, cxx, rt);
  if (auto hit = cache.lookup()) {
    timer.done("cache hit");
    return hit;
  }
  timer.done("cache miss");
  std::string work = cache.make_work_dir();
  if (work.empty()) {
    print_error(std::string("cannot create a work directory: ") + std::strerror(errno));
    return std::nullopt;
  }
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      if (!dir.empty()) fs::remove_all(dir, ec);
    }
  } cleanup{work};
  std::string stem = fs::path(opts.script).stem().string();
  std::string cpp_file = work + "/program.cpp";
  Translation t = translate(opts, fs::path(opts.script).stem().string() + ".cpp", command_line_text(cmd, opts));
  print_diagnostics(t.diagnostics);
  if (!t.ok) return std::nullopt;
  std::string error;
  if (!write_file(cpp_file, t.cpp, error)) {
    print_error(error);
    return std::nullopt;
  }
  NativeBuild job{cpp_file, work + "/program.tmp", opts.opt_level, opts.debug};
  std::string log;
  if (!compile_native(job, cxx, rt, log)) {
    print_error("internal: the C++ compiler rejected the generated code for '" + opts.script +
                "' (please report this as an l2dc bug):\n" + log);
    return std::nullopt;
  }
  timer.done("c++");
  auto stored = cache.store(job.output, error);
  if (!stored) {
    print_error(error);
    return std::nullopt;
  }
  if (stored->rfind(work, 0) == 0) cleanup.dir.clear();  // no cache: keep the work dir
  timer.done("cache");
  return stored;
}

}  // namespace

int cmd_translate(const CompileOptions& opts) {
  std::string output = opts.output.empty() ? fs::path(opts.script).replace_extension(".cpp").string() : opts.output;
  if (fs::path(opts.script).extension() != ".l2d" && opts.output.empty()) output = opts.script + ".cpp";
  Translation t = translate(opts, fs::path(output).filename().string(), command_line_text("translate", opts));
  print_diagnostics(t.diagnostics);
  if (!t.ok) return 1;
  std::string error;
  if (output == "-") {
    std::cout << t.cpp << std::flush;
    return std::cout ? 0 : 1;
  }
  if (!write_file(output, t.cpp, error)) {
    print_error(error);
    return 1;
  }
  return 0;
}

int cmd_build(const CompileOptions& opts) {
  std::string output = opts.output.empty() ? without_extension(opts.script) : opts.output;
  auto exe = build_cached(opts, "build");
  if (!exe) return 1;
  // Copy (not move) out of the cache, atomically.
  std::string tmp = output + ".l2dc-tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::copy_file(*exe, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    print_error("cannot write '" + output + "': " + ec.message());
    fs::remove(tmp, ec);
    return 1;
  }
  fs::permissions(tmp, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec, ec);
  if (std::rename(tmp.c_str(), output.c_str()) != 0) {
    print_error("cannot write '" + output + "': " + std::strerror(errno));
    fs::remove(tmp, ec);
    return 1;
  }
  return 0;
}

int cmd_run(const RunOptions& opts) {
  CompileOptions compile = opts.compile;
  compile.warnings = opts.compile.verbose;  // the program's standard error is its own
  auto exe = build_cached(compile, "run");
  if (!exe) return 1;
  std::vector<std::string> args{fs::path(opts.compile.script).filename().string()};
  for (const auto& a : opts.args) args.push_back(a);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  execv(exe->c_str(), argv.data());
  print_error("cannot run '" + *exe + "': " + std::strerror(errno));
  return 127;
}

int cmd_check(const CompileOptions& opts) {
  l2d::init_runtime();
  LoadedProgram program = load_program(opts.script);
  if (program.ok()) {
    ProgramModel model = build_model(program.toplevel, program.read.forms);
    auto w = find_warnings(model, *program.source, program.read);
    program.diagnostics.insert(program.diagnostics.end(), w.begin(), w.end());
  }
  print_diagnostics(program.diagnostics);
  return program.ok() ? 0 : 1;
}

}  // namespace l2dc
