"""``flask backup PATH`` and ``flask restore PATH``.

SQLite: an online backup through the sqlite3 backup API (consistent even while gunicorn
workers write), and a restore that checks the file is a coworking database at the schema
version this code expects. The app must be stopped during a restore.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore`` are the tools (README "Backups");
these commands print the exact command and exit non-zero.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

import click
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from coworking.extensions import db

# Tables a coworking database always has (besides alembic_version).
REQUIRED_TABLES = {"users", "workspaces", "desks", "bookings"}


def _sqlite_path() -> Path | None:
    """The app's SQLite database file, or None when the app runs on another database."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise click.ClickException("The app uses an in-memory SQLite database: there is nothing to back up.")
    return Path(url.database)


def _pg_hint(action: str) -> None:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    safe = url.render_as_string(hide_password=True)
    if action == "backup":
        command = f'pg_dump --format=custom --file=PATH "{safe}"'
    else:
        command = f'pg_restore --clean --if-exists --no-owner --dbname="{safe}" PATH'
    click.echo(
        f"This app runs on {url.get_backend_name()}: use its own tools, not `flask {action}`.\n"
        f"  {command}\n(see README, section Backups; the password comes from PGPASSWORD or ~/.pgpass)",
        err=True,
    )
    raise SystemExit(2)


def expected_revision() -> str:
    """The head revision of the migrations shipped with this code."""

    state = current_app.extensions["migrate"]
    config = state.migrate.get_config(state.directory)
    return ScriptDirectory.from_config(config).get_current_head()


def check_backup_file(path: Path, revision: str) -> None:
    """Raise ClickException unless ``path`` is a sound coworking SQLite database at ``revision``."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise click.ClickException(f"{path} cannot be opened as SQLite: {exc}") from exc
    try:
        try:
            (integrity,) = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(f"{path} is not a SQLite database: {exc}") from exc
        if integrity != "ok":
            raise click.ClickException(f"{path} fails SQLite's integrity check: {integrity}")
        missing = (REQUIRED_TABLES | {"alembic_version"}) - tables
        if missing:
            raise click.ClickException(f"{path} is not a coworking database (missing tables: {sorted(missing)})")
        found = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
        if found != [revision]:
            raise click.ClickException(
                f"{path} is at schema version {found}, this code expects [{revision!r}]: "
                "restore it with the matching release, then run `flask db upgrade`."
            )
    finally:
        conn.close()


def sqlite_backup(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` with SQLite's online backup API (readers and writers may
    keep working; the copy is one consistent snapshot). Written to a temporary file first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst, pages=1024)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@with_appcontext
def backup_command(path: Path, force: bool) -> None:
    """Back up the database to PATH (SQLite: online backup; PostgreSQL: prints the pg_dump command)."""
    source = _sqlite_path()
    if source is None:
        _pg_hint("backup")
    if not source.exists():
        raise click.ClickException(f"The database file {source} does not exist.")
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; pass --force to overwrite it.")
    if path.resolve() == source.resolve():
        raise click.ClickException("The backup cannot be the database file itself.")
    sqlite_backup(source, path)
    check_backup_file(path, expected_revision())
    click.echo(f"Backed up {source} to {path} ({path.stat().st_size} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup at PATH. Stop the app (every worker) first."""
    target = _sqlite_path()
    if target is None:
        _pg_hint("restore")
    check_backup_file(path, expected_revision())
    if not yes:
        click.confirm(f"Replace {target} with {path}? The app must be stopped.", abort=True)

    db.engine.dispose()  # this process holds no connection to the old file any more
    sqlite_backup(path, target)
    # The old file's WAL and shared memory belong to the replaced database.
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    click.echo(f"Restored {target} from {path}.")
