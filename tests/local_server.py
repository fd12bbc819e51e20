"""A fake of an outside HTTP service (WhatsApp's API and the like), served by a thread of the test process."""

import threading
from contextlib import contextmanager


@contextmanager
def serving(server):
    """`server` (a socketserver whose handlers may hold a request until its `release` event is set) served from a
    thread until the block ends, then let go of what it holds and closed. Its loop polls every 0.05 s: stopping
    one waits for the poll (half a second by default), so a module keeps one server for its tests."""
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
