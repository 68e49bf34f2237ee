// Methods of `number` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_number_methods() {}

}  // namespace l2d
