// The reader: every construct of spec 2, and positioned errors for malformed input.
#include <catch.hpp>

#include "l2d/printer.hpp"
#include "l2d/reader.hpp"

using namespace l2d;

namespace {
std::string read_print(const std::string& text) {
  ReadOne r = read_datum(text);
  REQUIRE(r.status == ReadStatus::ok);
  return readable_form(r.datum);
}
std::string program_error(const std::string& text) {
  SourceFile src("t.l2d", text);
  ReadProgram p = read_program(src);
  if (p.ok()) return "";
  const Diagnostic& d = p.diagnostics.front();
  return std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message;
}
}  // namespace

TEST_CASE("lists, dotted pairs and nil") {
  CHECK(read_print("(a b c)") == "(a b c)");
  CHECK(read_print("(a . b)") == "(a . b)");
  CHECK(read_print("(a b . c)") == "(a b . c)");
  CHECK(read_print("(a . (b c))") == "(a b c)");
  CHECK(read_print("()") == "nil");
  CHECK(read_print("( )") == "nil");
}

TEST_CASE("quote prefixes read as message forms") {
  CHECK(read_print("'x") == "'x");
  CHECK(read_print("(nil quote x)") == "'x");
  CHECK(read_print("`(a ,b ,@c)") == "`(a ,b ,@c)");
  CHECK(read_print("' x") == "'x");
}

TEST_CASE("numbers") {
  CHECK(read_print("42") == "42");
  CHECK(read_print("-17") == "-17");
  CHECK(read_print("+4") == "4");
  CHECK(read_print("123456789012345678901234567890") == "123456789012345678901234567890");
  CHECK(read_print("-6/8") == "-3/4");
  CHECK(read_print("4/2") == "2");
  CHECK(read_print(".5") == "0.5");
  CHECK(read_print("1e10") == "10000000000.0");
  CHECK(read_print("1.") == "1.");
  CHECK(read_print("1/2/3") == "1/2/3");
  CHECK(read_print("+=") == "+=");
}

TEST_CASE("symbols fold ASCII case only") {
  CHECK(read_print("HeLLo") == "hello");
  CHECK(read_print("Ёж") == "Ёж");
  CHECK(read_print("|Mixed Case|") == "Mixed Case");
}

TEST_CASE("characters and strings") {
  CHECK(read_print("#\\a") == "#\\a");
  CHECK(read_print("#\\ ") == "#\\space");
  CHECK(read_print("#\\(") == "#\\(");
  CHECK(read_print("#\\Newline") == "#\\newline");
  CHECK(read_print("#\\enter") == "#\\newline");
  CHECK(read_print("#\\u41") == "#\\A");
  CHECK(read_print("#\\я") == "#\\я");
  CHECK(read_print("\"a\\\"b\\\\c\\q\"") == "\"a\\\"b\\\\cq\"");
}

TEST_CASE("vectors and byte vectors") {
  CHECK(read_print("#(1 (2 3) \"x\" #\\y sym)") == "#(1 (2 3) \"x\" #\\y sym)");
  CHECK(read_print("#[0 1 255]") == "#[0 1 255]");
  CHECK(read_print("#[]") == "#[]");
}

TEST_CASE("comments, byte-order mark and #! line") {
  CHECK(program_error("\xEF\xBB\xBF(a) ; comment\n(b)") == "");
  CHECK(program_error("#!/usr/bin/env -S l2dc run\n(cout writeln 1)") == "");
}

TEST_CASE("malformed input gives positioned errors") {
  CHECK(program_error("(a b") == "1:1: this '(' is not closed before the end of the input");
  CHECK(program_error("a)") == "1:2: unmatched ')'");
  CHECK(program_error("(a\n  (b ]") == "2:6: expected ')' but found ']'");
  CHECK(program_error("(a . )").find("1:") == 0);
  CHECK(program_error("(. a)") == "1:2: misplaced '.': a dotted list needs one datum before and one after it");
  CHECK(program_error("(a . b c)") == "1:4: misplaced '.': a dotted list needs one datum before and one after it");
  CHECK(program_error(".") == "1:1: a '.' outside a list");
  CHECK(program_error("#q") == "1:1: unknown '#' syntax '#q': '#' starts only #( #[ and #\\");
  CHECK(program_error("#") == "1:1: a lone '#': '#' starts only #( #[ and #\\");
  CHECK(program_error("#[256]") == "1:3: a byte vector holds only integer literals from 0 to 255");
  CHECK(program_error("#[a]") == "1:3: a byte vector holds only integer literals from 0 to 255");
  CHECK(program_error("#[1.0]") == "1:3: a byte vector holds only integer literals from 0 to 255");
  CHECK(program_error("1/0") == "1:1: a fraction with a zero denominator");
  CHECK(program_error("\"abc") == "1:1: a string that is never closed");
  CHECK(program_error("|abc") == "1:1: a |symbol| that is never closed");
  CHECK(program_error("#\\") == "1:1: '#\\' at the end of the input");
  CHECK(program_error("#\\bogus") == "1:1: unknown character name '#\\bogus'");
  CHECK(program_error("[1]") == "1:1: '[' is allowed only in a byte vector #[…]");
  CHECK(program_error("]") == "1:1: unmatched ']'");
  CHECK(program_error("'") == "1:1: a quote prefix is not followed by a datum");
  CHECK(program_error("(a ')") == "1:5: expected a datum after the quote prefix");
  CHECK(program_error("#(1 . 2)") == "1:5: a '.' is not allowed in a vector");
  CHECK(program_error("(a \xff)") == "1:4: malformed UTF-8 in the source file");
  CHECK(program_error("#(1 2") == "1:1: this '(' is not closed before the end of the input");
  CHECK(program_error("#[1 2") == "1:1: this '#[' is not closed before the end of the input");
}

