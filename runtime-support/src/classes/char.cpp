// Methods of `char` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_char_methods() {}

}  // namespace l2d
