"""Reference data: nothing of its own, but the index is rebuilt once the apps' loaders (listed
before this one in ``REFERENCE_DATA_LOADERS``) wrote theirs, some in bulk, without signals."""

from .indexing import rebuild


def load(*, facts: dict, stdout) -> None:
    counts = rebuild()
    stdout.write(f"Search index: {sum(counts.values())} entries.")
