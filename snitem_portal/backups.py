"""One archive holds the whole portal: the database and the private files, with a manifest.

Archive (``.tar.gz``)::

    manifest.json       format, date, database vendor, row count of every table, every file's size and SHA-256
    database.dump       PostgreSQL: ``pg_dump --format=custom`` (consistent: one snapshot)
    database.sqlite3    SQLite: a copy made with SQLite's online backup (consistent too)
    private/...         the files under PRIVATE_MEDIA_ROOT (attachments, documents)

``restore`` refuses a database that already holds tables, or a private folder that already holds
files, unless ``force``; it then checks the restored row counts and file checksums against the
manifest and raises if anything differs.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction

FORMAT = 1
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MANIFEST = "manifest.json"
PRIVATE = "private"


class BackupError(Exception):
    """A backup or restore that cannot go on, with the reason for the operator."""


def _postgres_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = ["--host", db.get("HOST") or "localhost", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is missing: install the PostgreSQL client (postgresql-client).") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def row_counts(cursor=None) -> dict[str, int]:
    """Rows of every table of the database (what a restore must give back)."""
    if cursor is None:
        with connection.cursor() as own:
            return row_counts(own)
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_row_counts(path: Path) -> dict[str, int]:
    database = sqlite3.connect(path)
    try:
        tables = [row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            table: database.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in sorted(tables)
            if not table.startswith("sqlite_")
        }
    finally:
        database.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def private_files(root: Path | None = None) -> dict[str, dict]:
    """Every file under PRIVATE_MEDIA_ROOT: relative path -> size and SHA-256."""
    root = Path(root or settings.PRIVATE_MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): {"size": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _dump_database(target: Path) -> tuple[str, dict[str, int]]:
    """The database file in ``target`` and the row counts of that very state."""
    if connection.vendor == "postgresql":
        args, env = _postgres_env()
        name = settings.DATABASES["default"]["NAME"]
        dump = target / POSTGRES_DUMP
        # Counted and dumped from one snapshot: the portal may keep writing meanwhile.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts(cursor)
            options = ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            _run(["pg_dump", *args, *options, "--file", str(dump), name], env)
        return POSTGRES_DUMP, counts
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(target / SQLITE_COPY)
        try:
            connection.ensure_connection()
            connection.connection.backup(copy)
        finally:
            copy.close()
        return SQLITE_COPY, _sqlite_row_counts(target / SQLITE_COPY)
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def backup(archive: Path) -> dict:
    """Write the database and the private files to ``archive``; returns the manifest."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as workdir:
        database_file, counts = _dump_database(Path(workdir))
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "database": {"vendor": connection.vendor, "file": database_file},
            "row_counts": counts,
            "files": private_files(root),
        }
        (Path(workdir) / MANIFEST).write_text(json.dumps(manifest, indent=2))
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(Path(workdir) / MANIFEST, arcname=MANIFEST)
            tar.add(Path(workdir) / database_file, arcname=database_file)
            for relative in manifest["files"]:
                tar.add(root / relative, arcname=f"{PRIVATE}/{relative}")
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _restore_database(workdir: Path, manifest: dict, *, force: bool) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"The archive holds a {vendor} database; this portal runs on {connection.vendor}.")
    if not force and not _database_is_empty():
        raise BackupError("The database already holds tables: restore onto an empty database, or use --force.")
    if vendor == "postgresql":
        args, env = _postgres_env()
        name = settings.DATABASES["default"]["NAME"]
        connections.close_all()
        clean = ["--clean", "--if-exists"] if force else []
        command = ["pg_restore", *args, "--no-owner", "--no-privileges", "--single-transaction", *clean]
        _run([*command, "--dbname", name, str(workdir / POSTGRES_DUMP)], env)
    else:
        connections.close_all()
        shutil.copyfile(workdir / SQLITE_COPY, settings.DATABASES["default"]["NAME"])


def _restore_files(workdir: Path, manifest: dict, *, force: bool) -> None:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    if force and root.is_dir():
        shutil.rmtree(root)
    for relative in manifest["files"]:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(workdir / PRIVATE / relative, target)


def restore(archive: Path, *, force: bool = False) -> dict:
    """Put back the database and the private files of ``archive``; returns the manifest.

    Raises BackupError before changing anything when the target is not empty (without ``force``)
    or the archive is not one of ours, and after restoring when counts or checksums differ.
    """
    with tempfile.TemporaryDirectory() as workdir_name:
        workdir = Path(workdir_name)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                # The "data" filter refuses absolute paths, links outside and device files.
                tar.extractall(workdir, filter="data")
            manifest = json.loads((workdir / MANIFEST).read_text())
        except (OSError, tarfile.TarError, ValueError) as error:
            raise BackupError(f"{archive} is not a portal backup: {error}") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        if not force and private_files():
            raise BackupError(
                f"{settings.PRIVATE_MEDIA_ROOT} already holds files: restore into an empty folder, or use --force."
            )
        _restore_database(workdir, manifest, force=force)
        _restore_files(workdir, manifest, force=force)
    connections.close_all()
    restored = row_counts()
    differences = {
        table: (expected, restored.get(table))
        for table, expected in manifest["row_counts"].items()
        if restored.get(table) != expected
    }
    if differences:
        raise BackupError(f"Restored row counts differ from the archive's: {differences}")
    if private_files() != manifest["files"]:
        raise BackupError("Restored files differ from the archive's.")
    # Cached values name rows by id (a person's company, unread count, dashboard): after a restore
    # those ids may be other rows.
    cache.clear()
    return manifest
