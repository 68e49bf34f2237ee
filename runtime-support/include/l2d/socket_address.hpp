// Socket addresses (spec 9): the sockaddr of a UNIX socket file, and the addresses a
// host name or numeric address resolves to for INET and INET6 sockets.
//
// Failures are errno numbers, so that the socket methods can turn them into the error
// symbols of spec 12 (errno_value); nothing here raises or touches Lisp2D values.
#pragma once

#include <sys/socket.h>

#include <string_view>
#include <vector>

namespace l2d {

struct SocketAddress {
  sockaddr_storage storage;  // large enough for every family
  socklen_t length;          // the bytes of [storage] in use

  int family() const { return storage.ss_family; }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

// The address of the UNIX socket file [path]. Returns 0, ENOENT for a path the file
// system could not name (empty, or containing a NUL byte: as open(2) would answer), or
// ENAMETOOLONG when it does not fit sun_path.
int unix_address(std::string_view path, SocketAddress& out);

// Resolves [host] (a name or a numeric IPv4/IPv6 address; nullptr: every interface,
// for bind) with [port] for sockets of [family] (AF_INET, AF_INET6, or AF_UNSPEC for
// either) and [type]. Returns 0 with the addresses in the resolver's order of
// preference, or an errno: EHOSTUNREACH when the name does not resolve (spec 9), the
// resolver's errno for a system failure.
int resolve_host(const char* host, int port, int family, int type, std::vector<SocketAddress>& out);

// The port of an INET or INET6 address; -1 for other families.
int address_port(const sockaddr_storage& address);

}  // namespace l2d
