// The random generator of `random` and `random-seed` (spec 7.2, 15.2): one xoshiro256**
// generator per process. A seed fixes the sequence; without one, the first use seeds it
// from the system's entropy. A forked child inherits a copy of the state (spec 10.3).
#include <pthread.h>
#include <sys/random.h>

#include <cmath>
#include <ctime>
#include <vector>

#include <unistd.h>

#include "number_impl.hpp"

namespace l2d {

using namespace numimpl;

namespace {

struct Generator {
  uint64_t s[4];
  bool seeded;
};
Generator generator;

// Threads of `parallel` and `map` share the generator. A fork while another thread holds
// the lock must not leave it taken in the child, hence a plain mutex re-initialised there.
pthread_mutex_t generator_mutex = PTHREAD_MUTEX_INITIALIZER;
void reset_lock_in_child() { pthread_mutex_init(&generator_mutex, nullptr); }
[[maybe_unused]] const int atfork_registered = pthread_atfork(nullptr, nullptr, reset_lock_in_child);

struct GeneratorLock {
  GeneratorLock() { pthread_mutex_lock(&generator_mutex); }
  ~GeneratorLock() { pthread_mutex_unlock(&generator_mutex); }
  GeneratorLock(const GeneratorLock&) = delete;
  GeneratorLock& operator=(const GeneratorLock&) = delete;
};

uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void seed_from(uint64_t h) {
  for (uint64_t& word : generator.s) word = splitmix64(h);
  generator.seeded = true;
}

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// The next 64 random bits; generator_mutex held.
uint64_t next_locked() {
  if (!generator.seeded) {
    uint64_t h = 0;
    if (getrandom(&h, sizeof h, GRND_NONBLOCK) != ssize_t(sizeof h)) {
      timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      h = uint64_t(ts.tv_nsec) ^ (uint64_t(ts.tv_sec) << 20) ^ (uint64_t(getpid()) << 40);
    }
    seed_from(h);
  }
  uint64_t* s = generator.s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

uint64_t next_bits() {
  GeneratorLock lock;
  return next_locked();
}

// Uniform in [0, m), m > 0, without modulo bias.
uint64_t uniform_below(uint64_t m) {
  uint64_t threshold = (0 - m) % m;  // 2^64 mod m: the biased low values
  for (;;) {
    uint64_t r = next_bits();
    if (r >= threshold) return r % m;
  }
}

// Uniform in [0, m) for m > 0 of any size: random words of m's width, retried while
// too large (less than two tries on average).
void uniform_below(mpz_t out, const mpz_t m) {
  size_t bits = mpz_sizeinbase(m, 2);
  size_t words = (bits + 63) / 64;
  std::vector<uint64_t> buf(words);
  for (;;) {
    {
      GeneratorLock lock;
      for (uint64_t& w : buf) w = next_locked();
    }
    if (bits % 64) buf.back() &= (uint64_t(1) << (bits % 64)) - 1;  // most significant word last
    mpz_import(out, words, -1, sizeof(uint64_t), 0, 0, buf.data());
    if (mpz_cmp(out, m) < 0) return;
  }
}

}  // namespace

void random_seed(Value n) {
  n = integer_value_arg(n);
  // Hash the whole integer, sign and every limb, into the 64-bit seed of splitmix64.
  uint64_t h = 0x5EEDull;
  if (n.is_fixnum()) {
    SWord v = n.fixnum_value();
    h ^= uint64_t(v);
    h = splitmix64(h);
  } else {
    __mpz_struct* z = mpz_of(n);
    h ^= mpz_sgn(z) < 0 ? 0xFFull : 0x01ull;
    for (size_t i = 0; i < mpz_size(z); ++i) {
      h ^= uint64_t(mpz_getlimbn(z, i));
      h = splitmix64(h);
    }
  }
  GeneratorLock lock;
  seed_from(h);
}

Value random_below(Value x) {
  x = number_arg(x);
  switch (num_kind(x)) {
    case NumKind::fixnum: {
      SWord n = x.fixnum_value();
      if (n == 0) return x;
      uint64_t r = uniform_below(n < 0 ? uint64_t(-n) : uint64_t(n));
      return Value::fixnum(n < 0 ? -SWord(r) : SWord(r));
    }
    case NumKind::bignum: {
      Z m, r;
      mpz_abs(m, mpz_of(x));
      uniform_below(r, m);
      if (mpz_sgn(mpz_of(x)) < 0) mpz_neg(r, r);
      return make_integer_move(r.z);
    }
    case NumKind::fraction: {
      // k/d with 0 <= k < |n| for x = n/d: exact, below |x|, with x's sign.
      __mpq_struct* q = mpq_of(x);
      Z m, k;
      mpz_abs(m, mpq_numref(q));
      uniform_below(k, m);
      if (mpq_sgn(q) < 0) mpz_neg(k, k);
      return make_ratio(k, mpq_denref(q));
    }
    case NumKind::flonum: {
      double d = x.as<Flonum>()->d;
      if (!std::isfinite(d)) raise_wrong_type();
      if (d == 0.0) return make_float(d);
      double m = std::fabs(d);
      for (;;) {
        double u = double(next_bits() >> 11) * 0x1p-53;  // uniform in [0, 1)
        double r = u * m;
        if (r < m) return make_float(std::copysign(r, d));  // rounding may reach m: retry
      }
    }
    default: raise_wrong_type();
  }
}

}  // namespace l2d
