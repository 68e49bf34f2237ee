// Methods of `table` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_table_methods() {}

}  // namespace l2d

namespace l2d {
size_t table_size(const Table*) { return 0; }
}  // namespace l2d
