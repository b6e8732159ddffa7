"""A pause of Python's cyclic garbage collector around bulk reads and imports."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block, then freeze what it allocated and restore it.

    Reading and importing a large catalog allocate millions of small objects that form no
    reference cycles. Each burst of allocations would start a collection over everything alive,
    which more than doubled the time to read a million variants. Freezing the survivors before the
    collector is switched back on spares the full pass over them that would follow at once. That
    pass took about 5 s per million variants on a 2-core machine. Reference counting still frees them.
    NOTE: the pause is process-wide, so cycles made by other threads meanwhile wait until its end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()
