"""manage.py backup and restore (core/backup.py): a database with data and an uploaded file,
backed up and restored into an empty database, comes back whole.

The SQLite part runs on SQLite, the PostgreSQL part on PostgreSQL (DATABASE_URL); each skips
on the other engine. They are transactional: pg_dump and SQLite's backup read committed rows.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from core.backup import (
    MANIFEST,
    BackupError,
    backup,
    engine_of,
    read_counts,
    restore,
    table_counts,
)
from pairs.models import Decision
from registry.models import Person
from tests.factories import (
    DecisionFactory,
    PublicationFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
)


def _only_on(vendor: str) -> None:
    """Skips the test on the other engine. Called in the test, not as a `skipif` mark: a
    transactional test skipped before its database is set up would have conftest's
    tear-down put the data migrations' rows back into a database not yet created."""
    if connection.vendor != vendor:
        pytest.skip(f"the {vendor} backup runs on {vendor} only (DATABASE_URL selects it)")


def _some_data() -> Decision:
    """A few rows in several tables, and one uploaded file (the decision's scan)."""
    UserFactory(username="backup-user", roles=["curator"])
    StudentFactory.create_batch(3)
    TeacherFactory.create_batch(2)
    PublicationFactory()
    return DecisionFactory()


def _source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return table_counts(cursor, engine_of(connection.settings_dict))


def _with_manifest(archive: Path, target: Path, **changes: object) -> Path:
    """A copy of `archive` whose manifest has `changes`."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for info in source.getmembers():
            stream = source.extractfile(info)
            assert stream is not None
            data = stream.read()
            if info.name == MANIFEST:
                manifest = json.loads(data)
                manifest.update(changes)
                data = json.dumps(manifest).encode()
                info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target


def _check_backup_and_restore(tmp_path: Path, target: dict) -> None:
    decision = _some_data()
    source_counts = _source_counts()
    archive = tmp_path / "backup.tar.gz"

    manifest = backup(archive, connection=connection, media_root=Path(settings.MEDIA_ROOT))

    assert manifest["engine"] == engine_of(connection.settings_dict)
    assert manifest["tables"] == source_counts
    assert manifest["tables"]["registry_person"] == Person.objects.count() == 5
    assert manifest["migrations"]["pairs"].startswith("00")
    assert manifest["app"]["version"]
    assert manifest["files"] == [{"path": decision.scan.name, "size": decision.scan.size}]

    media = tmp_path / "restored-media"
    report = restore(archive, database=target, media_root=media)

    assert report.ok, (report.mismatched_tables, report.missing_files)
    assert read_counts(target) == source_counts
    assert report.rows == sum(source_counts.values())
    assert (media / decision.scan.name).read_bytes() == b"%PDF-1.4\n%%EOF\n"

    # Now it has data: a second restore needs --force.
    with pytest.raises(BackupError, match="already has data"):
        restore(archive, database=target, media_root=media)
    assert restore(archive, database=target, media_root=media, force=True).ok
    assert read_counts(target) == source_counts


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_every_row_and_file_into_an_empty_database(
    tmp_path: Path,
) -> None:
    _only_on("sqlite")
    target_path = tmp_path / "restored.sqlite3"
    target = {**connection.settings_dict, "NAME": str(target_path)}

    _check_backup_and_restore(tmp_path, target)

    # The restored file is a database of its own, with the rows the ORM saw.
    with closing(sqlite3.connect(target_path)) as restored:
        names = {row[0] for row in restored.execute("SELECT last_name FROM registry_person")}
    assert names == set(Person.objects.values_list("last_name", flat=True))


@pytest.fixture
def throwaway_postgres_database(transactional_db: None) -> Iterator[dict]:
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    _only_on("postgresql")
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**connection.settings_dict, "NAME": name}
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_every_row_and_file_into_an_empty_database(
    tmp_path: Path, throwaway_postgres_database: dict
) -> None:
    assert read_counts(throwaway_postgres_database) == {}

    _check_backup_and_restore(tmp_path, throwaway_postgres_database)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_of_newer_code_or_the_other_engine(tmp_path: Path) -> None:
    _some_data()
    archive = tmp_path / "backup.tar.gz"
    manifest = backup(archive, connection=connection, media_root=Path(settings.MEDIA_ROOT))
    target = {**connection.settings_dict, "NAME": str(tmp_path / "empty.sqlite3")}
    if manifest["engine"] == "postgresql":
        target = {**connection.settings_dict, "NAME": "nastavnik_never_created"}

    newer = _with_manifest(
        archive,
        tmp_path / "newer.tar.gz",
        migrations={**manifest["migrations"], "pairs": "9999_from_the_future"},
    )
    with pytest.raises(BackupError, match=r"newer version of the app.*pairs\.9999_from_the_future"):
        restore(newer, database=target, media_root=tmp_path / "media")

    other = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
    elsewhere = _with_manifest(archive, tmp_path / "other.tar.gz", engine=other)
    with pytest.raises(BackupError, match=f"archive is of a {other} database"):
        restore(elsewhere, database=target, media_root=tmp_path / "media")

    assert not (tmp_path / "media").exists()


@pytest.mark.django_db(transaction=True)
def test_the_commands_back_up_and_refuse_to_overwrite_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _some_data()
    archive = tmp_path / "nightly.tar.gz"

    call_command("backup", str(archive))

    assert "Backup written" in capsys.readouterr().out
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
    assert names[0] == MANIFEST
    assert any(name.startswith("media/") for name in names)
    # The test database has a user and people: the command will not overwrite it.
    with pytest.raises(CommandError, match="already has data.*--force"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_files_that_would_leave_media_root(tmp_path: Path) -> None:
    archive = tmp_path / "backup.tar.gz"
    manifest = backup(archive, connection=connection, media_root=tmp_path / "no-media")
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(evil, "w:gz") as copy:
        for info in source.getmembers():
            copy.addfile(info, source.extractfile(info))
        info = tarfile.TarInfo("media/../../escaped.txt")
        info.size = 2
        copy.addfile(info, io.BytesIO(b"hi"))
    target = {**connection.settings_dict, "NAME": str(tmp_path / "empty.sqlite3")}
    if manifest["engine"] == "postgresql":
        target = {**connection.settings_dict, "NAME": "nastavnik_never_created"}

    # Refused before the database is touched (the PostgreSQL one does not even exist).
    with pytest.raises(BackupError, match="Refused a file"):
        restore(evil, database=target, media_root=tmp_path / "media")
    assert not (tmp_path / "escaped.txt").exists()
    assert not Path(target["NAME"]).exists()
