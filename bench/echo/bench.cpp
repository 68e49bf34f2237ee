// echo: the same round trips as bench.l2d, in plain C++ over POSIX sockets.
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

static void write_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) std::exit(2);
    p += w;
    n -= size_t(w);
  }
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  long n = std::atol(argv[1]);
  size_t size = size_t(std::atol(argv[2]));
  std::string path = "echo-bench-" + std::to_string(getpid()) + ".sock";
  unlink(path.c_str());
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  int server = socket(AF_UNIX, SOCK_STREAM, 0);
  if (bind(server, (sockaddr*)&addr, sizeof addr) < 0 || listen(server, 128) < 0) return 2;
  pid_t child = fork();
  if (child == 0) {
    close(server);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(c, (sockaddr*)&addr, sizeof addr) < 0) _exit(2);
    std::vector<char> msg(size, 'a'), buf(size);
    long total = 0;
    for (long i = 0; i < n; ++i) {
      write_all(c, msg.data(), size);
      size_t got = 0;
      while (got < size) {
        ssize_t r = read(c, buf.data(), size - got);
        if (r <= 0) _exit(2);
        got += size_t(r);
      }
      total += long(got);
    }
    close(c);
    std::printf("echoed %ld bytes\n", total);
    std::fflush(stdout);
    _exit(0);
  }
  int conn = accept(server, nullptr, nullptr);
  std::vector<char> buf(65536);
  for (;;) {
    ssize_t r = read(conn, buf.data(), buf.size());
    if (r <= 0) break;
    write_all(conn, buf.data(), size_t(r));
  }
  close(conn);
  close(server);
  unlink(path.c_str());
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
