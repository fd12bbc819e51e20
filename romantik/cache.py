"""The embedded default's cache: Django's file cache under var/cache, shared by every process of the machine
(the web server's workers, Celery), with counting made safe for rate limits.

Django's FileBasedCache counts with a read and a write: two processes counting at once lose one, and the write
resets the entry's expiry to the cache's default timeout (so an hour's window would end after five minutes).
Here `add` and `incr` run under one lock file of the cache folder, and `incr` keeps the entry's expiry; the
new content replaces the file in one rename, as `set` does, so a reader never sees half of it. That is what
django-ratelimit asks of a cache (its check E003 refuses the plain file cache, locmem and the database cache).

Production uses Redis (CACHE_URL=redis://…, docker-compose.yml), whose INCR is atomic and shared by every server.
"""

import os
import pickle
import tempfile
import time
import zlib
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

LOCK_NAME = "counters.lock"  # not a *.djcache file: clear() and culling leave it alone


class SharedFileCache(FileBasedCache):
    @contextmanager
    def _counting(self):
        self._createdir()
        with open(os.path.join(self._dir, LOCK_NAME), "ab") as lock:
            locks.lock(lock, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(lock)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._counting():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        fname = self._key_to_file(key, version)
        with self._counting():
            try:
                with open(fname, "rb") as f:
                    expiry = pickle.load(f)
                    value = pickle.loads(zlib.decompress(f.read()))
            except (FileNotFoundError, EOFError):
                raise ValueError(f"Key '{key}' not found") from None
            if expiry is not None and expiry < time.time():
                raise ValueError(f"Key '{key}' not found")
            value += delta
            fd, tmp_path = tempfile.mkstemp(dir=self._dir)
            try:
                with open(fd, "wb") as f:
                    f.write(pickle.dumps(expiry, self.pickle_protocol))
                    f.write(zlib.compress(pickle.dumps(value, self.pickle_protocol)))
                os.replace(tmp_path, fname)
            except BaseException:
                if os.path.exists(tmp_path):
                    os.remove(tmp_path)
                raise
            return value
