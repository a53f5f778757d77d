"""pairs.rules.create_mentorship: the per-format rules of the Положение (sections 3 and 5).

Each refusal test starts from a valid proposal of one format, breaks one rule and checks the
Russian message naming that rule, and that nothing was saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from pairs.mentorships.services import create_mentorship
from pairs.models import Decision, DecisionBody, Mentorship, MentorshipStatus
from registry.models import PartnerKind, PartnerOrganization, Student, StudentStatus
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

pytestmark = pytest.mark.django_db

START = dt.date(2025, 10, 1)
END = dt.date(2026, 6, 30)


# ---- helpers -------------------------------------------------------------------------------


def student(course: int = 1, **kwargs: Any) -> Student:
    return StudentFactory(group=StudyGroupFactory(course=course), **kwargs)


def partner(kind: str, *, valid_to: dt.date | None = None) -> PartnerOrganization:
    """A partner school or enterprise with a cooperation agreement from 10.01.2020."""
    organization = PartnerOrganizationFactory(kind=kind)
    AgreementFactory(organization=organization, valid_to=valid_to)
    return organization


def proposal(code: str) -> dict[str, Any]:
    """The arguments of create_mentorship for a mentorship of the format that breaks no rule."""
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
            "decision": DecisionFactory(body=DecisionBody.PEDAGOGICAL_COUNCIL),
        }
    elif code == "teacher_teacher":
        args |= {
            "mentors": [TeacherFactory()],
            "mentees": [TeacherFactory(hired_on=dt.date(2025, 8, 28))],
            "decision": DecisionFactory(
                body=DecisionBody.WORKING_GROUP, student_council_opinion=""
            ),
        }
    elif code == "teacher_student":
        args |= {
            "variant": variant_of(code, "gifted"),
            "mentors": [TeacherFactory()],
            "mentees": [student(course=2)],
            "decision": DecisionFactory(
                body=DecisionBody.PEDAGOGICAL_COUNCIL, student_council_opinion=""
            ),
        }
    elif code == "student_pupil":
        school = partner(PartnerKind.SCHOOL)
        args |= {
            "variant": variant_of(code, "active"),
            "mentors": [student(course=2)],
            "mentees": [PupilFactory(school=school)],
            "decision": DecisionFactory(
                body=DecisionBody.PROJECT_HEAD,
                partner=school,
                student_council_opinion="",
                school_curator_opinion="Куратор от школы поддерживает (письмо от 10.09.2025).",
            ),
        }
    elif code == "employer_student":
        enterprise = partner(PartnerKind.ENTERPRISE)
        args |= {
            "mentors": [PartnerEmployeeFactory(organization=enterprise)],
            "mentees": [student(course=3)],
            "decision": DecisionFactory(
                body=DecisionBody.EMPLOYER,
                partner=enterprise,
                student_council_opinion="",
                college_approval="Согласовано с техникумом (письмо № 12 от 12.09.2025).",
            ),
        }
    else:  # pragma: no cover
        raise AssertionError(code)
    return args


def assert_refused(args: dict[str, Any], fragment: str) -> list[str]:
    """create_mentorship refuses with one message, containing the fragment, and saves nothing."""
    before = Mentorship.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        create_mentorship(**args)
    messages = excinfo.value.messages
    assert len(messages) == 1, messages  # only the broken rule
    assert fragment in messages[0], messages
    assert Mentorship.objects.count() == before
    return messages


def pks(people: Any) -> set[int]:
    return {person.pk for person in people}


# ---- accepted ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    ["student_student", "teacher_teacher", "teacher_student", "student_pupil", "employer_student"],
)
def test_valid_proposal_of_each_format_creates_an_active_mentorship(code: str) -> None:
    args = proposal(code)

    mentorship = create_mentorship(**args)

    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ACTIVE
    assert mentorship.format.code == code
    assert mentorship.variant == args["variant"]
    assert mentorship.decision == args["decision"]
    assert (mentorship.started_on, mentorship.planned_end_on) == (START, END)
    assert pks(mentorship.mentors.all()) == pks(args["mentors"])
    assert pks(mentorship.mentees.all()) == pks(args["mentees"])
    assert Mentorship.objects.count() == 1


def test_group_mentoring_with_one_mentor_and_three_mentees_is_accepted() -> None:
    args = proposal("student_student") | {"mentees": [student(course=1) for _ in range(3)]}
    MentorProfileFactory(person=args["mentors"][0], capacity=3)

    mentorship = create_mentorship(**args)

    assert pks(mentorship.mentees.all()) == pks(args["mentees"])
    assert mentorship.is_group


def test_two_mentors_are_accepted() -> None:
    args = proposal("teacher_teacher")
    args["mentors"] = [*args["mentors"], TeacherFactory()]

    mentorship = create_mentorship(**args)

    assert pks(mentorship.mentors.all()) == pks(args["mentors"])


def test_disabilities_variant_is_accepted_with_the_course_completed_before_the_start() -> None:
    args = disabilities_proposal()
    QualificationCourseFactory(person=args["mentors"][0], completed_on=dt.date(2024, 5, 20))

    mentorship = create_mentorship(**args)

    assert mentorship.variant.code == "disabilities"


def test_created_by_is_recorded() -> None:
    user = UserFactory()

    mentorship = create_mentorship(**proposal("teacher_teacher"), created_by=user)

    assert mentorship.created_by == user


# ---- refused: shape of the proposal ---------------------------------------------------------


def test_refused_without_mentors() -> None:
    assert_refused(proposal("teacher_teacher") | {"mentors": []}, "хотя бы один наставник")


def test_refused_without_mentees() -> None:
    assert_refused(proposal("teacher_teacher") | {"mentees": []}, "хотя бы один наставляемый")


def test_refused_when_the_same_person_is_mentor_and_mentee() -> None:
    args = proposal("teacher_teacher")
    args["mentees"] = [*args["mentees"], args["mentors"][0]]

    assert_refused(args, "одновременно наставником и наставляемым")


def test_refused_when_the_planned_end_is_not_after_the_start() -> None:
    assert_refused(
        proposal("teacher_teacher") | {"planned_end_on": START},
        "Плановая дата окончания должна быть позже даты начала",
    )


def test_refused_when_the_planned_end_is_before_the_start() -> None:
    assert_refused(
        proposal("teacher_teacher") | {"planned_end_on": START - dt.timedelta(days=1)},
        "Плановая дата окончания должна быть позже даты начала",
    )


# ---- refused: variants ----------------------------------------------------------------------


def test_refused_with_a_variant_of_another_format() -> None:
    args = proposal("student_student") | {"variant": variant_of("teacher_student", "gifted")}

    assert_refused(
        args,
        "Вариант «педагог – высокомотивированный студент» не относится к форме наставничества "
        "«студент – студент»",
    )


def test_refused_without_a_variant_where_the_format_has_variants() -> None:
    assert_refused(
        proposal("student_student") | {"variant": None},
        "Выберите вариант формы наставничества «студент – студент» (раздел 3.1.1)",
    )


def test_refused_with_a_variant_for_a_format_without_variants() -> None:
    args = proposal("teacher_teacher") | {"variant": variant_of("student_student", "peer_to_peer")}

    assert_refused(args, "У формы наставничества «педагог – педагог» нет вариантов")


def test_the_same_person_chosen_twice_is_one_mentor() -> None:
    args = proposal("teacher_teacher")
    args["mentors"] = args["mentors"] * 2

    mentorship = create_mentorship(**args)

    assert mentorship.mentors.count() == 1


def test_refused_when_a_project_head_decision_names_no_school() -> None:
    args = proposal("student_pupil")
    Decision.objects.filter(pk=args["decision"].pk).update(partner=None)
    args["decision"].refresh_from_db()

    assert_refused(args, "руководителя совместного проекта")


# ---- refused: who may be a mentor and a mentee ----------------------------------------------


def test_refused_when_the_mentor_is_of_the_wrong_kind() -> None:
    args = proposal("student_student") | {"mentors": [TeacherFactory()]}

    assert_refused(
        args, "В форме наставничества «студент – студент» наставником может быть только студент"
    )


def test_refused_when_the_mentee_is_of_the_wrong_kind() -> None:
    args = proposal("teacher_teacher") | {"mentees": [student(course=1)]}

    assert_refused(
        args,
        "В форме наставничества «педагог – педагог» наставляемым может быть только "
        "преподаватель или мастер производственного обучения",
    )


def test_refused_when_a_pupil_is_the_mentee_of_employer_student() -> None:
    args = proposal("employer_student")
    args["mentees"] = [PupilFactory(school=partner(PartnerKind.SCHOOL))]

    assert_refused(args, "наставляемым может быть только студент техникума")


def test_refused_when_a_student_is_not_studying() -> None:
    args = proposal("teacher_student")
    args["mentees"] = [student(course=2, status=StudentStatus.EXPELLED)]

    assert_refused(args, "не обучается (статус: отчислен)")


def test_refused_when_the_student_mentor_is_on_the_same_course() -> None:
    args = proposal("student_student") | {"mentors": [student(course=1)]}

    assert_refused(args, "наставник обучается на более старшем курсе")


def test_refused_when_the_student_mentor_is_on_a_lower_course() -> None:
    args = proposal("student_student") | {"mentors": [student(course=2)], "mentees": [student(4)]}

    messages = assert_refused(args, "наставник обучается на более старшем курсе")
    assert "на 2 курсе" in messages[0] and "на 4 курсе" in messages[0]


# ---- refused: the disability-teaching course (3.1.3.2) ---------------------------------------


def disabilities_proposal() -> dict[str, Any]:
    """A «педагог – студент с ОВЗ» pair whose mentee's status is on record with a consent."""
    args = proposal("teacher_student") | {"variant": variant_of("teacher_student", "disabilities")}
    SpecialCategoryStatusFactory(consent__person=args["mentees"][0])
    return args


