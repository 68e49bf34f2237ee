// The build cache: $XDG_CACHE_HOME/l2dc (default ~/.cache/l2dc), mode 0700. An entry is
// keyed by a hash of the script, the options, the l2dc version, the runtime library and
// the compiler; it holds the executable and a manifest with the executable's hash, so a
// corrupted or foreign entry is detected and rebuilt, never run. Entries are written
// into a private directory and renamed into place, so concurrent builds are safe.
#pragma once

#include <optional>
#include <string>

#include "commands.hpp"
#include "toolchain.hpp"

namespace l2dc {

class BuildCache {
 public:
  // [source] is the script's bytes. Without a usable cache directory, lookups miss.
  BuildCache(const std::string& source, const CompileOptions& opts, const CompilerIdentity& cxx,
             const RuntimeLocation& rt);
  std::optional<std::string> lookup() const;  // the cached executable, verified
  // A private, empty work directory inside the cache (or under /tmp).
  std::string make_work_dir() const;
  // Moves [exe] (in a work dir) into the entry, with the rendered compile-time warnings
  // (shown again on a hit); returns the entry's executable.
  std::optional<std::string> store(const std::string& exe, const std::string& warnings, std::string& error) const;
  std::string cached_warnings() const;
  bool usable() const { return !dir_.empty(); }
  const std::string& key() const { return key_; }

 private:
  std::string dir_;  // the cache root, "" if unusable
  std::string key_;
};

std::string hash_file(const std::string& path);  // xxh3-128 as hex, "" if unreadable

}  // namespace l2dc
