// The first characters of a datum's readable form, for the comments of generated code
// (a constant's form, a function's source). Bounded in time and stack however big or
// deep the datum: the printer (printer.cpp) would print all of a 10 000-level form
// for every one of its subforms, recursively.
#pragma once

#include <cstddef>
#include <string>

#include "l2d/runtime.hpp"

namespace l2dc {

// At most about [max] characters, made safe for a // comment (comment_text).
std::string form_comment(l2d::Value v, size_t max);

}  // namespace l2dc
