// The methods of all objects (spec 7.1): = <> copy setf string class isa on class true.
#include <catch.hpp>

#include "eval_text.hpp"
#include "l2d/class.hpp"
#include "l2d/number.hpp"
#include "l2d/symbol.hpp"

using namespace l2d;
using l2d::test::eval_text;
using l2d::test::eval_value;
using l2d::test::send_text;

TEST_CASE("= compares structurally, <> is its negation on every argument") {
  CHECK(eval_text("('(1 (2 \"x\")) = '(1 (2 \"x\")))") == "(1 (2 \"x\"))");
  CHECK(eval_text("('(1 2) = '(1 2 3))") == "false");
  CHECK(eval_text("('(1 . 2) = '(1 . 2))") == "(1 . 2)");
  CHECK(eval_text("('(1 . 2) = '(1 2))") == "false");
  CHECK(eval_text("(#(1 2) = #(1 2.0))") == "#(1 2)");
  CHECK(eval_text("(#(1 #(2)) = #(1 #(3)))") == "false");
  CHECK(eval_text("(#[1 2] = #[1 2])") == "#[1 2]");
  CHECK(eval_text("(#[1 2] = #[1 3])") == "false");
  CHECK(eval_text("(#[1 2] = #(1 2))") == "false");
  CHECK(eval_text("('a = 'a 'a)") == "a");
  CHECK(eval_text("('a = 'a 'b)") == "false");
  CHECK(eval_text("('a =)") == "a");
  CHECK(eval_text("(nil = nil)") == "true");
  CHECK(eval_text("(nil = 0)") == "false");
  CHECK(eval_text("(false = false)") == "true");
  CHECK(eval_text("(nil = '())") == "true");
  CHECK(eval_text("('(1) <> '(2) '(3))") == "(1)");
  CHECK(eval_text("('(1) <> '(2) '(1))") == "false");
  CHECK(eval_text("(nil <> 1)") == "true");
  CHECK(eval_text("(nil <> nil)") == "false");
  // Objects without contents compare by identity.
  CHECK(eval_text("(cout = cout)") == "Stream(1)");
  CHECK(eval_text("(cout = cerr)") == "false");
  CHECK(eval_text("((nil lambda () 1) = (nil lambda () 1))") == "false");
}

TEST_CASE("= and <> of the root class compare numbers by value") {
  // The number class has its own `=`; the root's answers the same for numbers inside
  // containers and when it is reached directly.
  Value one = Value::fixnum(1);
  Value one_float = make_float(1.0);
  Function* eq = find_own_method(classes.root, intern("="));
  REQUIRE(eq);
  CHECK(rt::call(eq, one, 1, &one_float) == one);
  Value nan = make_float(0.0 / 0.0);
  CHECK(rt::call(eq, nan, 1, &nan) == make_false());
  Function* ne = find_own_method(classes.root, intern("<>"));
  CHECK(rt::call(ne, nan, 1, &nan) == nan);
  CHECK(eval_text("('(1 2) = '(1.0 2/1))") == "(1 2)");
  CHECK(eval_text("('(0.0) = '(-0.0))") == "(0.0)");
}

TEST_CASE("= returns its receiver as passed") {
  Function* eq = find_own_method(classes.root, intern("="));
  Value cell = make_cell(Value::fixnum(2));
  Value two = Value::fixnum(2);
  CHECK(rt::call(eq, cell, 1, &two) == cell);
}

