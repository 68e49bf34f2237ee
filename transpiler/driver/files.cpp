// Reading scripts and writing outputs (files.hpp).
#include "files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace l2dc {

namespace fs = std::filesystem;

namespace {

std::string errno_text(int e) { return std::strerror(e); }

// Reads all of [fd] into [out], at most [limit] bytes; false with errno set on a read
// error, with errno == EFBIG when there is more than [limit].
bool read_all(int fd, std::string& out, size_t limit) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) return true;
    if (out.size() + size_t(n) > limit) {
      errno = EFBIG;
      return false;
    }
    out.append(buf, size_t(n));
  }
}

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t w = ::write(fd, data, size);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += w;
    size -= size_t(w);
  }
  return true;
}

unsigned new_file_mode(bool executable) { return (executable ? 0777u : 0666u) & ~current_umask(); }

// A temporary file beside an output, made by mkstemp; removed unless committed.
class TempBeside {
 public:
  explicit TempBeside(const std::string& target) : target_(target) {}
  ~TempBeside() {
    if (fd_ >= 0) ::close(fd_);
    if (!name_.empty()) ::unlink(name_.c_str());
  }
  TempBeside(const TempBeside&) = delete;
  TempBeside& operator=(const TempBeside&) = delete;

  bool open(std::string& error) {
    fs::path dir = fs::path(target_).parent_path();
    std::string tmpl = (dir.empty() ? std::string(".l2dc-XXXXXX") : (dir / ".l2dc-XXXXXX").string());
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back(0);
    fd_ = mkostemp(buf.data(), O_CLOEXEC);
    if (fd_ < 0) return fail(error);
    name_ = buf.data();
    return true;
  }
  int fd() const { return fd_; }
  // Sets the mode, closes and renames over the target.
  bool commit(unsigned mode, std::string& error) {
    if (mode != 0600 && ::fchmod(fd_, mode) != 0) return fail(error);
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return fail(error);
    if (std::rename(name_.c_str(), target_.c_str()) != 0) return fail(error);
    name_.clear();
    return true;
  }
  bool fail(std::string& error, int e = errno) {
    error = "cannot write '" + target_ + "': " + errno_text(e);
    return false;
  }

 private:
  std::string target_;
  std::string name_;
  int fd_ = -1;
};

}  // namespace

unsigned current_umask() {
  static const unsigned mask = [] {
    // Linux 4.7+ shows it without changing it (umask() is a write, and not thread-safe).
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("Umask:", 0) == 0) return unsigned(std::strtoul(line.c_str() + 6, nullptr, 8)) & 0777u;
    mode_t m = ::umask(022);
    ::umask(m);
    return unsigned(m) & 0777u;
  }();
  return mask;
}

bool read_script(const std::string& path, std::string& text, std::string& error) {
  text.clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error = "cannot read the script: " + errno_text(errno);
    return false;
  }
  struct stat st {};
  bool ok = true;
  if (::fstat(fd, &st) != 0) {
    error = "cannot read the script: " + errno_text(errno);
    ok = false;
  } else if (S_ISDIR(st.st_mode)) {
    error = "cannot read the script: it is a directory";
    ok = false;
  } else if (S_ISREG(st.st_mode) && size_t(st.st_size) > max_script_bytes) {
    error = "cannot read the script: it is larger than 64 MiB, the most l2dc reads";
    ok = false;
  } else {
    if (S_ISREG(st.st_mode)) text.reserve(size_t(st.st_size));
    if (!read_all(fd, text, max_script_bytes)) {
      error = errno == EFBIG ? "cannot read the script: it is larger than 64 MiB, the most l2dc reads"
                             : "cannot read the script: " + errno_text(errno);
      ok = false;
    }
  }
  ::close(fd);
  if (!ok) {
    text.clear();
    text.shrink_to_fit();
  }
  return ok;
}

bool write_file_atomic(const std::string& path, const std::string& data, bool executable, std::string& error) {
  TempBeside tmp(path);
  if (!tmp.open(error)) return false;
  if (!write_all(tmp.fd(), data.data(), data.size())) return tmp.fail(error);
  return tmp.commit(new_file_mode(executable), error);
}

bool write_private_file_atomic(const std::string& path, const std::string& data, std::string& error) {
  TempBeside tmp(path);
  if (!tmp.open(error)) return false;
  if (!write_all(tmp.fd(), data.data(), data.size())) return tmp.fail(error);
  return tmp.commit(0600, error);
}

bool copy_file_atomic(const std::string& from, const std::string& path, bool executable, std::string& error) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    error = "cannot read '" + from + "': " + errno_text(errno);
    return false;
  }
  TempBeside tmp(path);
  bool ok = tmp.open(error);
  char buf[1 << 16];
  while (ok) {
    ssize_t n = ::read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = "cannot read '" + from + "': " + errno_text(errno);
      ok = false;
    } else if (n == 0) {
      break;
    } else if (!write_all(tmp.fd(), buf, size_t(n))) {
      ok = tmp.fail(error);
    }
  }
  ::close(in);
  return ok && tmp.commit(new_file_mode(executable), error);
}

bool write_new_file(const std::string& path, const std::string& data, bool executable, std::string& error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, executable ? 0777 : 0666);
  if (fd < 0) {
    error = "cannot write '" + path + "': " + errno_text(errno);
    return false;
  }
  bool ok = write_all(fd, data.data(), data.size());
  int e = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    e = errno;
  }
  if (!ok) {
    error = "cannot write '" + path + "': " + errno_text(e);
    ::unlink(path.c_str());
  }
  return ok;
}

}  // namespace l2dc
