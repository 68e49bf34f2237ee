// Methods of `symbol` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_symbol_methods() {}

}  // namespace l2d