TEST_CASE("copy makes independent, writable objects") {
  CHECK(eval_text("(nil let ((a \"abc\") (b nil)) (nil setq b (a copy)) (b setf \"x\") (nil list a b))") ==
        "(\"abc\" \"x\")");
  CHECK(eval_text("(nil let ((a #(1 #(2))) (b nil)) (nil setq b (a copy)) (nil list (nil eq a b) (a = b)))") ==
        "(false #(1 #(2)))");
  // Shallow: the elements are shared.
  CHECK(eval_text("(nil let ((inner \"i\") (b nil)) (nil setq b ((nil vector inner) copy)) (inner setf \"j\") b)") ==
        "#(\"j\")");
  CHECK(eval_text("(nil let ((a #[1 2]) (b nil)) (nil setq b (a copy)) (b setf #[9]) (nil list a b))") ==
        "(#[1 2] #[9])");
  CHECK(eval_text("('(1 2 . 3) copy)") == "(1 2 . 3)");
  CHECK(eval_text("(nil let ((a (nil list 1 2)) (b nil)) (nil setq b (a copy)) (b setf '(z)) (nil list a b))") ==
        "((1 2) (z))");
  // A new spine: every pair is new, the elements are the same objects.
  CHECK(eval_text("(nil let ((s \"e\") (a nil) (b nil)) (nil setq a (nil list 1 s)) (nil setq b (a copy))"
                  " (b setf '(x)) (nil list a b))") == "((1 \"e\") (x))");
  CHECK(eval_text("(nil copy)") == "nil");
  CHECK(eval_text("('sym copy)") == "sym");
  CHECK(eval_text("(#\\a copy)") == "#\\a");
  CHECK(eval_text("(nil eq cout (cout copy))") == "true");
  CHECK(eval_text("(5 copy)") == "5");
  CHECK(eval_text("(1/3 copy)") == "1/3");
  CHECK(eval_text("(2.5 copy)") == "2.5");
  CHECK(eval_text("(\"a\" copy 1)") == "!wrong-argument-count");
}

TEST_CASE("a copy is never read-only") {
  CHECK(eval_text("(((nil const \"ab\") copy) setf \"cd\")") == "\"cd\"");
  CHECK(eval_text("(((nil const #(1)) copy) setf #(2))") == "#(2)");
  CHECK(eval_text("(((nil const #[1]) copy) setf #[2])") == "#[2]");
  CHECK(eval_text("(((nil const '(1)) copy) setf '(2))") == "(2)");
  Value five = Value::fixnum(5);
  Value marked = send(intern("const"), nil, 1, &five);
  Function* copy = find_own_method(classes.root, intern("copy"));
  Value c = rt::call(copy, marked, 0, nullptr);
  CHECK(c == five);  // a plain number: it carries no mark
}

TEST_CASE("copy of a user object") {
  CHECK(eval_text("(nil progn (nil defclass unit-cp true (a b)) (nil let ((o ('unit-cp newobject 1 \"s\")) (c nil))"
                  " (nil setq c (o copy)) (c set-a 2) (nil list o c (nil eq (o b) (c b)) (c class))))") ==
        "(unit-cp(a=1 b=\"s\") unit-cp(a=2 b=\"s\") true unit-cp)");
  CHECK(eval_text("(nil progn (nil defclass unit-cp0 true ()) (('unit-cp0 newobject) copy))") == "unit-cp0()");
}

