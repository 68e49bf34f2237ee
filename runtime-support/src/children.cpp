// Child bookkeeping with a reaper thread. The reaper blocks in waitpid(-1) only while some
// child is running, so a long-lived server that never calls `wait` leaves no zombies; the
// statuses wait in [ended] until `wait` claims them (8 bytes per child).
#include "children.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <new>
#include <thread>
#include <utility>
#include <vector>

namespace l2d::children {

namespace {

struct Table {
  std::mutex mutex;
  std::condition_variable changed;  // a child ended or was added
  std::vector<pid_t> running;      // forked and not yet reaped
  std::vector<std::pair<pid_t, int>> ended;  // reaped, status not yet claimed by wait
  bool reaper_started = false;
};

// Never destroyed: the reaper may still run while static destructors do.
Table* table = new Table;

bool contains(const std::vector<pid_t>& v, pid_t pid) {
  return std::find(v.begin(), v.end(), pid) != v.end();
}

// The ended child [pid]'s record in t->ended, or its end.
auto find_ended(Table* t, pid_t pid) {
  return std::find_if(t->ended.begin(), t->ended.end(), [pid](const auto& e) { return e.first == pid; });
}

void reap_forever(Table* t) {
  for (;;) {
    {
      std::unique_lock lock(t->mutex);
      t->changed.wait(lock, [t] { return !t->running.empty(); });
    }
    int wstatus = 0;
    pid_t pid = waitpid(-1, &wstatus, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      // ECHILD with children still listed cannot happen unless someone else reaped them:
      // forget them rather than spin or let exit wait forever.
      std::lock_guard lock(t->mutex);
      for (pid_t p : t->running) t->ended.emplace_back(p, 0);
      t->running.clear();
      t->changed.notify_all();
      continue;
    }
    std::lock_guard lock(t->mutex);
    // A child may be reaped before fork's caller registered it: add() then skips it.
    std::erase(t->running, pid);
    t->ended.emplace_back(pid, wstatus);
    t->changed.notify_all();
  }
}

}  // namespace

void add(pid_t pid) {
  std::lock_guard lock(table->mutex);
  if (find_ended(table, pid) == table->ended.end()) table->running.push_back(pid);
  if (!table->reaper_started) {
    table->reaper_started = true;
    std::thread(reap_forever, table).detach();
  }
  table->changed.notify_all();
}

bool any_unwaited() {
  std::lock_guard lock(table->mutex);
  return !table->running.empty() || !table->ended.empty();
}

bool has_ended(pid_t pid) {
  std::lock_guard lock(table->mutex);
  return find_ended(table, pid) != table->ended.end();
}

int wait_for(pid_t pid, int* wstatus) {
  std::unique_lock lock(table->mutex);
  for (;;) {
    auto& ended = table->ended;
    auto found = pid == -1 ? ended.begin() : find_ended(table, pid);
    if (found != ended.end()) {
      pid_t got = found->first;
      *wstatus = found->second;
      ended.erase(found);
      return got;
    }
    bool waiting_makes_sense = pid == -1 ? !table->running.empty() : contains(table->running, pid);
    if (!waiting_makes_sense) {
      errno = ECHILD;
      return -1;
    }
    table->changed.wait(lock);
  }
}

void wait_all() {
  std::unique_lock lock(table->mutex);
  table->changed.wait(lock, [] { return table->running.empty(); });
  table->ended.clear();
}

pid_t fork_child() {
  // Forks while the table is locked: the reaper allocates only while it holds the lock,
  // and a child forked while another thread held the allocator's lock would block in
  // its first allocation (seen with ASan's allocator, which has no fork handler).
  std::unique_lock lock(table->mutex);
  pid_t pid = fork();
  if (pid == 0) {
    // The parent's table (its lock held by this copy) stays behind, leaked on purpose:
    // its state belongs to the parent.
    lock.release();
    table = new Table;
  }
  return pid;
}

}  // namespace l2d::children
