"""The registry PDF against a ReportLab table of the same rows and columns, in the same run.

Run: DEBUG=1 .venv/bin/python bench/registry_pdf.py [--rows N ...] [--repeat R]
     (default: 1000 and 5000 rows, 3 runs each; under `make bench` 5000 rows once)

Works on a throw-away SQLite file database filled as bench/registry.py fills its own (a
mentor and two mentees a pair, a third of them «педагог – студент» with a variant, a fifth
completed). Every measurement is a child process of its own: it reads the registry's rows as
the methodist's print does (reports.documents.selection) and makes the PDF with

  app        the site's registry PDF (reports.documents.registry.registry_pdf: ReportLab
             through core/longtables.py, the rows read in batches as the pages fill);
  reportlab  a platypus LongTable of the same nine columns and rows: the header repeated on
             each page, DejaVu Sans for Cyrillic, Paragraph cells wrapped with Russian
             hyphenation (pyphen), «страница N из M» drawn in a second pass over the pages,
             the signatures after the table.

«seconds» is the child's wall time from the rows' query to the PDF's bytes (Django's start-up
left out); «peak MiB» is the child's resident high-water mark (os.wait4's ru_maxrss), Django
and the rows included — «baseline» is that of a child that only reads every row into a list
(as the reference table needs them). The machine
is shared, so each figure is the median of `--repeat` runs, and the ratios are of medians.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess  # noqa: S404 - the measurements run as child processes
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")

from bench._table import row as table_row  # noqa: E402

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEJAVU_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
HOWS = ["baseline", "app", "reportlab"]


# --- In the child: one measurement ------------------------------------------------------------


def _child_setup() -> tuple[Any, Any, Any]:
    """Django on the bench's database; the methodist's request for the whole registry."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import RequestFactory
    from django.utils import translation

    from reports.documents import selection

    settings.ALLOWED_HOSTS = ["testserver"]
    # Plain static storage: the bench needs no collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    translation.activate("ru")
    request = RequestFactory().get("/documents/registry.pdf")
    request.user = User.objects.get(username="bench-methodist")
    return request, selection, translation


def _rows(request: Any, selection: Any) -> tuple[Any, Any]:
    """The selection and its rows as the print reads them: an iterator, read in batches."""
    from registry.models import AccessAction

    filterset = selection.registry_selection(request)
    rows = selection.registry_rows(request, filterset, action=AccessAction.PRINT, what="bench")
    return filterset, rows


