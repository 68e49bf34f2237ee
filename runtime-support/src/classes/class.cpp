// Methods of `class` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_class_methods() {}

}  // namespace l2d
