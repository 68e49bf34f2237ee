// Cutting a sequence into runs of about equal size, in order: generated definitions into
// units (gen_program.cpp cut_into_units), units into parallel compiles (toolchain.cpp
// plan_compiles).
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace l2dc {

// The run of each item of [sizes] when the items are cut into at most [parts] (>= 1)
// runs in order: an item goes to the part its middle falls in. Runs are numbered 0, 1, …
// as they come, so an item larger than a part, which leaves the next part empty, does
// not leave a gap in the numbers.
inline std::vector<size_t> balanced_runs(const std::vector<size_t>& sizes, size_t parts) {
  size_t total = 0;
  for (size_t s : sizes) total += s;
  std::vector<size_t> run(sizes.size());
  size_t before = 0, runs = 0, last_part = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    size_t part = std::min(parts - 1, (before + sizes[i] / 2) * parts / std::max<size_t>(total, 1));
    before += sizes[i];
    if (i > 0 && part != last_part) ++runs;
    last_part = part;
    run[i] = runs;
  }
  return run;
}

}  // namespace l2dc
