// The Lisp2D reader grammar (spec 2), in Boost.Spirit X3. Recognition only: every
// token is handed to the Builder (builder.hpp) through a semantic action, which makes
// the data and records positions. Alternatives are told apart by their first
// characters, so no action ever runs on a path that backtracks.
//
// The data grammar is recursive (a list holds data), but the parser is not: X3 reads one
// token at a time (reader.cpp loops), and nesting lives in the Builder's stack of open
// frames. A rule that called itself per level would overflow the machine stack at a few
// thousand levels (~30 000 with 8 MB, ~8 000 under ASan); the Builder instead refuses
// nesting beyond max_depth with a positioned error.
//
//G datum      = list | vector | bytes | string | character | quoted | bar-symbol | atom
//G list       = '(' datum* ')'                ; a '.' token makes it dotted (builder)
//G vector     = "#(" datum* ')'
//G bytes      = "#[" datum* ']'               ; integer literals 0…255 (builder)
//G string     = '"' ( '\' any | ~'"' )* '"'
//G character  = "#\" any token-char*          ; one character, or a name (builder)
//G quoted     = ( ",@" | '\'' | '`' | ',' ) datum
//G bar-symbol = '|' ~'|'* '|'
//G atom       = token-char+                    ; number or symbol (builder)
//G skip       = whitespace | ';' ~eol*
//G
//G token      = open | string | character | prefix | bar-symbol | atom   ; what X3 parses
//G open       = '(' | "#(" | "#["                ; ')' and ']' are handled in reader.cpp
//G prefix     = ",@" | '\'' | '`' | ','
#pragma once

#include <boost/spirit/home/x3.hpp>

#include "builder.hpp"

namespace l2d::reader::grammar {

namespace x3 = boost::spirit::x3;

struct builder_tag;

template <class Context>
Builder& builder(const Context& ctx) {
  return x3::get<builder_tag>(ctx).get();
}

// Whitespace is exactly space, tab, newline, carriage return and form feed (spec 2.1).
const auto whitespace = x3::char_(" \t\n\r\f");
const auto comment = x3::lit(';') >> *(x3::char_ - x3::eol);
const auto skipper = whitespace | comment;

const auto delimiter = x3::char_("()[]\";'`,") | whitespace;
const auto token_char = x3::char_ - delimiter;
// One UTF-8 encoded character: a lead byte and its continuation bytes.
const auto utf8_char = x3::char_ >> *x3::char_('\x80', '\xBF');

// Where the text an action is attached to began: every such literal is wrapped in
// raw[], whose attribute is exactly the matched range.
template <class Context>
const char* literal_start(const Context& ctx) {
  return x3::_attr(ctx).begin();
}

const auto on_open_list = [](auto& ctx) { builder(ctx).open_list(literal_start(ctx)); };
const auto on_open_vector = [](auto& ctx) { builder(ctx).open_vector(literal_start(ctx)); };
const auto on_open_bytes = [](auto& ctx) { builder(ctx).open_bytes(literal_start(ctx)); };
const auto on_atom = [](auto& ctx) {
  auto r = x3::_attr(ctx);
  builder(ctx).atom(r.begin(), r.end());
};
const auto on_bar_symbol = [](auto& ctx) {
  auto r = x3::_attr(ctx);
  builder(ctx).bar_symbol(r.begin(), r.end());
};
const auto on_string = [](auto& ctx) {
  auto r = x3::_attr(ctx);
  builder(ctx).string(r.begin(), r.end());
};
const auto on_character = [](auto& ctx) {
  auto r = x3::_attr(ctx);
  builder(ctx).character(r.begin(), r.end());
};
template <Symbol* Which>
const auto on_quote = [](auto& ctx) { builder(ctx).open_quote(Which, literal_start(ctx)); };

const auto open = x3::raw[x3::lit('(')][on_open_list] | x3::raw[x3::lit("#(")][on_open_vector] |
                  x3::raw[x3::lit("#[")][on_open_bytes];
// A string, |symbol| or #\ that the input ends inside: the REPL may read more.
template <int What>
const auto on_unterminated = [](auto& ctx) {
  static const char* const what[] = {"a string that is never closed", "a |symbol| that is never closed",
                                     "'#\\' at the end of the input"};
  const char* at = literal_start(ctx);
  throw ReadError{size_t(at - builder(ctx).base()), what[What], true};
};
const auto string =
    x3::raw[x3::lit('"') >> *((x3::lit('\\') >> x3::char_) | (x3::char_ - '"' - '\\')) >> x3::lit('"')][on_string] |
    x3::raw[x3::lit('"')][on_unterminated<0>];
const auto character = (x3::lit("#\\") >> x3::raw[utf8_char >> *token_char][on_character]) |
                       x3::raw[x3::lit("#\\")][on_unterminated<2>];
const auto prefix = x3::raw[x3::lit(",@")][on_quote<&sym::unquote_splicing>] |
                    x3::raw[x3::lit('\'')][on_quote<&sym::quote>] | x3::raw[x3::lit('`')][on_quote<&sym::backquote>] |
                    x3::raw[x3::lit(',')][on_quote<&sym::unquote>];
const auto bar_symbol = x3::raw[x3::lit('|') >> *(x3::char_ - '|') >> x3::lit('|')][on_bar_symbol] |
                        x3::raw[x3::lit('|')][on_unterminated<1>];
const auto atom = x3::raw[+token_char][on_atom];

// Parsed without a skipper (reader.cpp skips blanks between tokens), so every rule is a
// lexeme.
const auto token = open | string | character | prefix | bar_symbol | atom;

}  // namespace l2d::reader::grammar
