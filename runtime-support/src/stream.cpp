// Streams: descriptors with an output buffer of whole texts and an input read-ahead
// buffer, and the output rules of spec 1.3.
#include "l2d/stream.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include "l2d/error.hpp"
#include "l2d/printer.hpp"
#include "l2d/reader.hpp"
#include "l2d/process.hpp"
#include "l2d/string.hpp"

namespace l2d {

Stream* cout_stream;
Stream* cerr_stream;
Stream* cin_stream;

namespace {

constexpr size_t hold_limit = 64 * 1024;  // spec 1.3: write out when it holds 64 KiB

std::mutex& output_mutex() {
  static auto* m = new std::mutex;
  return *m;
}

Stream* pending;                 // the one stream holding output, if any
bool buffering_allowed = true;

bool is_terminal(int fd) { return fd >= 0 && isatty(fd); }

// Writes all of [data], retrying after EINTR and partial writes. Returns 0 or errno.
int write_all(int fd, const char* data, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += w;
    n -= size_t(w);
  }
  return 0;
}

// Writes out [s]'s held output; the caller holds the output mutex.
int flush_locked(Stream* s) {
  StreamImpl* im = s->impl;
  if (pending == s) pending = nullptr;
  if (!im->out_len) return 0;
  size_t n = im->out_len;
  im->out_len = 0;
  int err = write_all(im->fd, im->out, n);
  if (err == EPIPE && im->standard) exit_on_broken_pipe();
  return err;
}

bool may_hold(const StreamImpl* im) { return buffering_allowed && !is_terminal(im->fd); }

}  // namespace

Stream* new_stream(int fd, bool readable, bool writable, bool standard) {
  auto* s = gc::make<Stream>(Kind::stream, classes.stream);
  auto* im = static_cast<StreamImpl*>(gc::alloc(sizeof(StreamImpl)));
  im->fd = fd;
  im->readable = readable;
  im->writable = writable;
  im->standard = standard;
  s->impl = im;
  return s;
}

Stream* stream_arg(Value v) { return arg_as<Stream>(v, Kind::stream); }

int stream_descriptor(const Stream* s) { return s->impl->fd; }

void init_streams() {
  cin_stream = new_stream(0, true, false, true);
  cout_stream = new_stream(1, false, true, true);
  cerr_stream = new_stream(2, false, true, true);
}

Value stream_output(Stream* s, std::string_view text) {
  StreamImpl* im = s->impl;
  if (im->fd < 0 || !im->writable) return errno_value(EBADF);
  std::lock_guard lock(output_mutex());
  if (pending && pending != s) {
    Stream* other = pending;
    flush_locked(other);
  }
  if (may_hold(im)) {
    if (im->out_len + text.size() > im->out_cap) {
      size_t cap = im->out_cap ? im->out_cap : 4096;
      while (cap < im->out_len + text.size()) cap *= 2;
      im->out = static_cast<char*>(gc::grow_atomic(im->out, im->out_len, cap));
      im->out_cap = cap;
    }
    // Nothing to add (`(cout write)`): the buffer may not exist yet, and memcpy of a
    // null pointer is undefined even for no bytes (found by fuzz_eval).
    if (!text.empty()) std::memcpy(im->out + im->out_len, text.data(), text.size());
    im->out_len += text.size();
    pending = s;
    if (im->out_len >= hold_limit) {
      int err = flush_locked(s);
      if (err) return errno_value(err);
    }
    return nil;
  }
  int err = flush_locked(s);
  if (!err) err = write_all(im->fd, text.data(), text.size());
  if (err == EPIPE && im->standard) exit_on_broken_pipe();
  return err ? errno_value(err) : nil;
}

void flush_pending_output() {
  if (!pending) return;
  std::lock_guard lock(output_mutex());
  if (pending) flush_locked(pending);
}

