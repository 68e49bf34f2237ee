// Running the system C++ compiler (toolchain.hpp).
#include "toolchain.hpp"

#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>

#include "codegen/balanced_runs.hpp"
#include "codegen/generator.hpp"
#include "files.hpp"
#include "l2dc_config.hpp"
#include "translate.hpp"

namespace l2dc {

namespace bp = boost::process;
namespace fs = std::filesystem;

std::string self_executable_path() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

RuntimeLocation find_runtime() {
  RuntimeLocation rt;
  rt.link_libraries = {"-lgc", "-lgmp", "-lpthread"};
  // An installed l2dc: PREFIX/bin/l2dc with PREFIX/include/l2d and PREFIX/LIBDIR/libl2drt.a.
  fs::path exe = self_executable_path();
  if (!exe.empty()) {
    fs::path prefix = exe.parent_path().parent_path();
    fs::path inc = prefix / L2DC_INSTALL_INCLUDE_REL;
    fs::path lib = prefix / L2DC_INSTALL_LIB_REL / "libl2drt.a";
    if (fs::exists(inc / "l2d" / "runtime.hpp") && fs::exists(lib)) {
      rt.include_dir = inc.string();
      rt.library = lib.string();
      fs::path src = prefix / L2DC_INSTALL_DATA_REL / "runtime";
      if (fs::exists(src)) rt.source_dir = src.string();
      return rt;
    }
  }
  rt.include_dir = L2DC_BUILD_INCLUDE_DIR;
  rt.library = L2DC_BUILD_RUNTIME_LIB;
  rt.source_dir = fs::path(L2DC_BUILD_INCLUDE_DIR).parent_path().string();
  return rt;
}

CompilerIdentity find_compiler() {
  CompilerIdentity id;
  const char* env = std::getenv("CXX");
  id.spec = env && *env ? env : "c++";
  std::istringstream words(id.spec);
  std::string w;
  while (words >> w) id.command.push_back(w);
  if (id.command.empty()) id.command.push_back("c++");
  fs::path resolved = id.command[0];
  if (resolved.filename() == resolved) {
    // A bare name is looked up on PATH only, never in the current directory.
    fs::path found = bp::search_path(id.command[0]).string();
    if (found.empty()) id.problem = "not found on PATH";
    else resolved = found;
  }
  id.command[0] = resolved.string();
  struct stat st {};
  if (id.problem.empty()) {
    if (stat(resolved.c_str(), &st) != 0) id.problem = std::strerror(errno);
    else if (S_ISDIR(st.st_mode)) id.problem = std::strerror(EISDIR);
    else if (access(resolved.c_str(), X_OK) != 0) id.problem = std::strerror(errno);
  }
  std::error_code ec;
  fs::path real = fs::canonical(resolved, ec);
  if (id.problem.empty() && !ec && stat(real.c_str(), &st) == 0)
    id.fingerprint = real.string() + ":" + std::to_string(st.st_size) + ":" + std::to_string(st.st_mtime);
  else
    id.fingerprint = id.spec;
  return id;
}

namespace {

// One run of the compiler: its wait status and merged output, or why it did not start.
struct ToolRun {
  bool started = false;
  std::string error;  // when not started
  int status = 0;     // the wait status
  std::string output;
  bool succeeded() const { return started && WIFEXITED(status) && WEXITSTATUS(status) == 0; }
};

ToolRun run_tool(const CompilerIdentity& cxx, const std::vector<std::string>& extra) {
  ToolRun r;
  std::vector<std::string> args(cxx.command.begin() + 1, cxx.command.end());
  args.insert(args.end(), extra.begin(), extra.end());
  try {
    bp::ipstream out;
    bp::child c(cxx.command[0], bp::args(args), (bp::std_out & bp::std_err) > out, bp::std_in < bp::null);
    r.started = true;
    std::string line;
    while (std::getline(out, line)) r.output += line + "\n";
    c.wait();
    r.status = c.native_exit_code();
  } catch (const std::system_error& e) {
    if (r.started) {  // started, then lost: report what is known
      r.status = 1;
      r.output += std::string("l2dc: ") + e.what() + "\n";
    } else {
      r.error = e.code().value() ? std::strerror(e.code().value()) : e.what();
    }
  }
  return r;
}

std::string first_line_with(const std::string& log, const char* what) {
  size_t at = log.find(what);
  if (at == std::string::npos) return "";
  size_t begin = log.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  size_t end = log.find('\n', at);
  return log.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

// Optimising, GCC marks only the first instruction of each C++ statement as a place to
// stop (is_stmt). The statements of a script line start in inlined runtime helpers, so
// the first such place of a line could lie on a slow path: `break FILE:LINE` in a method
// never stopped (packaging.gdb at -O1). Without statement frontiers every instruction of
// a line is one. Clang has no such option (and no such marking).
const std::string every_line_a_statement = "-gno-statement-frontiers";

// Whether the compiler takes [option] (one run of it on empty input).
bool accepts_option(const CompilerIdentity& cxx, const std::string& option) {
  ToolRun r = run_tool(cxx, {option, "-x", "c++", "-fsyntax-only", "/dev/null"});
  return r.succeeded();
}

// Why a run failed, as far as the environment is to blame; rejected otherwise.
NativeResult classify(const CompilerIdentity& cxx, const ToolRun& r) {
  NativeResult out;
  out.log = r.output;
  std::string name = "the C++ compiler '" + cxx.command[0] + "'";
  if (!r.started) {
    out.status = NativeResult::Status::cannot_run;
    out.message = "cannot run " + name + ": " + r.error + " (set CXX)";
  } else if (WIFSIGNALED(r.status)) {
    int sig = WTERMSIG(r.status);
    out.status = NativeResult::Status::killed;
    out.message = name + " was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")" +
                  (sig == SIGKILL ? ", perhaps for want of memory" : "");
  } else if (std::string l = first_line_with(r.output, "signal terminated program"); !l.empty()) {
    out.status = NativeResult::Status::killed;  // g++: "fatal error: Killed signal terminated program cc1plus"
    out.message = name + " was killed (" + l + ")" +
                  (l.find("Killed") != std::string::npos ? ", perhaps for want of memory" : "");
  } else if (r.output.find("virtual memory exhausted") != std::string::npos ||
             r.output.find("out of memory allocating") != std::string::npos ||
             r.output.find("Cannot allocate memory") != std::string::npos) {
    out.status = NativeResult::Status::resources;
    out.message = name + " ran out of memory:\n" + r.output;
  } else if (r.output.find("No space left on device") != std::string::npos ||
             r.output.find("Disk quota exceeded") != std::string::npos) {
    out.status = NativeResult::Status::resources;
    out.message = name + " ran out of disk space:\n" + r.output;
  } else if (std::string l = first_line_with(r.output, "cannot find -l"); !l.empty()) {
    out.status = NativeResult::Status::resources;
    out.message = "a library the runtime needs is missing (" + l + "): install it\n" + r.output;
  } else {
    out.status = NativeResult::Status::rejected;
  }
  return out;
}

const char* const candidate_linkers[] = {"gold", "lld"};

}  // namespace

std::string choose_linker(const CompilerIdentity& cxx, const std::string& memo_file) {
  if (!cxx.problem.empty()) return "";
  for (size_t i = 1; i < cxx.command.size(); ++i)
    if (cxx.command[i].rfind("-fuse-ld=", 0) == 0) return "";  // CXX chose one already
  if (!memo_file.empty()) {
    std::ifstream in(memo_file);
    std::string name;
    if (in >> name) {
      if (name == "default") return "";
      for (const char* l : candidate_linkers)
        if (name == l) return std::string("-fuse-ld=") + l;
    }
  }
  std::string chosen = "default";
  for (const char* l : candidate_linkers) {
    if (run_tool(cxx, {std::string("-fuse-ld=") + l, "-Wl,--version"}).succeeded()) {
      chosen = l;
      break;
    }
  }
  std::string error;
  if (!memo_file.empty()) write_private_file_atomic(memo_file, chosen + "\n", error);  // only a memo
  return chosen == "default" ? "" : "-fuse-ld=" + chosen;
}

void forget_linker(const std::string& memo_file) {
  std::string error;
  if (!memo_file.empty()) write_private_file_atomic(memo_file, "default\n", error);
}

unsigned usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return unsigned(CPU_COUNT(&set));
  unsigned n = std::thread::hardware_concurrency();
  return n ? n : 1;
}

