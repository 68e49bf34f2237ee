// libFuzzer target: the whole translation (l2dc translate) on arbitrary bytes — reading,
// lowering and its checks of every special form (spec 4), the analyses, the warnings and
// C++ generation — through the driver's own entry point. Every error must be a positioned
// diagnostic; that the generated C++ also compiles is checked by compile_sample.py on a
// sample of the corpus this target grows.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>

#include "driver/source_loader.hpp"
#include "driver/translate.hpp"
#include "fuzz_common.hpp"

namespace {
int input_fd = -1;
std::string input_path;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  l2d::init_runtime();
  // The driver reads a file: the input goes through an anonymous in-memory file.
  input_fd = memfd_create("fuzz.l2d", 0);
  if (input_fd < 0) __builtin_trap();
  input_path = "/proc/self/fd/" + std::to_string(input_fd);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (l2dfuzz::known_deep_codegen_bug({reinterpret_cast<const char*>(data), size})) return -1;
  if (ftruncate(input_fd, 0) != 0 || pwrite(input_fd, data, size, 0) != ssize_t(size)) __builtin_trap();
  l2dc::CompileOptions opts;
  opts.script = input_path;
  opts.warnings = true;
  l2dc::Translation t = l2dc::translate(opts, "fuzz.cpp", "l2dc fuzz");
  l2d::SourceFile src(input_path, std::string(reinterpret_cast<const char*>(data), size));
  l2dfuzz::check_diagnostics(src, t.diagnostics);
  bool has_error = false;
  for (const auto& d : t.diagnostics) has_error |= d.severity == l2d::Severity::error;
  if (t.ok == has_error) __builtin_trap();  // refused without saying why, or both
  if (t.ok && t.cpp.find("int main(") == std::string::npos) __builtin_trap();
  return 0;
}
