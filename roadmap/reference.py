def load(*, facts: dict, stdout) -> None:
    """Load this app's reference data from the sourced facts (nothing yet)."""
