"""The journeys of issue 4 in the browser: the curator forms a pair from a suggestion,
confirms it by a decision, logs a meeting and completes it; a refused confirmation; the
methodist downloads the registry as XLSX and PDF; a teacher logs a meeting of their own pair."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import cast

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from core.dates import AcademicYear
from pairs.drafting.suggestions import mentees_to_match
from pairs.models import (
    ChangeAction,
    Decision,
    Mentorship,
    MentorshipResult,
    MentorshipStatus,
    ResultAchievement,
)
from pairs.work.services import expected_result_items
from programs.models import FormatCode
from registry.models import PartnerKind, PartnerOrganization, Person
from tests.browser.conftest import ARTIFACTS, log_in, screenshot
from tests.factories import (
    MentorshipFactory,
    PupilFactory,
    StudentFactory,
    format_of,
    variant_of,
)
from tests.pdf import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]

# The smallest file the scan field takes for a PDF: it checks the first bytes.
SCAN_BYTES = b"%PDF-1.4\n%%EOF\n"


def a_scan(tmp_path: Path) -> Path:
    scan = tmp_path / "protocol-7-rg.pdf"
    scan.write_bytes(SCAN_BYTES)
    return scan


def a_waiting_mentee(year: AcademicYear) -> Person:
    """The first mentee of the «студент – студент» pool still without a pair."""
    entry = mentees_to_match(format_of(FormatCode.STUDENT_STUDENT), year).first()
    assert entry is not None, "the demo has mentees of «студент – студент» waiting for a pair"
    return entry.person


def stored_files(media: Path) -> set[Path]:
    return {path for path in media.rglob("*") if path.is_file()}


def first_page_png(pdf: Path, stem: Path) -> None:
    """The PDF's first page as `stem`.png, small, to look at."""
    command = ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(pdf), str(stem)], check=True)  # noqa: S603 - our own files


def open_menu_item(page: Page, menu: str, item: str) -> None:
    navigation = page.get_by_role("navigation", name="Главное меню")
    navigation.get_by_role("button", name=menu).click()
    navigation.get_by_role("link", name=item).click()


