// Reflection (spec 6.3, 6.5): getclass, getmethod, newobject, and the methods of class
// objects (name, parent, fields).
#include <catch.hpp>

#include "eval_text.hpp"
#include "l2d/class.hpp"
#include "l2d/symbol.hpp"

using namespace l2d;
using l2d::test::eval_text;
using l2d::test::eval_value;

TEST_CASE("getclass gives the class object of a name, or nil") {
  CHECK(eval_text("('integer getclass)") == "Class(integer)");
  CHECK(eval_text("('true getclass)") == "Class(true)");
  CHECK(eval_text("('null getclass)") == "Class(null)");
  CHECK(eval_text("('class getclass)") == "Class(class)");
  CHECK(eval_text("('byte-vector getclass)") == "Class(byte-vector)");
  CHECK(eval_text("('unit-no-such-class getclass)") == "nil");
  CHECK(eval_text("('false getclass)") == "nil");
  CHECK(Value(classes.integer) == eval_value("('integer getclass)"));
  CHECK(eval_text("('integer getclass 1)") == "!wrong-argument-count");
  // Class null has no symbol methods (spec 5).
  CHECK(eval_text("(nil getclass)") == "!undefined-method");
  CHECK(eval_text("(\"integer\" getclass)") == "!undefined-method");
}

TEST_CASE("class objects: name, parent, fields") {
  CHECK(eval_text("(('vector getclass) name)") == "vector");
  CHECK(eval_text("(('true getclass) name)") == "true");
  CHECK(eval_text("(('integer getclass) parent)") == "number");
  CHECK(eval_text("(('number getclass) parent)") == "true");
  CHECK(eval_text("(('class getclass) parent)") == "true");
  CHECK(eval_text("(('true getclass) parent)") == "nil");
  CHECK(eval_text("(('string getclass) fields)") == "nil");
  CHECK(eval_text("(nil progn (nil defclass unit-fa true (x (y 2))) (nil defclass unit-fb unit-fa (z))"
                  " (nil list (('unit-fb getclass) fields) (('unit-fb getclass) parent) (('unit-fa getclass) parent)))") ==
        "((x y z) unit-fa true)");
  // The list is new: changing it does not change the class.
  CHECK(eval_text("(nil let ((f (('unit-fb getclass) fields))) (f setf '(q)) (('unit-fb getclass) fields))") ==
        "(x y z)");
  CHECK(eval_text("(('integer getclass) name 1)") == "!wrong-argument-count");
  CHECK(eval_text("(('integer getclass) parent 1)") == "!wrong-argument-count");
  CHECK(eval_text("(('integer getclass) fields 1)") == "!wrong-argument-count");
  // They are methods of class objects, not of class names.
  CHECK(eval_text("('integer parent)") == "!undefined-method");
}

TEST_CASE("getmethod finds what a send would run") {
  CHECK(eval_text("('integer getmethod 'class)") == "Builtin(class)");
  CHECK(eval_text("('null getmethod 'list)") == "Builtin(list)");
  CHECK(eval_text("('null getmethod 'copy)") == "Builtin(copy)");
  CHECK(eval_text("('integer getmethod 'unit-nothing)") == "nil");
  CHECK(eval_text("('integer getmethod nil)") == "nil");
  // A built-in global function is found only for nil.
  CHECK(eval_text("('integer getmethod 'list)") == "nil");
  // Program-defined global functions are the fallback for every class.
  CHECK(eval_text("(nil progn (nil defmethod unit-everywhere () this) ('string getmethod 'unit-everywhere))") ==
        "(lambda nil this)");
  CHECK(eval_text("(nil progn ('string defmethod unit-everywhere () 'own) ('string getmethod 'unit-everywhere))") ==
        "(lambda nil 'own)");
  CHECK(eval_text("('vector getmethod 'unit-everywhere)") == "(lambda nil this)");
  CHECK(eval_text("(nil progn (nil defclass unit-ga true (x)) (nil defclass unit-gb unit-ga ())"
                  " (nil list ('unit-gb getmethod 'x) ('unit-gb getmethod 'set-x)))") ==
        "(Builtin(x) Builtin(set-x))");
  CHECK(eval_text("(nil funcall ('unit-gb newobject 5) ('unit-gb getmethod 'x))") == "5");
  // On a class object too.
  CHECK(eval_text("(('integer getclass) getmethod 'isa)") == "Builtin(isa)");
  CHECK(eval_text("('unit-no-such-class getmethod 'x)") == "!wrong-type");
  CHECK(eval_text("('integer getmethod \"class\")") == "!wrong-type");
  CHECK(eval_text("('integer getmethod 5)") == "!wrong-type");
  CHECK(eval_text("('integer getmethod)") == "!wrong-argument-count");
  CHECK(eval_text("('integer getmethod 'a 'b)") == "!wrong-argument-count");
}

TEST_CASE("newobject on class names and class objects") {
  CHECK(eval_text("(nil progn (nil defclass unit-na true (a (b 'init))) ('unit-na newobject 1))") ==
        "unit-na(a=1 b=init)");
  CHECK(eval_text("(('unit-na getclass) newobject 'x 'y)") == "unit-na(a=x b=y)");
  CHECK(eval_text("('unit-na newobject 1 2 3)") == "!wrong-argument-count");
  CHECK(eval_text("('stream newobject)") == "Stream(-1)");
  CHECK(eval_text("(('stream getclass) newobject)") == "Stream(-1)");
  CHECK(eval_text("(('lock newobject) class)") == "lock");
  for (const char* name : {"true", "null", "symbol", "number", "integer", "fraction", "float", "char", "cons",
                           "function", "class"}) {
    CHECK(eval_text(std::string("('") + name + " newobject)") == "!wrong-type");
    CHECK(eval_text(std::string("(('") + name + " getclass) newobject)") == "!wrong-type");
  }
  CHECK(eval_text("('unit-no-such-class newobject)") == "!wrong-type");
  CHECK(eval_text("(nil newobject)") == "!undefined-method");
}
