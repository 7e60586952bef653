#pragma once
// Something built from a whole database (a DocTable, a spelling Lexicon), shared by every reader
// of the process that asks for the same database (by UUID) at the same revision, and dropped
// with its last user: the cache holds weak pointers.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <xapian.h>

namespace rassegna {

template <class T>
class RevisionCache {
 public:
  // The value for `db`'s current revision: the one cached when it is of that revision, else
  // make(db, older), where `older` is the value of an earlier revision of the same database
  // (null when there is none), which make may update rather than build again. Null when `db`
  // is not a single database (no revision to key on) or make returns null. One make at a time:
  // callers asking meanwhile wait and share its result.
  template <class Make>
  std::shared_ptr<const T> get(const Xapian::Database& db, Make&& make) {
    Xapian::rev revision;
    std::string uuid;
    try {
      revision = db.get_revision();
      uuid = db.get_uuid();
    } catch (const Xapian::Error&) {
      return nullptr;  // several sub-databases
    }
    std::lock_guard<std::mutex> lock(mutex_);
    std::erase_if(entries_, [](const auto& e) { return e.second.value.expired(); });
    Entry& entry = entries_[uuid];
    std::shared_ptr<const T> cached = entry.value.lock();
    if (cached && entry.revision == revision) return cached;
    std::shared_ptr<const T> fresh = make(db, cached && entry.revision < revision ? cached.get() : nullptr);
    if (fresh && revision >= entry.revision) entry = Entry{revision, fresh};
    return fresh;
  }

 private:
  struct Entry {
    Xapian::rev revision = 0;
    std::weak_ptr<const T> value;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // by database UUID
};

}  // namespace rassegna
