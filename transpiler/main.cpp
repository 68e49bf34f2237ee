// l2dc: the command line, mapped to one command (driver/commands.hpp) and nothing more.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <new>

#include "driver/commands.hpp"
#include "driver/version.hpp"

namespace {

// For `run` and `repl`, everything after the script belongs to the program, options
// included: cut the command line there and hand the rest over untouched.
int split_program_arguments(int argc, char** argv, std::vector<std::string>& program_args) {
  if (argc < 2) return argc;
  std::string cmd = argv[1];
  if (cmd != "run" && cmd != "repl") return argc;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") {  // the script follows; everything after it is the program's
      if (i + 1 >= argc) return argc;
      for (int j = i + 2; j < argc; ++j) program_args.push_back(argv[j]);
      return i + 2;
    }
    if (a.size() > 1 && a[0] == '-') {
      if (a == "-o" || a == "-O" || a == "--output" || a == "--history") ++i;  // takes a value
      continue;
    }
    for (int j = i + 1; j < argc; ++j) program_args.push_back(argv[j]);
    return i + 1;  // keep the script itself
  }
  return argc;
}

void add_compile_options(CLI::App* cmd, l2dc::CompileOptions& o, bool with_output) {
  if (with_output) cmd->add_option("-o,--output", o.output, "Where to write the result");
  cmd->add_option("-O", o.opt_level, "Optimisation level of the C++ compiler (0-3; default 2, 0 with -g)")
      ->check(CLI::Range(0, 3))
      ->type_name("LEVEL");
  cmd->add_flag("-g", o.debug, "Debug information: gdb stops at script lines");
  cmd->add_flag("--echo", o.echo, "Print the value of every top-level form, as the REPL does");
  cmd->add_option("--history", o.history, "Initial history size (0 turns recording off)")
      ->check(CLI::Range(0, 1 << 20));
  cmd->add_flag("-v,--verbose", o.verbose, "Report each phase and its time");
}

int run_command(int argc, char** argv) {
  CLI::App app{"l2dc: compiles Lisp2D scripts to C++ and native executables", "l2dc"};
  app.set_version_flag("--version", l2dc::version_text());
  app.require_subcommand(1);
  app.footer("Run `l2dc COMMAND --help` for the options of a command.");

  l2dc::CompileOptions translate_opts, build_opts, check_opts;
  l2dc::RunOptions run_opts;
  l2dc::ShipOptions ship_opts;
  l2dc::ReplOptions repl_opts;

  auto* translate = app.add_subcommand("translate", "Translate a script to C++ (F.cpp, or -o)");
  translate->add_option("script", translate_opts.script, "The .l2d script")->required();
  add_compile_options(translate, translate_opts, true);

  auto* build = app.add_subcommand("build", "Build a native executable from a script");
  build->add_option("script", build_opts.script, "The .l2d script")->required();
  add_compile_options(build, build_opts, true);

  auto* run = app.add_subcommand("run", "Build (cached) and run a script; its exit status passes through");
  add_compile_options(run, run_opts.compile, false);
  run->add_option("script", run_opts.compile.script, "The .l2d script (arguments after it go to the program)")->required();

  auto* ship = app.add_subcommand("ship", "Write a standalone CMake project for a script");
  ship->add_option("script", ship_opts.compile.script, "The .l2d script")->required();
  ship->add_option("-o,--output", ship_opts.directory, "The project directory to create")->required();
  add_compile_options(ship, ship_opts.compile, false);

  auto* check = app.add_subcommand("check", "Check a script for errors without building it");
  check->add_option("script", check_opts.script, "The .l2d script")->required();

  auto* repl = app.add_subcommand("repl", "Interactive mode, or run a script through the evaluator");
  repl->add_option("script", repl_opts.script, "A script to run (no C++ compiler; arguments after it go to the script)");
  repl->add_option("--history", repl_opts.history, "Initial history size")->check(CLI::Range(0, 1 << 20));

  std::vector<std::string> program_args;
  int cli_argc = split_program_arguments(argc, argv, program_args);
  try {
    app.parse(cli_argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  run_opts.args = program_args;
  repl_opts.args = program_args;
  const char* unit_lines = std::getenv("L2DC_UNIT_LINES");
  char* end = nullptr;
  unsigned long lines = unit_lines ? std::strtoul(unit_lines, &end, 10) : 0;
  if (unit_lines && (!*unit_lines || *end || lines > 1000000)) {
    std::fprintf(stderr, "l2dc: warning: L2DC_UNIT_LINES='%s' is not a number of lines (0 to 1000000); ignored\n",
                 unit_lines);
    unit_lines = nullptr;
  }
  for (l2dc::CompileOptions* o : {&translate_opts, &build_opts, &run_opts.compile, &ship_opts.compile}) {
    // Without an explicit -O, -g builds at -O0 so that gdb shows every variable.
    if (o->opt_level < 0) o->opt_level = o->debug ? 0 : 2;
    if (unit_lines) o->unit_lines = lines;
  }

  if (*translate) return l2dc::cmd_translate(translate_opts);
  if (*build) return l2dc::cmd_build(build_opts);
  if (*run) return l2dc::cmd_run(run_opts);
  if (*ship) return l2dc::cmd_ship(ship_opts);
  if (*check) return l2dc::cmd_check(check_opts);
  if (*repl) return l2dc::cmd_repl(repl_opts);
  return 0;
}

}  // namespace

// No exception leaves main: running out of memory (or anything unforeseen) is an error
// message and status 1, never std::terminate and SIGABRT.
int main(int argc, char** argv) {
  try {
    return run_command(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("l2dc: error: out of memory\n", stderr);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "l2dc: error: internal: %s (please report this as an l2dc bug)\n", e.what());
  } catch (...) {
    std::fputs("l2dc: error: internal: an unexpected exception (please report this as an l2dc bug)\n", stderr);
  }
  return 1;
}
