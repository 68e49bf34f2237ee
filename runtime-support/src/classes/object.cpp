// Methods of `object` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_object_methods() {}

}  // namespace l2d
