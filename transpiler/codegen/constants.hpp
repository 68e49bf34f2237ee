// The constant pool of a generated program (runtime.hpp ConstPool): every quoted datum
// and every form the history records, encoded once; a subform is encoded as "element i
// of constant k", so it is the very object inside its form, as the reader made it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "l2d/runtime.hpp"

namespace l2dc {

class ConstantPool {
 public:
  // [roots] are the top-level forms: everything reachable from them by list elements
  // and tails is encoded by reference to them.
  void add_roots(l2d::Value forms);
  // The index of the constant for [v] (k[index] in generated code).
  int index_of(l2d::Value v);
  // The index of symbol [s] in the symbol table (every symbol the pool or code uses).
  int symbol_index(l2d::Symbol* s);
  void add_symbol(l2d::Symbol* s) { symbol_index(s); }

  const std::vector<l2d::Symbol*>& symbols() const { return symbols_; }
  size_t count() const { return count_; }
  // C++ text: the ops array, the string table and the ConstPool/SymbolTable objects.
  // The variables (inline: one copy shared by the units of a split compile), then the
  // tables load() reads, between [tables_if] and [tables_endif] (unit 1's, or "").
  std::string emit_constants(const std::string& tables_if = "", const std::string& tables_endif = "") const;
  std::string emit_symbols(const std::vector<std::string>& cpp_names, const std::string& tables_if = "",
                           const std::string& tables_endif = "") const;

 private:
  struct Place {
    l2d::Value parent;  // a list
    int64_t step;       // >= 0: element step; < 0: tail -(step+1)
  };
  void index_structure(l2d::Value v);
  void encode(l2d::Value v, std::vector<int64_t>& out);
  int string_index(const std::string& s);

  std::unordered_map<l2d::Word, Place> places_;     // cons -> where it sits
  std::unordered_map<l2d::Word, int> index_;        // value -> constant index (objects)
  std::vector<int64_t> ops_;
  std::vector<std::string> comments_;               // per constant: its printed form
  size_t count_ = 0;
  std::vector<std::string> strings_;
  std::map<std::string, int> string_index_;
  std::vector<l2d::Symbol*> symbols_;
  std::unordered_map<l2d::Symbol*, int> symbol_index_;
};

}  // namespace l2dc