def reportlab_pdf(rows: list[Any]) -> bytes:
    """The registry as a ReportLab LongTable: the same columns as the site's PDF."""
    from io import BytesIO

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas as pdfcanvas
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus.flowables import KeepTogether

    pdfmetrics.registerFont(TTFont("DejaVuSans", DEJAVU))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", DEJAVU_BOLD))
    cell = ParagraphStyle(
        "cell", fontName="DejaVuSans", fontSize=8, leading=10, hyphenationLang="ru_RU"
    )
    head = ParagraphStyle("head", parent=cell, fontName="DejaVuSans-Bold")
    text = ParagraphStyle("text", fontName="DejaVuSans", fontSize=10, leading=13)
    title = ParagraphStyle("title", parent=text, fontName="DejaVuSans-Bold", alignment=1)

    def people(persons: list[Any]) -> str:
        return "<br/>".join(
            f"{p.name}, {p.affiliation}" if p.affiliation else p.name for p in persons
        )

    header = ["№", "Наставник", "Наставляемый", "Форма наставничества", "Вариант", "Решение"]
    header += ["Срок", "Статус", "Результаты"]
    data = [[Paragraph(h, head) for h in header]]
    for row in rows:
        decision = f"{row.decision_body.capitalize()}, {row.decision}" if row.decision else "—"
        period = row.period + (f"<br/>завершена: {row.ended_on:%d.%m.%Y}" if row.ended_on else "")
        results = "<br/>".join(part for part in [row.results, *row.assessments] if part)
        values = [str(row.mentorship_id), people(row.mentors), people(row.mentees)]
        values += [row.format, row.variant or "—", decision, period, row.status, results]
        data.append([Paragraph(value, cell) for value in values])
    width = landscape(A4)[0] - 27 * mm
    shares = [5, 16, 16, 10, 11, 11, 9, 8, 14]
    table = LongTable(data, colWidths=[width * s / 100 for s in shares], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )

    class NumberedCanvas(pdfcanvas.Canvas):
        """«страница N из M»: the pages are kept, then drawn with the total."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.saved: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self.saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self.saved)
            for state in self.saved:
                self.__dict__.update(state)
                self.setFont("DejaVuSans", 8)
                self.drawRightString(
                    self._pagesize[0] - 12 * mm, 8 * mm, f"страница {self._pageNumber} из {total}"
                )
                super().showPage()
            super().save()

    out = BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=12 * mm
    )
    signatures = KeepTogether(
        [
            Spacer(1, 10 * mm),
            Paragraph("Куратор программы ____________ / А. С. Васильев", text),
            Spacer(1, 8 * mm),
            Paragraph("Директор ____________ / Е. В. Соколова", text),
        ]
    )
    document.build(
        [Paragraph("Реестр наставнических пар", title), Spacer(1, 4 * mm), table, signatures],
        canvasmaker=NumberedCanvas,
    )
    return out.getvalue()


def child(how: str) -> None:
    request, selection, _ = _child_setup()
    started = time.perf_counter()
    filterset, rows = _rows(request, selection)
    if how == "app":
        from reports.documents import registry

        pdf = registry.registry_pdf(filterset, rows, count=filterset.qs.count())
    elif how == "reportlab":
        pdf = reportlab_pdf(list(rows))
    else:
        rows = list(rows)
        pdf = b""
    seconds = time.perf_counter() - started
    out = os.environ.get("BENCH_PDF_OUT")
    if out and pdf:
        Path(out).write_bytes(pdf)
    print(json.dumps({"seconds": seconds, "bytes": len(pdf)}))


# --- In the parent: the database and the table -------------------------------------------------


def measure(how: str, database_url: str, pdf_out: str = "") -> dict[str, float]:
    """One child process: its own figures and its peak RSS."""
    env = {**os.environ, "DATABASE_URL": database_url, "BENCH_PDF_OUT": pdf_out}
    process = subprocess.Popen(  # noqa: S603 - this script, with our own arguments
        [sys.executable, __file__, "--child", how],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{how} failed ({process.returncode})")
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    figures["peak_mib"] = usage.ru_maxrss / 1024  # KiB on Linux
    return figures


def pages(pdf_path: str) -> str:
    try:
        info = subprocess.run(  # noqa: S603 - our own file
            ["pdfinfo", pdf_path],  # noqa: S607 - poppler-utils, as the tests use it
            capture_output=True,
            check=True,
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    for line in info.splitlines():
        if line.startswith("Pages:"):
            return line.split()[1]
    return "?"


def main(sizes: list[int], repeat: int) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test.utils import setup_test_environment

    # bench/registry.py's way of filling the registry (it is a script, not a module).
    spec = importlib.util.spec_from_file_location("bench_registry", ROOT / "bench" / "registry.py")
    assert spec is not None and spec.loader is not None
    filler = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(filler)

    if connection.vendor != "sqlite":
        raise SystemExit("bench/registry_pdf.py runs on SQLite (the children share its file).")
    workdir = tempfile.mkdtemp(prefix="registry-pdf-bench-")
    database = f"{workdir}/bench.sqlite3"
    connection.settings_dict["TEST"]["NAME"] = database
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        organization = filler.Organization.load()
        organization.full_name = "КГБПОУ «Чегдомынский горно-технологический техникум»"
        organization.short_name = "КГБПОУ ЧГТТ"
        organization.director_name = "Соколова Елена Викторовна"
        organization.curator_name = "Васильев Андрей Сергеевич"
        organization.save()
        methodist = User.objects.create_user("bench-methodist")
        methodist.groups.add(Group.objects.get(name="methodist"))
        url = f"sqlite:///{database}"
        print(f"registry PDF vs ReportLab; medians of {repeat} runs, a child process each")
        print(
            f"{'rows':>6} {'how':>10} {'seconds':>8} {'peak MiB':>9} {'pages':>6} "
            f"{'× reportlab s':>13} {'× reportlab MiB':>15}"
        )
        for size in sorted(sizes):
            filler.grow_to(size)
            connection.close()  # the children read the file as it is now
            medians: dict[str, dict[str, float]] = {}
            runs: dict[str, list[dict[str, float]]] = {how: [] for how in HOWS}
            page_counts: dict[str, str] = {}
            # Peak memory does not depend on the machine's load: under `make bench` the
            # 5,000 rows (the memory row) are measured once.
            runs_of_size = 1 if size >= 5000 and os.environ.get("BENCH_TABLE") else repeat
            for run in range(runs_of_size):
                for how in HOWS:  # interleaved, so that a busy moment hits every one
                    out = f"{workdir}/{how}-{size}.pdf" if run == 0 and how != "baseline" else ""
                    runs[how].append(measure(how, url, out))
                    if out:
                        page_counts[how] = pages(out)
            for how in HOWS:
                medians[how] = {
                    key: statistics.median(r[key] for r in runs[how])
                    for key in ("seconds", "peak_mib")
                }
            base = medians["reportlab"]
            for how in HOWS:
                figures = medians[how]
                ratio_s = figures["seconds"] / base["seconds"] if how != "baseline" else 0
                ratio_m = figures["peak_mib"] / base["peak_mib"] if how != "baseline" else 0
                print(
                    f"{size:>6} {how:>10} {figures['seconds']:>8.2f} {figures['peak_mib']:>9.0f} "
                    f"{page_counts.get(how, ''):>6} "
                    f"{(f'{ratio_s:.2f}' if ratio_s else ''):>13} "
                    f"{(f'{ratio_m:.2f}' if ratio_m else ''):>15}",
                    flush=True,
                )
            app = medians["app"]
            if size == 1000:
                ratio = app["seconds"] / base["seconds"]
                table_row(
                    "registry PDF, 1 000 rows: time",
                    f"{app['seconds']:.1f} s",
                    f"{base['seconds']:.1f} s (ReportLab LongTable)",
                    f"{ratio:.2f}×",
                    "≤ 2×",
                    ratio <= 2,
                )
            if size == 5000:
                table_row(
                    "registry PDF, 5 000 rows: peak memory",
                    f"{app['peak_mib']:.0f} MiB",
                    f"{base['peak_mib']:.0f} MiB (ReportLab LongTable)",
                    f"{app['peak_mib'] / base['peak_mib']:.2f}×",
                    "≤ 300 MB",
                    app["peak_mib"] * 2**20 <= 300 * 10**6,
                )
            every = {how: [round(r["seconds"], 2) for r in runs[how]] for how in HOWS}
            print(f"# {size} rows, every run's seconds: {every}; PDFs in {workdir}", flush=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def parse(argv: list[str]) -> Any:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=HOWS, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse(sys.argv[1:])
    if arguments.child:
        child(arguments.child)
    else:
        main(arguments.rows, arguments.repeat)
