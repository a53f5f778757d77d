"""pairs.rules: drafts, their confirmation by a decision, capacity, editing and deleting.

A draft already keeps every rule of the Положение but the decision's; a decision of the right
body (section 5), with its scan, confirms one or many drafts at once, all or none. Every
refusal is checked with its Russian message and with nothing changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from pairs.mentorships.services import (
    change_details,
    confirm_mentorships,
    create_mentorship,
    delete_draft,
    draft_mentorship,
    update_mentorship,
)
from pairs.models import (
    ChangeAction,
    Decision,
    DecisionBody,
    Meeting,
    MeetingFormat,
    Mentorship,
    MentorshipChange,
    MentorshipStatus,
)
from pairs.rules import capacity_errors, mentor_capacity, mentor_load
from registry.models import (
    Consent,
    MentorProfile,
    PartnerKind,
    PartnerOrganization,
    Person,
    Student,
    StudentStatus,
)
from tests.factories import (
    AgreementFactory,
    DecisionFactory,
    MentorProfileFactory,
    MentorshipFactory,
    PartnerEmployeeFactory,
    PartnerOrganizationFactory,
    PupilFactory,
    QualificationCourseFactory,
    SpecialCategoryStatusFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    UserFactory,
    format_of,
    variant_of,
)
from tests.stale import is_stale

pytestmark = pytest.mark.django_db

START = dt.date(2025, 10, 1)
END = dt.date(2026, 6, 30)
FORMATS = [
    "student_student",
    "teacher_teacher",
    "teacher_student",
    "student_pupil",
    "employer_student",
]


# ---- helpers (the race tests use them too) ------------------------------------------------


def student(course: int = 1, **kwargs: Any) -> Student:
    return StudentFactory(group=StudyGroupFactory(course=course), **kwargs)


def partner(kind: str) -> PartnerOrganization:
    """A partner school or enterprise with an open-ended cooperation agreement."""
    organization = PartnerOrganizationFactory(kind=kind)
    AgreementFactory(organization=organization)
    return organization


def draft_args(code: str = "teacher_student") -> dict[str, Any]:
    """The arguments of draft_mentorship for a draft of the format that breaks no rule."""
    args: dict[str, Any] = {
        "format": format_of(code),
        "variant": None,
        "started_on": START,
        "planned_end_on": END,
    }
    if code == "student_student":
        args |= {
            "variant": variant_of(code, "achiever_underachiever"),
            "mentors": [student(course=3)],
            "mentees": [student(course=1)],
        }
    elif code == "teacher_teacher":
        args |= {"mentors": [TeacherFactory()], "mentees": [TeacherFactory()]}
    elif code == "teacher_student":
        args |= {
            "variant": variant_of(code, "gifted"),
            "mentors": [TeacherFactory()],
            "mentees": [student(course=2)],
        }
    elif code == "student_pupil":
        args |= {
            "variant": variant_of(code, "active"),
            "mentors": [student(course=2)],
            "mentees": [PupilFactory(school=partner(PartnerKind.SCHOOL))],
        }
    elif code == "employer_student":
        args |= {
            "mentors": [PartnerEmployeeFactory(organization=partner(PartnerKind.ENTERPRISE))],
            "mentees": [student(course=3)],
        }
    else:  # pragma: no cover
        raise AssertionError(code)
    return args


def decision_for(code: str, args: dict[str, Any] | None = None, **kwargs: Any) -> Decision:
    """A decision of the body section 5 names for the format, with everything it records."""
    if code == "student_pupil":
        assert args is not None
        return DecisionFactory(
            body=DecisionBody.PROJECT_HEAD,
            partner=args["mentees"][0].concrete.school,
            student_council_opinion="",
            school_curator_opinion="Куратор от школы поддерживает (письмо от 10.09.2025).",
            **kwargs,
        )
    if code == "employer_student":
        assert args is not None
        return DecisionFactory(
            body=DecisionBody.EMPLOYER,
            partner=args["mentors"][0].concrete.organization,
            student_council_opinion="",
            college_approval="Согласовано с техникумом (письмо № 12 от 12.09.2025).",
            **kwargs,
        )
    return DecisionFactory(body=DecisionBody.PEDAGOGICAL_COUNCIL, **kwargs)


def council(**kwargs: Any) -> Decision:
    """A pedagogical council's decision: it forms pairs of the college's own formats."""
    return decision_for("teacher_student", **kwargs)


def make_draft(code: str = "teacher_student", **overrides: Any) -> Mentorship:
    return draft_mentorship(**(draft_args(code) | overrides))


def busy(mentee: Person, code: str = "teacher_student", **kwargs: Any) -> Mentorship:
    """An active mentorship of the format (skipping the rules) with the mentee in it."""
    variant = variant_of(code, "gifted") if code == "teacher_student" else None
    return MentorshipFactory(format=format_of(code), variant=variant, mentees=[mentee], **kwargs)


def refusal(call: Any, **kwargs: Any) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        call(**kwargs)
    return excinfo.value.messages


def assert_one(messages: list[str], fragment: str) -> None:
    assert len(messages) == 1, messages
    assert fragment in messages[0], messages


def pks(people: Any) -> set[int]:
    return {person.pk for person in people}


def status_of(mentorship: Mentorship) -> str:
    return Mentorship.objects.values_list("status", flat=True).get(pk=mentorship.pk)


# ---- draft_mentorship ---------------------------------------------------------------------


@pytest.mark.parametrize("code", FORMATS)
def test_a_draft_of_each_format_needs_no_decision(code: str) -> None:
    args = draft_args(code)

    draft = draft_mentorship(**args)

    draft.refresh_from_db()
    assert draft.status == MentorshipStatus.DRAFT
    assert draft.decision is None
    assert draft.variant == args["variant"]
    assert (draft.started_on, draft.planned_end_on) == (START, END)
    assert pks(draft.mentors.all()) == pks(args["mentors"])
    assert pks(draft.mentees.all()) == pks(args["mentees"])


def test_a_draft_is_not_in_the_registry() -> None:
    draft = make_draft()

    assert not Mentorship.objects.in_registry().filter(pk=draft.pk).exists()
    assert Mentorship.objects.drafts().get() == draft


def test_a_draft_records_its_author_and_a_drafted_history_entry() -> None:
    user = UserFactory()

    draft = make_draft(created_by=user)

    assert draft.created_by == user
    entry = MentorshipChange.objects.get(mentorship=draft)
    assert entry.action == ChangeAction.DRAFTED
    assert entry.changed_by == user
    assert entry.details == []


def test_the_same_person_chosen_twice_is_one_mentee_of_a_draft() -> None:
    args = draft_args()
    args["mentees"] = args["mentees"] * 2

    draft = draft_mentorship(**args)

    assert draft.mentees.count() == 1


def wrong_kind_mentor(args: dict[str, Any]) -> None:
    args["mentors"] = [student(course=4)]


def same_course(args: dict[str, Any]) -> None:
    args["mentors"] = [student(course=1)]


def expelled_mentee(args: dict[str, Any]) -> None:
    args["mentees"] = [student(course=2, status=StudentStatus.EXPELLED)]


def no_variant(args: dict[str, Any]) -> None:
    args["variant"] = None


def end_before_start(args: dict[str, Any]) -> None:
    args["planned_end_on"] = START - dt.timedelta(days=1)


def mentee_busy_in_the_format(args: dict[str, Any]) -> None:
    busy(args["mentees"][0])


def mentor_at_capacity(args: dict[str, Any]) -> None:
    MentorshipFactory(format=format_of("teacher_teacher"), mentors=args["mentors"])


def no_mentors(args: dict[str, Any]) -> None:
    args["mentors"] = []


def disabilities_without_status(args: dict[str, Any]) -> None:
    args["variant"] = variant_of("teacher_student", "disabilities")


@pytest.mark.parametrize(
    ("code", "breaker", "fragment"),
    [
        ("teacher_student", no_mentors, "должен быть хотя бы один наставник"),
        ("teacher_student", end_before_start, "Плановая дата окончания должна быть позже"),
        (
            "teacher_student",
            no_variant,
            "Выберите вариант формы наставничества «педагог – студент» (раздел 3.1.3)",
        ),
        ("teacher_student", wrong_kind_mentor, "наставником может быть только преподаватель"),
        ("student_student", same_course, "наставник обучается на более старшем курсе"),
        ("teacher_student", expelled_mentee, "не обучается (статус: отчислен)"),
        (
            "teacher_student",
            mentee_busy_in_the_format,
            "уже состоит в действующей наставнической паре формы «педагог – студент»",
        ),
        (
            "teacher_student",
            mentor_at_capacity,
            "наибольшее число наставляемых одновременно — 1 (профиль наставника)",
        ),
        (
            "teacher_student",
            disabilities_without_status,
            "может быть в варианте «педагог – студент с ОВЗ», только если это сведение внесено",
        ),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_draft_is_refused_for_every_rule_but_the_decisions(
    code: str, breaker: Any, fragment: str
) -> None:
    args = draft_args(code)
    breaker(args)
    before = (Mentorship.objects.count(), MentorshipChange.objects.count())

    messages = refusal(draft_mentorship, **args)

    # The ОВЗ variant also wants the mentor's course: that refusal is its own rule.
    assert any(fragment in message for message in messages), messages
    assert not any("только на основании решения" in message for message in messages)
    assert (Mentorship.objects.count(), MentorshipChange.objects.count()) == before


def test_a_draft_is_refused_with_a_school_without_agreement() -> None:
    args = draft_args("student_pupil")
    school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)
    args["mentees"] = [PupilFactory(school=school)]

    messages = refusal(draft_mentorship, **args)

    assert_one(messages, f"У школы «{school.short_name}»")
    assert not Mentorship.objects.exists()


def test_two_drafts_may_together_exceed_the_mentors_capacity() -> None:
    """Only active mentorships count: the decision that confirms them checks the capacity."""
    first = make_draft()

    second = make_draft(mentors=list(first.mentors.all()))

    assert Mentorship.objects.drafts().count() == 2
    assert pks(second.mentors.all()) == pks(first.mentors.all())


# ---- confirm_mentorships: accepted --------------------------------------------------------


@pytest.mark.parametrize("code", FORMATS)
def test_a_decision_of_the_right_body_confirms_a_draft_of_each_format(code: str) -> None:
    args = draft_args(code)
    draft = draft_mentorship(**args)
    decision = decision_for(code, args)

    (mentorship,) = confirm_mentorships(drafts=[draft], decision=decision, user=None)

    mentorship.refresh_from_db()
    assert mentorship.pk == draft.pk
    assert mentorship.status == MentorshipStatus.ACTIVE
    assert mentorship.decision == decision
    assert mentorship.version == draft.version + 1
    assert Mentorship.objects.in_registry().filter(pk=draft.pk).exists()


def test_one_decision_confirms_many_drafts_at_once() -> None:
    drafts = [make_draft("student_student"), make_draft("teacher_teacher"), make_draft()]
    decision = decision_for("student_student")

    confirmed = confirm_mentorships(drafts=drafts, decision=decision, user=None)

    assert {m.pk for m in confirmed} == {d.pk for d in drafts}
    assert set(Mentorship.objects.values_list("status", "decision")) == {
        (MentorshipStatus.ACTIVE, decision.pk)
    }


def test_confirmation_is_in_the_history_with_the_decision_and_the_user() -> None:
    user = UserFactory()
    drafts = [make_draft(), make_draft()]
    decision = decision_for("teacher_student")

    confirm_mentorships(drafts=drafts, decision=decision, user=user)

    for draft in drafts:
        entry = draft.changes.get(action=ChangeAction.CONFIRMED)
        assert entry.changed_by == user
        assert entry.details == [{"field": "decision", "old": "", "new": str(decision)}]
        assert "педагогический совет, № " in entry.details[0]["new"]


def test_two_drafts_of_one_mentor_within_the_capacity_are_confirmed_together() -> None:
    first = make_draft()
    mentor = first.mentors.get()
    MentorProfileFactory(person=mentor, capacity=2)
    second = make_draft(mentors=[mentor])

    confirm_mentorships(drafts=[first, second], decision=council(), user=None)

    assert mentor_load(mentor) == pks([*first.mentees.all(), *second.mentees.all()])


def test_create_mentorship_drafts_and_confirms_with_both_history_entries() -> None:
    args = draft_args()
    user = UserFactory()

    mentorship = create_mentorship(**args, decision=council(), created_by=user)

    assert mentorship.status == MentorshipStatus.ACTIVE
    assert list(mentorship.changes.order_by("id").values_list("action", "changed_by")) == [
        (ChangeAction.DRAFTED, user.pk),
        (ChangeAction.CONFIRMED, user.pk),
    ]


# ---- confirm_mentorships: refused, all or none --------------------------------------------


def assert_nothing_confirmed(*drafts: Mentorship) -> None:
    for draft in drafts:
        draft_now = Mentorship.objects.get(pk=draft.pk)
        assert draft_now.status == MentorshipStatus.DRAFT
        assert draft_now.decision is None
        assert draft_now.version == draft.version
    assert not MentorshipChange.objects.filter(action=ChangeAction.CONFIRMED).exists()


def test_one_bad_draft_keeps_every_draft_of_the_decision_a_draft() -> None:
    good, bad = make_draft(), make_draft()
    Student.objects.filter(pk=bad.mentees.get().pk).update(status=StudentStatus.GRADUATED)

    messages = refusal(confirm_mentorships, drafts=[good, bad], decision=council(), user=None)

    assert_one(messages, f"Черновик № {bad.pk}: ")
    assert "в настоящее время не обучается (статус: выпущен)" in messages[0]
    assert_nothing_confirmed(good, bad)


def test_every_broken_draft_is_named_in_the_refusal() -> None:
    first, second = make_draft(), make_draft()
    for draft in (first, second):
        Student.objects.filter(pk=draft.mentees.get().pk).update(status=StudentStatus.EXPELLED)

    messages = refusal(confirm_mentorships, drafts=[second, first], decision=council(), user=None)

    assert [message.split(":")[0] for message in messages] == [
        f"Черновик № {first.pk}",
        f"Черновик № {second.pk}",
    ]
    assert_nothing_confirmed(first, second)


def test_refused_without_drafts() -> None:
    messages = refusal(confirm_mentorships, drafts=[], decision=council(), user=None)

    assert_one(messages, "Выберите хотя бы один черновик наставнической пары для утверждения.")


def test_refused_without_the_scan_of_the_decision() -> None:
    draft = make_draft()
    decision = council(number="7", decided_on=dt.date(2025, 9, 20))
    Decision.objects.filter(pk=decision.pk).update(scan="")
    decision.refresh_from_db()

    messages = refusal(confirm_mentorships, drafts=[draft], decision=decision, user=None)

    assert_one(
        messages,
        "Приложите скан решения № 7 от 20.09.2025: решение утверждает наставнические пары "
        "только с подписанным протоколом или приказом.",
    )
    assert_nothing_confirmed(draft)


@pytest.mark.parametrize(
    ("code", "decision_kwargs", "fragment"),
    [
        (
            "teacher_student",
            {"body": DecisionBody.PROJECT_HEAD, "partner_kind": PartnerKind.SCHOOL},
            "Наставнические пары формы «педагог – студент» формируются решением, которое "
            "принимает: педагогический совет, рабочая группа (раздел 5); выбранное решение "
            "принято: руководитель совместного проекта.",
        ),
        (
            "student_pupil",
            {"body": DecisionBody.PEDAGOGICAL_COUNCIL},
            "принимает: руководитель совместного проекта (раздел 5)",
        ),
        (
            "employer_student",
            {"body": DecisionBody.WORKING_GROUP},
            "принимает: работодатель (раздел 5); выбранное решение принято: рабочая группа",
        ),
    ],
)
def test_refused_a_decision_of_another_body_than_section_5_names(
    code: str, decision_kwargs: dict[str, Any], fragment: str
) -> None:
    draft = make_draft(code)
    kind = decision_kwargs.pop("partner_kind", None)
    decision = DecisionFactory(
        **decision_kwargs, partner=partner(kind) if kind else None, school_curator_opinion="…"
    )

    messages = refusal(confirm_mentorships, drafts=[draft], decision=decision, user=None)

    assert any(fragment in message for message in messages), messages
    assert messages[0].startswith(f"Черновик № {draft.pk}: ")
    assert_nothing_confirmed(draft)


def test_refused_student_student_without_the_student_council_opinion() -> None:
    draft = make_draft("student_student")

    messages = refusal(
        confirm_mentorships,
        drafts=[draft],
        decision=decision_for("student_student", student_council_opinion=" "),
        user=None,
    )

    assert_one(messages, "с учётом мнения студенческого совета (пункт 5.1.1)")
    assert_nothing_confirmed(draft)


def test_refused_student_pupil_without_the_school_curators_opinion() -> None:
    args = draft_args("student_pupil")
    draft = draft_mentorship(**args)
    decision = decision_for("student_pupil", args)
    decision.school_curator_opinion = ""
    decision.save()

    messages = refusal(confirm_mentorships, drafts=[draft], decision=decision, user=None)

    assert_one(messages, "с учётом мнения куратора от образовательной организации (пункт 5.1.2)")
    assert_nothing_confirmed(draft)


def test_refused_student_pupil_by_the_project_of_another_school() -> None:
    draft = make_draft("student_pupil")
    decision = decision_for("student_pupil", draft_args("student_pupil"))

    messages = refusal(confirm_mentorships, drafts=[draft], decision=decision, user=None)

    assert_one(messages, "не обучается в школе — участнике совместного проекта")


def test_refused_employer_student_without_the_college_approval() -> None:
    args = draft_args("employer_student")
    draft = draft_mentorship(**args)
    decision = decision_for("employer_student", args)
    decision.college_approval = ""
    decision.save()

    messages = refusal(confirm_mentorships, drafts=[draft], decision=decision, user=None)

    assert_one(messages, "согласовывается с техникумом (пункт 5.1.3)")


def test_refused_employer_student_by_another_employer() -> None:
    draft = make_draft("employer_student")
    decision = decision_for("employer_student", draft_args("employer_student"))

    messages = refusal(confirm_mentorships, drafts=[draft], decision=decision, user=None)

    assert_one(messages, "не работает на предприятии, принявшем решение")


def test_refused_a_decision_taken_after_the_start() -> None:
    draft = make_draft()

    messages = refusal(
        confirm_mentorships,
        drafts=[draft],
        decision=council(decided_on=dt.date(2025, 10, 2)),
        user=None,
    )

    assert_one(
        messages,
        f"Черновик № {draft.pk}: Работа наставнической пары не может начаться раньше решения "
        "от 02.10.2025.",
    )
    assert_nothing_confirmed(draft)


def test_refused_a_mentorship_that_is_no_longer_a_draft() -> None:
    active = MentorshipFactory()

    messages = refusal(confirm_mentorships, drafts=[active], decision=council(), user=None)

    assert_one(messages, f"Наставническая пара № {active.pk} уже не черновик (статус: действует).")
    assert Mentorship.objects.get(pk=active.pk).decision == active.decision


def test_refused_a_draft_confirmed_since_the_page_was_loaded() -> None:
    draft = make_draft()
    stale = Mentorship.objects.get(pk=draft.pk)
    confirm_mentorships(drafts=[draft], decision=council(), user=None)

    messages = refusal(confirm_mentorships, drafts=[stale], decision=council(), user=None)

    assert_one(messages, "уже не черновик (статус: действует)")
    assert MentorshipChange.objects.filter(action=ChangeAction.CONFIRMED).count() == 1


def test_refused_a_draft_deleted_meanwhile() -> None:
    kept, deleted = make_draft(), make_draft()
    Mentorship.objects.filter(pk=deleted.pk).delete()

    messages = refusal(confirm_mentorships, drafts=[kept, deleted], decision=council(), user=None)

    assert_one(messages, "Некоторых из выбранных черновиков больше нет.")
    assert_nothing_confirmed(kept)


def test_two_drafts_of_one_decision_cannot_exceed_the_mentors_capacity() -> None:
    first = make_draft()
    mentor = first.mentors.get()
    second = make_draft(mentors=[mentor])

    messages = refusal(confirm_mentorships, drafts=[first, second], decision=council(), user=None)

    assert_one(
        messages,
        f"Черновик № {second.pk}: {mentor.full_name}: наибольшее число наставляемых "
        "одновременно — 1 (профиль наставника); в действующих наставнических парах их уже 1, "
        "а с этой парой стало бы 2.",
    )
    assert_nothing_confirmed(first, second)


def test_two_drafts_of_one_decision_cannot_give_a_mentee_two_pairs_of_a_format() -> None:
    first = make_draft()
    mentee = first.mentees.get()
    second = make_draft(mentees=[mentee])

    messages = refusal(confirm_mentorships, drafts=[first, second], decision=council(), user=None)

    assert_one(
        messages,
        f"Черновик № {second.pk}: {mentee.full_name} уже состоит в действующей наставнической "
        "паре формы «педагог – студент»",
    )
    assert_nothing_confirmed(first, second)


def test_a_draft_is_refused_when_its_mentee_got_an_active_pair_meanwhile() -> None:
    draft = make_draft()
    busy(draft.mentees.get())

    messages = refusal(confirm_mentorships, drafts=[draft], decision=council(), user=None)

    assert_one(messages, "уже состоит в действующей наставнической паре")
    assert_nothing_confirmed(draft)


# ---- capacity ---------------------------------------------------------------------------------


def test_the_capacity_is_one_without_a_mentor_profile() -> None:
    mentor = TeacherFactory()
    MentorshipFactory(mentors=[mentor])

    assert mentor_capacity(mentor) == 1
    assert_one(
        capacity_errors([mentor], [TeacherFactory()]),
        f"{mentor.full_name}: наибольшее число наставляемых одновременно — 1 (профиль "
        "наставника); в действующих наставнических парах их уже 1, а с этой парой стало бы 2.",
    )


def test_a_free_mentor_without_a_profile_takes_one_mentee() -> None:
    mentor = TeacherFactory()

    assert capacity_errors([mentor], [TeacherFactory()]) == []
    assert len(capacity_errors([mentor], [TeacherFactory(), TeacherFactory()])) == 1


def test_the_capacity_of_the_mentor_profile_holds() -> None:
    mentor = TeacherFactory()
    MentorProfileFactory(person=mentor, capacity=3)

    assert mentor_capacity(mentor) == 3
    assert capacity_errors([mentor], [TeacherFactory() for _ in range(3)]) == []
    assert capacity_errors([mentor], [TeacherFactory() for _ in range(4)]) != []


def test_group_mentoring_counts_each_mentee_once_across_formats() -> None:
    mentor = TeacherFactory()
    MentorProfileFactory(person=mentor, capacity=3)
    shared, other = student(course=2), student(course=2)
    # A group of two, and the same mentee again with this mentor in another format.
    MentorshipFactory(
        format=format_of("teacher_student"),
        variant=variant_of("teacher_student", "gifted"),
        mentors=[mentor],
        mentees=[shared, other],
    )
    MentorshipFactory(format=format_of("student_student"), mentors=[mentor], mentees=[shared])

    assert mentor_load(mentor) == {shared.pk, other.pk}
    assert capacity_errors([mentor], [student()]) == []
    # A mentee the mentor already has is not counted twice.
    assert capacity_errors([mentor], [shared, student()]) == []
    assert_one(
        capacity_errors([mentor], [student(), student()]),
        "в действующих наставнических парах их уже 2, а с этой парой стало бы 4.",
    )


def test_the_excluded_mentorship_is_not_counted() -> None:
    mentor = TeacherFactory()
    mentorship = MentorshipFactory(mentors=[mentor])

    assert capacity_errors([mentor], list(mentorship.mentees.all()), mentorship) == []
    assert mentor_load(mentor, exclude=mentorship) == set()


@pytest.mark.parametrize(
    "status", [MentorshipStatus.DRAFT, MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED]
)
def test_only_active_mentorships_load_a_mentor(status: str) -> None:
    mentor = TeacherFactory()
    closed = status != MentorshipStatus.DRAFT
    MentorshipFactory(
        mentors=[mentor],
        status=status,
        decision=None if not closed else DecisionFactory(),
        ended_on=dt.date(2026, 5, 1) if closed else None,
    )

    assert mentor_load(mentor) == set()
    assert capacity_errors([mentor], [TeacherFactory()]) == []


def test_a_mentor_chosen_as_a_mentee_too_is_not_counted_in_the_capacity() -> None:
    mentor = TeacherFactory()

    assert capacity_errors([mentor], [mentor]) == []


def test_each_mentor_over_the_capacity_is_named() -> None:
    first, second = TeacherFactory(), TeacherFactory()
    MentorshipFactory(mentors=[first, second])

    messages = capacity_errors([first, second], [TeacherFactory()])

    assert [message.split(":")[0] for message in messages] == [
        first.full_name,
        second.full_name,
    ]


# ---- the status of the ОВЗ and risk-group variants (152-ФЗ) --------------------------------


def special_args(variant_code: str = "disabilities") -> dict[str, Any]:
    return draft_args() | {"variant": variant_of("teacher_student", variant_code)}


def test_a_risk_group_draft_with_the_status_under_a_valid_consent_is_confirmed() -> None:
    args = special_args("risk_group")
    SpecialCategoryStatusFactory(
        consent__person=args["mentees"][0], has_disabilities=False, in_risk_group=True
    )

    draft = draft_mentorship(**args)

    (mentorship,) = confirm_mentorships(drafts=[draft], decision=council(), user=None)
    assert mentorship.variant == variant_of("teacher_student", "risk_group")


def test_an_ovz_draft_with_the_status_and_the_mentors_course_is_confirmed() -> None:
    args = special_args("disabilities")
    SpecialCategoryStatusFactory(consent__person=args["mentees"][0])
    QualificationCourseFactory(person=args["mentors"][0], completed_on=dt.date(2024, 5, 20))

    draft = draft_mentorship(**args)

    (mentorship,) = confirm_mentorships(drafts=[draft], decision=council(), user=None)
    assert mentorship.variant == variant_of("teacher_student", "disabilities")


def test_refused_risk_group_variant_for_a_mentee_with_only_the_ovz_status() -> None:
    args = special_args("risk_group")
    SpecialCategoryStatusFactory(consent__person=args["mentees"][0], has_disabilities=True)

    messages = refusal(draft_mentorship, **args)

    assert_one(
        messages,
        f"{args['mentees'][0].full_name} может быть в варианте «педагог – студент из группы "
        "риска», только если это сведение внесено на странице человека при действующем "
        "согласии на обработку сведений об ОВЗ и группе риска (152-ФЗ).",
    )
    assert not Mentorship.objects.exists()


@pytest.mark.parametrize(
    "lapse",
    [{"valid_until": START - dt.timedelta(days=1)}, {"withdrawn_on": START}],
    ids=["expired", "withdrawn"],
)
def test_refused_risk_group_variant_when_the_consent_does_not_hold_on_the_start(
    lapse: dict[str, dt.date],
) -> None:
    args = special_args("risk_group")
    status = SpecialCategoryStatusFactory(
        consent__person=args["mentees"][0], has_disabilities=False, in_risk_group=True
    )
    Consent.objects.filter(pk=status.consent_id).update(**lapse)

    assert_one(refusal(draft_mentorship, **args), "при действующем согласии")
    assert not Mentorship.objects.exists()


def test_a_draft_whose_consent_lapsed_before_the_start_is_not_confirmed() -> None:
    args = special_args("risk_group")
    status = SpecialCategoryStatusFactory(
        consent__person=args["mentees"][0], has_disabilities=False, in_risk_group=True
    )
    draft = draft_mentorship(**args)
    Consent.objects.filter(pk=status.consent_id).update(withdrawn_on=dt.date(2025, 9, 25))

    messages = refusal(confirm_mentorships, drafts=[draft], decision=council(), user=None)

    assert_one(messages, f"Черновик № {draft.pk}: ")
    assert "«педагог – студент из группы риска», только если" in messages[0]
    assert_nothing_confirmed(draft)


def test_the_ovz_status_is_checked_beside_the_mentors_course() -> None:
    args = special_args("disabilities")
    SpecialCategoryStatusFactory(consent__person=args["mentees"][0])

    messages = refusal(draft_mentorship, **args)

    assert_one(messages, "не пройдены курсы повышения квалификации")


# ---- update_mentorship ---------------------------------------------------------------------


@pytest.fixture
def editor() -> User:
    return UserFactory(first_name="Андрей", last_name="Васильев")


def edit(mentorship: Mentorship, user: User, **changes: Any) -> Mentorship:
    """update_mentorship with the mentorship's present values, but `changes`."""
    values: dict[str, Any] = {
        "version": mentorship.version,
        "variant": mentorship.variant,
        "mentors": list(mentorship.mentors.all()),
        "mentees": list(mentorship.mentees.all()),
        "started_on": mentorship.started_on,
        "planned_end_on": mentorship.planned_end_on,
    }
    return update_mentorship(mentorship, user=user, **(values | changes))


