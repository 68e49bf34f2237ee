// The l2dc version, as `l2dc --version` prints it and as build caches key on it.
#pragma once

#include <string>

namespace l2dc {
std::string version_text();
const char* version_number();
}  // namespace l2dc
