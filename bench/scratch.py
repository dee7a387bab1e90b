"""Pieces the benchmarks share: a scratch PostgreSQL database, a free loopback port, production
settings for a portal they start, and an SMTP sink with the raw smtplib floor it is measured against."""

import smtplib
import socket
import threading
import time
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


class Sink:
    """Accepts every message; remembers how many and when the last one was accepted."""

    def __init__(self):
        self.count = 0
        self.last_at = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            self.last_at = time.perf_counter()
        return "250 OK"


def smtp_floor(port: int, message_bytes: bytes, count: int) -> float:
    """Seconds smtplib takes to send ``count`` copies of one message over one connection to a fresh sink."""
    from aiosmtpd.controller import Controller

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        began = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as client:
            for _ in range(count):
                client.sendmail("portail@snitem.example", ["bench@bench.example"], message_bytes)
        return time.perf_counter() - began
    finally:
        controller.stop()