def test_an_edit_is_saved_and_kept_in_the_history_with_old_and_new_values(editor: User) -> None:
    draft = make_draft()
    old_mentor = draft.mentors.get()
    new_mentor = TeacherFactory(last_name="Новикова", first_name="Анна", patronymic="")

    edited = edit(
        draft,
        editor,
        mentors=[new_mentor],
        started_on=dt.date(2025, 11, 1),
    )

    edited.refresh_from_db()
    assert edited.started_on == dt.date(2025, 11, 1)
    assert pks(edited.mentors.all()) == {new_mentor.pk}
    assert edited.version == draft.version + 1
    assert edited.status == MentorshipStatus.DRAFT
    entry = edited.changes.get(action=ChangeAction.EDITED)
    assert entry.changed_by == editor
    assert entry.details == [
        {"field": "mentors", "old": old_mentor.full_name, "new": "Новикова Анна"},
        {"field": "started_on", "old": "01.10.2025", "new": "01.11.2025"},
    ]


def test_an_edit_of_the_variant_is_in_the_history(editor: User) -> None:
    draft = make_draft()
    SpecialCategoryStatusFactory(
        consent__person=draft.mentees.get(), has_disabilities=False, in_risk_group=True
    )

    edit(draft, editor, variant=variant_of("teacher_student", "risk_group"))

    (entry,) = draft.changes.filter(action=ChangeAction.EDITED)
    assert entry.details == [
        {
            "field": "variant",
            "old": "педагог – высокомотивированный студент",
            "new": "педагог – студент из группы риска",
        }
    ]


