// The build cache (cache.hpp).
#include "cache.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "version.hpp"

namespace l2dc {

namespace fs = std::filesystem;

namespace {

std::string hex(XXH128_hash_t h) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
  return buf;
}

// A cache directory that only this user can use: a real directory (not a link), owned
// by the user, mode 0700. "" if it cannot be had.
std::string private_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  struct stat st {};
  if (lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid()) return "";
  if ((st.st_mode & 0777) != 0700 && chmod(dir.c_str(), 0700) != 0) return "";
  return dir;
}

std::string cache_root() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/') return private_dir(std::string(x) + "/l2dc");
  if (const char* home = std::getenv("HOME"); home && *home == '/')
    return private_dir(std::string(home) + "/.cache/l2dc");
  // No home: a per-user directory in /tmp, used only if it is really ours.
  return private_dir("/tmp/l2dc-cache-" + std::to_string(getuid()));
}

std::string file_stamp(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return path;
  return path + ":" + std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string hash_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    XXH3_128bits_update(state, buf, size_t(in.gcount()));
  }
  std::string h = hex(XXH3_128bits_digest(state));
  XXH3_freeState(state);
  return h;
}

BuildCache::BuildCache(const std::string& source, const CompileOptions& opts, const CompilerIdentity& cxx,
                       const RuntimeLocation& rt)
    : dir_(cache_root()) {
  std::string material;
  material += "l2dc " + std::string(version_number()) + "\n";
  material += "opt " + std::to_string(opts.opt_level) + " g " + std::to_string(opts.debug) + " echo " +
              std::to_string(opts.echo) + " history " + std::to_string(opts.history) + "\n";
  material += "name " + fs::path(opts.script).filename().string() + "\n";
  material += "line-file " + opts.script + "\n";
  material += "cxx " + cxx.fingerprint + "\n";
  for (size_t i = 1; i < cxx.command.size(); ++i) material += "cxx-arg " + cxx.command[i] + "\n";
  material += "runtime " + file_stamp(rt.library) + "\n";
  material += "l2dc-binary " + file_stamp(self_executable_path()) + "\n";
  material += "source\n" + source;
  key_ = hex(XXH3_128bits(material.data(), material.size()));
}

std::string BuildCache::cached_warnings() const {
  if (dir_.empty()) return "";
  return read_file(dir_ + "/" + key_ + "/warnings");
}

std::optional<std::string> BuildCache::lookup() const {
  if (dir_.empty()) return std::nullopt;
  std::string entry = dir_ + "/" + key_;
  std::string manifest = read_file(entry + "/manifest");
  std::string exe = entry + "/program";
  std::string expect = "l2dc-cache 1\nkey " + key_ + "\nhash ";
  if (manifest.compare(0, expect.size(), expect) != 0) return std::nullopt;
  std::string hash = manifest.substr(expect.size());
  while (!hash.empty() && (hash.back() == '\n' || hash.back() == '\r')) hash.pop_back();
  if (hash.empty() || hash_file(exe) != hash) return std::nullopt;
  return exe;
}

std::string BuildCache::make_work_dir() const {
  std::string base = dir_.empty() ? "/tmp" : dir_;
  std::string tmpl = base + "/tmp-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back(0);
  if (!mkdtemp(buf.data())) return "";
  return buf.data();
}

std::optional<std::string> BuildCache::store(const std::string& exe, const std::string& warnings,
                                             std::string& error) const {
  if (dir_.empty()) return exe;
  fs::path work = fs::path(exe).parent_path();
  std::string hash = hash_file(exe);
  if (!warnings.empty()) {
    std::ofstream w(work / "warnings", std::ios::binary);
    w << warnings;
  }
  {
    std::ofstream m(work / "manifest", std::ios::binary);
    m << "l2dc-cache 1\nkey " << key_ << "\nhash " << hash << "\n";
    if (!m.flush()) {
      error = "cannot write to the build cache " + dir_ + " (disk full?)";
      return std::nullopt;
    }
  }
  fs::rename(exe, work / "program");
  std::string entry = dir_ + "/" + key_;
  std::error_code ec;
  if (std::rename(work.c_str(), entry.c_str()) != 0) {
    // Another process stored the same entry first; use it if it is sound.
    if (auto hit = lookup()) {
      fs::remove_all(work, ec);
      return hit;
    }
    fs::remove_all(entry, ec);
    if (std::rename(work.c_str(), entry.c_str()) != 0) return (work / "program").string();
  }
  return entry + "/program";
}

}  // namespace l2dc
