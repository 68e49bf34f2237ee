// Pointers kept alive for the collector from memory it does not scan (malloc'd C++
// containers): a growable block of uncollectable memory.
#pragma once

#include <cstring>

#include "gc.hpp"

namespace l2d::gc {

class RootSet {
 public:
  RootSet() = default;
  RootSet(const RootSet&) = delete;
  RootSet& operator=(const RootSet&) = delete;
  RootSet(RootSet&& o) noexcept : items_(o.items_), size_(o.size_), capacity_(o.capacity_) {
    o.items_ = nullptr;
    o.size_ = o.capacity_ = 0;
  }
  ~RootSet() {
    if (items_) free_uncollectable(items_);
  }
  void add(const void* p) {
    if (size_ == capacity_) {
      size_t cap = capacity_ ? capacity_ * 2 : 64;
      auto** items = static_cast<const void**>(alloc_uncollectable(cap * sizeof(void*)));
      if (items_) {
        std::memcpy(items, items_, size_ * sizeof(void*));
        free_uncollectable(items_);
      }
      items_ = items;
      capacity_ = cap;
    }
    items_[size_++] = p;
  }

 private:
  const void** items_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace l2d::gc