TEST_CASE("nesting: any depth is read without recursion, up to the limit") {
  const size_t n = max_read_depth;
  CHECK(program_error(std::string(n, '(') + std::string(n, ')')) == "");
  CHECK(program_error(std::string(n + 1, '(') + std::string(n + 1, ')')) ==
        "1:10001: forms nested deeper than 10000 levels");
  CHECK(program_error("(a\n " + std::string(200000, '(')) == "2:10001: forms nested deeper than 10000 levels");
  CHECK(program_error(std::string(n, '\'') + "a") == "");
  CHECK(program_error(std::string(n + 1, '\'') + "a") == "1:10001: forms nested deeper than 10000 levels");
  CHECK(program_error(std::string(n / 2, '\'') + std::string(n / 2, '(') + "#(") ==
        "1:10001: forms nested deeper than 10000 levels");
  ReadOne r = read_datum(std::string(100000, '(') + std::string(100000, ')'));
  CHECK(r.status == ReadStatus::error);
  CHECK(r.message == "forms nested deeper than 10000 levels");
  CHECK(r.end == 10000);
  CHECK(r.skip == 200000);  // the whole datum: nothing inside it is read afterwards
}

TEST_CASE("after an error, a reader that goes on skips the whole malformed datum") {
  ReadOne r = read_datum("(a #\\bogus (b)) (c)");
  CHECK(r.status == ReadStatus::error);
  CHECK(r.end == 3);
  CHECK(r.skip == 15);
  r = read_datum("(a (b ] c) d");
  CHECK(r.status == ReadStatus::error);
  CHECK(r.skip == 10);  // up to the bracket that closes the outer list
  r = read_datum(") (a)");
  CHECK(r.status == ReadStatus::error);
  CHECK(r.skip == 1);
  r = read_datum("(nil if false (cout writeln \"no\")\n");
  CHECK(r.status == ReadStatus::error);
  CHECK(r.end == 0);
  CHECK(r.skip == 34);  // end of input inside the datum: all of it
  // Input that may go on is incomplete, the error reported once the datum is complete.
  CHECK(read_datum("(a #\\bogus (b)", false).status == ReadStatus::incomplete);
  CHECK(read_datum("(a #\\bogus (b))", false).status == ReadStatus::error);
}

TEST_CASE("a byte-order mark is no column of line 1") {
  CHECK(program_error("\xEF\xBB\xBF(cout writeln 1") == "1:1: this '(' is not closed before the end of the input");
  CHECK(program_error("\xEF\xBB\xBF(a ]") == "1:4: expected ')' but found ']'");
  SourceFile src("t.l2d", "\xEF\xBB\xBF(a ]\n(b");
  CHECK(src.line_text(1) == "(a ]");
  CHECK(src.line_col(3).column == 1);
  CHECK(src.line_col(9).line == 2);
  CHECK(src.line_col(9).column == 2);
}

TEST_CASE("diagnostic headers stay on one line and harmless") {
  Diagnostic d;
  d.file = "t.l2d";
  d.line = 1;
  d.column = 1;
  d.source_line = "(a\x1b[2J\tb)";
  d.message = "unknown character name '#\\\nA' \x1b]0;owned\x07 \xff \xC2\x9B ok é";
  std::string text = render(d);
  CHECK(text ==
        "t.l2d:1:1: error: unknown character name '#\\\\nA' \\e]0;owned\\x07 \\xff \\x9b ok é\n"
        "  (a?[2J b)\n"
        "  ^\n");
  d.message = "'" + std::string(1000, 'x') + "' is long";
  std::string header = render(d).substr(0, render(d).find('\n'));
  CHECK(header.size() < 400);
  CHECK(header.find("…") != std::string::npos);
  CHECK(header.substr(header.size() - 9) == "' is long");
}

TEST_CASE("a diagnostic shows another tool's messages under its header, line by line") {
  Diagnostic d;
  d.message = "the C++ compiler rejected it; it said:";
  d.detail = "program.cpp:3:1: error: oops\n  3 | x\x1b[2J\n    | ^\n";
  CHECK(render(d) ==
        "l2dc: error: the C++ compiler rejected it; it said:\n"
        "  program.cpp:3:1: error: oops\n"
        "    3 | x?[2J\n"
        "      | ^\n");
  // A long log: the first lines, and how many were left out.
  d.detail.clear();
  for (int i = 0; i < 100; ++i) d.detail += "line " + std::to_string(i) + "\n";
  std::string text = render(d);
  CHECK(text.find("  line 59\n") != std::string::npos);
  CHECK(text.find("line 60") == std::string::npos);
  const std::string tail = "\n  … 40 more lines\n";
  CHECK(text.substr(text.size() - tail.size()) == tail);
}

TEST_CASE("a datum read at run time consumes nothing after it") {
  ReadOne r = read_datum("3.5\nxy");
  REQUIRE(r.status == ReadStatus::ok);
  CHECK(r.end == 3);
  r = read_datum("(a)\nxy");
  CHECK(r.end == 3);
  r = read_datum("  ; c\n sym rest");
  CHECK(r.end == 10);
  CHECK(readable_form(r.datum) == "sym");
}
