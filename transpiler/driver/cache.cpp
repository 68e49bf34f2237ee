// The build cache (cache.hpp).
#include "cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "version.hpp"

namespace l2dc {

namespace fs = std::filesystem;

namespace {

std::string hex(XXH128_hash_t h) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
  return buf;
}

std::string octal(unsigned mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777u);
  return buf;
}

// A cache directory that only this user can use: a real directory (not a link), owned
// by the user, mode 0700. "" if it cannot be had, with the reason in [warning] when the
// user should know it (a directory that cannot be created at all just means no cache).
std::string private_dir(const std::string& dir, std::string& warning) {
  std::error_code ec;
  fs::create_directories(fs::path(dir).parent_path(), ec);  // $XDG_CACHE_HOME, ~/.cache: ordinary ones
  // Made private from the start: never a moment with the mode the umask would give.
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return "";
  std::string not_used = "not using the build cache '" + dir + "': ";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    struct stat st {};
    if (::lstat(dir.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) warning = not_used + "it is a symbolic link";
    else if (e == ENOTDIR) warning = not_used + "it is not a directory";
    else warning = not_used + std::strerror(e);
    return "";
  }
  struct stat st {};
  std::string result = dir;
  if (::fstat(fd, &st) != 0) {
    warning = not_used + std::strerror(errno);
    result.clear();
  } else if (st.st_uid != ::geteuid()) {
    warning = not_used + "it belongs to another user (uid " + std::to_string(st.st_uid) + ")";
    result.clear();
  } else if ((st.st_mode & 0777) != 0700) {
    if (::fchmod(fd, 0700) != 0) {
      warning = not_used + "its mode is " + octal(st.st_mode) + " and cannot be made 0700: " + std::strerror(errno);
      result.clear();
    } else if (st.st_mode & 022) {
      // Entries others may have put there are not theirs to use: lookup() checks owners.
      warning = "the build cache '" + dir + "' was writable by other users (mode " + octal(st.st_mode) +
                "); it is private again (0700)";
    }
  }
  ::close(fd);
  return result;
}

std::string cache_root(std::string& warning) {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/')
    return private_dir(std::string(x) + "/l2dc", warning);
  if (const char* home = std::getenv("HOME"); home && *home == '/')
    return private_dir(std::string(home) + "/.cache/l2dc", warning);
  // No home: nothing is cached (as documented). A fixed name in the shared /tmp would be
  // anyone's to take first, and the security check build-no-cache expects no cache.
  return "";
}

// [path] is what it should be (not a link), and the user's: written by no one else.
bool owned(const std::string& path, bool directory) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return false;
  if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) return false;
  return st.st_uid == ::geteuid() && (!directory || !(st.st_mode & 022));
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
    : dir_(cache_root(warning_)) {
  std::string material;
  material += "l2dc " + std::string(version_number()) + "\n";
  material += "opt " + std::to_string(opts.opt_level) + " g " + std::to_string(opts.debug) + " echo " +
              std::to_string(opts.echo) + " history " + std::to_string(opts.history) + " unit-lines " +
              std::to_string(opts.unit_lines) + "\n";
  material += "name " + fs::path(opts.script).filename().string() + "\n";
  material += "line-file " + opts.script + "\n";
  material += "cxx " + cxx.fingerprint + "\n";
  for (size_t i = 1; i < cxx.command.size(); ++i) material += "cxx-arg " + cxx.command[i] + "\n";
  material += "runtime " + file_stamp(rt.library) + "\n";
  material += "l2dc-binary " + file_stamp(self_executable_path()) + "\n";
  material += "source\n" + source;
  key_ = hex(XXH3_128bits(material.data(), material.size()));
  std::string compiler = cxx.fingerprint;
  for (size_t i = 1; i < cxx.command.size(); ++i) compiler += "\n" + cxx.command[i];
  compiler_key_ = hex(XXH3_128bits(compiler.data(), compiler.size()));
}

std::string BuildCache::cached_warnings() const {
  if (dir_.empty()) return "";
  std::string file = dir_ + "/" + key_ + "/warnings";
  return owned(file, false) ? read_file(file) : "";
}

std::string BuildCache::toolchain_memo() const { return dir_.empty() ? "" : dir_ + "/toolchain-" + compiler_key_; }

std::optional<std::string> BuildCache::lookup() const {
  if (dir_.empty()) return std::nullopt;
  std::string entry = dir_ + "/" + key_;
  std::string exe = entry + "/program";
  if (!owned(entry, true) || !owned(entry + "/manifest", false) || !owned(exe, false)) return std::nullopt;
  std::string manifest = read_file(entry + "/manifest");
  std::string expect = "l2dc-cache 1\nkey " + key_ + "\nhash ";
  if (manifest.compare(0, expect.size(), expect) != 0) return std::nullopt;
  std::string hash = manifest.substr(expect.size());
  while (!hash.empty() && (hash.back() == '\n' || hash.back() == '\r')) hash.pop_back();
  if (hash.empty() || hash_file(exe) != hash) return std::nullopt;
  return exe;
}

std::string BuildCache::make_work_dir() const {
  std::string tmpl;
  if (!dir_.empty()) {
    tmpl = dir_ + "/tmp-XXXXXX";
  } else {
    const char* t = std::getenv("TMPDIR");
    tmpl = std::string(t && *t == '/' ? t : "/tmp") + "/l2dc-XXXXXX";
  }
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back(0);
  if (!mkdtemp(buf.data())) return "";
  return buf.data();
}

std::optional<std::string> BuildCache::store(const std::string& exe, const std::string& warnings, bool& in_work,
                                             std::string& error) const {
  in_work = true;
  if (dir_.empty()) return exe;
  fs::path work = fs::path(exe).parent_path();
  std::string hash = hash_file(exe);
  std::string cannot = "cannot write to the build cache '" + dir_ + "'";
  if (hash.empty()) {
    error = cannot + ": the executable built cannot be read";
    return std::nullopt;
  }
  // The work directory is private (mkdtemp): plain writes are safe in it.
  if (!warnings.empty()) {
    std::ofstream w(work / "warnings", std::ios::binary);
    if (!(w << warnings).flush()) {
      error = cannot + " (disk full?)";
      return std::nullopt;
    }
  }
  {
    std::ofstream m(work / "manifest", std::ios::binary);
    if (!(m << "l2dc-cache 1\nkey " << key_ << "\nhash " << hash << "\n").flush()) {
      error = cannot + " (disk full?)";
      return std::nullopt;
    }
  }
  std::string program = (work / "program").string();
  if (std::rename(exe.c_str(), program.c_str()) != 0) {
    error = cannot + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::string entry = dir_ + "/" + key_;
  std::error_code ec;
  if (std::rename(work.c_str(), entry.c_str()) != 0) {
    // Another process stored the same entry first; use it if it is sound.
    if (auto hit = lookup()) {
      fs::remove_all(work, ec);
      in_work = false;
      return hit;
    }
    fs::remove_all(entry, ec);  // damaged (a link is removed, not followed)
    if (std::rename(work.c_str(), entry.c_str()) != 0) return program;  // used from the work dir
  }
  in_work = false;
  return entry + "/program";
}

}  // namespace l2dc
