"""Thousands of registry pairs in a few seconds, for the tests that need a registry of the
size a college's years add up to (the 5,000-row print in the background).

The factories save a row at a time (a person, their consent, a mentorship, its links): 5,000
pairs would take minutes. Here every table gets its rows in batches. The pairs skip the
rules as the factories' do: each has a decision, a start before its planned end, and a fifth
of them are completed.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from pairs.models import Decision, DecisionBody, Mentorship, MentorshipStatus
from programs.models import FormatVariant, MentoringFormat
from registry.models import Person, Student, StudyGroup, Teacher, TeacherPosition, search_key

BATCH = 500
LAST_NAMES = ["Иванов", "Ёлкин", "Смирнов", "Кузнецов", "Попов", "Яковлев", "Соколов", "Лебедев"]
FIRST_NAMES = ["Андрей", "Пётр", "Илья", "Сергей", "Алексей", "Дмитрий"]


def insert_people(people: list[Teacher] | list[Student]) -> list[int]:
    """Inserts people of one kind (`Teacher` or `Student`) and returns their ids in order.
    `bulk_create` refuses a model inherited from another table, so the `Person` rows go
    through it and the kind's own rows through multi-row INSERTs."""
    if not people:
        return []
    model = type(people[0])
    parents = Person.objects.bulk_create(
        [
            Person(
                kind=model.KIND,
                last_name=person.last_name,
                first_name=person.first_name,
                patronymic=person.patronymic,
                search_name=search_key(person.full_name),
            )
            for person in people
        ],
        batch_size=BATCH,
    )
    fields = model._meta.local_concrete_fields
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    for parent, person in zip(parents, people, strict=True):
        person.person_ptr_id = parent.pk  # type: ignore[attr-defined]
    # Many rows to a statement (psycopg2's executemany sends them one by one), as many as
    # the database takes parameters.
    batch = connection.ops.bulk_batch_size(fields, people)
    with connection.cursor() as cursor:
        for start in range(0, len(people), batch):
            chunk = people[start : start + batch]
            values = [
                field.get_db_prep_save(getattr(person, field.attname), connection)
                for person in chunk
                for field in fields
            ]
            marks = ", ".join([row_marks] * len(chunk))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {marks}", values)  # noqa: S608 - names from the model
    return [parent.pk for parent in parents]


def _name(index: int, k: int) -> dict[str, str]:
    return {
        "last_name": f"{LAST_NAMES[(index + k) % len(LAST_NAMES)]}{index}",
        "first_name": FIRST_NAMES[(index * 3 + k) % len(FIRST_NAMES)],
        "patronymic": "Сергеевич",
    }


def add_registry_pairs(count: int) -> list[int]:
    """Adds `count` confirmed pairs to the registry, each a teacher with two mentees: two
    thirds «педагог – педагог» (teachers), one third «педагог – студент» with a variant of
    that format (students of the groups there are); a fifth completed, the rest active.
    The formats, their variants and the study groups must exist (the data migrations and
    the demo make them). Returns the new mentorships' ids."""
    teacher_teacher = MentoringFormat.objects.get(code="teacher_teacher")
    teacher_student = MentoringFormat.objects.get(code="teacher_student")
    variants = list(FormatVariant.objects.filter(format=teacher_student).order_by("position"))
    groups = list(StudyGroup.objects.order_by("id"))
    assert variants and groups, "the formats' variants and the study groups come first"
    decision = Decision.objects.create(
        body=DecisionBody.PEDAGOGICAL_COUNCIL, number="5000", decided_on=dt.date(2025, 9, 1)
    )
    start = Mentorship.objects.order_by("-id").values_list("id", flat=True).first() or 0
    indexes = range(start, start + count)
    of_students = {index: index % 3 == 2 for index in indexes}

    mentors = insert_people(
        [Teacher(position=TeacherPosition.TEACHER, **_name(index, 0)) for index in indexes]
    )
    teacher_mentees = insert_people(
        [
            Teacher(position=TeacherPosition.TEACHER, **_name(index, k))
            for index in indexes
            if not of_students[index]
            for k in (1, 2)
        ]
    )
    student_mentees = insert_people(
        [
            Student(group=groups[(index + k) % len(groups)], **_name(index, k))
            for index in indexes
            if of_students[index]
            for k in (1, 2)
        ]
    )

    mentorships = []
    for index in indexes:
        completed = index % 5 == 4
        year = 2024 + index % 2
        mentorships.append(
            Mentorship(
                format=teacher_student if of_students[index] else teacher_teacher,
                variant=variants[index % len(variants)] if of_students[index] else None,
                decision=decision,
                started_on=dt.date(year, 10, 1),
                planned_end_on=dt.date(year + 1, 6, 30),
                ended_on=dt.date(year + 1, 5, 15) if completed else None,
                status=MentorshipStatus.COMPLETED if completed else MentorshipStatus.ACTIVE,
                results="Проведён открытый урок" if completed else "",
            )
        )
    created = Mentorship.objects.bulk_create(mentorships, batch_size=BATCH)

    mentor_links = Mentorship.mentors.through
    mentor_links.objects.bulk_create(
        [
            mentor_links(mentorship_id=mentorship.pk, person_id=mentor)
            for mentorship, mentor in zip(created, mentors, strict=True)
        ],
        batch_size=BATCH,
    )
    mentee_links = Mentorship.mentees.through
    teachers, students = iter(teacher_mentees), iter(student_mentees)
    mentee_links.objects.bulk_create(
        [
            mentee_links(
                mentorship_id=mentorship.pk,
                person_id=next(students if of_students[index] else teachers),
            )
            for index, mentorship in zip(indexes, created, strict=True)
            for _ in (1, 2)
        ],
        batch_size=BATCH,
    )
    return [mentorship.pk for mentorship in created]
