// The collector interface (gc.hpp): object sizes, and what keeps exactly sized objects
// alive. Collections are forced with GC_gcollect so each test runs them many times.
#include <gc/gc.h>

#include <set>
#include <vector>

#include "l2d/gc.hpp"
#include "l2d/number.hpp"
#include "l2d/thread.hpp"
#include "support.hpp"

using namespace l2d;
using namespace l2d::test;

namespace {

// Garbage of the sizes of the objects under test, so that a wrongly freed object is
// reused and overwritten before it is checked.
void churn() {
  for (int i = 0; i < 20000; ++i) {
    cons(fix(-1), fix(-2));
    make_float(-1.5);
  }
}

// A task of the pool: builds a list from its own thread's free lists while the
// collector runs (from this and the other tasks), then returns its length if every
// element is intact, else -1.
Value build_and_check(void*, int index) {
  const int n = 20000;
  Value l = nil;
  for (int i = 0; i < n; ++i) {
    l = cons(make_float(index * 1e6 + i), l);
    if (i % 5000 == 0) GC_gcollect();
  }
  churn();
  int i = n;
  for (; is_cons(l); l = l.as<Cons>()->rest) {
    Value f = l.as<Cons>()->first;
    if (!is_kind(f, Kind::flonum) || f.as<Flonum>()->d != index * 1e6 + --i) return fix(-1);
  }
  return fix(i == 0 ? n : -1);
}

}  // namespace

TEST_CASE("fixed-layout objects take no spare granule") {
  CHECK(GC_size(cons(nil, nil).ptr()) == 32);
  CHECK(GC_size(make_float(1.5).ptr()) == 32);
  CHECK(GC_size(num_mul(make_integer(fixnum_max), make_integer(fixnum_max)).ptr()) == 32);
  CHECK(GC_size(num_div(make_integer(1), make_integer(3)).ptr()) == 48);
  // Memory from alloc keeps the byte past its end inside the object.
  CHECK(GC_size(gc::alloc(32)) == 48);
}

TEST_CASE("a list reachable only from its head survives collections") {
  // Every cons but the first is reachable only through the last word of another, so
  // this fails if the collector does not scan exact objects to their end.
  const int n = 5000;
  auto* root = static_cast<Value*>(gc::alloc_uncollectable(sizeof(Value)));
  for (int i = n; i-- > 0;) *root = cons(fix(i), *root);
  for (int round = 0; round < 5; ++round) {
    GC_gcollect();
    churn();
  }
  int i = 0;
  bool ordered = true;
  for (Value l = *root; is_cons(l); l = l.as<Cons>()->rest, ++i)
    ordered = ordered && l.as<Cons>()->first == fix(i);
  CHECK(ordered);
  CHECK(i == n);
  gc::free_uncollectable(root);
}

TEST_CASE("exact objects survive when only pointers inside them remain") {
  // Pointers to a field (what C++ code holds in `Value& slot = c->rest`) and to the
  // object's last byte keep it, like a pointer to its start.
  const int n = 2000;
  auto* inner = static_cast<char**>(gc::alloc_uncollectable(sizeof(char*) * n));
  for (int i = 0; i < n; ++i) {
    auto* c = cons(fix(i), fix(-i)).as<Cons>();
    char* base = reinterpret_cast<char*>(c);
    inner[i] = i % 3 == 0 ? reinterpret_cast<char*>(&c->rest)
             : i % 3 == 1 ? reinterpret_cast<char*>(&c->first)
                          : base + sizeof(Cons) - 1;
  }
  for (int round = 0; round < 5; ++round) {
    GC_gcollect();
    churn();
  }
  bool intact = true;
  for (int i = 0; i < n; ++i) {
    auto* c = static_cast<Cons*>(GC_base(inner[i]));
    intact = intact && c && c->kind == Kind::cons && c->first == fix(i) && c->rest == fix(-i);
  }
  CHECK(intact);
  gc::free_uncollectable(inner);
}

TEST_CASE("blocks of exact objects that are partly free are reused") {
  // The collector hands out the free slots of a partly used block only once the kind
  // has a list of blocks to sweep (gc.cpp make_exact_kind).
  const int n = 8192;
  auto* kept = static_cast<Value*>(gc::alloc_uncollectable(sizeof(Value) * n / 2));
  std::set<uintptr_t> blocks;
  for (int i = 0; i < n; ++i) {
    Value c = cons(fix(i), nil);
    if (i % 2 == 0) {
      kept[i / 2] = c;
      blocks.insert(c.bits & ~uintptr_t(4095));
    }
  }
  GC_gcollect();
  int reused = 0;
  for (int i = 0; i < n / 2; ++i)
    if (blocks.count(cons(nil, nil).bits & ~uintptr_t(4095))) ++reused;
  CHECK(reused > n / 8);
  gc::free_uncollectable(kept);
}

TEST_CASE("threads allocate exact objects while others collect") {
  Value results = run_tasks(8, build_and_check, nullptr);
  int ok = 0;
  for (Value l = results; is_cons(l); l = l.as<Cons>()->rest)
    if (l.as<Cons>()->first == fix(20000)) ++ok;
  CHECK(ok == 8);
}
