"""Demo data: nothing of its own; the index is rebuilt once the seeders listed before this one in
``DEMO_SEEDERS`` created theirs (in bulk, without signals), so its size follows ``--scale``."""

from .indexing import rebuild


def seed(*, demo) -> None:
    rebuild()
