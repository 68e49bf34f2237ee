// The l2dc version (from CMake's project version) and the runtime ABI it emits for.
#include "version.hpp"

#include "l2d/object.hpp"
#include "l2dc_config.hpp"

namespace l2dc {
const char* version_number() { return L2DC_VERSION; }
std::string version_text() {
  return std::string("l2dc ") + L2DC_VERSION + " (runtime ABI " + std::to_string(L2D_ABI_VERSION) + ")";
}
}  // namespace l2dc
