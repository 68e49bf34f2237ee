// Running the system C++ compiler (toolchain.hpp).
#include "toolchain.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "l2dc_config.hpp"

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
  std::string spec = env && *env ? env : "c++";
  std::istringstream words(spec);
  std::string w;
  while (words >> w) id.command.push_back(w);
  if (id.command.empty()) id.command.push_back("c++");
  fs::path resolved = id.command[0];
  if (resolved.filename() == resolved) {
    fs::path found = bp::search_path(id.command[0]).string();
    if (!found.empty()) resolved = found;
  }
  id.command[0] = resolved.string();
  std::error_code ec;
  fs::path real = fs::canonical(resolved, ec);
  struct stat st {};
  if (!ec && stat(real.c_str(), &st) == 0)
    id.fingerprint = real.string() + ":" + std::to_string(st.st_size) + ":" + std::to_string(st.st_mtime);
  else
    id.fingerprint = spec;
  return id;
}

bool compile_native(const NativeBuild& job, const CompilerIdentity& cxx, const RuntimeLocation& rt,
                    std::string& log) {
  std::vector<std::string> args(cxx.command.begin() + 1, cxx.command.end());
  // Every path handed over is absolute or starts with "./", so none reads as an option.
  args.insert(args.end(), {"-std=c++20", "-O" + std::to_string(job.opt_level), "-fno-plt", "-I", rt.include_dir,
                           "-o", job.output, job.cpp_file});
  if (job.debug) args.push_back("-g");
  args.push_back(rt.library);
  for (const auto& l : rt.link_libraries) args.push_back(l);
  args.push_back("-Wl,--gc-sections");
  if (!job.debug) args.push_back("-s");
  if (!fs::exists(cxx.command[0])) {
    log = "the C++ compiler '" + cxx.command[0] + "' was not found (set CXX)";
    return false;
  }
  try {
    bp::ipstream out;
    bp::child c(cxx.command[0], bp::args(args), (bp::std_out & bp::std_err) > out, bp::std_in < bp::null);
    std::string line;
    while (std::getline(out, line)) log += line + "\n";
    c.wait();
    return c.exit_code() == 0;
  } catch (const std::exception& e) {
    log = std::string("cannot run the C++ compiler: ") + e.what();
    return false;
  }
}

}  // namespace l2dc
