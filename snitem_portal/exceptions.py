class Conflict(Exception):
    """The object is no longer in the state the caller saw (HTTP 409 in the API)."""
