// Methods of `stream` (spec 8, 15.5): output in display and readable form, line,
// character, datum, whole and binary input, and file streams.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/printer.hpp"
#include "l2d/reader.hpp"
#include "l2d/sequence.hpp"
#include "l2d/stream.hpp"
#include "l2d/string.hpp"
#include "l2d/task.hpp"

namespace l2d {

namespace {

Value badf() { return errno_value(EBADF); }

// An output method returns its stream, or the error value of a failed write (spec 8).
Value output(Value self, std::string_view text) {
  Value r = stream_output(stream_arg(self), text);
  return r.is_nil() ? self : r;
}

L2D_BUILTIN(stream_write) { return output(self, write_text(argc, argv)); }

L2D_BUILTIN(stream_writeln) {
  std::string text = write_text(argc, argv);
  text += '\n';
  return output(self, text);
}

L2D_BUILTIN(stream_print) { return output(self, print_text(argc, argv)); }

L2D_BUILTIN(stream_history_show) {
  std::string text;
  for (Value l = argv[0]; is_cons(l); l = l.as<Cons>()->rest) {
    print_value(text, l.as<Cons>()->first, true);
    text += '\n';
  }
  if (!is_proper_list(argv[0])) raise_wrong_type();
  return output(self, text);
}

// (st error): the live history of the current task, one entry per line.
L2D_BUILTIN(stream_error) {
  Value entries = history_snapshot(current_task);
  std::string text;
  for (Value l = entries; is_cons(l); l = l.as<Cons>()->rest) {
    print_value(text, l.as<Cons>()->first, true);
    text += '\n';
  }
  return output(self, text);
}

// Flushing is output: BADF on a stream not open for writing (spec 8, cin included).
L2D_BUILTIN(stream_flush) {
  Stream* s = stream_arg(self);
  if (s->impl->fd < 0 || !s->impl->writable) return badf();
  Value r = flush_stream(s);
  return r.is_nil() ? self : r;
}

StreamImpl* input(Value self) {
  Stream* s = stream_arg(self);
  StreamImpl* im = s->impl;
  if (im->fd < 0 || !im->readable) return nullptr;
  return im;
}

L2D_BUILTIN(stream_read_line) {
  StreamImpl* im = input(self);
  if (!im) return badf();
  Stream* s = self.as<Stream>();
  size_t scanned = 0;
  for (;;) {
    size_t have = stream_fill(s, scanned + 1);
    const char* start = im->in + im->in_pos;
    const void* nl = have > scanned ? std::memchr(start + scanned, '\n', have - scanned) : nullptr;
    if (nl) {
      size_t len = size_t(static_cast<const char*>(nl) - start);
      Value line = make_string(std::string_view(start, len));
      im->in_pos += len + 1;
      return line;
    }
    scanned = have;
    if (im->eof) {
      if (have == 0) return end_of_input(im, nil);
      Value line = make_string(std::string_view(start, have));
      im->in_pos += have;
      return line;
    }
  }
}

L2D_BUILTIN(stream_read_char) {
  StreamImpl* im = input(self);
  if (!im) return badf();
  size_t have = stream_fill(self.as<Stream>(), 4);
  if (have == 0) return end_of_input(im, nil);
  auto* p = reinterpret_cast<const unsigned char*>(im->in + im->in_pos);
  auto* start = p;
  bool bad = false;
  uint32_t c = decode_utf8(p, p + have, bad);
  im->in_pos += size_t(p - start);
  return Value::character(c);
}

L2D_BUILTIN(stream_read) {
  StreamImpl* im = input(self);
  if (!im) return badf();
  Value datum;
  if (!stream_read_datum(self.as<Stream>(), datum)) return end_of_input(im, argc > 0 ? argv[0] : nil);
  return datum;
}

L2D_BUILTIN(stream_read_all) {
  StreamImpl* im = input(self);
  if (!im) return badf();
  size_t have = stream_fill(self.as<Stream>(), SIZE_MAX);
  if (have == 0 && im->read_error) return end_of_input(im, nil);
  Value text = make_string(std::string_view(im->in + im->in_pos, have));
  im->in_pos += have;
  return text;
}

L2D_BUILTIN(stream_read_bytes) {
  StreamImpl* im = input(self);
  size_t n = count_arg(argv[0]);
  if (!im) return badf();
  size_t have = stream_fill(self.as<Stream>(), n);
  if (have == 0 && n > 0 && im->read_error) return end_of_input(im, nil);
  size_t take = have < n ? have : n;
  ByteVector* bv = new_byte_vector(take);
  std::memcpy(bv->data, im->in + im->in_pos, take);
  im->in_pos += take;
  return Value(bv);
}

L2D_BUILTIN(stream_write_bytes) {
  auto* bv = arg_as<ByteVector>(argv[0], Kind::byte_vector);
  Value r = stream_output(stream_arg(self), std::string_view(reinterpret_cast<char*>(bv->data), bv->size));
  return r.is_nil() ? Value::fixnum(SWord(bv->size)) : r;
}

L2D_BUILTIN(stream_open) {
  Stream* s = stream_arg(self);
  if (!is_kind(argv[0], Kind::string)) raise_wrong_type();
  std::string mode = "r";
  if (argc > 1) {
    if (!is_kind(argv[1], Kind::string)) raise_wrong_type();
    mode = string_to_utf8(argv[1]);
  }
  int flags;
  bool readable = false, writable = false;
  if (mode == "r") flags = O_RDONLY, readable = true;
  else if (mode == "w") flags = O_WRONLY | O_CREAT | O_TRUNC, writable = true;
  else if (mode == "a") flags = O_WRONLY | O_CREAT | O_APPEND, writable = true;
  else raise_wrong_type();
  check_writable(self);
  flush_pending_output();
  std::string path = string_to_utf8(argv[0]);
  if (path.find('\0') != std::string::npos) return errno_value(ENOENT);
  if (s->impl->fd >= 0 && !s->impl->standard) ::close(s->impl->fd);
  int fd;
  do fd = ::open(path.c_str(), flags | O_CLOEXEC, 0666);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) return errno_value(errno);
  s->impl = new_stream(fd, readable, writable, false)->impl;
  return nil;
}

L2D_BUILTIN(stream_close) {
  Stream* s = stream_arg(self);
  StreamImpl* im = s->impl;
  if (im->fd < 0) return badf();
  flush_pending_output();
  int fd = im->fd;
  im->fd = -1;
  im->in_pos = im->in_len = 0;
  im->eof = 0;
  im->read_error = 0;
  if (::close(fd) < 0 && errno != EINTR) return errno_value(errno);
  return nil;
}

Value construct_stream(Class*, int argc, Value*) {
  if (argc != 0) raise(sym::wrong_argument_count);
  return Value(new_stream(-1, false, false, false));
}

const BuiltinSpec stream_methods[] = {
    {"write", stream_write, 0, -1},
    {"writeln", stream_writeln, 0, -1},
    {"print", stream_print, 0, -1},
    {"history-show", stream_history_show, 1, 1},
    {"error", stream_error, 0, 0},
    {"flush", stream_flush, 0, 0},
    {"read-line", stream_read_line, 0, 0},
    {"read-char", stream_read_char, 0, 0},
    {"read", stream_read, 0, 1},
    {"read-all", stream_read_all, 0, 0},
    {"read-bytes", stream_read_bytes, 1, 1},
    {"write-bytes", stream_write_bytes, 1, 1},
    {"open", stream_open, 1, 2},
    {"close", stream_close, 0, 0},
};

}  // namespace

void register_stream_methods() {
  define_builtins(classes.stream, stream_methods);
  set_constructor(classes.stream, construct_stream);
}

}  // namespace l2d
