// Methods of `socket` (spec 9, 15.6): UNIX, INET and INET6 sockets, stream and datagram.
//
// Every operating-system failure is returned as its error symbol (spec 12), never
// raised; only a wrong argument class or an unknown name raises. Each operation first
// writes out held output (spec 1.3 flush points), so a program's lines come out in the
// order of its calls even when another process is the one that answers.
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <string>
#include <vector>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/socket_address.hpp"
#include "l2d/stream.hpp"
#include "l2d/string.hpp"

namespace l2d {

namespace {

// Bits of Object::extra for sockets.
enum : uint16_t {
  socket_bound = 1,  // bound by the program: its address must survive a failed connect
};

// spec 9: "socket-max-connections is 128 whatever the system's limit".
constexpr int default_backlog = 128;

Socket* socket_arg(Value v) { return arg_as<Socket>(v, Kind::socket); }

std::string string_arg(Value v) {
  if (!is_kind(v, Kind::string)) raise_wrong_type();
  return string_to_utf8(v);
}

Value badf() { return errno_value(EBADF); }

// "UNIX", "INET", "INET6": anything else (another name, another class) is wrong-type.
int domain_arg(Value v) {
  std::string name = string_arg(v);
  if (name == "UNIX") return AF_UNIX;
  if (name == "INET") return AF_INET;
  if (name == "INET6") return AF_INET6;
  raise_wrong_type();
}

int type_arg(Value v) {
  std::string name = string_arg(v);
  if (name == "STREAM") return SOCK_STREAM;
  if (name == "DGRAM") return SOCK_DGRAM;
  raise_wrong_type();
}

// A port is an integer 0…65535 (0: the system chooses, for bind). A number outside
// that range is a bad argument, not an operating-system answer: wrong-type, as for
// the other out-of-domain arguments of the language (`char`, radixes).
int port_arg(Value v) {
  int64_t port = integer_arg(v);
  if (port < 0 || port > 65535) raise_wrong_type();
  return int(port);
}

Socket* new_socket() {
  Socket* s = gc::make<Socket>(Kind::socket, classes.socket);
  s->fd = -1;
  return s;
}

void forget_descriptor(Socket* s) {
  s->fd = -1;
  s->domain = 0;
  s->type = 0;
  s->extra = 0;
}

// Opens a new descriptor for [s], closing the one it had. Returns 0 or the errno.
int open_descriptor(Socket* s, int domain, int type) {
  if (s->fd >= 0) ::close(s->fd);
  forget_descriptor(s);
  int fd = ::socket(domain, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  s->fd = fd;
  s->domain = domain;
  s->type = type;
  return 0;
}

// connect(2) to completion. An INET connection interrupted by a signal (the collector
// stops threads with signals) goes on in the background, so wait for its outcome
// instead of asking again; a UNIX connect interrupted has done nothing and is retried.
int connect_descriptor(int fd, const SocketAddress& a) {
  for (;;) {
    if (::connect(fd, a.get(), a.length) == 0) return 0;
    if (errno != EINTR) return errno;
    if (a.family() == AF_UNIX) continue;
    for (;;) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, -1) < 0) {
        if (errno == EINTR) continue;
        return errno;
      }
      int err = 0;
      socklen_t len = sizeof err;
      if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return errno;
      return err;
    }
  }
}

// spec 9: "A failed connect leaves the socket usable for another connect". POSIX leaves
// a stream socket's state unspecified after a failed connect, so one that holds
// nothing worth keeping (not bound by the program, not connected, not listening)
// gets a fresh descriptor under the same number. Where that cannot be done the old
// descriptor stays: Linux lets it connect again.
void renew_after_failed_connect(Socket* s) {
  if (s->type != SOCK_STREAM || (s->extra & socket_bound)) return;
  sockaddr_storage peer;
  socklen_t len = sizeof peer;
  if (::getpeername(s->fd, reinterpret_cast<sockaddr*>(&peer), &len) == 0) return;
  int listening = 0;
  len = sizeof listening;
  if (::getsockopt(s->fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) < 0 || listening) return;
  int fresh = ::socket(s->domain, s->type | SOCK_CLOEXEC, 0);
  if (fresh < 0) return;
  ::dup3(fresh, s->fd, O_CLOEXEC);
  ::close(fresh);
}

