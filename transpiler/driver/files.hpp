// Reading scripts and writing outputs safely. Scripts are read once, with a size limit,
// and a directory is refused. Outputs are written to a temporary file made exclusively
// (mkstemp: O_EXCL, mode 0600) beside the output, then renamed over it: never a fixed
// temporary name, never through a symbolic link, never half-written, and nothing left
// behind when something fails.
#pragma once

#include <cstddef>
#include <string>

namespace l2dc {

// The largest script l2dc reads (docs/guide.md, "The command line").
constexpr size_t max_script_bytes = size_t(64) << 20;

// Reads the whole script at [path] into [text]. On failure returns false with a message
// naming the file in [error] ("cannot read the script: …", "'DIR' is a directory", …).
bool read_script(const std::string& path, std::string& text, std::string& error);

// The process's umask (read once).
unsigned current_umask();

// Writes [data] to [path] atomically, with the mode a new file gets (0666 & ~umask, or
// 0777 & ~umask when [executable]).
bool write_file_atomic(const std::string& path, const std::string& data, bool executable, std::string& error);
// The same with mode 0600, for the cache.
bool write_private_file_atomic(const std::string& path, const std::string& data, std::string& error);
// The same, with the bytes of the file [from].
bool copy_file_atomic(const std::string& from, const std::string& path, bool executable, std::string& error);
// Creates [path], which must not exist yet (O_EXCL, no symbolic link followed), and
// writes [data] to it; mode 0666 & ~umask (0777 & ~umask when [executable]).
bool write_new_file(const std::string& path, const std::string& data, bool executable, std::string& error);

}  // namespace l2dc
