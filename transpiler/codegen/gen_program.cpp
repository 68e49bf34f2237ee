// Code generation for a whole program: names, the constant pool, every function, and
// the translation unit from templates/program.cpp.in.
#include <stdexcept>

#include "generator.hpp"
#include "l2d/symbol.hpp"
#include "mangle.hpp"
#include "templates.hpp"
#include "driver/version.hpp"

namespace l2dc {

using namespace l2d;
using namespace l2d::ir;

std::string ProgramGen::unique_name(const std::string& base) {
  return issue_unique_name(base, used_names, issued_names);
}

std::string ProgramGen::symbol(Symbol* s) {
  auto it = symbol_cpp.find(s);
  if (it != symbol_cpp.end()) return it->second;
  pool.add_symbol(s);
  return symbol_cpp[s] = unique_name("s_" + mangle(symbol_name(s)));
}

std::string ProgramGen::constant(Value v) {
  int k = pool.index_of(v);
  return "k[" + std::to_string(k) + "]";
}

std::string ProgramGen::unique_function_name(const std::string& base) {
  static const char* const variants[] = {"", "_rec", "_entry", "_entry_rec"};
  for (int n = 1;; ++n) {
    std::string name = n == 1 ? base : base + "_" + std::to_string(n);
    bool free = true;
    for (const char* v : variants) free = free && !issued_names.count(name + v);
    if (!free) continue;
    for (const char* v : variants) issued_names.insert(name + v);
    return name;
  }
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
  return source.line_col(offset).line;
}

const MethodInfo* ProgramGen::direct_target(Symbol* sel, uint32_t argc) const {
  auto it = model.methods.find(sel);
  if (it == model.methods.end() || it->second.size() != 1) return nullptr;
  const MethodInfo& m = it->second.front();
  if (m.fn->rest || argc > m.fn->params.count) return nullptr;
  return &m;
}

namespace {

// Readable names: m_fib for (nil defmethod fib …), m_vector__qsort for ('vector defmethod qsort …).
void name_functions(ProgramGen& gen) {
  for (const MethodInfo& m : gen.model.functions) {
    if (!m.def) continue;
    std::string base = "m_";
    Node* r = m.def->receiver;
    if (r->op == Op::constant && is_symbol(as<Constant>(r)->value))
      base += mangle(symbol_name(as<Constant>(r)->value.as<Symbol>())) + "__";
    base += mangle(symbol_name(m.def->name));
    gen.function_names[m.fn] = gen.unique_function_name(base);
  }
}

std::string escape_for_template(const std::string& s) { return s; }

}  // namespace

std::string generate_program(ProgramModel& model, const SourceFile& source, const ReadProgram& read,
                             const GenerateOptions& options) {
  ProgramGen gen(model, source, read, options);
  gen.pool.add_roots(read.forms);
  for (Symbol* s : model.all_symbols) gen.symbol(s);
  name_functions(gen);

  for (const MethodInfo& m : model.functions) generate_function(gen, m.fn, gen.function_name(m.fn), -1);
  std::string toplevel_list;
  for (size_t i = 0; i < model.toplevel.size(); ++i) {
    std::string name = gen.unique_function_name("toplevel_" + std::to_string(i + 1));
    generate_function(gen, model.toplevel[i], name, int(i));
    toplevel_list += (i ? ", " : "") + name;
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
  values["SYMBOLS"] = gen.pool.emit_symbols(gen.symbol_names);
  values["CONSTANTS"] = gen.pool.emit_constants();
  values["CACHE_COUNT"] = std::to_string(gen.caches ? gen.caches : 1);
  std::string cells, registrations;
  for (const auto& [sel, name] : gen.global_cells) {
    cells += "Function* " + name + ";  // the global function " + comment_text(symbol_name(sel), 60) + "\n";
    registrations += "  register_global_cell(" + gen.symbol_cpp[sel] + ", &" + name + ");\n";
  }
  values["GLOBAL_CELLS"] = cells;
  values["REGISTER_CELLS"] = registrations;
  values["DECLARATIONS"] = gen.declarations.text();
  values["DEFINITIONS"] = escape_for_template(gen.definitions.text());
  values["TOPLEVEL_LIST"] = toplevel_list.empty() ? "nullptr" : toplevel_list;
  values["TOPLEVEL_COUNT"] = std::to_string(model.toplevel.size());
  values["HISTORY"] = std::to_string(options.history);
  values["ECHO"] = options.echo ? "true" : "false";
  const char* tmpl = templates::find("program.cpp.in");
  if (!tmpl) throw std::logic_error("internal: the program template is missing");
  return finish_line_markers(templates::fill(tmpl, values), options.cpp_name);
}

}  // namespace l2dc
