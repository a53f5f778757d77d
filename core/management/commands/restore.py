"""manage.py restore ARCHIVE: the database and the uploaded files back from a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restores a backup of manage.py backup into the configured database and MEDIA_ROOT, "
        "then checks the rows and files against its manifest. / Восстановление из копии."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the contents of a database that already has data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        if not archive.is_file():
            raise CommandError(f"Нет такого файла / No such file: {archive}")
        database = dict(connections["default"].settings_dict)
        # Our own connection would hold the SQLite file or PostgreSQL's tables.
        connections.close_all()
        try:
            report = restore(
                archive,
                database=database,
                media_root=Path(settings.MEDIA_ROOT),
                force=options["force"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name, (expected, restored) in sorted(report.mismatched_tables.items()):
            self.stderr.write(
                f"  {name}: в копии / in the backup {expected}, восстановлено / restored {restored}"
            )
        for name in report.missing_files:
            self.stderr.write(f"  файл не восстановлен / file not restored: {name}")
        if not report.ok:
            raise CommandError(
                "Восстановление не совпадает с копией / The restore does not match the backup."
            )
        self.stdout.write(
            f"Восстановлено / Restored from {archive}: {len(report.tables)} таблиц / tables, "
            f"{report.rows} строк / rows, {report.files} файлов / files; "
            "всё совпадает с копией / everything matches the backup."
        )
