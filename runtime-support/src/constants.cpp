// Decoding the constants a generated program carries (runtime.hpp, ConstPool).
#include <gc/gc.h>

#include <cstring>
#include <vector>

#include "l2d/error.hpp"
#include "l2d/number.hpp"
#include "l2d/sequence.hpp"
#include "l2d/string.hpp"
#include "l2d/symbol.hpp"

namespace l2d::rt {

namespace {

struct Decoder {
  const ConstPool& pool;
  const Value* consts;
  const SymbolTable& symbols;
  const int64_t* p;

  std::string_view text(int64_t i) { return {pool.strings[i], size_t(pool.string_sizes[i])}; }

  Value nth(Value l, int64_t i) {
    for (; i > 0; --i) l = l.as<Cons>()->rest;
    return l;
  }

  Value datum() {
    switch (*p++) {
      case c_nil: return nil;
      case c_true: return make_true();
      case c_false: return make_false();
      case c_fixnum: return Value::fixnum(*p++);
      case c_char: return Value::character(uint32_t(*p++));
      case c_symbol: {
        Symbol* s = *symbols.slots[*p++];
        return s ? Value(s) : nil;
      }
      case c_string: return make_string(text(*p++));
      case c_bignum:
      case c_fraction: return parse_number_token(text(*p++));
      case c_float: {
        int64_t bits = *p++;
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return make_float(d);
      }
      case c_list:
      case c_dotted: {
        bool dotted = p[-1] == c_dotted;
        int64_t n = *p++;
        std::vector<Value> items;
        for (int64_t i = 0; i < n; ++i) items.push_back(datum());
        Value tail = dotted ? datum() : nil;
        return list_from(items, tail);
      }
      case c_vector: {
        int64_t n = *p++;
        Vector* v = new_vector(size_t(n));
        for (int64_t i = 0; i < n; ++i) v->data[i] = datum();
        return Value(v);
      }
      case c_bytes: {
        int64_t n = *p++;
        ByteVector* bv = new_byte_vector(size_t(n));
        for (int64_t i = 0; i < n; ++i) bv->data[i] = uint8_t(*p++);
        return Value(bv);
      }
      case c_ref: return consts[*p++];
      case c_elt: {
        Value base = consts[*p++];
        return nth(base, *p++).as<Cons>()->first;
      }
      case c_tail: {
        Value base = consts[*p++];
        return nth(base, *p++);
      }
    }
    return nil;
  }
};

}  // namespace

void load_symbols(const SymbolTable& table) {
  for (int64_t i = 0; i < table.count; ++i) {
    std::string_view name(table.names[i], size_t(table.sizes[i]));
    *table.slots[i] = name == "nil" ? nullptr : intern(name);
  }
}

void load_constants(const ConstPool& pool, Value* consts, const SymbolTable& symbols) {
  // Lists are assembled in std::vectors, which the collector does not scan.
  GC_disable();
  Decoder d{pool, consts, symbols, pool.ops};
  for (int64_t k = 0; k < pool.nconsts; ++k) consts[k] = d.datum();
  GC_enable();
}

Value cellify_slow(Value v) { return make_cell(v); }

Value assign_global_op(Symbol& selector, Symbol* var, Value b, int32_t depth) {
  if (var->value == unbound) raise_unbound(var);
  return assign_op_slow(selector, &var->value, b, depth);
}

}  // namespace l2d::rt