// Connects to (or binds) the first of [addresses] that accepts. A socket that was not
// open is opened with each address's family in turn (spec 9: "the resolved address's
// family with STREAM"). Returns 0 or the last failure's errno.
int try_addresses(Socket* s, const std::vector<SocketAddress>& addresses, bool bind) {
  bool implicit = s->fd < 0;
  int err = EHOSTUNREACH;
  for (const SocketAddress& a : addresses) {
    if (implicit && (s->fd < 0 || s->domain != a.family())) {
      err = open_descriptor(s, a.family(), SOCK_STREAM);
      if (err) continue;
    }
    if (bind) {
      if (::bind(s->fd, a.get(), a.length) == 0) {
        s->extra |= socket_bound;
        return 0;
      }
      err = errno;
    } else {
      err = connect_descriptor(s->fd, a);
      if (!err) return 0;
      renew_after_failed_connect(s);
    }
  }
  return err;
}

// The addresses for PORT [HOST] on [s]: resolved in the socket's family when it is an
// open INET or INET6 socket, else in either. A bind without HOST takes every interface,
// of the socket's family, or IPv4 for a socket that is not open yet.
int resolve_for(Socket* s, int port, const std::string* host, std::vector<SocketAddress>& out) {
  bool inet_open = s->fd >= 0 && (s->domain == AF_INET || s->domain == AF_INET6);
  int family = inet_open ? s->domain : host ? AF_UNSPEC : AF_INET;
  int type = s->fd >= 0 ? s->type : SOCK_STREAM;
  if (host && host->find('\0') != std::string::npos) return EHOSTUNREACH;
  return resolve_host(host ? host->c_str() : nullptr, port, family, type, out);
}

// (s open DOMAIN TYPE) → nil or an error
L2D_BUILTIN(socket_open) {
  Socket* s = socket_arg(self);
  int domain = domain_arg(argv[0]);
  int type = type_arg(argv[1]);
  flush_pending_output();
  int err = open_descriptor(s, domain, type);
  return err ? errno_value(err) : nil;
}

// (s connect PATH) for UNIX sockets, (s connect PORT HOST) for INET and INET6.
L2D_BUILTIN(socket_connect) {
  Socket* s = socket_arg(self);
  if (argc == 1) {
    std::string path = string_arg(argv[0]);
    flush_pending_output();
    if (s->fd < 0) {
      int err = open_descriptor(s, AF_UNIX, SOCK_STREAM);
      if (err) return errno_value(err);
    }
    SocketAddress a;
    int err = unix_address(path, a);
    if (err) return errno_value(err);
    err = connect_descriptor(s->fd, a);
    if (err) renew_after_failed_connect(s);
    return err ? errno_value(err) : nil;
  }
  int port = port_arg(argv[0]);
  std::string host = string_arg(argv[1]);
  flush_pending_output();
  std::vector<SocketAddress> addresses;
  int err = resolve_for(s, port, &host, addresses);
  if (!err) err = try_addresses(s, addresses, false);
  return err ? errno_value(err) : nil;
}

// (s bind PATH) for UNIX sockets, (s bind PORT [HOST]) for INET and INET6.
L2D_BUILTIN(socket_bind) {
  Socket* s = socket_arg(self);
  if (argc == 1 && is_kind(argv[0], Kind::string)) {
    std::string path = string_to_utf8(argv[0]);
    flush_pending_output();
    if (s->fd < 0) {
      int err = open_descriptor(s, AF_UNIX, SOCK_STREAM);
      if (err) return errno_value(err);
    }
    SocketAddress a;
    int err = unix_address(path, a);
    if (err) return errno_value(err);
    if (::bind(s->fd, a.get(), a.length) < 0) return errno_value(errno);
    s->extra |= socket_bound;
    return nil;
  }
  int port = port_arg(argv[0]);
  std::string host;
  if (argc > 1) host = string_arg(argv[1]);
  flush_pending_output();
  std::vector<SocketAddress> addresses;
  int err = resolve_for(s, port, argc > 1 ? &host : nullptr, addresses);
  if (!err) err = try_addresses(s, addresses, true);
  return err ? errno_value(err) : nil;
}

// (s port) → the local port of a bound INET or INET6 socket, else nil
L2D_BUILTIN(socket_port) {
  Socket* s = socket_arg(self);
  flush_pending_output();
  if (s->fd < 0) return nil;
  sockaddr_storage local;
  socklen_t len = sizeof local;
  if (::getsockname(s->fd, reinterpret_cast<sockaddr*>(&local), &len) < 0) return nil;
  int port = address_port(local);
  return port > 0 ? Value::fixnum(port) : nil;  // port 0: not bound yet
}

// (s listen [N]) → nil or an error
L2D_BUILTIN(socket_listen) {
  Socket* s = socket_arg(self);
  int backlog = default_backlog;
  if (argc > 0) {
    int64_t n = integer_arg(argv[0]);
    backlog = n < 0 ? 0 : n > INT_MAX ? INT_MAX : int(n);  // the system caps it further
  }
  flush_pending_output();
  if (s->fd < 0) return badf();
  if (::listen(s->fd, backlog) < 0) return errno_value(errno);
  s->extra |= socket_bound;  // listening binds it, and it must never be renewed
  return nil;
}

