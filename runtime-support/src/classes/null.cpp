// Methods of `null` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_null_methods() {}

}  // namespace l2d