TEST_CASE("setf replaces the contents of strings, vectors, byte vectors, pairs, user objects") {
  CHECK(eval_text("(nil let ((s \"abc\")) (s setf \"héllo\") s)") == "\"héllo\"");
  CHECK(eval_text("(nil let ((s \"日本\")) (s setf \"ab\") s)") == "\"ab\"");
  CHECK(eval_text("(nil let ((s \"abc\")) (s setf \"\") s)") == "\"\"");
  CHECK(eval_text("(nil let ((v #(1 2 3))) (v setf #(9)) v)") == "#(9)");
  CHECK(eval_text("(nil let ((v #())) (v setf #(1 2)) v)") == "#(1 2)");
  CHECK(eval_text("(nil let ((b #[1 2 3])) (b setf #[255]) b)") == "#[255]");
  CHECK(eval_text("(nil let ((p (nil cons 1 2))) (p setf '(a b)) p)") == "(a b)");
  CHECK(eval_text("(nil let ((p (nil cons 1 2))) (p setf (nil cons 3 4)) p)") == "(3 . 4)");
  // The receiver and its argument stay independent afterwards.
  CHECK(eval_text("(nil let ((a \"abc\") (b \"xyz\")) (a setf b) (b setf \"q\") (nil list a b))") ==
        "(\"xyz\" \"q\")");
  CHECK(eval_text("(nil let ((a #(1)) (b #(2))) (a setf b) (b setf #(3)) (nil list a b))") == "(#(2) #(3))");
  // An object may take its own contents.
  CHECK(eval_text("(nil let ((a \"abc\")) (a setf a))") == "\"abc\"");
  CHECK(eval_text("(nil let ((a #(1 2))) (a setf a))") == "#(1 2)");
  CHECK(eval_text("(nil let ((a #[7])) (a setf a))") == "#[7]");
  CHECK(eval_text("(nil let ((p (nil list 1 2))) (p setf p))") == "(1 2)");
  CHECK(eval_text("(nil progn (nil defclass unit-sf true (x y)) (nil let ((a ('unit-sf newobject 1 2))"
                  " (b ('unit-sf newobject 3 4))) (a setf b) (b set-x 5) (a setf a) (nil list a b)))") ==
        "(unit-sf(x=3 y=4) unit-sf(x=5 y=4))");
}

TEST_CASE("setf returns its receiver and checks classes, then read-only") {
  Value s = eval_value("\"abc\"");
  Value t = eval_value("\"x\"");
  Function* setf = find_own_method(classes.root, intern("setf"));
  CHECK(rt::call(setf, s, 1, &t) == s);
  CHECK(eval_text("(\"a\" setf 5)") == "!wrong-type");
  CHECK(eval_text("(\"a\" setf #\\a)") == "!wrong-type");
  CHECK(eval_text("(\"a\" setf 'a)") == "!wrong-type");
  CHECK(eval_text("(#(1) setf '(1))") == "!wrong-type");
  CHECK(eval_text("(#(1) setf #[1])") == "!wrong-type");
  CHECK(eval_text("(#[1] setf \"a\")") == "!wrong-type");
  CHECK(eval_text("('(1) setf nil)") == "!wrong-type");
  CHECK(eval_text("(nil setf '(1))") == "!wrong-type");
  CHECK(eval_text("('sym setf 'other)") == "!wrong-type");
  CHECK(eval_text("(#\\a setf #\\b)") == "!wrong-type");
  CHECK(eval_text("(cout setf cerr)") == "!wrong-type");
  CHECK(eval_text("(nil progn (nil defclass unit-sa true (x)) (nil defclass unit-sb unit-sa ())"
                  " (('unit-sa newobject 1) setf ('unit-sb newobject 2)))") == "!wrong-type");
  CHECK(eval_text("(('unit-sb newobject 1) setf ('unit-sa newobject 2))") == "!wrong-type");
  CHECK(eval_text("((nil const \"abc\") setf \"x\")") == "!read-only");
  CHECK(eval_text("((nil const \"abc\") setf 5)") == "!wrong-type");
  CHECK(eval_text("((nil const #[1]) setf #[2])") == "!read-only");
  CHECK(eval_text("((nil const ('unit-sa newobject 1)) setf ('unit-sa newobject 2))") == "!read-only");
  CHECK(eval_text("(\"a\" setf)") == "!wrong-argument-count");
  CHECK(eval_text("(\"a\" setf \"b\" \"c\")") == "!wrong-argument-count");
}

