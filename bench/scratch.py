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


def production_environment(database_url: str, data_dir: str, port: int) -> dict[str, str]:
    """Production settings (debug off) for a portal started by a benchmark, over plain HTTP on loopback
    for this run only; ``BENCH_CACHE_URL`` names a shared cache if one is wanted."""
    import os

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "snitem_portal.settings",
        "DJANGO_SECRET_KEY": "benchmark-only",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": database_url,
        "PORTAL_DATA_DIR": data_dir,
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    if os.environ.get("BENCH_CACHE_URL"):
        env["CACHE_URL"] = os.environ["BENCH_CACHE_URL"]
    return env
