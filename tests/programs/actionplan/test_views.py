from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import PlanItem, PlanRun, RunEvidence, RunStatus
from tests.conftest import client_for
from tests.factories import (
    ActionPlanFactory,
    EventFactory,
    PlanItemFactory,
    PlanRunFactory,
    PlanSectionFactory,
)
from tests.files import PDF
from tests.stale import refused_as_stale, seen_on, token_of

pytestmark = pytest.mark.django_db


def responsible(item: PlanItem, *roles: str) -> PlanItem:
    item.responsible_roles.set(Group.objects.filter(name__in=roles))
    return item


def run_url(run: PlanRun) -> str:
    return reverse("actionplan:run-detail", args=[run.pk])


# ---- the plan -------------------------------------------------------------------------


def test_the_current_plan_opens(director: User) -> None:
    plan = ActionPlanFactory(starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2040, 1, 1))

    response = client_for(director).get(reverse("actionplan:plan-current"))

    assert response.status_code == 302
    assert response["Location"] == reverse("actionplan:plan-detail", args=[plan.pk])


def test_plan_shows_sections_items_and_runs_by_year(teacher: User) -> None:
    run = PlanRunFactory(item__wording="Анализ базы наставников", academic_year=2026)

    response = client_for(teacher).get(reverse("actionplan:plan-detail", args=[run.item.plan_id]))

    assert response.status_code == 200
    assert "Анализ базы наставников" in response.text
    assert run_url(run) in response.text
    assert "2026/2027" in response.text


def test_plan_needs_a_role(outsider: User) -> None:
    plan = ActionPlanFactory()

    assert (
        client_for(outsider).get(reverse("actionplan:plan-detail", args=[plan.pk])).status_code
        == 403
    )


def test_unknown_plan_is_404(curator: User) -> None:
    assert client_for(curator).get(reverse("actionplan:plan-detail", args=[999])).status_code == 404


def test_plan_refuses_post(curator: User) -> None:
    plan = ActionPlanFactory()

    assert (
        client_for(curator).post(reverse("actionplan:plan-detail", args=[plan.pk])).status_code
        == 405
    )


@pytest.mark.parametrize("items", [1, 10])
def test_plan_does_a_constant_number_of_queries(
    curator: User, items: int, django_assert_max_num_queries: object
) -> None:
    section = PlanSectionFactory()
    for index in range(items):
        PlanRunFactory(item=PlanItemFactory(section=section), academic_year=2025 + index % 4)
    client = client_for(curator)
    url = reverse("actionplan:plan-detail", args=[section.plan_id])
    client.get(url)

    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(url).status_code == 200


# ---- runs -----------------------------------------------------------------------------


def test_curator_marks_a_run_done(curator: User) -> None:
    run = PlanRunFactory()

    response = client_for(curator).post(
        run_url(run),
        {"status": "done", "done_on": "2026-04-20", "comment": "Проведено.", "seen": token_of(run)},
    )

    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.done_on) == (RunStatus.DONE, dt.date(2026, 4, 20))


def test_a_stale_run_form_is_refused_and_changes_nothing(curator: User) -> None:
    run = PlanRunFactory()
    client = client_for(curator)
    seen = seen_on(client, run_url(run))
    PlanRun.objects.filter(pk=run.pk).update(comment="Их комментарий")

    response = client.post(
        run_url(run), {"status": "done", "done_on": "2026-04-20", "comment": "Мой", "seen": seen}
    )

    assert refused_as_stale(response)
    run.refresh_from_db()
    assert (run.status, run.comment) == (RunStatus.PLANNED, "Их комментарий")


def test_done_needs_a_date(curator: User) -> None:
    run = PlanRunFactory()

    response = client_for(curator).post(run_url(run), {"status": "done"})

    assert response.status_code == 200
    run.refresh_from_db()
    assert run.status == RunStatus.PLANNED


def test_a_responsible_teacher_updates_their_run(teacher: User) -> None:
    run = PlanRunFactory(item=responsible(PlanItemFactory(), "teacher"))

    response = client_for(teacher).post(
        run_url(run), {"status": "in_progress", "seen": token_of(run)}
    )

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.IN_PROGRESS


def test_a_teacher_cannot_update_a_run_of_another_role(teacher: User) -> None:
    run = PlanRunFactory(item=responsible(PlanItemFactory(), "curator"))

    response = client_for(teacher).post(run_url(run), {"status": "cancelled"})

    assert response.status_code == 403
    run.refresh_from_db()
    assert run.status == RunStatus.PLANNED


def test_the_director_reads_but_does_not_update(director: User) -> None:
    run = PlanRunFactory()
    client = client_for(director)

    assert client.get(run_url(run)).status_code == 200
    assert client.post(run_url(run), {"status": "cancelled"}).status_code == 403