Value flush_stream(Stream* s) {
  std::lock_guard lock(output_mutex());
  if (pending != s) return nil;  // only one stream holds output at a time (spec 1.3)
  int err = flush_locked(s);
  return err ? errno_value(err) : nil;
}

void set_output_buffering_allowed(bool allowed) {
  if (!allowed) flush_pending_output();
  buffering_allowed = allowed;
}

void exit_on_broken_pipe() {
  // Nothing more can reach the reader: drop what cout and cerr hold, then exit as
  // (nil exit 141) does.
  if (cout_stream) cout_stream->impl->out_len = 0;
  if (cerr_stream) cerr_stream->impl->out_len = 0;
  pending = nullptr;
  exit_process(141, false);
}

size_t stream_fill(Stream* s, size_t want) {
  StreamImpl* im = s->impl;
  flush_pending_output();  // spec 1.3: output is written out before any input
  for (;;) {
    size_t have = im->in_len - im->in_pos;
    if (have >= want || im->eof) return have;
    if (im->in_pos > 0 && im->in_pos == im->in_len) im->in_pos = im->in_len = 0;
    if (im->in_len == im->in_cap) {
      if (im->in_pos > 0) {
        std::memmove(im->in, im->in + im->in_pos, have);
        im->in_len = have;
        im->in_pos = 0;
      } else {
        size_t cap = im->in_cap ? im->in_cap * 2 : 8192;
        im->in = static_cast<char*>(gc::grow_atomic(im->in, im->in_len, cap));
        im->in_cap = cap;
      }
      continue;
    }
    if (im->fill_hook) {
      std::string more;
      if (!im->fill_hook(more)) {
        im->eof = 1;
        return have;
      }
      if (im->in_len + more.size() > im->in_cap) {
        size_t cap = im->in_cap ? im->in_cap : 8192;
        while (cap < im->in_len + more.size()) cap *= 2;
        im->in = static_cast<char*>(gc::grow_atomic(im->in, im->in_len, cap));
        im->in_cap = cap;
      }
      std::memcpy(im->in + im->in_len, more.data(), more.size());
      im->in_len += more.size();
      continue;
    }
    ssize_t r = ::read(im->fd, im->in + im->in_len, im->in_cap - im->in_len);
    if (r < 0) {
      if (errno == EINTR) continue;
      im->eof = 1;  // an input error ends what there is (end_of_input)
      im->read_error = errno;
      return have;
    }
    if (r == 0) {
      im->eof = 1;
      return have;
    }
    im->in_len += size_t(r);
  }
}

Value end_of_input(StreamImpl* im, Value at_end) {
  if (!im->read_error) return at_end;
  int err = im->read_error;
  im->read_error = 0;
  im->eof = 0;
  return errno_value(err);
}

bool stream_read_datum(Stream* s, Value& out) {
  StreamImpl* im = s->impl;
  size_t want = 1;
  for (;;) {
    size_t have = stream_fill(s, want);
    ReadOne r = read_datum(std::string_view(im->in + im->in_pos, have), im->eof);
    switch (r.status) {
      case ReadStatus::ok:
        im->in_pos += r.end;
        out = r.datum;
        return true;
      case ReadStatus::eof:
        if (im->eof) {
          im->in_pos += r.end;
          return false;
        }
        break;
      case ReadStatus::incomplete: break;
      case ReadStatus::error:
        // Drop the malformed datum so that the next read starts after it (reader.hpp).
        im->in_pos += r.skip == 0 ? 1 : r.skip < have ? r.skip : have;
        rt::raise(sym::syntax);
    }
    want = have + 1;
  }
}

std::string write_text(int argc, Value* argv) {
  std::string text;
  for (int i = 0; i < argc; ++i) print_value(text, argv[i], false);
  return text;
}

std::string print_text(int argc, Value* argv) {
  std::string text;
  for (int i = 0; i < argc; ++i) {
    if (i) text += ' ';
    print_value(text, argv[i], true);
  }
  text += '\n';
  return text;
}

}  // namespace l2d
