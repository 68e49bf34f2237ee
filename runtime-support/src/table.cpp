// Tables (spec 15.1): an insertion-ordered hash map. Entries are pairs (key . value)
// kept in an array in insertion order; an open-addressing index maps hashes to
// positions in that array. Removing an entry leaves a hole (nil) that the next rebuild
// squeezes out, so positions, and with them the insertion order, never move otherwise.
//
// A rebuild publishes a whole new TableImpl: a thread that reads the table while
// another changes it sees one consistent state or the other (spec 10.2: unsynchronised
// use may lose updates but never crashes).
#include "l2d/table.hpp"

#include <cmath>
#include <cstring>

#include "l2d/error.hpp"
#include "l2d/number.hpp"
#include "l2d/sequence.hpp"
#include "l2d/string.hpp"

namespace l2d {

struct TableImpl {
  size_t count;       // live entries
  size_t used;        // positions of `entries` filled so far, holes included
  size_t capacity;    // positions `entries` has room for
  size_t mask;        // index slots - 1 (a power of two minus one)
  Value* entries;     // the entry pairs in insertion order; nil where one was removed
  uint64_t* hashes;   // atomic: the hash of each entry's key
  uint64_t* index;    // atomic: 0 for an empty slot, else an entry position + 1
};

namespace {

// Entry pairs are the table's own: a removed one is marked so that a for* loop that
// took it before the removal skips it.
constexpr uint16_t entry_removed = 1;

uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  return x ^ (x >> 33);
}

uint64_t hash_mpz(mpz_srcptr z) {
  if (mpz_fits_slong_p(z)) return mix(uint64_t(mpz_get_si(z)));
  uint64_t h = mix(uint64_t(mpz_sgn(z)) + 0x9e37);
  for (size_t i = 0; i < mpz_size(z); ++i) h = mix(h ^ mpz_getlimbn(z, mp_size_t(i)));
  return h;
}

uint64_t hash_mpq(mpq_srcptr q) {
  if (mpz_cmp_ui(mpq_denref(q), 1) == 0) return hash_mpz(mpq_numref(q));
  return mix(hash_mpz(mpq_numref(q)) * 31 + hash_mpz(mpq_denref(q)));
}

// Numbers that are `=` hash alike whatever their class: an integral value hashes as
// that integer, any other finite value as its exact fraction.
uint64_t hash_number(Value v) {
  if (v.is_fixnum()) return mix(uint64_t(v.fixnum_value()));
  if (is_float(v)) {
    double d = float_of(v);
    if (std::isnan(d)) raise_wrong_type();  // spec 15.1: a nan key
    if (std::isinf(d)) return d > 0 ? 0x7ff0000000000001ull : 0xfff0000000000001ull;
    if (d == std::trunc(d) && std::fabs(d) < 9.2e18) return mix(uint64_t(int64_t(d)));
    mpq_t q;
    mpq_init(q);
    mpq_set_d(q, d);
    uint64_t h = hash_mpq(q);
    mpq_clear(q);
    return h;
  }
  mpq_t q;
  mpq_init(q);
  to_mpq(v, q);
  uint64_t h = hash_mpq(q);
  mpq_clear(q);
  return h;
}

uint64_t hash_key(Value k) {
  if (is_number(k)) return hash_number(k);
  if (is_kind(k, Kind::string)) {
    const String* s = k.as<String>();
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < s->size; ++i) h = (h ^ string_ref(s, i)) * 1099511628211ull;
    return mix(h);
  }
  return mix(k.bits);  // characters by code, everything else by identity
}

bool same_key(Value stored, Value k) {
  if (is_number(k)) return is_number(stored) && num_compare(stored, k) == 0;
  if (is_kind(k, Kind::string))
    return is_kind(stored, Kind::string) && string_equal(stored.as<String>(), k.as<String>());
  return stored == k;
}

TableImpl* new_impl(size_t capacity) {
  auto* im = static_cast<TableImpl*>(gc::alloc(sizeof(TableImpl)));
  size_t slots = 16;
  while (slots < capacity * 2) slots *= 2;
  im->capacity = capacity;
  im->mask = slots - 1;
  im->entries = static_cast<Value*>(gc::alloc(sizeof(Value) * capacity));
  im->hashes = static_cast<uint64_t*>(gc::alloc_atomic(sizeof(uint64_t) * capacity));
  im->index = static_cast<uint64_t*>(gc::alloc_atomic(sizeof(uint64_t) * slots));
  std::memset(im->index, 0, sizeof(uint64_t) * slots);
  return im;
}