def test_an_edit_that_changes_nothing_adds_no_history(editor: User) -> None:
    draft = make_draft()

    edit(draft, editor)

    assert not draft.changes.filter(action=ChangeAction.EDITED).exists()


def test_a_stale_version_is_refused_and_nothing_changes(editor: User) -> None:
    draft = make_draft()
    stale_version = draft.version
    edit(draft, editor, planned_end_on=dt.date(2026, 5, 31))

    with pytest.raises(ValidationError) as excinfo:
        edit(mentorship=draft, user=editor, version=stale_version, planned_end_on=END)

    assert is_stale(excinfo.value)
    assert str(draft.pk) in excinfo.value.messages[0]
    draft.refresh_from_db()
    assert draft.planned_end_on == dt.date(2026, 5, 31)
    assert draft.version == stale_version + 1
    assert draft.changes.filter(action=ChangeAction.EDITED).count() == 1


def test_an_edit_that_leaves_a_meeting_outside_the_period_is_refused(editor: User) -> None:
    active = MentorshipFactory(started_on=dt.date(2025, 10, 1))
    Meeting.objects.create(
        mentorship=active,
        held_on=dt.date(2025, 10, 20),
        duration_minutes=45,
        format=MeetingFormat.IN_PERSON,
        topic="Знакомство",
    )

    messages = refusal(edit, mentorship=active, user=editor, started_on=dt.date(2025, 11, 1))

    assert_one(messages, "записана встреча 20.10.2025")
    active.refresh_from_db()
    assert active.started_on == dt.date(2025, 10, 1)