std::vector<CompileJob> plan_compiles(const NativeBuild& job, unsigned cores) {
  size_t units = job.unit_sizes.size();
  size_t jobs = std::min<size_t>(units, cores);
  if (jobs < 2) return {CompileJob{0, 0, job.object_file}};
  std::string stem = job.object_file.size() > 2 && job.object_file.compare(job.object_file.size() - 2, 2, ".o") == 0
                         ? job.object_file.substr(0, job.object_file.size() - 2)
                         : job.object_file;
  std::vector<size_t> run = balanced_runs(job.unit_sizes, jobs);
  std::vector<CompileJob> out;
  for (size_t u = 0; u < units; ++u) {
    if (u == 0 || run[u] != run[u - 1])
      out.push_back(CompileJob{int(u + 1), int(u + 1), stem + "." + std::to_string(out.size() + 1) + ".o"});
    out.back().last = int(u + 1);
  }
  return out;
}

std::vector<std::string> code_layout_options(int opt_level) {
  if (opt_level < 2) return {};
  return {"-falign-functions=32"};
}

NativeResult compile_native(const NativeBuild& job, const CompilerIdentity& cxx, const RuntimeLocation& rt,
                            PhaseTimer& timer) {
  if (!cxx.problem.empty()) {
    ToolRun r;
    r.error = cxx.problem;
    return classify(cxx, r);
  }
  // Every path handed over is absolute or starts with "./", so none reads as an option.
  std::vector<std::string> options{"-std=c++20", "-O" + std::to_string(job.opt_level), "-fno-plt", "-I",
                                   rt.include_dir};
  for (const std::string& o : code_layout_options(job.opt_level)) options.push_back(o);
  if (job.debug) options.push_back("-g");
  if (job.debug && job.opt_level > 0 && accepts_option(cxx, every_line_a_statement)) options.push_back(every_line_a_statement);
  std::vector<CompileJob> plan = plan_compiles(job, usable_cores());
  auto compile_args = [&](const CompileJob& c) {
    std::vector<std::string> args = options;
    if (c.first) {
      for (const std::string& d : unit_bound_options(c.first, c.last)) args.push_back(d);
    }
    args.insert(args.end(), {"-c", "-o", c.object_file, job.cpp_file});
    return args;
  };
  std::vector<ToolRun> runs(plan.size());
  {
    // One thread per compile, each reading its own compiler's output.
    std::vector<std::thread> threads;
    for (size_t i = 0; i < plan.size(); ++i) {
      std::vector<std::string> args = compile_args(plan[i]);
      if (i + 1 == plan.size()) {
        runs[i] = run_tool(cxx, args);  // the last one on this thread
        continue;
      }
      try {
        threads.emplace_back([&runs, &cxx, i, args] { runs[i] = run_tool(cxx, args); });
      } catch (const std::system_error&) {
        runs[i] = run_tool(cxx, args);  // no thread to be had: one after the other
      }
    }
    for (auto& t : threads) t.join();
  }
  // Compiles at once need more memory than one: a compile killed or out of memory runs
  // again alone, now that the others are done.
  int retried = 0;
  if (plan.size() > 1)
    for (size_t i = 0; i < plan.size(); ++i) {
      if (runs[i].succeeded()) continue;
      NativeResult why = classify(cxx, runs[i]);
      bool memory = why.status == NativeResult::Status::killed ||
                    (why.status == NativeResult::Status::resources && why.message.find("memory") != std::string::npos);
      if (!memory) continue;
      runs[i] = run_tool(cxx, compile_args(plan[i]));
      ++retried;
    }
  std::string note;
  if (plan.size() > 1)
    note = "(" + std::to_string(plan.size()) + " compiles of " + std::to_string(job.unit_sizes.size()) +
           " units at once" + (retried ? ", " + std::to_string(retried) + " again alone for want of memory" : "") + ")";
  timer.done("compile", note);
  for (const ToolRun& r : runs)
    if (!r.succeeded()) return classify(cxx, r);

  auto link_args = [&](const std::string& linker) {
    std::vector<std::string> link;
    if (!linker.empty()) link.push_back(linker);
    link.insert(link.end(), {"-o", job.output});
    for (const CompileJob& c : plan) link.push_back(c.object_file);
    link.push_back(rt.library);
    for (const auto& l : rt.link_libraries) link.push_back(l);
    link.push_back("-Wl,--gc-sections");
    if (!job.debug) link.push_back("-s");
    return link;
  };
  ToolRun r = run_tool(cxx, link_args(job.linker));
  NativeResult result;
  if (!r.succeeded() && !job.linker.empty() && r.started && WIFEXITED(r.status)) {
    // The faster linker failed: the default one decides.
    ToolRun again = run_tool(cxx, link_args(""));
    if (again.succeeded()) result.linker_failed = true;
    r = again;
  }
  timer.done("link");
  if (!r.succeeded()) return classify(cxx, r);
  result.log = r.output;
  return result;
}

}  // namespace l2dc