def test_run_needs_a_role(outsider: User) -> None:
    assert client_for(outsider).get(run_url(PlanRunFactory())).status_code == 403


def test_unknown_run_is_404(curator: User) -> None:
    assert client_for(curator).get(reverse("actionplan:run-detail", args=[999])).status_code == 404


def test_run_refuses_put(curator: User) -> None:
    assert client_for(curator).put(run_url(PlanRunFactory())).status_code == 405


def test_my_items_lists_the_runs_of_my_role(methodist: User) -> None:
    mine = PlanRunFactory(
        item=responsible(PlanItemFactory(wording="Обучение наставников"), "methodist")
    )
    PlanRunFactory(item=responsible(PlanItemFactory(wording="Чужой пункт"), "curator"))

    response = client_for(methodist).get(reverse("actionplan:my-runs"))

    assert mine in response.context["open_runs"]
    assert "Чужой пункт" not in response.text


def test_my_items_needs_a_role(outsider: User) -> None:
    assert client_for(outsider).get(reverse("actionplan:my-runs")).status_code == 403


# ---- evidence -------------------------------------------------------------------------


def evidence_url(run: PlanRun) -> str:
    return reverse("actionplan:evidence-add", args=[run.pk])


def test_curator_attaches_a_file(curator: User) -> None:
    run = PlanRunFactory()
    upload = SimpleUploadedFile("protocol.pdf", PDF, content_type="application/pdf")

    response = client_for(curator).post(
        evidence_url(run), {"title": "Протокол № 3", "file": upload}
    )

    assert response.status_code == 302
    evidence = RunEvidence.objects.get()
    assert evidence.file.name.endswith(".pdf")
    assert client_for(curator).get(evidence.file.url).status_code == 200


def test_a_link_to_a_record_of_the_site(curator: User) -> None:
    run = PlanRunFactory()
    event = EventFactory()
    form_choices = client_for(curator).get(run_url(run)).context["evidence_form"].fields["record"]
    record = next(
        value
        for _label, group in form_choices.choices[1:]
        for value, text in group
        if text == str(event)
    )

    client_for(curator).post(evidence_url(run), {"title": "Фестиваль", "record": record})

    assert RunEvidence.objects.get().object_id == event.pk


def test_too_large_a_file_is_refused(curator: User, settings: pytest.FixtureRequest) -> None:
    settings.MAX_UPLOAD_BYTES = 10
    run = PlanRunFactory()
    upload = SimpleUploadedFile("big.pdf", b"x" * 11, content_type="application/pdf")

    response = client_for(curator).post(evidence_url(run), {"title": "Большой", "file": upload})

    assert response.status_code == 400
    assert response.context["evidence_form"].errors["file"]
    assert not RunEvidence.objects.exists()


def test_a_program_file_is_refused(curator: User) -> None:
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")

    response = client_for(curator).post(
        evidence_url(PlanRunFactory()), {"title": "Программа", "file": upload}
    )

    assert response.status_code == 400
    assert not RunEvidence.objects.exists()


def test_evidence_needs_something(curator: User) -> None:
    response = client_for(curator).post(evidence_url(PlanRunFactory()), {"title": "Пусто"})

    assert response.status_code == 400
    assert not RunEvidence.objects.exists()


def test_a_link_to_another_scheme_is_refused(curator: User) -> None:
    response = client_for(curator).post(
        evidence_url(PlanRunFactory()), {"title": "Ссылка", "url": "javascript:alert(1)"}
    )

    assert response.status_code == 400
    assert not RunEvidence.objects.exists()


def test_the_director_cannot_attach_evidence(director: User) -> None:
    response = client_for(director).post(
        evidence_url(PlanRunFactory()), {"title": "x", "url": "https://example.org"}
    )

    assert response.status_code == 403


def test_a_teacher_cannot_attach_to_a_run_of_another_role(teacher: User) -> None:
    run = PlanRunFactory(item=responsible(PlanItemFactory(), "curator"))

    response = client_for(teacher).post(evidence_url(run), {"title": "x", "url": "/pairs/"})

    assert response.status_code == 403
    assert not RunEvidence.objects.exists()


def test_evidence_add_refuses_get(curator: User) -> None:
    assert client_for(curator).get(evidence_url(PlanRunFactory())).status_code == 405


def test_curator_removes_evidence_after_confirming(curator: User) -> None:
    evidence = RunEvidence.objects.create(run=PlanRunFactory(), title="Ссылка", url="/pairs/")
    url = reverse("actionplan:evidence-delete", args=[evidence.pk])
    client = client_for(curator)

    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert "«Ссылка»" in confirmation.text
    assert RunEvidence.objects.exists()
    assert client.post(url).status_code == 302
    assert not RunEvidence.objects.exists()


