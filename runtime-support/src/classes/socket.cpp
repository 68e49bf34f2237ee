// Methods of `socket` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_socket_methods() {}

}  // namespace l2d