def test_refused_disabilities_variant_without_the_course() -> None:
    assert_refused(disabilities_proposal(), "не пройдены курсы повышения квалификации")


def test_refused_disabilities_variant_with_the_course_completed_after_the_start() -> None:
    args = disabilities_proposal()
    QualificationCourseFactory(person=args["mentors"][0], completed_on=START + dt.timedelta(1))

    assert_refused(args, "по вопросам образования обучающихся с ОВЗ")


def test_refused_disabilities_variant_with_a_course_on_another_subject() -> None:
    args = disabilities_proposal()
    QualificationCourseFactory(
        person=args["mentors"][0],
        title="Цифровые технологии в профессиональном образовании",
        covers_disabilities=False,
    )

    assert_refused(args, "(раздел 3.1.3.2)")


# ---- refused: agreements with partners ------------------------------------------------------


def test_refused_student_pupil_when_the_school_has_no_agreement() -> None:
    args = proposal("student_pupil")
    school = PartnerOrganizationFactory(kind=PartnerKind.SCHOOL)
    args["mentees"] = [PupilFactory(school=school)]
    args["decision"].partner = school
    args["decision"].save()

    assert_refused(args, "нет договора о сотрудничестве, действующего на 01.10.2025")


def test_refused_student_pupil_when_the_school_agreement_has_expired() -> None:
    args = proposal("student_pupil")
    school = partner(PartnerKind.SCHOOL, valid_to=dt.date(2025, 6, 30))
    args["mentees"] = [PupilFactory(school=school)]
    args["decision"].partner = school
    args["decision"].save()

    assert_refused(args, f"У школы «{school.short_name}»")