def test_a_teacher_cannot_remove_evidence(teacher: User) -> None:
    evidence = RunEvidence.objects.create(run=PlanRunFactory(), title="Ссылка", url="/pairs/")

    response = client_for(teacher).post(reverse("actionplan:evidence-delete", args=[evidence.pk]))

    assert response.status_code == 403
    assert RunEvidence.objects.exists()


# ---- on-demand runs and new plans -----------------------------------------------------


def on_demand(*roles: str) -> PlanItem:
    item = PlanItemFactory(
        deadline_kind="on_demand", deadline_month=None, deadline_text="По мере необходимости"
    )
    return responsible(item, *roles)


def test_a_responsible_methodist_records_an_on_demand_run(methodist: User) -> None:
    item = on_demand("methodist")

    response = client_for(methodist).post(
        reverse("actionplan:run-record", args=[item.pk]),
        {"due_on": "2026-12-20", "comment": "Курсы"},
    )

    assert response.status_code == 302
    assert item.runs.get().due_on == dt.date(2026, 12, 20)


def test_only_on_demand_items_take_recorded_runs(curator: User) -> None:
    item = PlanItemFactory()

    response = client_for(curator).post(reverse("actionplan:run-record", args=[item.pk]), {})

    assert response.status_code == 403
    assert not item.runs.exists()


def test_someone_not_responsible_cannot_record_a_run(teacher: User) -> None:
    item = on_demand("methodist")

    assert (
        client_for(teacher).post(reverse("actionplan:run-record", args=[item.pk]), {}).status_code
        == 403
    )


def test_curator_adds_a_plan_section_and_yearly_item(curator: User) -> None:
    client = client_for(curator)
    client.post(
        reverse("actionplan:plan-create"),
        {
            "title": "Комплекс мер на 2025 – 2030 гг.",
            "starts_on": "2025-09-01",
            "ends_on": "2030-08-31",
        },
    )
    plan = ActionPlanFactory._meta.model.objects.get(title="Комплекс мер на 2025 – 2030 гг.")
    client.post(
        reverse("actionplan:section-create", args=[plan.pk]), {"number": "1", "title": "Базы"}
    )
    section = plan.sections.get()

    response = client.post(
        reverse("actionplan:item-create", args=[plan.pk]),
        {
            "section": section.pk,
            "number": "1.1",
            "wording": "Анализ базы наставников и наставляемых",
            "deadline_kind": "yearly_month",
            "deadline_month": 4,
            "deadline_text": "апрель (ежегодно)",
            "responsible_text": "куратор программы",
            "responsible_roles": [Group.objects.get(name="curator").pk],
        },
    )

    assert response.status_code == 302
    item = plan.items.get()
    assert [run.academic_year for run in item.runs.order_by("academic_year")] == [
        2025, 2026, 2027, 2028, 2029,
    ]  # fmt: skip


def test_a_yearly_item_needs_its_month(curator: User) -> None:
    section = PlanSectionFactory()

    response = client_for(curator).post(
        reverse("actionplan:item-create", args=[section.plan_id]),
        {"section": section.pk, "wording": "Без месяца", "deadline_kind": "yearly_month"},
    )

    assert response.status_code == 200
    assert not PlanItem.objects.filter(wording="Без месяца").exists()


@pytest.mark.parametrize(
    "name", ["actionplan:plan-create", "actionplan:section-create", "actionplan:item-create"]
)
def test_only_the_curator_changes_the_plan(teacher: User, name: str) -> None:
    plan = ActionPlanFactory()
    url = reverse(name) if name == "actionplan:plan-create" else reverse(name, args=[plan.pk])

    assert client_for(teacher).get(url).status_code == 403


# ---- home and media -------------------------------------------------------------------


def test_home_shows_the_curator_what_is_overdue(curator: User) -> None:
    PlanRunFactory(item__wording="Просроченный пункт", due_on=dt.date(2020, 1, 31))

    response = client_for(curator).get(reverse("home"))

    assert "Просроченный пункт" in response.text
    assert "Просроченный пункт" in [run.item.wording for run in response.context["runs_overdue"]]


def test_media_refuses_a_path_outside_its_folder(
    curator: User, settings: pytest.FixtureRequest
) -> None:
    media = Path(settings.MEDIA_ROOT)
    (media / "plan-evidence").mkdir(parents=True)
    (media.parent / "secret.txt").write_text("not to be served")

    response = client_for(curator).get("/media/plan-evidence/../../secret.txt")

    assert response.status_code == 404


