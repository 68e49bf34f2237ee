// Methods of `system` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_system_methods() {}

}  // namespace l2d
