// Socket addresses: UNIX socket files and resolved INET/INET6 hosts (socket_address.hpp).
#include "l2d/socket_address.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>

namespace l2d {

int unix_address(std::string_view path, SocketAddress& out) {
  std::memset(&out.storage, 0, sizeof out.storage);
  auto* un = reinterpret_cast<sockaddr_un*>(&out.storage);
  // An empty name would select Linux's abstract namespace or autobinding, and a NUL
  // would silently cut the name: neither names a file, so answer as open("") does.
  if (path.empty() || path.find('\0') != std::string_view::npos) return ENOENT;
  if (path.size() >= sizeof un->sun_path) return ENAMETOOLONG;  // room for the NUL
  un->sun_family = AF_UNIX;
  std::memcpy(un->sun_path, path.data(), path.size());
  out.length = socklen_t(offsetof(sockaddr_un, sun_path) + path.size() + 1);
  return 0;
}

int resolve_host(const char* host, int port, int family, int type, std::vector<SocketAddress>& out) {
  addrinfo hints{};
  hints.ai_family = family;
  hints.ai_socktype = type;
  // The port is always numeric; without a host the wildcard address is wanted (bind).
  hints.ai_flags = AI_NUMERICSERV | (host ? 0 : AI_PASSIVE);
  std::string service = std::to_string(port);
  addrinfo* list = nullptr;
  int rc = getaddrinfo(host, service.c_str(), &hints, &list);
  if (rc != 0) {
    // A system failure keeps its errno; every resolver answer (unknown name, no
    // address of this family, temporary failure) means the host cannot be reached.
    int err = rc == EAI_SYSTEM && errno ? errno : EHOSTUNREACH;
    return err;
  }
  out.clear();
  for (addrinfo* a = list; a; a = a->ai_next) {
    if (a->ai_addrlen > sizeof(sockaddr_storage)) continue;
    SocketAddress s{};
    std::memcpy(&s.storage, a->ai_addr, a->ai_addrlen);
    s.length = a->ai_addrlen;
    out.push_back(s);
  }
  freeaddrinfo(list);
  return out.empty() ? EHOSTUNREACH : 0;
}

int address_port(const sockaddr_storage& address) {
  switch (address.ss_family) {
    case AF_INET: return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
    case AF_INET6: return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
    default: return -1;
  }
}

}  // namespace l2d
