// Compile-time warnings: code that will certainly raise when it runs — a global that
// is never given a value, a call with more arguments than the only method of its name
// accepts, and a message no method answers for a literal receiver.
#pragma once

#include <vector>

#include "l2d/reader.hpp"
#include "l2d/source.hpp"
#include "program_model.hpp"

namespace l2dc {

std::vector<l2d::Diagnostic> find_warnings(const ProgramModel& model, const l2d::SourceFile& source,
                                           const l2d::ReadProgram& read);

}  // namespace l2dc