def test_refused_employer_student_when_the_enterprise_has_no_agreement() -> None:
    args = proposal("employer_student")
    enterprise = PartnerOrganizationFactory(kind=PartnerKind.ENTERPRISE)
    args["mentors"] = [PartnerEmployeeFactory(organization=enterprise)]
    args["decision"].partner = enterprise
    args["decision"].save()

    assert_refused(args, "нет договора о сотрудничестве с техникумом")


def test_refused_employer_student_when_the_enterprise_agreement_has_expired() -> None:
    args = proposal("employer_student")
    enterprise = partner(PartnerKind.ENTERPRISE, valid_to=dt.date(2025, 9, 30))
    args["mentors"] = [PartnerEmployeeFactory(organization=enterprise)]
    args["decision"].partner = enterprise
    args["decision"].save()

    assert_refused(args, f"У предприятия «{enterprise.short_name}»")


# ---- refused: the decision (section 5) ------------------------------------------------------


def test_refused_without_a_decision() -> None:
    assert_refused(proposal("teacher_teacher") | {"decision": None}, "только на основании решения")


def test_refused_when_an_employer_decides_on_teacher_teacher() -> None:
    args = proposal("teacher_teacher")
    args["decision"] = DecisionFactory(
        body=DecisionBody.EMPLOYER, partner=partner(PartnerKind.ENTERPRISE)
    )

    assert_refused(
        args,
        "формируются решением, которое принимает: педагогический совет, рабочая группа "
        "(раздел 5); выбранное решение принято: работодатель",
    )