def test_an_edit_of_a_draft_deleted_meanwhile_is_refused(editor: User) -> None:
    draft = make_draft()
    Mentorship.objects.filter(pk=draft.pk).delete()

    with pytest.raises(ValidationError) as excinfo:
        edit(mentorship=draft, user=editor)

    assert is_stale(excinfo.value)


def test_an_edit_breaking_a_rule_is_refused_and_nothing_changes(editor: User) -> None:
    draft = make_draft()
    version = draft.version

    messages = refusal(edit, mentorship=draft, user=editor, mentees=[TeacherFactory()])

    assert_one(messages, "наставляемым может быть только студент техникума")
    draft.refresh_from_db()
    assert draft.version == version
    assert not draft.changes.filter(action=ChangeAction.EDITED).exists()


def test_an_active_mentorship_is_checked_against_its_decision(editor: User) -> None:
    mentorship = create_mentorship(**draft_args(), decision=council())

    messages = refusal(edit, mentorship=mentorship, user=editor, started_on=dt.date(2025, 9, 1))

    assert_one(messages, "не может начаться раньше решения от 15.09.2025")


def test_a_draft_is_edited_without_a_decision(editor: User) -> None:
    draft = make_draft()

    edited = edit(draft, editor, planned_end_on=dt.date(2026, 5, 31))

    assert edited.decision is None
    assert edited.status == MentorshipStatus.DRAFT


