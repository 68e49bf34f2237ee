// The printer (spec 13).
#include "l2d/printer.hpp"

#include "l2d/number.hpp"
#include "l2d/string.hpp"
#include "l2d/symbol.hpp"

namespace l2d {

namespace {

struct CharName {
  uint32_t code;
  const char* name;
};
constexpr CharName char_names[] = {{32, "space"}, {9, "tab"},      {11, "vtab"},
                                   {10, "newline"}, {8, "backspace"}, {13, "return"},
                                   {12, "feed"},  {7, "bell"},     {27, "escape"}};

void print_string(std::string& out, const String* s, bool readable) {
  if (!readable) {
    out += string_to_utf8(s);
    return;
  }
  out += '"';
  for (size_t i = 0; i < s->size; ++i) {
    uint32_t c = string_ref(s, i);
    if (c == '"' || c == '\\') out += '\\';
    append_utf8(out, c);
  }
  out += '"';
}

// `(nil quote X)` and its family print with their prefix (spec 13).
const char* quote_prefix(Value list) {
  auto* c = list.as<Cons>();
  if (!c->first.is_nil() || !is_cons(c->rest)) return nullptr;
  auto* c2 = c->rest.as<Cons>();
  if (!is_cons(c2->rest) || !c2->rest.as<Cons>()->rest.is_nil()) return nullptr;
  Value m = c2->first;
  if (m == Value(&sym::quote)) return "'";
  if (m == Value(&sym::backquote)) return "`";
  if (m == Value(&sym::unquote)) return ",";
  if (m == Value(&sym::unquote_splicing)) return ",@";
  return nullptr;
}

void print_list(std::string& out, Value v, bool readable) {
  if (const char* prefix = quote_prefix(v)) {
    out += prefix;
    print_value(out, v.as<Cons>()->rest.as<Cons>()->rest.as<Cons>()->first, readable);
    return;
  }
  out += '(';
  bool first = true;
  while (is_cons(v)) {
    if (!first) out += ' ';
    first = false;
    print_value(out, v.as<Cons>()->first, readable);
    v = v.as<Cons>()->rest;
  }
  if (!v.is_nil()) {
    out += " . ";
    print_value(out, v, readable);
  }
  out += ')';
}

void print_instance(std::string& out, Value v, bool readable) {
  Class* k = v.ptr()->klass;
  out += name_of(Value(k->name));
  out += '(';
  Value names = k->fields;
  for (uint32_t i = 0; i < k->nfields; ++i, names = names.as<Cons>()->rest) {
    if (i) out += ' ';
    out += name_of(names.as<Cons>()->first);
    out += '=';
    print_value(out, v.as<Instance>()->fields[i], readable);
  }
  out += ')';
}

}  // namespace

void print_char(std::string& out, uint32_t code, bool readable) {
  if (!readable) {
    append_utf8(out, code);
    return;
  }
  out += "#\\";
  for (const auto& n : char_names)
    if (n.code == code) {
      out += n.name;
      return;
    }
  if (code < 32 || code == 127) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "u%x", code);
    out += buf;
    return;
  }
  append_utf8(out, code);
}

void print_value(std::string& out, Value v, bool readable) {
  if (L2D_UNLIKELY((char*)__builtin_frame_address(0) < rt::stack_limit)) rt::stack_overflow();
  if (v.is_nil()) {
    out += "nil";
    return;
  }
  if (v.is_fixnum()) {
    out += std::to_string(v.fixnum_value());
    return;
  }
  if (v.is_char()) {
    print_char(out, v.char_code(), readable);
    return;
  }
  if (!v.is_ptr()) {
    out += "#<marker>";
    return;
  }
  switch (v.ptr()->kind) {
    case Kind::symbol: out += symbol_name(v.as<Symbol>()); return;
    case Kind::cons: print_list(out, v, readable); return;
    case Kind::string: print_string(out, v.as<String>(), readable); return;
    case Kind::vector: {
      auto* vec = v.as<Vector>();
      out += "#(";
      for (size_t i = 0; i < vec->size; ++i) {
        if (i) out += ' ';
        print_value(out, vec->data[i], readable);
      }
      out += ')';
      return;
    }
    case Kind::byte_vector: {
      auto* bv = v.as<ByteVector>();
      out += "#[";
      for (size_t i = 0; i < bv->size; ++i) {
        if (i) out += ' ';
        out += std::to_string(bv->data[i]);
      }
      out += ']';
      return;
    }
    case Kind::bignum:
    case Kind::fraction:
    case Kind::flonum: out += number_to_string(v); return;
    case Kind::cell: print_value(out, v.as<Cell>()->v, readable); return;
    case Kind::function: {
      auto* f = v.as<Function>();
      if (f->flags & flag_builtin) {
        out += "Builtin(";
        out += symbol_name(f->name);
        out += ')';
      } else {
        print_value(out, f->lambda, readable);
      }
      return;
    }
    case Kind::klass:
      out += "Class(";
      out += symbol_name(v.as<Class>()->name);
      out += ')';
      return;
    case Kind::instance: print_instance(out, v, readable); return;
    case Kind::table: out += "Table(" + std::to_string(table_size(v.as<Table>())) + ")"; return;
    case Kind::stream: out += "Stream(" + std::to_string(stream_descriptor(v.as<Stream>())) + ")"; return;
    case Kind::socket: out += "Socket(" + std::to_string(v.as<Socket>()->fd) + ")"; return;
    case Kind::lock: out += "Lock(" + std::to_string(v.as<Lock>()->number) + ")"; return;
  }
}

std::string readable_form(Value v) {
  std::string s;
  print_value(s, v, true);
  return s;
}

std::string display_form(Value v) {
  std::string s;
  print_value(s, v, false);
  return s;
}

}  // namespace l2d