void index_insert(TableImpl* im, uint64_t h, size_t pos) {
  size_t i = h & im->mask;
  while (im->index[i]) i = (i + 1) & im->mask;
  im->index[i] = pos + 1;
}

void append_entry(TableImpl* im, Value entry, uint64_t h) {
  size_t pos = im->used++;
  im->entries[pos] = entry;
  im->hashes[pos] = h;
  index_insert(im, h, pos);
  ++im->count;
}

// A compacted copy of [old] with room for [capacity] entries. With [fresh_pairs] the
// entries are new pairs (a copy of the table), else the same ones (a rebuild).
TableImpl* rebuilt(const TableImpl* old, size_t capacity, bool fresh_pairs) {
  TableImpl* im = new_impl(capacity);
  for (size_t pos = 0; pos < old->used; ++pos) {
    Value e = old->entries[pos];
    if (e.is_nil()) continue;
    if (fresh_pairs) e = cons(e.as<Cons>()->first, e.as<Cons>()->rest);
    append_entry(im, e, old->hashes[pos]);
  }
  return im;
}

// The position of [k] (unwrapped) with hash [h], or -1.
int64_t find_pos(const TableImpl* im, Value k, uint64_t h) {
  for (size_t i = h & im->mask;; i = (i + 1) & im->mask) {
    uint64_t slot = im->index[i];
    if (!slot) return -1;
    size_t pos = slot - 1;
    if (pos >= im->used) continue;  // only under unsynchronised concurrent use
    Value e = im->entries[pos];
    if (!e.is_nil() && im->hashes[pos] == h && same_key(e.as<Cons>()->first, k)) return int64_t(pos);
  }
}

}  // namespace

Table* new_table() {
  auto* t = gc::make<Table>(Kind::table, classes.table);
  t->impl = new_impl(8);
  return t;
}

Value copy_table(const Table* src) {
  const TableImpl* old = src->impl;
  auto* t = gc::make<Table>(Kind::table, classes.table);
  t->impl = rebuilt(old, old->count < 8 ? 8 : old->count * 2, true);
  return Value(t);
}

size_t table_size(const Table* t) { return t->impl->count; }

bool table_find(const Table* t, Value key, Value& value) {
  key = unwrap(key);
  const TableImpl* im = t->impl;
  int64_t pos = find_pos(im, key, hash_key(key));
  if (pos < 0) return false;
  value = im->entries[pos].as<Cons>()->rest;
  return true;
}

void table_put(Table* t, Value key, Value value) {
  key = unwrap(key);
  uint64_t h = hash_key(key);
  TableImpl* im = t->impl;
  int64_t pos = find_pos(im, key, h);
  if (pos >= 0) {
    im->entries[pos].as<Cons>()->rest = unwrap(value);  // an existing key keeps its place
    return;
  }
  if (im->count >= max_sequence_size) raise_out_of_memory();
  // A string key is stored as a read-only copy: changing the original cannot disturb
  // the table (spec 15.1).
  if (is_kind(key, Kind::string)) {
    key = copy_string(key.as<String>());
    key.ptr()->flags |= flag_read_only;
  }
  Value entry = cons(key, value);
  if (im->used == im->capacity || (im->used + 1) * 2 > im->mask + 1) {
    im = rebuilt(im, im->count < 4 ? 8 : im->count * 2 + 2, false);
    t->impl = im;
  }
  append_entry(im, entry, h);
}

bool table_remove(Table* t, Value key, Value& old) {
  key = unwrap(key);
  TableImpl* im = t->impl;
  int64_t pos = find_pos(im, key, hash_key(key));
  if (pos < 0) return false;
  Value e = im->entries[pos];
  old = e.as<Cons>()->rest;
  e.ptr()->extra |= entry_removed;
  im->entries[pos] = nil;  // the index slot stays, pointing at a hole, until a rebuild
  --im->count;
  return true;
}

Value table_entries(const Table* t) {
  const TableImpl* im = t->impl;
  Vector* v = new_vector(0);
  vector_reserve(v, im->count);
  for (size_t pos = 0; pos < im->used; ++pos)
    if (!im->entries[pos].is_nil()) vector_push(v, im->entries[pos]);
  return Value(v);
}

bool table_entry_live(Value entry) { return !(entry.ptr()->extra & entry_removed); }

}  // namespace l2d