def test_an_edit_does_not_count_the_mentorship_itself_against_the_capacity(
    editor: User,
) -> None:
    mentorship = create_mentorship(**draft_args(), decision=council())

    edited = edit(mentorship, editor, planned_end_on=dt.date(2026, 5, 31))

    assert edited.planned_end_on == dt.date(2026, 5, 31)
    assert edited.status == MentorshipStatus.ACTIVE


def test_an_edit_adding_a_mentee_beyond_the_capacity_is_refused(editor: User) -> None:
    mentorship = create_mentorship(**draft_args(), decision=council())
    mentees = [*mentorship.mentees.all(), student(course=2)]

    messages = refusal(edit, mentorship=mentorship, user=editor, mentees=mentees)

    assert_one(messages, "в действующих наставнических парах их уже 0, а с этой парой стало бы 2")
    assert mentorship.mentees.count() == 1


def test_an_edit_giving_a_mentee_a_second_pair_of_the_format_is_refused(editor: User) -> None:
    draft = make_draft()
    other = busy(student(course=2))

    messages = refusal(edit, mentorship=draft, user=editor, mentees=list(other.mentees.all()))

    assert_one(messages, "уже состоит в действующей наставнической паре формы «педагог – студент»")


@pytest.mark.parametrize("status", [MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED])
def test_a_closed_mentorship_is_not_edited(editor: User, status: str) -> None:
    closed = MentorshipFactory(status=status, ended_on=dt.date(2026, 5, 1))

    messages = refusal(edit, mentorship=closed, user=editor, planned_end_on=dt.date(2026, 5, 31))

    assert_one(
        messages,
        "Завершённая или досрочно прекращённая наставническая пара больше не изменяется.",
    )
    closed.refresh_from_db()
    assert closed.planned_end_on == END
    assert closed.version == 1


