def seed(*, demo) -> None:
    """Add this app's demo data (nothing yet)."""
