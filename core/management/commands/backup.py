"""manage.py backup ARCHIVE: the database and the uploaded files into one .tar.gz."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Writes the database (SQLite: a consistent copy; PostgreSQL: pg_dump --format=custom) "
        "and MEDIA_ROOT into one .tar.gz with a manifest. / Резервная копия базы и файлов."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz to write")

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        try:
            manifest = backup(
                archive, connection=connections["default"], media_root=Path(settings.MEDIA_ROOT)
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        files = manifest["files"]
        size = sum(entry["size"] for entry in files)
        self.stdout.write(
            f"Резервная копия записана / Backup written: {archive}\n"
            f"  база / database: {manifest['engine']}, {len(manifest['tables'])} таблиц / "
            f"tables, {rows} строк / rows\n"
            f"  файлы / files: {len(files)}, {size} байт / bytes"
        )