def test_a_mentorship_completed_behind_the_editors_back_is_not_edited(editor: User) -> None:
    """The status of the locked row counts, not the one of the editor's copy."""
    mentorship = MentorshipFactory()
    Mentorship.objects.filter(pk=mentorship.pk).update(
        status=MentorshipStatus.COMPLETED, ended_on=dt.date(2026, 5, 1)
    )

    messages = refusal(edit, mentorship=mentorship, user=editor, planned_end_on=END)

    assert_one(messages, "больше не изменяется")


# ---- delete_draft ---------------------------------------------------------------------------


def test_a_draft_is_deleted_with_its_history() -> None:
    draft = make_draft()

    delete_draft(draft)

    assert not Mentorship.objects.exists()
    assert not MentorshipChange.objects.exists()


@pytest.mark.parametrize("status", [MentorshipStatus.ACTIVE, MentorshipStatus.COMPLETED])
def test_a_confirmed_mentorship_is_not_deleted(status: str) -> None:
    mentorship = MentorshipFactory(
        status=status, ended_on=dt.date(2026, 5, 1) if status != MentorshipStatus.ACTIVE else None
    )

    assert_one(
        refusal(delete_draft, mentorship=mentorship),
        "Удалить можно только черновик; утверждённую наставническую пару завершают или "
        "прекращают досрочно.",
    )
    assert Mentorship.objects.filter(pk=mentorship.pk).exists()