def test_media_answers_404_to_a_nul_byte(curator: User, settings: pytest.FixtureRequest) -> None:
    (Path(settings.MEDIA_ROOT) / "plan-evidence").mkdir(parents=True)

    response = client_for(curator).get("/media/plan-evidence/a%00b.pdf")

    assert response.status_code == 404


def test_an_uploaded_page_is_sent_as_a_download(
    curator: User, settings: pytest.FixtureRequest
) -> None:
    folder = Path(settings.MEDIA_ROOT) / "plan-evidence"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.html").write_text("<script>alert(1)</script>")

    response = client_for(curator).get("/media/plan-evidence/page.html")

    assert response["Content-Disposition"].startswith("attachment")


def test_evidence_files_are_kept_from_users_without_a_role(curator: User, outsider: User) -> None:
    run = PlanRunFactory()
    upload = SimpleUploadedFile("protocol.pdf", PDF, content_type="application/pdf")
    client_for(curator).post(evidence_url(run), {"title": "Протокол", "file": upload})
    url = RunEvidence.objects.get().file.url

    assert client_for(outsider).get(url).status_code == 403


def test_files_outside_the_known_folders_are_not_served(
    curator: User, settings: pytest.FixtureRequest
) -> None:
    folder = Path(settings.MEDIA_ROOT) / "elsewhere"
    folder.mkdir(parents=True)
    (folder / "note.txt").write_text("x")

    assert client_for(curator).get("/media/elsewhere/note.txt").status_code == 404


def test_a_responsible_teacher_reports_progress_but_cannot_move_the_deadline(
    teacher: User, curator: User
) -> None:
    run = PlanRunFactory(
        item=responsible(PlanItemFactory(), "teacher"), due_on=dt.date(2020, 4, 30)
    )

    response = client_for(teacher).post(
        run_url(run),
        {
            "status": "in_progress",
            "due_on": "2099-01-01",
            "responsible": curator.pk,
            "seen": token_of(run),
        },
    )

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.IN_PROGRESS
    assert (run.due_on, run.responsible) == (dt.date(2020, 4, 30), None)
    assert run.display_status() == "overdue"


def test_a_date_done_in_the_future_is_refused(curator: User) -> None:
    run = PlanRunFactory()

    response = client_for(curator).post(run_url(run), {"status": "done", "done_on": "2099-01-01"})

    assert response.status_code == 200
    run.refresh_from_db()
    assert run.status == RunStatus.PLANNED


@pytest.mark.parametrize("url", ["/\\evil.example", "//evil.example", "/\t/evil", "https://"])
def test_links_that_lead_elsewhere_are_refused(curator: User, url: str) -> None:
    response = client_for(curator).post(
        evidence_url(PlanRunFactory()), {"title": "Ссылка", "url": url}
    )

    assert response.status_code == 400
    assert not RunEvidence.objects.exists()


@pytest.mark.parametrize("url", ["https://chgtt.ru/nastavnichestvo", "/pairs/?year=2025"])
def test_good_links_are_accepted(curator: User, url: str) -> None:
    client_for(curator).post(evidence_url(PlanRunFactory()), {"title": "Ссылка", "url": url})

    assert RunEvidence.objects.get().url == url


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "actionplan:evidence-add", [999]),
        ("post", "actionplan:evidence-delete", [999]),
        ("get", "actionplan:run-record", [999]),
        ("get", "actionplan:section-create", [999]),
        ("get", "actionplan:item-create", [999]),
    ],
)
def test_unknown_objects_are_404(curator: User, method: str, name: str, args: list[int]) -> None:
    url = reverse(name, args=args)
    if name == "actionplan:evidence-add":
        method = "post"

    assert getattr(client_for(curator), method)(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "needs_plan"),
    [
        ("actionplan:plan-current", False),
        ("actionplan:my-runs", False),
        ("actionplan:plan-create", False),
        ("actionplan:section-create", True),
        ("actionplan:item-create", True),
    ],
)
def test_wrong_methods_are_405(curator: User, name: str, needs_plan: bool) -> None:
    url = reverse(name, args=[ActionPlanFactory().pk]) if needs_plan else reverse(name)
    method = (
        "put"
        if name in {"actionplan:plan-create", "actionplan:section-create", "actionplan:item-create"}
        else "post"
    )

    assert getattr(client_for(curator), method)(url).status_code == 405


def test_evidence_delete_refuses_put(curator: User) -> None:
    evidence = RunEvidence.objects.create(run=PlanRunFactory(), title="Ссылка", url="/pairs/")

    assert (
        client_for(curator)
        .put(reverse("actionplan:evidence-delete", args=[evidence.pk]))
        .status_code
        == 405
    )


def test_the_plan_needs_a_role(outsider: User) -> None:
    assert client_for(outsider).get(reverse("actionplan:plan-current")).status_code == 403
