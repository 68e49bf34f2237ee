// Methods of `vector` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_vector_methods() {}

}  // namespace l2d
