"""Backup and restore of the database and the uploaded files together, in one .tar.gz.

The archive holds `manifest.json` (the app's version and commit, the date, the engine, the
last applied migration of each app, the rows of each table and the uploaded files with their
sizes), the database (`database.sqlite3`, a copy made with SQLite's backup API, or
`database.pgdump`, `pg_dump --format=custom`) and the files under `media/`.

The functions take the database as a Django settings dict (`NAME`, `USER`, `HOST`, …) and the
files' folder as a path, so a restore can go to any database, not only the configured one:
`manage.py backup` and `manage.py restore` pass the configured ones.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"
FORMAT_VERSION = 1

# A database "has data" when one of these tables has a row: user accounts, people of the
# bases, anything of the pairs. The migrations alone fill only the role groups, the
# permissions, the five formats and the 2020 – 2024 action plan.
DATA_TABLE_PREFIXES = ("auth_user", "registry_", "pairs_")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class RestoreReport:
    tables: dict[str, tuple[int, int]]  # table → (rows in the manifest, rows restored)
    files: int
    missing_files: list[str] = field(default_factory=list)

    @property
    def mismatched_tables(self) -> dict[str, tuple[int, int]]:
        return {name: pair for name, pair in self.tables.items() if pair[0] != pair[1]}

    @property
    def ok(self) -> bool:
        return not self.mismatched_tables and not self.missing_files

    @property
    def rows(self) -> int:
        return sum(restored for _expected, restored in self.tables.values())


def engine_of(database: Mapping[str, Any]) -> str:
    engine = str(database["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith(("postgresql", "postgis")):
        return "postgresql"
    raise BackupError(f"Unsupported database engine: {engine}")


# --- reading a database through DB-API ------------------------------------------------------


def _table_names(cursor: Any, engine: str) -> list[str]:
    if engine == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in cursor.fetchall())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_counts(cursor: Any, engine: str) -> dict[str, int]:
    """The rows of every table of the database the cursor reads."""
    counts = {}
    for name in _table_names(cursor, engine):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")  # noqa: S608  # a table's name
        counts[name] = int(cursor.fetchone()[0])
    return counts


def _last_migrations(cursor: Any, tables: Mapping[str, int]) -> dict[str, str]:
    """The last applied migration of each app (the one applied last)."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return {app: name for app, name in cursor.fetchall()}


def has_data(counts: Mapping[str, int]) -> bool:
    return any(rows for name, rows in counts.items() if name.startswith(DATA_TABLE_PREFIXES))


def _postgres_params(database: Mapping[str, Any]) -> dict[str, str]:
    params = {"dbname": str(database["NAME"])}
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host")):
        if database.get(key):
            params[name] = str(database[key])
    if database.get("PORT"):
        params["port"] = str(database["PORT"])
    return params


def _postgres_command(program: str, database: Mapping[str, Any]) -> tuple[list[str], dict]:
    """The connection options of pg_dump / pg_restore, and their environment (the password
    goes through PGPASSWORD, never the command line)."""
    args = [program]
    if database.get("HOST"):
        args.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        args.append(f"--port={database['PORT']}")
    if database.get("USER"):
        args.append(f"--username={database['USER']}")
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    sslmode = (database.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(args: list[str], env: dict) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(f"{args[0]} is not installed (Debian: apt-get install postgresql-client)")
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed ({result.returncode}): {result.stderr.strip()}")


@contextmanager
def _postgres_connection(database: Mapping[str, Any]) -> Iterator[Any]:
    import psycopg2  # only for PostgreSQL

    connection = psycopg2.connect(**_postgres_params(database))
    try:
        yield connection
    finally:
        connection.close()


def read_counts(database: Mapping[str, Any]) -> dict[str, int]:
    """The rows of every table of a database given by its settings."""
    engine = engine_of(database)
    if engine == "sqlite":
        name = str(database["NAME"])
        if name.startswith("file:"):  # a URI: Django's in-memory test database
            uri = True
        elif Path(name).exists():
            uri = False
        else:
            return {}
        with closing(sqlite3.connect(name, uri=uri)) as connection:
            return table_counts(connection.cursor(), engine)
    with _postgres_connection(database) as connection:
        with connection.cursor() as cursor:
            counts = table_counts(cursor, engine)
        connection.rollback()
        return counts


# --- the manifest ----------------------------------------------------------------------------


def _app_version() -> dict[str, str | None]:
    # The project is not installed as a package (make install installs only the lock file):
    # its version is the one pyproject.toml gives.
    try:
        project = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())
        version: str | None = project["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        version = None
    commit = None
    if shutil.which("git"):
        result = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "HEAD"],  # noqa: S607  # git from PATH, if there is one
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0:
            commit = result.stdout.strip()
    return {"version": version, "commit": commit}


def _media_files(media_root: Path) -> list[tuple[Path, str, int]]:
    """Every regular file under MEDIA_ROOT: (its path, its name in the archive, its size)."""
    if not media_root.is_dir():
        return []
    found = []
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(media_root).as_posix()
            found.append((path, relative, path.stat().st_size))
    return found


# --- backup ----------------------------------------------------------------------------------


