// Methods of `byte_vector` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_byte_vector_methods() {}

}  // namespace l2d