// (s accept) → a new connected socket, or an error
L2D_BUILTIN(socket_accept) {
  Socket* s = socket_arg(self);
  flush_pending_output();
  if (s->fd < 0) return badf();
  Socket* conn = new_socket();  // before accept: a failed allocation must not leak a descriptor
  int fd;
  do fd = ::accept4(s->fd, nullptr, nullptr, SOCK_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) return errno_value(errno);
  conn->fd = fd;
  conn->domain = s->domain;
  conn->type = s->type;
  conn->extra = socket_bound;
  return Value(conn);
}

// (s read BUF [N]) → the count received into BUF from index 0, 0 at the end, or an error
L2D_BUILTIN(socket_read) {
  Socket* s = socket_arg(self);
  auto* buf = arg_as<ByteVector>(argv[0], Kind::byte_vector);
  size_t n = buf->size;
  if (argc > 1) {
    int64_t want = integer_arg(argv[1]);
    if (want < 0 || uint64_t(want) > n) raise_index();
    n = size_t(want);
  }
  check_writable(argv[0]);
  flush_pending_output();
  if (s->fd < 0) return badf();
  // Asking for nothing receives nothing and does not wait (a UNIX stream socket
  // would block in recv until data came, and a datagram would be dropped).
  if (n == 0) return Value::fixnum(0);
  uint8_t* data = buf->data;  // this pointer keeps the bytes alive should BUF grow meanwhile
  ssize_t got;
  do got = ::recv(s->fd, data, n, 0);
  while (got < 0 && errno == EINTR);
  if (got < 0) return errno_value(errno);
  return Value::fixnum(got);
}

// (s write DATA) → the byte count sent, all of DATA, or an error
L2D_BUILTIN(socket_write) {
  Socket* s = socket_arg(self);
  std::string text;
  const char* data;
  size_t n;
  if (is_kind(argv[0], Kind::byte_vector)) {
    auto* bv = argv[0].as<ByteVector>();
    data = reinterpret_cast<const char*>(bv->data);
    n = bv->size;
  } else if (is_kind(argv[0], Kind::string)) {
    text = string_to_utf8(argv[0]);
    data = text.data();
    n = text.size();
  } else {
    raise_wrong_type();
  }
  flush_pending_output();
  if (s->fd < 0) return badf();
  // One send at least, so that an empty datagram is sent and an unconnected socket
  // answers; then the rest after a partial send. MSG_NOSIGNAL: a closed peer gives
  // PIPE even if SIGPIPE were not ignored.
  size_t done = 0;
  for (;;) {
    ssize_t w = ::send(s->fd, data + done, n - done, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno_value(errno);
    }
    done += size_t(w);
    if (done >= n) return Value::fixnum(SWord(done));
  }
}

// (s close) → nil, or BADF if not open
L2D_BUILTIN(socket_close) {
  Socket* s = socket_arg(self);
  flush_pending_output();
  if (s->fd < 0) return badf();
  int fd = s->fd;
  forget_descriptor(s);
  // Linux releases the descriptor even when close is interrupted: never retry it.
  if (::close(fd) < 0 && errno != EINTR) return errno_value(errno);
  return nil;
}

// (s shutdown HOW) → nil or an error (spec 15.6)
L2D_BUILTIN(socket_shutdown) {
  Socket* s = socket_arg(self);
  std::string name = string_arg(argv[0]);
  int how;
  if (name == "READ") how = SHUT_RD;
  else if (name == "WRITE") how = SHUT_WR;
  else if (name == "BOTH") how = SHUT_RDWR;
  else raise_wrong_type();
  flush_pending_output();
  if (s->fd < 0) return badf();
  if (::shutdown(s->fd, how) < 0) return errno_value(errno);
  return nil;
}

// ('socket newobject) → a socket that is not open, printed Socket(-1)
Value construct_socket(Class*, int argc, Value*) {
  if (argc != 0) raise(sym::wrong_argument_count);
  return Value(new_socket());
}

const BuiltinSpec socket_methods[] = {
    {"open", socket_open, 2, 2},
    {"connect", socket_connect, 1, 2},
    {"bind", socket_bind, 1, 2},
    {"port", socket_port, 0, 0},
    {"listen", socket_listen, 0, 1},
    {"accept", socket_accept, 0, 0},
    {"read", socket_read, 1, 2},
    {"write", socket_write, 1, 1},
    {"close", socket_close, 0, 0},
    {"shutdown", socket_shutdown, 1, 1},
};

}  // namespace

void register_socket_methods() {
  define_builtins(classes.socket, socket_methods);
  set_constructor(classes.socket, construct_socket);
}

}  // namespace l2d