def backup(archive: Path, *, connection: BaseDatabaseWrapper, media_root: Path) -> dict:
    """Writes the database of `connection` and the files under `media_root` into `archive`
    (a .tar.gz, written beside it first and renamed when complete). Returns the manifest."""
    database = connection.settings_dict
    engine = engine_of(database)
    archive = Path(archive)
    with tempfile.TemporaryDirectory(prefix="nastavnik-backup-") as work:
        if engine == "sqlite":
            dump = Path(work) / SQLITE_MEMBER
            # The backup API copies a consistent state even while others write; a copy of
            # the file would not.
            connection.ensure_connection()
            with closing(sqlite3.connect(dump)) as copy:
                connection.connection.backup(copy)
                cursor = copy.cursor()
                counts = table_counts(cursor, engine)
                migrations = _last_migrations(cursor, counts)
        else:
            dump = Path(work) / POSTGRES_MEMBER
            # The counts and pg_dump read one snapshot of the database.
            with _postgres_connection(database) as snapshot:
                snapshot.set_session(isolation_level="REPEATABLE READ", readonly=True)
                with snapshot.cursor() as cursor:
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot_id = cursor.fetchone()[0]
                    counts = table_counts(cursor, engine)
                    migrations = _last_migrations(cursor, counts)
                args, env = _postgres_command("pg_dump", database)
                args += [
                    "--format=custom",
                    f"--snapshot={snapshot_id}",
                    f"--file={dump}",
                    str(database["NAME"]),
                ]
                _run(args, env)
                snapshot.rollback()
        files = _media_files(Path(media_root))
        manifest = {
            "format": FORMAT_VERSION,
            "app": _app_version(),
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "migrations": migrations,
            "tables": counts,
            "files": [{"path": name, "size": size} for _path, name, size in files],
        }
        partial = archive.with_name(archive.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            for path, name, size in files:
                info = tar.gettarinfo(path, arcname=MEDIA_PREFIX + name)
                info.size = size
                with path.open("rb") as stream:
                    tar.addfile(info, stream)
        partial.replace(archive)
    return manifest


# --- restore ---------------------------------------------------------------------------------


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        stream = tar.extractfile(MANIFEST)
    except KeyError:
        stream = None
    if stream is None:
        raise BackupError("Not a Nastavnik backup: the archive has no manifest.json")
    manifest: dict = json.load(stream)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format: {manifest.get('format')!r}")
    return manifest


def newer_migrations(manifest: Mapping[str, Any]) -> list[str]:
    """The archive's migrations this code does not have: it was made by a newer version."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(
        f"{app}.{name}"
        for app, name in manifest.get("migrations", {}).items()
        if (app, name) not in known
    )


def _safe_media_name(name: str) -> PurePosixPath | None:
    """A media member's path under MEDIA_ROOT, or None for anything that could leave it."""
    relative = PurePosixPath(name[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return relative


def restore(
    archive: Path, *, database: Mapping[str, Any], media_root: Path, force: bool = False
) -> RestoreReport:
    """Restores `archive` into the database given by its settings and into `media_root`, then
    compares the rows and files with the manifest. Refuses a database that has data unless
    `force`, an archive of the other engine, and one made by newer code."""
    engine = engine_of(database)
    media_root = Path(media_root)
    with tarfile.open(Path(archive), "r:gz") as tar:
        manifest = read_manifest(tar)
        if manifest["engine"] != engine:
            raise BackupError(
                f"The archive is of a {manifest['engine']} database; "
                f"the target database is {engine}."
            )
        newer = newer_migrations(manifest)
        if newer:
            raise BackupError(
                "The archive was made by a newer version of the app: its migrations "
                + ", ".join(newer)
                + " are not in this code. Install that version (or a later one), then restore."
            )
        # Every file is checked before anything is written.
        media = []
        for info in tar.getmembers():
            if not info.name.startswith(MEDIA_PREFIX):
                continue
            relative = _safe_media_name(info.name)
            if relative is None or not info.isfile():
                raise BackupError(f"Refused a file of the archive: {info.name}")
            media.append((info, relative))
        if not force and has_data(read_counts(database)):
            raise BackupError(
                f"The database {database['NAME']} already has data (users, people or pairs). "
                "Restore into an empty database, or add --force to replace its contents."
            )
        member = SQLITE_MEMBER if engine == "sqlite" else POSTGRES_MEMBER
        with tempfile.TemporaryDirectory(prefix="nastavnik-restore-") as work:
            dump = Path(work) / member
            source = tar.extractfile(member)
            if source is None:
                raise BackupError(f"The archive has no {member}")
            with source, dump.open("wb") as target:
                shutil.copyfileobj(source, target)
            if engine == "sqlite":
                _restore_sqlite(dump, Path(str(database["NAME"])))
            else:
                args, env = _postgres_command("pg_restore", database)
                args += [
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    f"--dbname={database['NAME']}",
                    str(dump),
                ]
                _run(args, env)
        for info, relative in media:
            path = media_root.joinpath(*relative.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            stream = tar.extractfile(info)
            if stream is None:
                raise BackupError(f"Cannot read {info.name} from the archive")
            with stream, path.open("wb") as target:
                shutil.copyfileobj(stream, target)
    restored = read_counts(database)
    tables = {
        name: (expected, restored.get(name, 0)) for name, expected in manifest["tables"].items()
    }
    missing = []
    for entry in manifest["files"]:
        path = media_root.joinpath(*PurePosixPath(entry["path"]).parts)
        if not path.is_file() or path.stat().st_size != entry["size"]:
            missing.append(entry["path"])
    return RestoreReport(tables=tables, files=len(manifest["files"]), missing_files=missing)


def _restore_sqlite(dump: Path, target: Path) -> None:
    if str(target) in {"", ":memory:"} or str(target).startswith("file:"):
        raise BackupError(f"Cannot restore into the SQLite database {target}: not a file")
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(dump)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