TEST_CASE("string gives a new string of the display form") {
  CHECK(eval_text("('(1 \"a\" #\\b) string)") == "\"(1 a b)\"");
  CHECK(eval_text("(#\\a string)") == "\"a\"");
  CHECK(eval_text("(\"x\\\"y\" string)") == "\"x\\\"y\"");
  CHECK(eval_text("(nil string)") == "\"nil\"");
  CHECK(eval_text("(true string)") == "\"true\"");
  CHECK(eval_text("(#(1 \"v\") string)") == "\"#(1 v)\"");
  // Byte vectors have their own `string` (spec 7.8: it decodes UTF-8).
  CHECK(eval_text("(#[104 105] string)") == "\"hi\"");
  CHECK(eval_text("(cout string)") == "\"Stream(1)\"");
  CHECK(eval_text("(('true getclass) string)") == "\"Class(true)\"");
  CHECK(eval_text("((nil lambda (x) x) string)") == "\"(lambda (x) x)\"");
  CHECK(eval_text("(nil let ((s \"ab\")) (nil eq s (s string)))") == "false");
  CHECK(eval_text("(nil string 1)") == "!wrong-argument-count");
}

TEST_CASE("class names the class, a cell its number's") {
  CHECK(eval_text("(5 class)") == "integer");
  CHECK(eval_text("(100000000000000000000000 class)") == "integer");
  CHECK(eval_text("(5/2 class)") == "fraction");
  CHECK(eval_text("(2.5 class)") == "float");
  CHECK(eval_text("(#\\a class)") == "char");
  CHECK(eval_text("(\"s\" class)") == "string");
  CHECK(eval_text("('s class)") == "symbol");
  CHECK(eval_text("(true class)") == "symbol");
  CHECK(eval_text("(false class)") == "symbol");
  CHECK(eval_text("(nil class)") == "null");
  CHECK(eval_text("('(1) class)") == "cons");
  CHECK(eval_text("(#(1) class)") == "vector");
  CHECK(eval_text("(#[1] class)") == "byte-vector");
  CHECK(eval_text("((nil lambda () 1) class)") == "function");
  CHECK(eval_text("(('true getmethod 'class) class)") == "function");
  CHECK(eval_text("(cout class)") == "stream");
  CHECK(eval_text("(('lock newobject) class)") == "lock");
  CHECK(eval_text("(('integer getclass) class)") == "class");
  CHECK(eval_text("(nil class 1)") == "!wrong-argument-count");
  Value cell = make_cell(make_float(1.5));
  CHECK(send_text("class", cell, {}) == "float");
}

TEST_CASE("isa follows the class chain") {
  CHECK(eval_text("(5 isa 'integer)") == "5");
  CHECK(eval_text("(5 isa 'number)") == "5");
  CHECK(eval_text("(5 isa 'true)") == "5");
  CHECK(eval_text("(5 isa 'float)") == "false");
  CHECK(eval_text("(nil isa 'null)") == "true");
  CHECK(eval_text("(false isa 'symbol)") == "true");
  CHECK(eval_text("(nil isa 'symbol)") == "false");
  CHECK(eval_text("(\"s\" isa ('string getclass))") == "\"s\"");
  CHECK(eval_text("(\"s\" isa ('true getclass))") == "\"s\"");
  CHECK(eval_text("(\"s\" isa ('cons getclass))") == "false");
  CHECK(eval_text("(('true getclass) isa 'class)") == "Class(true)");
  CHECK(eval_text("(nil progn (nil defclass unit-ia true ()) (nil defclass unit-ib unit-ia ())"
                  " (nil list (('unit-ib newobject) isa 'unit-ia) (('unit-ia newobject) isa 'unit-ib)))") ==
        "(unit-ib() false)");
  CHECK(eval_text("(5 isa 'no-such-class)") == "!wrong-type");
  CHECK(eval_text("(5 isa \"integer\")") == "!wrong-type");
  CHECK(eval_text("(5 isa nil)") == "!wrong-type");
  CHECK(eval_text("(5 isa)") == "!wrong-argument-count");
  CHECK(eval_text("(5 isa 'integer 'number)") == "!wrong-argument-count");
  Value cell = make_cell(Value::fixnum(3));
  Value name = Value(&sym::number);
  Function* isa = find_own_method(classes.root, intern("isa"));
  CHECK(rt::call(isa, cell, 1, &name) == cell);
}
