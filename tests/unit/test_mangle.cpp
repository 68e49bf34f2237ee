// C++ names for Lisp2D names (codegen/mangle.hpp): mangling is injective, and the name
// registry never hands out a name twice, even when a suffixed name is another name's
// mangling (hostile cases valid/mangle-collisions-*).
#include <catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "codegen/mangle.hpp"

using l2dc::mangle;
using l2dc::NameRegistry;

TEST_CASE("mangling is readable") {
  CHECK(mangle("fib") == "fib");
  CHECK(mangle("set-y") == "set_y");
  CHECK(mangle("set-x") == "set_x2D_x");  // `_x` always starts an escape
  CHECK(mangle("+=") == "_x2B__x3D_");
  CHECK(mangle("a.b") == "a_x2E_b");
}

TEST_CASE("mangling is injective") {
  CHECK(mangle("a-x2E-b") != mangle("a.b"));
  CHECK(mangle("-") != mangle(""));
  CHECK(mangle("_") != mangle("-"));
  // Every string of up to four characters from an alphabet rich in escapes.
  const std::string alphabet = "-x_.2E";
  std::vector<std::string> names{""};
  for (size_t len = 1; len <= 4; ++len) {
    std::vector<std::string> longer;
    for (const auto& n : names)
      if (n.size() == len - 1)
        for (char c : alphabet) longer.push_back(n + c);
    names.insert(names.end(), longer.begin(), longer.end());
  }
  std::set<std::string> seen;
  for (const auto& n : names) CHECK(seen.insert(mangle(n)).second);
  // `_x_` joins a receiver's name to a method's: the pair is still told apart.
  std::set<std::string> pairs;
  size_t count = 0;
  for (const auto& a : names)
    for (const auto& b : names)
      if (a.size() <= 3 && b.size() <= 3) {
        pairs.insert(mangle(a) + "_x_" + mangle(b));
        ++count;
      }
  CHECK(pairs.size() == count);
}

TEST_CASE("the registry never reuses a name") {
  NameRegistry r;
  std::string a = r.unique("s_" + mangle("a.b"));
  std::string b = r.unique("s_" + mangle("a.b"));       // a collision: suffixed
  std::string c = r.unique("s_" + mangle("a.b-2"));     // spelled like b's suffixed name
  std::set<std::string> all{a, b, c};
  CHECK(all.size() == 3);
  // Derived names (variants, entries) are reserved with their function's name.
  std::string f = r.unique("m_foo", {"_rec", "_entry"});
  std::string g = r.unique("m_" + mangle("foo-rec"), {"_rec", "_entry"});
  CHECK(f == "m_foo");
  CHECK(g != "m_foo_rec");
  std::string h = r.unique("m_foo_2", {"_rec"});
  CHECK(h != f);
  CHECK(h != g);
}
