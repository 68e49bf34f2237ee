// Methods of `string` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_string_methods() {}

}  // namespace l2d
