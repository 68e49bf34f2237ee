// Methods of `list` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_list_methods() {}

}  // namespace l2d
