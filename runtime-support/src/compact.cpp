// The out-of-line entries of compact generated code (runtime.hpp, "compact code"): the
// same work as the inline paths (Recorder, send_cached), in one place.
#include "l2d/runtime.hpp"

#include <algorithm>


namespace l2d::rt {

void note_enter(int32_t base, int64_t rel4, int64_t form_index) {
  Task* t = history_task();
  HistoryEntry& e = claim_slot(t, t->ring, t->mask);
  e.meta = record_meta(base + int32_t(rel4 >> 2), form_index, record_enter_id);
}

void note_leave(int32_t base, int64_t rel4, Value v) {
  Task* t = history_task();
  HistoryEntry& e = claim_slot(t, t->ring, t->mask);
  e.value = unwrap(v);  // numbers are recorded by value
  e.meta = record_meta(base + int32_t(rel4 >> 2), 0, record_leave);
}

Value send_site(SendCache& cache, Symbol* selector, Value self, int argc, Value* argv) {
  return send_cached(cache, selector, self, argc, argv);
}

Value run_defmethod_form(const DefmethodForms& table, int form) {
  const DefmethodForm* end = table.forms + table.count;
  const DefmethodForm* d =
      std::lower_bound(table.forms, end, form, [](const DefmethodForm& e, int f) { return e.form < f; });
  if (d == end || d->form != form) return nil;  // not generated so: cannot happen
  const int32_t base = call_depth + 1;  // as L2D_PROLOGUE
  bool rec = recording();
  if (rec) note_enter(base, 0, d->form_k);
  Function* fn = make_closure(d->entry, table.k[d->lambda_k], *d->name, 0, nullptr);
  // A shared body finds this method's constants through env (no captures to keep there).
  if (d->row) fn->env = const_cast<int64_t*>(d->row);
  Value f = Value(fn);
  Value r = defmethod(table.k[d->receiver_k], *d->name, f.as<Function>());
  if (rec) note_leave(base, 0, r);
  return r;
}

}  // namespace l2d::rt
