// `l2dc repl` (interactive, spec 1.4) and `l2dc repl FILE` (a script through the
// evaluator, with the compiled program's `arg`, output and exit status).
#include <histedit.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "commands.hpp"
#include "l2d/eval.hpp"
#include "l2d/init.hpp"
#include "l2d/lower.hpp"
#include "l2d/printer.hpp"
#include "l2d/process.hpp"
#include "l2d/stream.hpp"
#include "l2d/task.hpp"
#include "source_loader.hpp"

namespace l2dc {

using namespace l2d;

namespace {

// ---- line editing on a terminal ----------------------------------------------------------
struct LineEditor {
  EditLine* el = nullptr;
  History* hist = nullptr;
  HistEvent ev;
  bool at_form_start = true;  // the prompt is written before each read of a form
  std::string pending_entry;  // the lines of the form being typed
};
LineEditor editor;

const char* prompt(EditLine*) { return editor.at_form_start ? ">" : ""; }

// A form typed over several lines becomes one history entry, its lines joined by spaces,
// entered when the next form starts so that the up arrow recalls the whole form.
void enter_pending_history() {
  if (editor.pending_entry.find_first_not_of(" \t") != std::string::npos)
    history(editor.hist, &editor.ev, H_ENTER, editor.pending_entry.c_str());
  editor.pending_entry.clear();
}

bool read_terminal_line(std::string& out) {
  if (editor.at_form_start) enter_pending_history();
  int count = 0;
  const char* line = el_gets(editor.el, &count);
  if (!line || count <= 0) return false;
  out.assign(line, size_t(count));
  std::string text = out;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (!editor.pending_entry.empty() && !text.empty()) editor.pending_entry += ' ';
  editor.pending_entry += text;
  editor.at_form_start = false;
  return true;
}

void start_line_editor() {
  editor.el = el_init("l2dc", stdin, stdout, stderr);
  editor.hist = history_init();
  history(editor.hist, &editor.ev, H_SETSIZE, 1000);
  el_set(editor.el, EL_PROMPT, prompt);
  el_set(editor.el, EL_EDITOR, "emacs");
  el_set(editor.el, EL_HIST, history, editor.hist);
  cin_stream->impl->fill_hook = read_terminal_line;
}

// After a form: spaces and tabs, then one newline, are consumed (spec 1.4).
void skip_to_next_line(Stream* in) {
  StreamImpl* im = in->impl;
  for (;;) {
    if (stream_fill(in, 1) == 0) return;
    char c = im->in[im->in_pos];
    if (c == ' ' || c == '\t') {
      ++im->in_pos;
      continue;
    }
    if (c == '\n') ++im->in_pos;
    return;
  }
}

struct ReplState {
  bool terminal;
  Value last = nil;
  bool last_failed = false;
};

void interactive_main(void* data) {
  auto* st = static_cast<ReplState*>(data);
  for (;;) {
    editor.at_form_start = true;
    Value form;
    try {
      if (!stream_read_datum(cin_stream, form)) break;
      skip_to_next_line(cin_stream);
      ir::Lowering lowering(ir::Lowering::Mode::eval);
      ir::Lambda* fn = lowering.toplevel(form);
      Value v = run_toplevel(fn);
      st->last = v;
      st->last_failed = false;
      stream_output(cout_stream, readable_form(v) + "\n");
    } catch (rt::Thrown&) {
      report_uncaught();
      st->last_failed = true;
    }
  }
  exit_process(st->last_failed ? 1 : exit_status_of(st->last));
}

struct ScriptRun {
  LoadedProgram* program;
};

void script_main(void* data) {
  auto* run = static_cast<ScriptRun*>(data);
  Value last = nil;
  try {
    for (ir::Lambda* fn : run->program->toplevel) last = run_toplevel(fn);
  } catch (rt::Thrown&) {
    report_uncaught();
    exit_process(1);
  }
  exit_process(exit_status_of(last));
}

}  // namespace

int cmd_repl(const ReplOptions& opts) {
  init_runtime();
  set_history_size(opts.history);
  if (opts.script.empty()) {
    ReplState st;
    st.terminal = isatty(0);
    if (st.terminal) start_line_editor();
    run_on_program_thread(interactive_main, &st);
    return 0;  // not reached: interactive_main exits
  }
  LoadedProgram program = load_program(opts.script);
  if (!program.ok()) {
    print_diagnostics(program.diagnostics);
    return 1;
  }
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(opts.script.c_str()));
  for (const auto& a : opts.args) argv.push_back(const_cast<char*>(a.c_str()));
  set_program_arguments(opts.script.c_str(), int(argv.size()), argv.data(), 1);
  ScriptRun run{&program};
  run_on_program_thread(script_main, &run);
  return 0;
}

}  // namespace l2dc
