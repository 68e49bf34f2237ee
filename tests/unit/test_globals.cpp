// The global functions (spec 5): methods of class null, called as (nil NAME ARG…).
#include <catch.hpp>

#include "eval_text.hpp"
#include "l2d/number.hpp"
#include "l2d/symbol.hpp"
#include "l2d/task.hpp"

using namespace l2d;
using l2d::test::eval_text;
using l2d::test::eval_value;
using l2d::test::send_text;

TEST_CASE("list, cons and vector build new containers") {
  CHECK(eval_text("(nil list 1 \"a\" 'b #\\c)") == "(1 \"a\" b #\\c)");
  CHECK(eval_text("(nil list)") == "nil");
  CHECK(eval_text("(nil cons 1 2)") == "(1 . 2)");
  CHECK(eval_text("(nil cons 1 nil)") == "(1)");
  CHECK(eval_text("(nil cons 'a '(b))") == "(a b)");
  CHECK(eval_text("(nil vector 1 'x \"s\")") == "#(1 x \"s\")");
  CHECK(eval_text("(nil vector)") == "#()");
  CHECK(eval_text("(nil cons 1)") == "!wrong-argument-count");
  CHECK(eval_text("(nil cons 1 2 3)") == "!wrong-argument-count");
}

TEST_CASE("containers made by list, cons and vector store numbers by value") {
  Value cell = make_cell(Value::fixnum(7));
  Value l = send(intern("list"), nil, 1, &cell);
  CHECK(l.as<Cons>()->first == Value::fixnum(7));
  Value two[2] = {cell, cell};
  Value p = send(intern("cons"), nil, 2, two);
  CHECK(p.as<Cons>()->first == Value::fixnum(7));
  CHECK(p.as<Cons>()->rest == Value::fixnum(7));
  Value v = send(intern("vector"), nil, 1, &cell);
  CHECK(v.as<Vector>()->data[0] == Value::fixnum(7));
}

TEST_CASE("eq, atom and not answer true or false") {
  CHECK(eval_text("(nil eq 'a 'a)") == "true");
  CHECK(eval_text("(nil eq 2 2)") == "true");
  CHECK(eval_text("(nil eq 2 2.0)") == "false");
  CHECK(eval_text("(nil eq 0.0 -0.0)") == "false");
  CHECK(eval_text("(nil eq \"a\" \"a\")") == "false");
  CHECK(eval_text("(nil eq #\\a #\\a)") == "true");
  CHECK(eval_text("(nil eq nil nil)") == "true");
  CHECK(eval_text("(nil atom nil)") == "true");
  CHECK(eval_text("(nil atom 5)") == "true");
  CHECK(eval_text("(nil atom '(1))") == "false");
  CHECK(eval_text("(nil not nil)") == "true");
  CHECK(eval_text("(nil not false)") == "true");
  CHECK(eval_text("(nil not 0)") == "false");
  CHECK(eval_text("(nil not '())") == "true");
  CHECK(eval_text("(nil eq 1)") == "!wrong-argument-count");
  CHECK(eval_text("(nil atom)") == "!wrong-argument-count");
  CHECK(eval_text("(nil not 1 2)") == "!wrong-argument-count");
}

