// `l2dc ship F.l2d -o DIR`: a standalone CMake project — the generated C++, the script
// (for #line), the runtime's sources and a CMakeLists.txt from templates/ship/ — that
// builds with a C++ compiler, CMake and the runtime's Debian libraries, without l2dc.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "codegen/generator.hpp"
#include "codegen/templates.hpp"
#include "commands.hpp"
#include "files.hpp"
#include "source_loader.hpp"
#include "toolchain.hpp"
#include "translate.hpp"
#include "version.hpp"

namespace l2dc {

namespace fs = std::filesystem;

namespace {

// Every file of the project is new: created exclusively, never through a link.
bool copy_new_file(const fs::path& from, const fs::path& to, std::string& error) {
  std::ifstream in(from, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();  // (an empty file inserts nothing: that is fine)
  if (!in || in.bad()) {
    error = "cannot read '" + from.string() + "'";
    return false;
  }
  return write_new_file(to.string(), text.str(), false, error);
}

// Copies the runtime's headers and sources (no build products) into DIR/runtime.
bool copy_runtime(const std::string& from, const fs::path& to, std::string& error) {
  std::error_code ec;
  for (const char* part : {"include", "src"}) {
    fs::path src = fs::path(from) / part;
    if (!fs::is_directory(src)) {
      error = "the runtime sources are missing at '" + src.string() + "'";
      return false;
    }
    for (const auto& entry : fs::recursive_directory_iterator(src, ec)) {
      if (!entry.is_regular_file()) continue;
      std::string ext = entry.path().extension().string();
      if (ext != ".hpp" && ext != ".cpp" && ext != ".def") continue;
      fs::path rel = fs::relative(entry.path(), from);
      fs::create_directories((to / rel).parent_path(), ec);
      if (ec) {
        error = "cannot create '" + (to / rel).parent_path().string() + "': " + ec.message();
        return false;
      }
      if (!copy_new_file(entry.path(), to / rel, error)) return false;
    }
    if (ec) {
      error = "cannot read the runtime sources: " + ec.message();
      return false;
    }
  }
  return true;
}

// The shipped project's compile options: those l2dc build gives the program.
std::string program_flags(const CompileOptions& compile) {
  std::string flags = "-O" + std::to_string(compile.opt_level);
  for (const std::string& o : code_layout_options(compile.opt_level)) flags += " " + o;
  return flags + (compile.debug ? " -g" : "");
}

std::string program_name(const std::string& script) {
  std::string stem = fs::path(script).stem().string();
  std::string name;
  for (char c : stem) name += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) name = "program_" + name;
  return name;
}

// The README's word on the unit files, for a program cut into [units].
std::string units_note(const std::string& cpp_file, size_t units) {
  return "- `units/` holds " + std::to_string(units) + " small files, each of which includes `" + cpp_file +
         "` with the bounds of\n  one part of it: the build compiles them in parallel (`cmake --build build "
         "--parallel`).\n  `" + cpp_file + "` also compiles whole, as one file.\n";
}

// The files CMake compiles into the program: [cpp_file] whole, or, for a program cut
// into units (Translation::unit_sizes), one file per unit that includes it with that
// unit's bounds, so that the build compiles them in parallel as l2dc build does. Adds
// the unit files to [files] (path in the project → text).
std::vector<std::string> program_sources(const std::string& name, const std::string& cpp_file, size_t units,
                                         std::vector<std::pair<std::string, std::string>>& files) {
  if (units < 2) return {cpp_file};
  std::vector<std::string> sources;
  for (size_t u = 1; u <= units; ++u) {
    std::string n = std::to_string(u);
    std::string path = "units/" + name + ".unit" + n + ".cpp";
    files.emplace_back(path, "// Unit " + n + " of " + std::to_string(units) + " of " + cpp_file +
                                 ": the build compiles the units in parallel (the file also compiles whole).\n" +
                                 unit_bound_defines(int(u), int(u)) + "#include \"../" +
                                 cpp_file + "\"\n");
    sources.push_back(path);
  }
  return sources;
}

}  // namespace

int cmd_ship(const ShipOptions& opts) {
  fs::path dir = opts.directory;
  std::string name = program_name(opts.compile.script);
  std::string script_copy = name + ".l2d";
  std::string cpp_file = name + ".cpp";
  std::error_code ec;
  std::string source;
  std::string error;
  if (!read_script(opts.compile.script, source, error)) {
    l2d::Diagnostic d;
    d.file = opts.compile.script;
    d.message = error;
    print_diagnostics({d});
    return 1;
  }
  if (fs::exists(dir) && !fs::is_directory(dir)) {
    print_error("'" + dir.string() + "' exists and is not a directory");
    return 1;
  }
  if (fs::is_directory(dir) && !fs::is_empty(dir, ec)) {
    print_error("'" + dir.string() + "' is not empty; ship writes a new project into an empty or new directory");
    return 1;
  }
  // #line directives name the script copy beside the C++ file: no build-machine paths.
  CompileOptions compile = opts.compile;
  compile.line_file = script_copy;
  Translation t = translate(compile, cpp_file, "l2dc ship " + fs::path(compile.script).filename().string(), &source);
  print_diagnostics(t.diagnostics);
  if (!t.ok) return 1;
  RuntimeLocation rt = find_runtime();
  bool created = !fs::exists(dir);
  fs::create_directories(dir, ec);
  if (ec) {
    print_error("cannot create '" + dir.string() + "': " + ec.message());
    return 1;
  }
  std::vector<std::pair<std::string, std::string>> unit_files;
  std::string sources;
  for (const std::string& file : program_sources(name, cpp_file, t.unit_sizes.size(), unit_files))
    sources += (sources.empty() ? "" : "\n    ") + file;
  std::map<std::string, std::string> values{{"L2DC_VERSION", version_number()},
                                            {"SOURCE_NAME", fs::path(opts.compile.script).filename().string()},
                                            {"PROGRAM", name},
                                            {"CPP_FILE", cpp_file},
                                            {"PROGRAM_SOURCES", sources},
                                            {"UNITS_NOTE", unit_files.empty() ? "" : units_note(cpp_file, unit_files.size())},
                                            {"PROGRAM_FLAGS", program_flags(opts.compile)}};
  auto write = [&](const std::string& file, const std::string& text) {
    return write_new_file((dir / file).string(), text, false, error);
  };
  bool ok = write(cpp_file, t.cpp);
  if (ok && !unit_files.empty()) {
    fs::create_directories(dir / "units", ec);
    if (ec) {
      error = "cannot create '" + (dir / "units").string() + "': " + ec.message();
      ok = false;
    }
  }
  for (const auto& [file, text] : unit_files) ok = ok && write(file, text);
  ok = ok &&
            write("CMakeLists.txt", templates::fill(templates::find("ship/CMakeLists.txt.in"), values)) &&
            write("README.md", templates::fill(templates::find("ship/README.md.in"), values)) &&
            write(script_copy, source) && copy_runtime(rt.source_dir, dir / "runtime", error);
  if (!ok) {
    print_error(error);
    // No half-written project: what ship made goes (an empty directory given stays).
    if (created) {
      fs::remove_all(dir, ec);
    } else {
      for (const auto& entry : fs::directory_iterator(dir, ec)) fs::remove_all(entry.path(), ec);
    }
    return 1;
  }
  return 0;
}

}  // namespace l2dc
