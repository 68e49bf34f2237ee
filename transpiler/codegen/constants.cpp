// The constant pool (constants.hpp).
#include "constants.hpp"

#include <cstring>

#include "form_text.hpp"
#include "l2d/number.hpp"
#include "l2d/printer.hpp"
#include "l2d/string.hpp"
#include "l2d/symbol.hpp"
#include "mangle.hpp"

namespace l2dc {

using namespace l2d;
using namespace l2d::rt;

void ConstantPool::index_structure(Value v) {
  // Records where every cons of a root sits: as an element or as a tail of its parent.
  while (is_cons(v)) {
    Value list = v;
    int64_t i = 0;
    for (Value l = list; is_cons(l); l = l.as<Cons>()->rest, ++i) {
      if (i > 0 && !places_.count(l.bits)) places_[l.bits] = {list, -(i + 1)};
      Value e = l.as<Cons>()->first;
      if (is_cons(e) && !places_.count(e.bits)) {
        places_[e.bits] = {list, i};
        index_structure(e);
      }
    }
    return;
  }
}

void ConstantPool::add_roots(Value forms) {
  for (Value l = forms; is_cons(l); l = l.as<Cons>()->rest) {
    Value f = l.as<Cons>()->first;
    if (is_cons(f)) {
      index_of(f);  // roots are encoded structurally, first
      index_structure(f);
    }
  }
}

int ConstantPool::string_index(const std::string& s) {
  auto it = string_index_.find(s);
  if (it != string_index_.end()) return it->second;
  int i = int(strings_.size());
  strings_.push_back(s);
  string_index_[s] = i;
  return i;
}

int ConstantPool::symbol_index(Symbol* s) {
  auto it = symbol_index_.find(s);
  if (it != symbol_index_.end()) return it->second;
  int i = int(symbols_.size());
  symbols_.push_back(s);
  symbol_index_[s] = i;
  return i;
}

void ConstantPool::encode(Value v, std::vector<int64_t>& out) {
  if (v.is_nil()) return out.push_back(c_nil);
  if (v == make_true()) return out.push_back(c_true);
  if (v == make_false()) return out.push_back(c_false);
  if (v.is_fixnum()) {
    out.push_back(c_fixnum);
    out.push_back(v.fixnum_value());
    return;
  }
  if (v.is_char()) {
    out.push_back(c_char);
    out.push_back(v.char_code());
    return;
  }
  // An object already in the pool, or one that sits inside a pooled list.
  auto known = index_.find(v.bits);
  if (known != index_.end()) {
    out.push_back(c_ref);
    out.push_back(known->second);
    return;
  }
  if (is_cons(v)) {
    auto place = places_.find(v.bits);
    if (place != places_.end()) {
      auto parent = index_.find(place->second.parent.bits);
      if (parent != index_.end()) {
        int64_t step = place->second.step;
        out.push_back(step >= 0 ? c_elt : c_tail);
        out.push_back(parent->second);
        out.push_back(step >= 0 ? step : -step - 1);
        return;
      }
    }
  }
  switch (v.ptr()->kind) {
    case Kind::symbol:
      out.push_back(c_symbol);
      out.push_back(symbol_index(v.as<Symbol>()));
      return;
    case Kind::string:
      out.push_back(c_string);
      out.push_back(string_index(string_to_utf8(v)));
      return;
    case Kind::bignum:
      out.push_back(c_bignum);
      out.push_back(string_index(number_to_string(v)));
      return;
    case Kind::fraction:
      out.push_back(c_fraction);
      out.push_back(string_index(number_to_string(v)));
      return;
    case Kind::flonum: {
      double d = v.as<Flonum>()->d;
      int64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      out.push_back(c_float);
      out.push_back(bits);
      return;
    }
    case Kind::cons: {
      std::vector<Value> items;
      Value l = v;
      for (; is_cons(l); l = l.as<Cons>()->rest) items.push_back(l.as<Cons>()->first);
      out.push_back(l.is_nil() ? c_list : c_dotted);
      out.push_back(int64_t(items.size()));
      for (Value e : items) encode(e, out);
      if (!l.is_nil()) encode(l, out);
      return;
    }
    case Kind::vector: {
      auto* vec = v.as<Vector>();
      out.push_back(c_vector);
      out.push_back(int64_t(vec->size));
      for (size_t i = 0; i < vec->size; ++i) encode(vec->data[i], out);
      return;
    }
    case Kind::byte_vector: {
      auto* bv = v.as<ByteVector>();
      out.push_back(c_bytes);
      out.push_back(int64_t(bv->size));
      for (size_t i = 0; i < bv->size; ++i) out.push_back(bv->data[i]);
      return;
    }
    default: out.push_back(c_nil); return;  // the reader makes no other objects
  }
}

int ConstantPool::index_of(Value v) {
  auto it = index_.find(v.bits);
  if (it != index_.end() && v.is_ptr()) return it->second;
  // A subform is reached through its parent, which must be in the pool first.
  if (is_cons(v)) {
    auto place = places_.find(v.bits);
    if (place != places_.end() && !index_.count(place->second.parent.bits)) index_of(place->second.parent);
  }
  std::vector<int64_t> enc;
  encode(v, enc);
  int k = int(count_++);
  ops_.insert(ops_.end(), enc.begin(), enc.end());
  comments_.push_back(form_comment(v, 90));
  if (v.is_ptr()) index_[v.bits] = k;
  return k;
}

std::string ConstantPool::emit_constants(const std::string& tables_if, const std::string& tables_endif) const {
  std::string out;
  out += "inline Value k[" + std::to_string(count_ ? count_ : 1) + "];\n";
  for (size_t i = 0; i < comments_.size(); ++i) out += "//   k[" + std::to_string(i) + "] " + comments_[i] + "\n";
  out += tables_if;
  out += "const int64_t constant_ops[] = {";
  for (size_t i = 0; i < ops_.size(); ++i) {
    if (i % 16 == 0) out += "\n    ";
    out += ops_[i] == INT64_MIN ? std::string("(-9223372036854775807 - 1)") : std::to_string(ops_[i]);
    out += ", ";
  }
  out += "0};\n";
  out += "const char* const constant_strings[] = {";
  for (const auto& s : strings_) out += "\n    " + cpp_string_literal(s) + ",";
  out += " nullptr};\n";
  out += "const int64_t constant_string_sizes[] = {";
  for (const auto& s : strings_) out += std::to_string(s.size()) + ", ";
  out += "0};\n";
  out += "const ConstPool constant_pool = {constant_ops, constant_strings, constant_string_sizes, " +
         std::to_string(count_) + "};\n";
  out += tables_endif;
  return out;
}

std::string ConstantPool::emit_symbols(const std::vector<std::string>& cpp_names, const std::string& tables_if,
                                       const std::string& tables_endif) const {
  std::string out;
  for (size_t i = 0; i < symbols_.size(); ++i)
    out += "inline Symbol* " + cpp_names[i] + ";  // " + comment_text(symbol_name(symbols_[i]), 60) + "\n";
  out += tables_if;
  out += "Symbol** const symbol_slots[] = {";
  for (size_t i = 0; i < symbols_.size(); ++i) {
    if (i % 6 == 0) out += "\n    ";
    out += "&" + cpp_names[i] + ", ";
  }
  out += "nullptr};\n";
  out += "const char* const symbol_names[] = {";
  for (size_t i = 0; i < symbols_.size(); ++i) {
    if (i % 6 == 0) out += "\n    ";
    out += cpp_string_literal(symbol_name(symbols_[i])) + ", ";
  }
  out += "nullptr};\n";
  out += "const int64_t symbol_sizes[] = {";
  for (size_t i = 0; i < symbols_.size(); ++i) out += std::to_string(symbols_[i]->length) + ", ";
  out += "0};\n";
  out += "const SymbolTable symbol_table = {symbol_slots, symbol_names, symbol_sizes, " +
         std::to_string(symbols_.size()) + "};\n";
  out += tables_endif;
  return out;
}

}  // namespace l2dc