def test_a_draft_confirmed_since_the_page_was_loaded_is_not_deleted() -> None:
    draft = make_draft()
    stale = Mentorship.objects.get(pk=draft.pk)
    confirm_mentorships(drafts=[draft], decision=council(), user=None)

    assert_one(refusal(delete_draft, mentorship=stale), "Удалить можно только черновик")
    assert status_of(draft) == MentorshipStatus.ACTIVE


def test_deleting_a_draft_already_deleted_is_no_error() -> None:
    draft = make_draft()
    delete_draft(Mentorship.objects.get(pk=draft.pk))

    delete_draft(draft)

    assert not Mentorship.objects.exists()


# ---- change_details -------------------------------------------------------------------------


def test_change_details_shows_values_as_people_read_them() -> None:
    first = TeacherFactory(last_name="Алексеева", first_name="Анна", patronymic="")
    second = TeacherFactory(last_name="Борисов", first_name="Борис", patronymic="")
    before = {"mentors": [second], "started_on": START, "variant": None, "planned_end_on": END}
    after = {
        "mentors": [second, first],
        "started_on": START,
        "variant": "вариант",
        "planned_end_on": END,
    }

    assert change_details(before, after) == [
        {"field": "mentors", "old": "Борисов Борис", "new": "Алексеева Анна, Борисов Борис"},
        {"field": "variant", "old": "", "new": "вариант"},
    ]


def test_an_edit_that_adds_no_mentee_is_saved_for_a_mentor_over_capacity(editor: User) -> None:
    """A profile lowered after the pairs were formed does not lock the mentor's pairs."""
    mentor = TeacherFactory()
    MentorProfileFactory(person=mentor, capacity=2)
    pairs = [MentorshipFactory(mentors=[mentor]) for _ in range(2)]
    MentorProfile.objects.filter(person=mentor).update(capacity=1)

    edited = edit(pairs[0], editor, planned_end_on=dt.date(2026, 5, 31))

    assert edited.planned_end_on == dt.date(2026, 5, 31)
