// The build cache: $XDG_CACHE_HOME/l2dc (default ~/.cache/l2dc), mode 0700, created so
// (never through a more open mode) and refused if it is not a real directory owned by the
// user; an existing one open to others is made private. An entry is
// keyed by a hash of the script, the options, the l2dc version, the runtime library and
// the compiler; it holds the executable and a manifest with the executable's hash, so a
// corrupted or foreign entry is detected and rebuilt, never run. Entries are written
// into a private directory and renamed into place, so concurrent builds are safe. An entry
// (and its files) must be owned by the user and writable by no one else to be used.
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
  // A private, empty work directory inside the cache (or under $TMPDIR or /tmp).
  std::string make_work_dir() const;
  // Moves [exe] (in a work dir) into the entry, with the rendered compile-time warnings
  // (shown again on a hit); returns the entry's executable. When the entry cannot be
  // stored, returns [exe] itself with [in_work] set: the caller removes the work dir.
  std::optional<std::string> store(const std::string& exe, const std::string& warnings, bool& in_work,
                                   std::string& error) const;
  // A file of the cache for facts about the compiler (which linker it takes), "" if none.
  std::string toolchain_memo() const;
  // Why the cache directory is not used or was changed ("" if all is well).
  const std::string& warning() const { return warning_; }
  std::string cached_warnings() const;
  bool usable() const { return !dir_.empty(); }
  const std::string& key() const { return key_; }

 private:
  std::string warning_;  // first: cache_root() sets it while dir_ is initialised
  std::string dir_;      // the cache root, "" if unusable
  std::string key_;
  std::string compiler_key_;
};

std::string hash_file(const std::string& path);  // xxh3-128 as hex, "" if unreadable

}  // namespace l2dc
