// The front half of every command: script -> checked program model -> C++ text.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "l2d/source.hpp"

namespace l2dc {

struct Translation {
  std::string cpp;                          // the generated translation unit
  std::vector<size_t> unit_sizes;           // lines of each unit of a split compile (empty: whole)
  std::vector<l2d::Diagnostic> diagnostics; // errors stop the translation; warnings do not
  bool ok = false;
  bool ok_diagnostics() const {
    for (const auto& d : diagnostics)
      if (d.severity == l2d::Severity::error) return false;
    return true;
  }
};

// Runs [body] on a thread with a large stack (the program stack size) and waits: the
// reader, lowering, analysis and generation recurse once per nesting level. An
// exception [body] throws is thrown again here.
void on_large_stack(const std::function<void()>& body);

// [cpp_name] is the generated file's name as #line directives should give it. [source]:
// the script's text when the caller has read it already (it is read once: a pipe cannot
// be read twice, and the cache key must describe the very text translated).
Translation translate(const CompileOptions& opts, const std::string& cpp_name, const std::string& command_line,
                      const std::string* source = nullptr);

// Phase timing for -v: prints "l2dc: PHASE  N ms" to standard error.
class PhaseTimer {
 public:
  explicit PhaseTimer(bool verbose);
  void done(const char* phase, const std::string& note = "");  // note: after the time
 private:
  bool verbose_;
  double last_;
};

}  // namespace l2dc
