"""Values kept per process under a key that names everything they are made of (a submission's version, the
language, ...): a change is a new key, so nothing is invalidated. Each entry lives at most `ttl` seconds (for
what the key leaves out) and the least recently used go first beyond `most` entries. Thread-safe; a value made
twice at once by two threads is simply kept twice."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable


class Kept:
    def __init__(self, *, ttl: float, most: int):
        self.ttl, self.most = ttl, most
        self._entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], object]):
        """The value kept under `key`, or `make()`'s, then kept."""
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
            if found is not None and now - found[0] < self.ttl:
                self._entries.move_to_end(key)
                return found[1]
        value = make()
        with self._lock:
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.most:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
