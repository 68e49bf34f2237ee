// Methods of `reflection` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_reflection_methods() {}

}  // namespace l2d