def test_refused_when_the_pedagogical_council_decides_on_student_pupil() -> None:
    args = proposal("student_pupil")
    args["decision"].body = DecisionBody.PEDAGOGICAL_COUNCIL
    args["decision"].save()

    assert_refused(
        args,
        "принимает: руководитель совместного проекта (раздел 5); "
        "выбранное решение принято: педагогический совет",
    )


def test_refused_when_the_decision_is_dated_after_the_start() -> None:
    args = proposal("teacher_teacher")
    args["decision"].decided_on = START + dt.timedelta(days=1)
    args["decision"].save()

    assert_refused(args, "не может начаться раньше решения от 02.10.2025")


def test_refused_student_student_without_the_student_council_opinion() -> None:
    args = proposal("student_student")
    args["decision"].student_council_opinion = "  "
    args["decision"].save()

    assert_refused(args, "с учётом мнения студенческого совета (пункт 5.1.1)")


def test_refused_student_pupil_without_the_school_curator_opinion() -> None:
    args = proposal("student_pupil")
    args["decision"].school_curator_opinion = ""
    args["decision"].save()

    assert_refused(args, "с учётом мнения куратора от образовательной организации (пункт 5.1.2)")


def test_refused_a_pupil_of_another_school_than_the_joint_project() -> None:
    args = proposal("student_pupil")
    args["mentees"] = [PupilFactory(school=partner(PartnerKind.SCHOOL))]

    assert_refused(args, "не обучается в школе — участнике совместного проекта")


def test_refused_employer_student_without_the_college_approval() -> None:
    args = proposal("employer_student")
    args["decision"].college_approval = ""
    args["decision"].save()

    assert_refused(args, "согласовывается с техникумом (пункт 5.1.3)")


def test_refused_an_employee_of_another_enterprise_than_the_deciding_one() -> None:
    args = proposal("employer_student")
    args["mentors"] = [PartnerEmployeeFactory(organization=partner(PartnerKind.ENTERPRISE))]

    assert_refused(args, "не работает на предприятии, принявшем решение")


# ---- one active mentorship per format for a mentee -------------------------------------------


def test_refused_when_the_mentee_already_has_an_active_mentorship_in_the_format() -> None:
    args = proposal("teacher_student")
    MentorshipFactory(
        format=args["format"],
        variant=args["variant"],
        mentors=[TeacherFactory()],
        mentees=args["mentees"],
        status=MentorshipStatus.ACTIVE,
    )

    assert_refused(args, "уже состоит в действующей наставнической паре формы «педагог – студент»")


def test_accepted_when_the_mentees_earlier_mentorship_in_the_format_is_completed() -> None:
    args = proposal("teacher_student")
    MentorshipFactory(
        format=args["format"],
        variant=args["variant"],
        mentors=[TeacherFactory()],
        mentees=args["mentees"],
        status=MentorshipStatus.COMPLETED,
        started_on=dt.date(2024, 10, 1),
        planned_end_on=dt.date(2025, 6, 30),
        ended_on=dt.date(2025, 6, 30),
    )

    mentorship = create_mentorship(**args)

    assert mentorship.status == MentorshipStatus.ACTIVE
    assert Mentorship.objects.count() == 2


def test_accepted_when_the_mentees_active_mentorship_is_in_another_format() -> None:
    args = proposal("teacher_student")
    MentorshipFactory(
        format=format_of("student_student"),
        variant=variant_of("student_student", "leader_passive"),
        mentors=[student(course=4)],
        mentees=args["mentees"],
        status=MentorshipStatus.ACTIVE,
    )

    mentorship = create_mentorship(**args)

    assert mentorship.status == MentorshipStatus.ACTIVE
    assert Mentorship.objects.count() == 2


def test_refused_when_an_employer_decision_names_no_enterprise() -> None:
    args = proposal("employer_student")
    Decision.objects.filter(pk=args["decision"].pk).update(partner=None)
    args["decision"].refresh_from_db()

    assert_refused(args, "В решении работодателя указывается предприятие-партнёр")


def test_refused_when_a_student_mentor_is_not_studying() -> None:
    args = proposal("student_pupil")
    Student.objects.filter(pk=args["mentors"][0].pk).update(status=StudentStatus.GRADUATED)

    assert_refused(args, "не может участвовать")