TEST_CASE("type predicates return the argument or false") {
  CHECK(eval_text("(nil consp '(1))") == "(1)");
  CHECK(eval_text("(nil consp nil)") == "false");
  CHECK(eval_text("(nil listp nil)") == "true");
  CHECK(eval_text("(nil listp '(1 . 2))") == "(1 . 2)");
  CHECK(eval_text("(nil listp #(1))") == "false");
  CHECK(eval_text("(nil numberp 0)") == "0");
  CHECK(eval_text("(nil numberp 1/2)") == "1/2");
  CHECK(eval_text("(nil numberp 'x)") == "false");
  CHECK(eval_text("(nil integerp 12345678901234567890123)") == "12345678901234567890123");
  CHECK(eval_text("(nil integerp 2.0)") == "false");
  CHECK(eval_text("(nil fractionp 1/2)") == "1/2");
  CHECK(eval_text("(nil fractionp 1)") == "false");
  CHECK(eval_text("(nil floatp 1.5)") == "1.5");
  CHECK(eval_text("(nil floatp 3/2)") == "false");
  CHECK(eval_text("(nil stringp \"a\")") == "\"a\"");
  CHECK(eval_text("(nil stringp 'a)") == "false");
  CHECK(eval_text("(nil symbolp 'a)") == "a");
  CHECK(eval_text("(nil symbolp \"a\")") == "false");
  CHECK(eval_text("(nil charp #\\x)") == "#\\x");
  CHECK(eval_text("(nil charp \"x\")") == "false");
  CHECK(eval_text("(nil vectorp #(1))") == "#(1)");
  CHECK(eval_text("(nil vectorp #[1])") == "false");
  CHECK(eval_text("(nil byte-vector-p #[1])") == "#[1]");
  CHECK(eval_text("(nil byte-vector-p #(1))") == "false");
  CHECK(eval_text("(nil functionp (nil lambda (x) x))") == "(lambda (x) x)");
  CHECK(eval_text("(nil functionp 'car)") == "false");
  CHECK(eval_text("(nil functionp '(lambda (x) x))") == "false");
  CHECK(eval_text("(nil functionp ('true getmethod 'copy))") == "Builtin(copy)");
  CHECK(eval_text("(nil consp)") == "!wrong-argument-count");
  CHECK(eval_text("(nil stringp 1 2)") == "!wrong-argument-count");
}

TEST_CASE("a predicate whose designated object is false returns true") {
  CHECK(eval_text("(nil symbolp nil)") == "true");
  CHECK(eval_text("(nil symbolp false)") == "true");
  CHECK(eval_text("(nil symbolp true)") == "true");
  CHECK(eval_text("(nil listp '())") == "true");
}

TEST_CASE("predicates return a shared number itself") {
  Value cell = make_cell(Value::fixnum(3));
  for (const char* p : {"numberp", "integerp"}) CHECK(send(intern(p), nil, 1, &cell) == cell);
  Value frac = make_cell(eval_value("1/3"));
  CHECK(send(intern("fractionp"), nil, 1, &frac) == frac);
  Value fl = make_cell(make_float(0.5));
  CHECK(send(intern("floatp"), nil, 1, &fl) == fl);
  CHECK(send(intern("integerp"), nil, 1, &fl) == make_false());
  CHECK(send(intern("stringp"), nil, 1, &cell) == make_false());
}

TEST_CASE("eval runs a datum in the global environment") {
  CHECK(eval_text("(nil eval '(nil list 1 2))") == "(1 2)");
  CHECK(eval_text("(nil eval 7)") == "7");
  CHECK(eval_text("(nil eval \"s\")") == "\"s\"");
  CHECK(eval_text("(nil eval ''q)") == "q");
  CHECK(eval_text("(nil eval nil)") == "nil");
  CHECK(eval_text("(nil progn (nil setq unit-g 'global-g) (nil let ((unit-g 'local)) (nil eval 'unit-g)))") ==
        "global-g");
  CHECK(eval_text("(nil eval '(nil setq 5 1))") == "!syntax");
  CHECK(eval_text("(nil eval '(lonely))") == "!syntax");
  CHECK(eval_text("(nil eval '(nil unquote x))") == "!syntax");
  CHECK(eval_text("(nil eval 'unit-no-such-variable)") == "!unbound-variable");
  CHECK(eval_text("(nil eval)") == "!wrong-argument-count");
  CHECK(eval_text("(nil eval 1 2)") == "!wrong-argument-count");
}

