"""Pieces the benchmarks share: a scratch PostgreSQL database and a free loopback port."""

import socket
from urllib.parse import urlsplit, urlunsplit


def recreate_database(database_url: str) -> None:
    """Drop and re-create the database named in ``database_url`` (a benchmark's scratch database)."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
