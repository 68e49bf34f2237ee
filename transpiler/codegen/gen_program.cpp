// Code generation for a whole program: names, the constant pool, every function, and
// the translation unit from templates/program.cpp.in.
#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>
#include <stdexcept>
#include <unordered_set>

#include "analyze/walk.hpp"
#include "balanced_runs.hpp"
#include "generator.hpp"
#include "shapes.hpp"
#include "l2d/symbol.hpp"
#include "mangle.hpp"
#include "templates.hpp"
#include "driver/version.hpp"

namespace l2dc {

using namespace l2d;
using namespace l2d::ir;

ProgramGen::ProgramGen(ProgramModel& m, const SourceFile& s, const ReadProgram& r, const GenerateOptions& o)
    : model(m), source(s), read(r), options(o) {
  line_starts.push_back(0);
  const std::string& text = s.text();
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts.push_back(uint32_t(i + 1));
}

std::string ProgramGen::unique_name(const std::string& base, const std::vector<const char*>& derived) {
  return names.unique(base, derived);
}

std::string ProgramGen::symbol(Symbol* s) {
  auto it = symbol_cpp.find(s);
  if (it == symbol_cpp.end()) {
    pool.add_symbol(s);
    it = symbol_cpp.emplace(s, unique_name("s_" + mangle(symbol_name(s)))).first;
  }
  if (parametric) return param_marker(ParamKind::symbol, pool.symbol_index(s));
  return it->second;
}

std::string ProgramGen::constant(Value v) {
  int k = pool.index_of(v);
  if (parametric) return param_marker(ParamKind::constant, k);
  return "k[" + std::to_string(k) + "]";
}

int32_t ProgramGen::constant_step(Value v) {
  auto [it, added] = constant_steps.emplace(v.bits, 0);
  if (added) it->second = -4 - pool.index_of(v);
  return it->second;
}

std::pair<std::string, std::string> ProgramGen::entry_and_row(const Lambda* fn) {
  auto it = shared_entries.find(fn);
  if (it != shared_entries.end()) return {"&" + it->second.entry, it->second.row};
  return {"&" + function_name(fn) + "_entry", "nullptr"};
}

std::string ProgramGen::function_name(const Lambda* fn) {
  auto it = function_names.find(fn);
  if (it != function_names.end()) return it->second;
  return function_names[fn] = unique_function_name("lambda_" + std::to_string(fn->id));
}

std::string ProgramGen::global_cell(Symbol* sel) {
  auto it = global_cells.find(sel);
  if (it != global_cells.end()) return it->second;
  symbol(sel);
  return global_cells[sel] = unique_name("gf_" + mangle(symbol_name(sel)));
}

unsigned ProgramGen::line_of(Value form) const {
  uint32_t offset;
  if (!read.positions.find_list(form, offset)) return 0;
  return unsigned(std::upper_bound(line_starts.begin(), line_starts.end(), offset) - line_starts.begin());
}

const MethodInfo* ProgramGen::direct_target(Symbol* sel, uint32_t argc) const {
  if (compact_functions) return nullptr;  // compact functions have only the generic entry
  auto it = model.methods.find(sel);
  if (it == model.methods.end() || it->second.size() != 1) return nullptr;
  const MethodInfo& m = it->second.front();
  if (m.fn->rest || argc > m.fn->params.count) return nullptr;
  return &m;
}

namespace {

// Readable names: m_fib for (nil defmethod fib …), m_vector_x_qsort for ('vector defmethod qsort …).
void name_functions(ProgramGen& gen) {
  for (const MethodInfo& m : gen.model.functions) {
    if (!m.def) continue;
    std::string base = "m_";
    Node* r = m.def->receiver;
    if (r->op == Op::constant && is_symbol(as<Constant>(r)->value))
      base += mangle(symbol_name(as<Constant>(r)->value.as<Symbol>())) + "_x_";  // _x_: never in a mangled name
    base += mangle(symbol_name(m.def->name));
    gen.function_names[m.fn] = gen.unique_function_name(base);
  }
}

// The built-ins with inline fast paths (runtime.hpp L2D_OVERRIDDEN), by the names of
// their l2d::sym symbols.
const std::pair<const char*, Symbol*> fast_path_builtins[] = {
    {"plus", &sym::plus},     {"minus", &sym::minus},   {"times", &sym::times},
    {"lt", &sym::lt},         {"gt", &sym::gt},         {"le", &sym::le},
    {"ge", &sym::ge},         {"num_eq", &sym::num_eq}, {"num_ne", &sym::num_ne},
    {"plus_assign", &sym::plus_assign}, {"minus_assign", &sym::minus_assign},
    {"eq", &sym::eq},         {"not_", &sym::not_},     {"cons", &sym::cons},
    {"consp", &sym::consp},   {"first", &sym::first},   {"rest", &sym::rest},
    {"elt", &sym::elt},       {"setelt", &sym::setelt}, {"floor", &sym::floor},
    {"size", &sym::size}};

// Which built-ins a program method may replace, for the fast paths to test: the names
// the program defines methods under, or every one when it may define methods under
// names made at run time (ProgramModel::open_method_names). A built-in is replaced only
// by a method defined under its name, so the others never need the test.
std::string program_overrides(const ProgramModel& model) {
  if (model.open_method_names) return "";
  std::string flags;
  for (const auto& [name, symbol] : fast_path_builtins)
    flags += std::string("constexpr bool ") + name + " = " + (model.methods.count(symbol) ? "true" : "false") + ";\n";
  return "// No method of the program can replace the built-ins below marked false (no name\n"
         "// made at run time can reach defmethod): their fast paths skip the test.\n"
         "#define L2D_PROGRAM_OVERRIDES 1\n"
         "namespace l2d_program_overrides {\n" + flags + "}  // namespace l2d_program_overrides\n";
}

}  // namespace

std::string fast_path_note(const ProgramModel& model) {
  if (model.open_method_names)
    return "every built-in fast path tests for a replacement: methods may get names made at run time (" +
           model.open_method_names_why + ")";
  std::string replaced;
  for (const auto& [name, symbol] : fast_path_builtins)
    if (model.methods.count(symbol)) replaced.append(replaced.empty() ? "" : " ").append(symbol_name(symbol));
  if (replaced.empty()) return "no built-in fast path tests for a replacement: the script can replace none";
  return "built-in fast paths that test for a replacement (the script defines methods of their names): " + replaced;
}

namespace {

std::string escape_for_template(const std::string& s) { return s; }

// True if [n] (not counting nested functions) has no loop: its code runs at most once
// each time the enclosing function runs.
bool loop_free(Node* n) {
  switch (n->op) {
    case Op::while_:
    case Op::do_while:
    case Op::for_star: return false;
    case Op::lambda: return true;  // a function of its own
    default: break;
  }
  bool free = true;
  for_each_child(n, [&](Node* c) { free = free && loop_free(c); });
  return free;
}

// A top-level (R defmethod NAME …) with a constant receiver: run from a table entry
// (rt::run_defmethod_form) rather than compiled, since each such form as code costs the
// C++ compiler milliseconds (20 000 of them: a minute).
Defmethod* table_defmethod(Lambda* fn) {
  if (fn->body.count != 1 || fn->body[0]->op != Op::defmethod || fn->body[0]->rel_depth != 0) return nullptr;
  auto* d = as<Defmethod>(fn->body[0]);
  if (d->receiver->op != Op::constant || d->fn->captures.count) return nullptr;
  return d;
}

// Beyond this many functions, every function is compact: a C++ compiler spends several
// milliseconds on each inline fast path of each variant, and 20 000 one-line methods
// took it many minutes (gen/big/methods-20000). Even compact, a one-line method costs
// g++ milliseconds at -O2: methods alike but for constants then share one body
// (shapes.hpp).
constexpr size_t compact_function_limit = 400;

// Top-level forms that run once share a C++ function, this many at most.
constexpr size_t toplevel_chunk_size = 64;

// Programs with a function of more parameters than this compile whole (generate_program).
constexpr uint32_t max_params_to_cut = 64;

size_t count_lines(const std::string& text, size_t from, size_t to) {
  return size_t(std::count(text.begin() + std::ptrdiff_t(from), text.begin() + std::ptrdiff_t(to), '\n'));
}

// The definitions cut into units (cut_into_units).
struct UnitCut {
  std::string text;                                  // with the units' #if ... #endif around them
  std::vector<size_t> sizes;                         // lines of each unit; empty: the text stays whole
  std::vector<std::pair<size_t, size_t>> ranges;     // each unit's definitions in the text cut
};

// Cuts the definitions [text] (groups starting at [starts]) into units of about equal
// lines, each a run of whole groups in order between `#if L2D_IN_UNIT(n)` and `#endif`,
// when there are enough lines for two units (GenerateOptions::unit_lines).
UnitCut cut_into_units(const std::string& text, std::vector<size_t> starts, const GenerateOptions& options,
                       bool may_cut) {
  UnitCut cut;
  cut.text = text;
  if (!options.unit_lines || !may_cut) return cut;
  if (starts.empty() || starts.front() != 0) starts.insert(starts.begin(), 0);
  starts.push_back(text.size());
  std::vector<size_t> lines(starts.size() - 1);
  size_t total = 0;
  for (size_t g = 0; g < lines.size(); ++g) total += lines[g] = count_lines(text, starts[g], starts[g + 1]);
  size_t wanted = std::min(options.max_units, total / options.unit_lines);
  if (wanted < 2) return cut;
  std::vector<size_t> run = balanced_runs(lines, wanted);
  if (run.back() == 0) return cut;
  cut.text.clear();
  for (size_t g = 0; g < lines.size(); ++g) {
    std::string unit = std::to_string(run[g] + 1);
    if (g == 0 || run[g - 1] != run[g]) {
      cut.text += "#if L2D_IN_UNIT(" + unit + ")\n";
      cut.sizes.push_back(0);
      cut.ranges.emplace_back(starts[g], starts[g]);
    }
    cut.text.append(text, starts[g], starts[g + 1] - starts[g]);
    cut.ranges.back().second = starts[g + 1];
    cut.sizes.back() += lines[g];
    if (g + 1 == lines.size() || run[g + 1] != run[g]) cut.text += "#endif  // unit " + unit + "\n";
  }
  return cut;
}

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Calls [f] with each identifier of [text] (and some numbers: harmless here).
template <class F>
void for_each_identifier(std::string_view text, F f) {
  size_t i = 0;
  while (i < text.size()) {
    if (!identifier_char(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && identifier_char(text[j])) ++j;
    f(text.substr(i, j - i));
    i = j;
  }
}

// The function a declaration line declares ("" if the line is not a function's).
std::string declared_function(const std::string& line) {
  if (line.empty() || line.back() != ';' || line.rfind("inline ", 0) == 0 || line.rfind("extern ", 0) == 0) return "";
  size_t i = 0;
  while ((i = line.find('(', i)) != std::string::npos) {
    size_t b = i;
    while (b > 0 && identifier_char(line[b - 1])) --b;
    std::string name = line.substr(b, i - b);
    ++i;
    if (!name.empty() && name != "__attribute__") return name;
  }
  return "";
}

// In a split compile every function has external linkage, so the C++ compiler keeps
// each and inlines less (it cannot know a function has no other callers). A function
// only its own unit names is declared static instead: it is then what every function is
// in a whole compile. [definitions] is the text [cut] was cut from; [unit1_extra] the
// text of unit 1 outside the definitions.
std::string localise_declarations(const std::string& declarations, const std::string& definitions, const UnitCut& cut,
                                  const std::string& unit1_extra) {
  std::vector<std::pair<std::string, std::string>> lines;  // each line and the function it declares
  std::unordered_map<std::string, int> units_naming;  // function -> the one unit naming it, or -1
  for (size_t at = 0; at < declarations.size();) {
    size_t end = declarations.find('\n', at);
    if (end == std::string::npos) end = declarations.size();
    std::string line = declarations.substr(at, end - at);
    std::string name = declared_function(line);
    if (!name.empty()) units_naming.emplace(name, 0);
    lines.emplace_back(std::move(line), std::move(name));
    at = end + 1;
  }
  auto named_in = [&](std::string_view text, int unit) {
    for_each_identifier(text, [&](std::string_view id) {
      auto it = units_naming.find(std::string(id));
      if (it == units_naming.end()) return;
      if (it->second == 0) it->second = unit;
      else if (it->second != unit) it->second = -1;
    });
  };
  for (size_t u = 0; u < cut.ranges.size(); ++u)
    named_in(std::string_view(definitions).substr(cut.ranges[u].first, cut.ranges[u].second - cut.ranges[u].first),
             int(u + 1));
  named_in(unit1_extra, 1);
  for (const auto& [line, name] : lines)  // pointers' initial values: named in every unit
    if (name.empty()) named_in(line, -1);
  // The static ones are declared in their own unit only (elsewhere they would be
  // static functions never defined).
  std::string out;
  std::vector<std::string> local(cut.ranges.size() + 1);
  for (const auto& [line, name] : lines) {
    if (line.empty()) continue;
    int unit = name.empty() ? -1 : units_naming[name];
    if (unit > 0) local[size_t(unit)] += "static " + line + "\n";
    else out += line + "\n";
  }
  for (size_t u = 1; u < local.size(); ++u)
    if (!local[u].empty())
      out += "// only unit " + std::to_string(u) + " names these: static, to be inlined and dropped as in a whole compile\n"
             "#if L2D_IN_UNIT(" + std::to_string(u) + ")\n" + local[u] + "#endif\n";
  return out;
}

// Read by the file's head when it is cut into units.
std::string units_preamble() {
  std::string first = unit_first_macro, last = unit_last_macro;
  return "\n// This file compiles whole, or in units compiled in parallel (l2dc build does): each\n"
         "// compile defines " + first + " and " + last + " and gets the definitions of those units;\n"
         "// unit 1 also holds the tables load() reads and main. Program data is `inline`, one copy\n"
         "// for all units, which share the namespace l2d_program, hidden outside the executable.\n"
         "#ifdef " + first + "\n"
         "#define L2D_IN_UNIT(n) (" + first + " <= (n) && (n) <= " + last + ")\n"
         "#define L2D_PROGRAM_NAMESPACE l2d_program\n"
         "#pragma GCC visibility push(hidden)\n"
         "#else\n"
         "#define L2D_IN_UNIT(n) 1\n"
         "#define L2D_PROGRAM_NAMESPACE  // unnamed\n"
         "#endif\n";
}

}  // namespace

std::vector<std::string> unit_bound_options(int first, int last) {
  return {std::string("-D") + unit_first_macro + "=" + std::to_string(first),
          std::string("-D") + unit_last_macro + "=" + std::to_string(last)};
}

std::string unit_bound_defines(int first, int last) {
  return std::string("#define ") + unit_first_macro + " " + std::to_string(first) + "\n#define " + unit_last_macro +
         " " + std::to_string(last) + "\n";
}

std::string generate_program(ProgramModel& model, const SourceFile& source, const ReadProgram& read,
                             const GenerateOptions& options, std::vector<Diagnostic>& diagnostics,
                             std::vector<size_t>& unit_sizes) {
  unit_sizes.clear();
  ProgramGen gen(model, source, read, options);
  // Where generation stopped: the form of the function being generated.
  Value current = nil;
  size_t current_offset = 0;
  std::string toplevel_list;
  try {
    gen.pool.add_roots(read.forms);
    for (Symbol* s : model.all_symbols) gen.symbol(s);
    name_functions(gen);

    gen.compact_functions = model.functions.size() > compact_function_limit;
    for (const MethodInfo& m : model.functions) {
      if (!m.def || !m.toplevel_global || m.fn->rest || m.fn->captures.count) continue;
      const MethodInfo* only = gen.direct_target(m.def->name, m.fn->params.count);
      if (only && only->fn == m.fn) gen.pointer_globals[m.fn] = m.def->name;
    }
    // The methods of top-level defmethod forms run from the table: only the table makes
    // their closures, so those may share a body and read their constants from fn->env.
    std::unordered_set<const Lambda*> table_methods;
    if (gen.compact_functions)
      for (Lambda* t : model.toplevel)
        if (Defmethod* d = table_defmethod(t)) table_methods.insert(d->fn);
    std::vector<Lambda*> mergeable;
    for (const MethodInfo& m : model.functions) {
      if (table_methods.count(m.fn)) {
        mergeable.push_back(m.fn);
        continue;
      }
      current = m.fn->form;
      generate_function(gen, m.fn, gen.function_name(m.fn), -1);
    }
    generate_mergeable_functions(gen, mergeable);
    // Forms with a loop get a function of their own, optimized; runs of forms that run
    // once share cold compact functions.
    std::vector<std::pair<int, Lambda*>> once;
    std::string defmethod_table;
    int defmethod_count = 0;
    std::vector<std::string> names(model.toplevel.size());
    auto flush = [&] {
      if (once.empty()) return;
      std::string name = gen.unique_name("toplevel_chunk_" + std::to_string(once.front().first + 1));
      generate_toplevel_chunk(gen, once, name, current);
      for (const auto& f : once) names[size_t(f.first)] = name;
      once.clear();
    };
    for (size_t i = 0; i < model.toplevel.size(); ++i) {
      current = model.toplevel[i]->form;
      if (i < read.offsets.size()) current_offset = read.offsets[i];
      Lambda* fn = model.toplevel[i];
      if (Defmethod* d = table_defmethod(fn)) {
        names[i] = "toplevel_defmethods";
        auto [entry, row] = gen.entry_and_row(d->fn);
        defmethod_table += "    {" + std::to_string(i) + ", " + std::to_string(gen.pool.index_of(d->form)) + ", " +
                           std::to_string(gen.pool.index_of(as<Constant>(d->receiver)->value)) + ", " +
                           std::to_string(gen.pool.index_of(d->fn->datum)) + ", &" + gen.symbol(d->name) + ", " +
                           entry + ", " + row + "},\n";
        ++defmethod_count;
        continue;
      }
      bool runs_once = true;
      for (Node* x : fn->body) runs_once = runs_once && loop_free(x);
      if (runs_once) {
        once.push_back({int(i), fn});
        if (once.size() == toplevel_chunk_size) flush();
        continue;
      }
      flush();
      names[i] = gen.unique_name("toplevel_" + std::to_string(i + 1));
      generate_function(gen, fn, names[i], int(i));
    }
    flush();
    if (defmethod_count) {
      gen.declarations.line("Value toplevel_defmethods(int form);");
      gen.begin_group();
      gen.definitions.generated_lines();
      gen.definitions.blank();
      gen.definitions.append("// The top-level defmethod forms with a constant receiver, run from this table.\n"
                             "const DefmethodForm defmethod_form_table[] = {\n" + defmethod_table + "};\n"
                             "const DefmethodForms defmethod_forms = {defmethod_form_table, " +
                             std::to_string(defmethod_count) + ", k};\n"
                             "Value toplevel_defmethods(int form) { return run_defmethod_form(defmethod_forms, form); }\n");
    }
    for (size_t i = 0; i < names.size(); ++i) toplevel_list += (i ? ", " : "") + names[i];
  } catch (rt::Thrown&) {
    uint32_t offset;
    if (!read.positions.find_list(current, offset)) offset = uint32_t(current_offset);
    diagnostics.push_back(make_diagnostic(source, offset, Severity::error,
                                          "internal: the form is too large or too deeply nested to generate C++ for "
                                          "(out of memory)"));
    return "";
  }
  gen.definitions.generated_lines();
  // Every symbol in the table, including those only the constant pool met, gets a name;
  // names follow the table's order.
  for (size_t i = 0; i < gen.pool.symbols().size(); ++i) gen.symbol(gen.pool.symbols()[i]);
  for (Symbol* s : gen.pool.symbols()) gen.symbol_names.push_back(gen.symbol_cpp[s]);

  std::map<std::string, std::string> values;
  values["L2DC_VERSION"] = version_number();
  values["SOURCE_NAME"] = comment_text(options.source_name, 200);
  values["SOURCE_NAME_ESCAPED"] = cpp_string_literal(options.source_name).substr(1, cpp_string_literal(options.source_name).size() - 2);
  values["COMMAND_LINE"] = comment_text(options.command_line, 300);
  values["CACHE_COUNT"] = std::to_string(gen.caches ? gen.caches : 1);
  std::string cells, registrations;
  for (const auto& [sel, name] : gen.global_cells) {
    cells += "inline Function* " + name + ";  // the global function " + comment_text(symbol_name(sel), 60) + "\n";
    registrations += "  register_global_cell(" + gen.symbol_cpp[sel] + ", &" + name + ");\n";
  }
  if (!gen.direct_calls.empty()) {
    gen.declarations.line("void direct_calls(bool recording);");
    gen.begin_group();
    gen.definitions.generated_lines();
    gen.definitions.blank();
    gen.definitions.append("// Points the direct calls of global functions at this program's methods while they\n"
                           "// are the ones defined (the quiet or recording variant), else at a send.\n"
                           "void direct_calls(bool recording) {\n  bool here;\n" + gen.direct_calls + "}\n");
    registrations += "  register_direct_calls(direct_calls);\n";
  }
  // The outlined parts come first, a group of their own.
  std::vector<size_t> group_starts;
  if (!gen.parts_text.empty()) group_starts.push_back(0);
  for (size_t at : gen.group_starts) group_starts.push_back(gen.parts_text.size() + at);
  // GCC compiles a call with hundreds of arguments in time quadratic in their number
  // (gen/huge/params-1000: minutes) unless it may clone the callee without the unused
  // ones, which it does only for functions no other translation unit sees: a program
  // with such a function compiles whole.
  bool may_cut = true;
  for (const MethodInfo& m : model.functions) may_cut = may_cut && m.fn->params.count <= max_params_to_cut;
  std::string definitions = gen.parts_text + gen.definitions.text();
  UnitCut cut = cut_into_units(definitions, group_starts, options, may_cut);
  unit_sizes = cut.sizes;
  bool split = !unit_sizes.empty();
  std::string unit1_if = split ? "#if L2D_IN_UNIT(1)\n" : "";
  std::string unit1_endif = split ? "#endif  // unit 1\n" : "";
  values["UNITS"] = split ? units_preamble() : "";
  values["PROGRAM_NAMESPACE"] = split ? "L2D_PROGRAM_NAMESPACE " : "";
  values["PROGRAM_SCOPE"] = split ? "L2D_PROGRAM_NAMESPACE::" : "";
  values["UNIT1_IF"] = unit1_if;
  values["UNIT1_ENDIF"] = unit1_endif;
  values["SYMBOLS"] = gen.pool.emit_symbols(gen.symbol_names, unit1_if, unit1_endif);
  values["CONSTANTS"] = gen.pool.emit_constants(unit1_if, unit1_endif);
  values["GLOBAL_CELLS"] = cells;
  values["REGISTER_CELLS"] = registrations;
  values["DECLARATIONS"] =
      split ? localise_declarations(gen.declarations.text(), definitions, cut, toplevel_list + "\n" + registrations)
            : gen.declarations.text();
  std::string steps, starts = "0";
  size_t nsteps = 0;
  for (const auto* run : gen.runs) {
    for (const auto& [rel, form] : *run)
      steps.append("{").append(std::to_string(rel)).append(", ").append(std::to_string(form)).append("}, ");
    nsteps += run->size();
    starts += ", " + std::to_string(nsteps);
    if (nsteps % 8 < run->size()) steps += "\n    ";  // short lines for diffs and editors
  }
  values["RECORD_RUNS"] = "const RecordStep record_steps[] = {" + (steps.empty() ? std::string("{0, 0}") : steps) +
                          "};\nconst int32_t record_run_starts[] = {" + starts + "};\n";
  values["DEFINITIONS"] = escape_for_template(cut.text);
  values["TOPLEVEL_LIST"] = toplevel_list.empty() ? "nullptr" : toplevel_list;
  values["TOPLEVEL_COUNT"] = std::to_string(model.toplevel.size());
  values["HISTORY"] = std::to_string(options.history);
  values["OVERRIDES"] = program_overrides(model);
  values["ECHO"] = options.echo ? "true" : "false";
  const char* tmpl = templates::find("program.cpp.in");
  if (!tmpl) throw std::logic_error("internal: the program template is missing");
  return finish_line_markers(templates::fill(tmpl, values), options.cpp_name);
}

}  // namespace l2dc