TEST_CASE("apply spreads a list over a designated function") {
  CHECK(eval_text("(nil apply nil 'list '(x y z))") == "(x y z)");
  CHECK(eval_text("(nil apply nil 'list nil)") == "nil");
  CHECK(eval_text("(nil apply 'r '(lambda (a b) (nil list this a b)) '(1 2))") == "(r 1 2)");
  CHECK(eval_text("(nil apply 5 (nil lambda (&rest r) (nil list this r)) '(1 2))") == "(5 (1 2))");
  CHECK(eval_text("(nil apply nil 'funcall '(nil list 7 8))") == "(7 8)");
  CHECK(eval_text("(nil apply nil 'if '(true 1 2))") == "!undefined-method");
  CHECK(eval_text("(nil apply nil 'list '(1 . 2))") == "!wrong-type");
  CHECK(eval_text("(nil apply nil 'list #(1 2))") == "!wrong-type");
  CHECK(eval_text("(nil apply nil 5 '(1))") == "!wrong-type");
  CHECK(eval_text("(nil apply nil \"list\" '(1))") == "!wrong-type");
  CHECK(eval_text("(nil apply nil nil '(1))") == "!undefined-method");
  CHECK(eval_text("(nil apply nil 'defmethod '(1))") == "!undefined-method");
  CHECK(eval_text("(nil apply nil 'for* '(1))") == "!undefined-method");
  CHECK(eval_text("(nil apply nil 'progn '(1))") == "!undefined-method");
  CHECK(eval_text("(nil apply 'x '(lambda (this) 1) nil)") == "!syntax");
  CHECK(eval_text("(nil apply nil 'list)") == "!wrong-argument-count");
  CHECK(eval_text("(nil apply nil 'list nil nil)") == "!wrong-argument-count");
}

TEST_CASE("funcall passes its arguments to a designated function") {
  CHECK(eval_text("(nil funcall nil 'list 1 2)") == "(1 2)");
  CHECK(eval_text("(nil funcall nil 'list)") == "nil");
  CHECK(eval_text("(nil funcall 'me (nil lambda () this))") == "me");
  CHECK(eval_text("(nil funcall nil '(lambda (a b) (nil list b a)) 1 2)") == "(2 1)");
  CHECK(eval_text("(nil funcall nil (nil lambda (a) a) 1 2)") == "!wrong-argument-count");
  CHECK(eval_text("(nil funcall 5 'no-such-message)") == "!undefined-method");
  CHECK(eval_text("(nil funcall nil 'if true 1 2)") == "!undefined-method");
  CHECK(eval_text("(nil funcall nil 1.5)") == "!wrong-type");
  CHECK(eval_text("(nil funcall nil)") == "!wrong-argument-count");
  // A built-in global function is a method of nil only: other receivers do not find it.
  CHECK(eval_text("(nil funcall 5 'list 1)") == "!undefined-method");
}

TEST_CASE("throw, exception and exception-history") {
  CHECK(eval_text("(nil throw 'boom)") == "!boom");
  CHECK(eval_text("(nil throw \"text\")") == "!text");
  CHECK(eval_text("(nil try (nil throw '(a 1)) nil (nil exception))") == "(a 1)");
  CHECK(eval_text("(nil try (nil throw 42) 42 (nil exception))") == "42");
  CHECK(eval_text("(nil progn (nil try (nil throw 'caught) nil 1) (nil exception))") == "caught");
  CHECK(eval_text("(nil throw)") == "!wrong-argument-count");
  CHECK(eval_text("(nil throw 1 2)") == "!wrong-argument-count");
  CHECK(eval_text("(nil exception 1)") == "!wrong-argument-count");
  CHECK(eval_text("(nil exception-history 1)") == "!wrong-argument-count");
  // The exception carries the ring as it was when it was thrown.
  CHECK(eval_text("(nil progn (nil setdebug 2) (nil try (nil throw 'x) nil 1) (nil exception-history))") ==
        "((1 true (nil try (nil throw 'x) nil 1)) (2 true (nil throw 'x)))");
  CHECK(eval_text("(nil progn (nil setdebug 0) (nil try (nil throw 'y) nil 1) (nil exception-history))") == "nil");
  CHECK(eval_text("(nil exception)") == "y");
  // Entries made before recording stopped do not come back when it restarts.
  CHECK(eval_text("(nil progn (nil setdebug 0) (nil setdebug 3) (nil try (nil throw 'z) nil (nil exception-history)))") ==
        "((1 false 3) (1 true (nil try (nil throw 'z) nil (nil exception-history))) (2 true (nil throw 'z)))");
  set_history_size(12);
}