def test_curator_forms_a_pair_confirms_it_logs_a_meeting_and_completes_it(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    today = timezone.localdate()
    year = AcademicYear.current()
    mentee = a_waiting_mentee(year)
    log_in(page, live_server.url, "curator")

    # Drafting from the pool: tick a waiting mentee, the suggestions come with their reasons.
    open_menu_item(page, "Пары", "Сформировать пары из базы")
    page.wait_for_url("**/pairs/drafting/**")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Формирование наставнических пар из баз"
    )
    page.get_by_label("Форма наставничества").select_option(label="студент – студент")
    page.wait_for_url("**/pairs/drafting/?format=student_student*")
    page.get_by_label("Учебный год", exact=True).select_option(label=year.label)
    page.wait_for_url(f"**year={year.start_year}*")
    suggestions = page.locator("#suggestions")
    expect(suggestions).to_contain_text("Отметьте наставляемого")
    page.get_by_role("checkbox", name=mentee.full_name).check()

    expect(suggestions.get_by_role("heading", name="Предлагаемые наставники")).to_be_visible()
    expect(suggestions).to_contain_text(mentee.full_name)
    first = suggestions.locator("label.list-group-item").first
    expect(first).to_contain_text("свободно")
    expect(first.locator(".badge")).to_contain_text("балл")
    mentor_name = first.locator(".fw-semibold").inner_text()
    first.get_by_role("checkbox").check()
    screenshot(page, "journey-drafting-suggestions")
    page.get_by_role("button", name="Создать черновик").click()

    expect(page.locator(".alert-success")).to_be_visible()
    draft = Mentorship.objects.get(mentees=mentee, status=MentorshipStatus.DRAFT)
    # The message's number of the draft is a link to it.
    expect(page.locator(".alert-success a.alert-link")).to_have_attribute(
        "href", f"/pairs/{draft.pk}/"
    )
    assert [person.full_name for person in draft.mentors.all()] == [mentor_name]
    assert draft.started_on == today

    # Confirming the draft by a new decision of the working group, with its scan.
    page.locator("main").get_by_role("link", name="Черновики пар").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Черновики пар")
    page.get_by_label(f"Выбрать черновик № {draft.pk}").check()
    page.get_by_role("button", name="Утвердить отмеченные решением").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Утверждение черновиков пар решением")
    expect(page.locator("main table")).to_contain_text(mentee.full_name)
    page.get_by_label("новое решение").check()
    page.get_by_label("Орган", exact=True).select_option(label="рабочая группа")
    page.get_by_label("Номер").fill("7-РГ")
    page.get_by_label("Дата", exact=True).fill(today.isoformat())
    page.get_by_label("Мнение студенческого совета").fill(
        "Студенческий совет поддерживает (протокол № 4)"
    )
    page.get_by_label("Скан решения").set_input_files(a_scan(tmp_path))
    screenshot(page, "journey-confirm-form")
    page.get_by_role("button", name="Утвердить и внести в реестр").click()

    expect(page.locator(".alert-success")).to_contain_text("1 пара внесена в реестр")
    draft.refresh_from_db()
    assert draft.status == MentorshipStatus.ACTIVE
    assert draft.decision is not None and draft.decision.number == "7-РГ"
    assert draft.decision.scan.read() == SCAN_BYTES
    assert Path(draft.decision.scan.path).is_relative_to(Path(settings.MEDIA_ROOT))

    # The new mentorship, found in the registry by the mentee's name.
    expect(page.get_by_role("heading", level=1)).to_have_text("Реестр наставнических пар и групп")
    page.get_by_label("Поиск").fill(mentee.last_name.lower())
    page.get_by_role("button", name="Применить").click()
    row = page.locator("table.registry-table tbody tr", has_text=mentee.full_name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("действует")
    expect(row).to_contain_text("№ 7-РГ")
    row.get_by_role("link", name=str(draft.pk), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Наставническая пара № {draft.pk}")
    expect(page.locator("main .badge").first).to_have_text("действует")

    # A meeting.
    page.get_by_role("link", name="Записать встречу").click()
    page.get_by_label("Дата").fill(today.isoformat())
    page.get_by_label("Продолжительность, мин").fill("50")
    page.get_by_label("онлайн").check()
    page.get_by_label("Тема").fill("Знакомство и план на семестр")
    page.get_by_label("Заметки").fill("Договорились о еженедельных консультациях по черчению.")
    page.get_by_role("button", name="Записать встречу").click()

    expect(page.locator(".alert-success")).to_contain_text(f"Встреча {today:%d.%m.%Y} записана")
    meetings = page.locator("#meetings")
    expect(meetings).to_contain_text("Знакомство и план на семестр")
    expect(meetings).to_contain_text("50 мин.")
    expect(meetings).to_contain_text("онлайн")
    expect(meetings.locator(".badge")).to_have_text("1")

    # Completion: every expected result assessed, the summary, the end date.
    page.get_by_role("link", name="Завершить", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Завершение наставнической пары № {draft.pk}"
    )
    items = expected_result_items(draft.expected_results)
    assert len(items) >= 2
    expected = page.locator("fieldset.card")
    expect(expected).to_have_count(len(items))
    for index, text in enumerate(items):
        item = expected.nth(index)
        expect(item.locator("legend")).to_have_text(f"{index + 1}. {text}")
        achievement = "достигнут частично" if index == 0 else "достигнут"
        item.get_by_label(achievement, exact=True).check()
    expected.first.get_by_label("Комментарий").fill("Зачёт по черчению сдан со второй попытки.")
    page.get_by_label("Результаты наставничества").fill(
        "Наставляемый закрыл задолженности и включился в жизнь группы."
    )
    page.get_by_label("Дата завершения").fill(today.isoformat())
    page.get_by_role("button", name="Завершить наставничество").click()

    expect(page.locator(".alert-success")).to_contain_text(
        f"Наставническая пара № {draft.pk} завершена"
    )
    expect(page.locator("main .badge").first).to_have_text("завершена")
    results = page.locator("#results")
    expect(results).to_contain_text(f"Результаты (завершена {today:%d.%m.%Y})")
    expect(results).to_contain_text("закрыл задолженности")
    expect(results).to_contain_text("достигнут частично")
    expect(results).to_contain_text("Зачёт по черчению сдан")
    expect(page.get_by_role("link", name="Завершить", exact=True)).to_have_count(0)

    history = page.locator("#history > ul > li")
    actions = [
        "Создан черновик",
        "Утверждена решением",
        "Внесена встреча",
        "Завершена",
    ]
    for action in actions:
        entry = history.filter(has=page.get_by_text(action, exact=True))
        expect(entry).to_have_count(1)
        expect(entry).to_contain_text("Васильев")
    screenshot(page, "journey-mentorship-completed")

    draft.refresh_from_db()
    assert draft.status == MentorshipStatus.COMPLETED
    assert draft.ended_on == today
    assessments = list(MentorshipResult.objects.filter(mentorship=draft).order_by("position"))
    assert [assessment.expected for assessment in assessments] == items
    assert assessments[0].achievement == ResultAchievement.PARTLY
    assert {a.achievement for a in assessments[1:]} <= {ResultAchievement.ACHIEVED}
    assert set(draft.changes.values_list("action", flat=True)) == {
        ChangeAction.DRAFTED,
        ChangeAction.CONFIRMED,
        ChangeAction.MEETING_LOGGED,
        ChangeAction.COMPLETED,
    }


def a_student_pupil_draft(school: PartnerOrganization) -> Mentorship:
    """A draft of «студент – ученик», set up directly: only its format matters here."""
    draft = MentorshipFactory(
        format=format_of(FormatCode.STUDENT_PUPIL),
        variant=variant_of(FormatCode.STUDENT_PUPIL, "passive"),
        decision=None,
        status=MentorshipStatus.DRAFT,
        started_on=timezone.localdate(),
        planned_end_on=timezone.localdate() + dt.timedelta(days=180),
        mentors=[StudentFactory()],
        mentees=[PupilFactory(school=school)],
    )
    return cast(Mentorship, draft)


def test_a_decision_of_the_wrong_body_confirms_nothing(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    student_draft = Mentorship.objects.drafts().filter(format__code="student_student").first()
    assert student_draft is not None, "the demo has drafts of «студент – студент»"
    school = PartnerOrganization.objects.filter(kind=PartnerKind.SCHOOL).order_by("id").first()
    assert school is not None
    pupil_draft = a_student_pupil_draft(school)
    decisions_before = Decision.objects.count()
    log_in(page, live_server.url, "curator")
    page.goto(f"{live_server.url}/pairs/drafts/")

    page.get_by_label(f"Выбрать черновик № {student_draft.pk}").check()
    page.get_by_label(f"Выбрать черновик № {pupil_draft.pk}").check()
    page.get_by_role("button", name="Утвердить отмеченные решением").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Выбрано 2 черновика")
    page.get_by_label("новое решение").check()
    page.get_by_label("Орган", exact=True).select_option(label="руководитель совместного проекта")
    page.get_by_label("Номер").fill("12-П")
    page.get_by_label("Дата", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_label("Организация-партнёр").select_option(label=f"{school.short_name} (школа)")
    page.get_by_label("Мнение студенческого совета").fill("Поддерживает")
    page.get_by_label("Мнение куратора от школы-партнёра").fill("Поддерживает")
    page.get_by_label("Скан решения").set_input_files(a_scan(tmp_path))
    files_before = stored_files(Path(settings.MEDIA_ROOT))
    page.get_by_role("button", name="Утвердить и внести в реестр").click()

    refusal = page.locator("form .alert-danger")
    expect(refusal).to_contain_text("Ничего не утверждено")
    expect(refusal).to_contain_text(
        "Наставнические пары формы «студент – студент» формируются решением, которое принимает:"
        " педагогический совет, рабочая группа (раздел 5); выбранное решение принято:"
        " руководитель совместного проекта."
    )
    screenshot(page, "journey-confirm-refused")
    student_draft.refresh_from_db()
    pupil_draft.refresh_from_db()
    assert student_draft.status == MentorshipStatus.DRAFT
    assert pupil_draft.status == MentorshipStatus.DRAFT
    assert Decision.objects.count() == decisions_before
    # The scan stored for the refused decision is removed again.
    assert stored_files(Path(settings.MEDIA_ROOT)) == files_before


def test_a_new_decision_without_its_scan_confirms_nothing(
    page: Page, live_server: LiveServer
) -> None:
    draft = Mentorship.objects.drafts().filter(format__code="student_student").first()
    assert draft is not None
    decisions_before = Decision.objects.count()
    log_in(page, live_server.url, "curator")
    page.goto(f"{live_server.url}/pairs/drafts/")

    page.get_by_label(f"Выбрать черновик № {draft.pk}").check()
    page.get_by_role("button", name="Утвердить отмеченные решением").click()
    page.get_by_label("новое решение").check()
    page.get_by_label("Орган", exact=True).select_option(label="педагогический совет")
    page.get_by_label("Номер").fill("3")
    page.get_by_label("Дата", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_label("Мнение студенческого совета").fill("Поддерживает")
    page.get_by_role("button", name="Утвердить и внести в реестр").click()

    expect(page.get_by_label("Скан решения")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("main form")).to_contain_text(
        "Приложите скан: решение утверждает наставнические пары только вместе с ним."
    )
    draft.refresh_from_db()
    assert draft.status == MentorshipStatus.DRAFT
    assert draft.decision is None
    assert Decision.objects.count() == decisions_before


def test_methodist_downloads_the_registry_as_xlsx_and_pdf(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    year = AcademicYear.current()
    methodist = User.objects.get(username="methodist")
    known = (
        Mentorship.objects.visible_to(methodist)
        .in_registry()
        .in_academic_year(year)
        .order_by("id")
        .first()
    )
    assert known is not None
    mentor = known.mentors.first()
    assert mentor is not None
    log_in(page, live_server.url, "methodist")
    open_menu_item(page, "Пары", "Реестр пар")
    expect(page.get_by_role("heading", level=1)).to_have_text("Реестр наставнических пар и групп")
    page.get_by_label("Учебный год", exact=True).select_option(label=year.label)
    page.get_by_role("button", name="Применить").click()
    page.wait_for_url(f"**year={year.start_year}*")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    xlsx = tmp_path / download.suggested_filename
    download.save_as(xlsx)
    sheet = load_workbook(xlsx, read_only=True).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "№",
        "Номер в реестре",
        "Наставники",
        "Наставляемые",
        "Форма наставничества",
        "Вариант",
        "Орган",
        "Номер решения",
        "Дата решения",
        "Дата начала",
        "Плановая дата окончания",
        "Дата фактического окончания",
        "Статус",
        "Результаты",
    ]
    assert any(mentor.full_name in str(row[2]) for row in rows[1:])
    assert any(row[1] == known.pk for row in rows[1:])

    href = page.get_by_role("link", name="Печать (PDF)").get_attribute("href")
    assert href is not None and f"year={year.start_year}" in href
    response = page.request.get(live_server.url + href)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "journey-registry.pdf").write_bytes(pdf)
    text = pdf_text(pdf)
    assert "Чегдомынский горно-технологический техникум" in text
    assert "Реестр наставнических пар" in text
    assert f"Пары, действующие в {year.label} учебном году" in text
    assert mentor.last_name in text
    assert "страница 1 из" in text
    assert "Куратор программы" in text
    assert "А. С. Васильев" in text
    assert "Директор" in text
    assert "Е. В. Соколова" in text
    first_page_png(ARTIFACTS / "journey-registry.pdf", ARTIFACTS / "journey-registry-page-1")


def test_teacher_logs_a_meeting_of_their_own_pair_but_does_not_complete_it(
    page: Page, live_server: LiveServer
) -> None:
    today = timezone.localdate()
    own = (
        Mentorship.objects.filter(mentors__user__username="teacher", status="active")
        .order_by("id")
        .first()
    )
    assert own is not None, "the demo teacher Орлов is a mentor"
    meetings_before = own.meetings.count()
    log_in(page, live_server.url, "teacher")
    page.goto(f"{live_server.url}/pairs/{own.pk}/")

    expect(page.get_by_role("heading", level=1)).to_contain_text(f"№ {own.pk}")
    expect(page.get_by_role("link", name="Завершить", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Завершить досрочно")).to_have_count(0)
    page.get_by_role("link", name="Записать встречу").click()
    page.get_by_label("Дата").fill(today.isoformat())
    page.get_by_label("Продолжительность, мин").fill("40")
    page.get_by_label("очно").check()
    page.get_by_label("Тема").fill("Разбор открытого урока")
    page.get_by_role("button", name="Записать встречу").click()

    expect(page.locator(".alert-success")).to_contain_text(f"Встреча {today:%d.%m.%Y} записана")
    expect(page.locator("#meetings")).to_contain_text("Разбор открытого урока")
    expect(page.locator("#meetings")).to_contain_text("Орлов")
    expect(page.get_by_role("link", name="Завершить", exact=True)).to_have_count(0)
    screenshot(page, "journey-teacher-meeting")
    assert own.meetings.count() == meetings_before + 1
    meeting = own.meetings.order_by("-id").first()
    assert meeting is not None and meeting.logged_by is not None
    assert meeting.logged_by.username == "teacher"

    response = page.goto(f"{live_server.url}/pairs/{own.pk}/complete/")
    assert response is not None and response.status == 403