TEST_CASE("setdebug and getdebug") {
  CHECK(eval_text("(nil setdebug 5)") == "5");
  CHECK(eval_text("(nil getdebug)") == "5");
  CHECK(eval_text("(nil setdebug)") == "0");
  CHECK(eval_text("(nil setdebug true)") == "12");
  CHECK(eval_text("(nil setdebug nil)") == "0");
  CHECK(eval_text("(nil setdebug false)") == "0");
  CHECK(eval_text("(nil setdebug 0)") == "0");
  CHECK(eval_text("(nil setdebug 3.0)") == "3");
  CHECK(eval_text("(nil getdebug)") == "3");
  CHECK(eval_text("(nil setdebug -1)") == "!wrong-type");
  CHECK(eval_text("(nil setdebug 1.5)") == "!wrong-type");
  CHECK(eval_text("(nil setdebug 1/2)") == "!wrong-type");
  CHECK(eval_text("(nil setdebug \"3\")") == "!wrong-type");
  CHECK(eval_text("(nil setdebug 'x)") == "!wrong-type");
  CHECK(eval_text("(nil setdebug #\\a)") == "!wrong-type");
  CHECK(eval_text("(nil setdebug 100000000000000000000000)") == "!out-of-memory");
  CHECK(eval_text("(nil getdebug)") == "3");  // failed calls change nothing
  CHECK(eval_text("(nil setdebug 1 2)") == "!wrong-argument-count");
  CHECK(eval_text("(nil getdebug 1)") == "!wrong-argument-count");
  Value shared = make_cell(Value::fixnum(4));
  CHECK(send(intern("setdebug"), nil, 1, &shared) == Value::fixnum(4));
  set_history_size(12);
}

TEST_CASE("gensym makes new interned symbols named t and a number") {
  Value a = eval_value("(nil gensym)");
  Value b = eval_value("(nil gensym)");
  REQUIRE(is_symbol(a));
  REQUIRE(is_symbol(b));
  CHECK(a != b);
  CHECK(symbol_name(a.as<Symbol>()).substr(0, 1) == "t");
  CHECK(find_symbol(symbol_name(a.as<Symbol>())) == a.as<Symbol>());
  // A name that exists is skipped.
  std::string next = "t";
  next += std::to_string(std::stoll(std::string(symbol_name(b.as<Symbol>()).substr(1))) + 1);
  intern(next);
  Value c = eval_value("(nil gensym)");
  CHECK(symbol_name(c.as<Symbol>()) != next);
  CHECK(eval_text("(nil gensym 'p)") == "!wrong-argument-count");
}

TEST_CASE("const marks objects read-only") {
  Value s = eval_value("(nil const \"abc\")");
  CHECK((s.ptr()->flags & flag_read_only) != 0);
  CHECK(eval_text("(nil const '(1 2))") == "(1 2)");
  CHECK(eval_text("(nil const nil)") == "nil");
  CHECK(eval_text("(nil const #\\a)") == "#\\a");
  CHECK(eval_text("(nil let ((v (nil const (nil vector 1)))) (v setf #(2)))") == "!read-only");
  CHECK(eval_text("(nil let ((p (nil const (nil cons 1 2)))) (p setf '(3)))") == "!read-only");
  // A symbol is never marked: set and putprop stay allowed.
  Value sym = eval_value("(nil const 'unit-const-sym)");
  CHECK((sym.ptr()->flags & flag_read_only) == 0);
  CHECK(eval_text("(nil const)") == "!wrong-argument-count");
  CHECK(eval_text("(nil const 1 2)") == "!wrong-argument-count");
}

TEST_CASE("const on a number marks the number object") {
  Value five = Value::fixnum(5);
  Value marked = send(intern("const"), nil, 1, &five);
  REQUIRE(is_cell(marked));
  CHECK(unwrap(marked) == five);
  CHECK((marked.ptr()->flags & flag_read_only) != 0);
  Value big = eval_value("123456789012345678901234567890");
  Value marked_big = send(intern("const"), nil, 1, &big);
  REQUIRE(is_cell(marked_big));
  CHECK((big.ptr()->flags & flag_read_only) == 0);  // the shared representation stays free
  Value cell = make_cell(make_float(2.5));
  CHECK(send(intern("const"), nil, 1, &cell) == cell);  // the variables sharing it see it
  CHECK((cell.ptr()->flags & flag_read_only) != 0);
}
