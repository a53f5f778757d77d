"""Demo data: a mining-technology college with its bases, decisions and mentorships of now.

Every row is found by a natural key before it is made, so loading twice changes nothing.
Every mentorship goes through pairs.mentorships.services.create_mentorship, so the demo obeys
the same rules as the people who use the site. All people are fictional.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.dates import AcademicYear, format_day
from core.roles import Role
from demo.bases import load_bases, make_room, record_program_consents, record_special_status
from demo.monitoring import load_monitoring
from demo.program import load_program
from demo.running import attach_demo_scan, close_demo_mentorship, load_running
from pairs.mentorships.services import create_mentorship
from pairs.models import Decision, DecisionBody, Mentorship
from programs.models import FormatCode, FormatVariant, MentoringFormat, Organization
from registry.models import (
    Agreement,
    PartnerEmployee,
    PartnerKind,
    PartnerOrganization,
    Person,
    Pupil,
    QualificationCourse,
    Specialty,
    Student,
    StudentStatus,
    StudyGroup,
    Teacher,
    TeacherPosition,
)

SEED = 2025
# Published with the demo (Makefile, README); not a secret.
DEMO_PASSWORD = "demo"  # noqa: S105

ORGANIZATION = {
    "full_name": (
        "Краевое государственное бюджетное профессиональное образовательное учреждение "
        "«Чегдомынский горно-технологический техникум»"
    ),
    "short_name": "КГБПОУ ЧГТТ",
    "locality": "р.п. Чегдомын",
    "director_name": "Соколова Елена Викторовна",
    "curator_name": "Васильев Андрей Сергеевич",
    "curator_position": "заместитель директора по учебно-производственной работе",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str
    first_name: str
    patronymic: str
    roles: tuple[Role, ...]
    led_formats: tuple[str, ...] = ()
    is_staff: bool = False


DEMO_USERS = (
    DemoUser("director", "Соколова", "Елена", "Викторовна", (Role.DIRECTOR,)),
    DemoUser("curator", "Васильев", "Андрей", "Сергеевич", (Role.CURATOR,), is_staff=True),
    DemoUser(
        "lead",
        "Никитина",
        "Ольга",
        "Александровна",
        (Role.FORMAT_LEAD,),
        led_formats=(FormatCode.STUDENT_STUDENT, FormatCode.STUDENT_PUPIL),
    ),
    # Order item 3 of the seed: the methodist answers for the teacher formats.
    DemoUser(
        "methodist",
        "Белова",
        "Наталья",
        "Николаевна",
        (Role.METHODIST, Role.FORMAT_LEAD),
        led_formats=(FormatCode.TEACHER_TEACHER, FormatCode.TEACHER_STUDENT),
    ),
    DemoUser("teacher", "Орлов", "Павел", "Дмитриевич", (Role.TEACHER,)),
    # The curator of the first partner school, who proposes its pupils.
    DemoUser("partner", "Кравец", "Марина", "Петровна", (Role.PARTNER_CURATOR,)),
)

# The teachers behind three of the logins: username -> position, date of birth, date hired.
USER_TEACHERS: dict[str, tuple[str, dt.date, dt.date]] = {
    "lead": (TeacherPosition.ORGANIZER, dt.date(1986, 7, 2), dt.date(2010, 8, 30)),
    "methodist": (TeacherPosition.METHODIST, dt.date(1971, 11, 19), dt.date(1996, 8, 26)),
    "teacher": (TeacherPosition.TEACHER, dt.date(1978, 3, 14), dt.date(2003, 8, 25)),
}

SPECIALTIES = {
    "21.02.17": "Подземная разработка месторождений полезных ископаемых",
    "13.02.11": (
        "Техническая эксплуатация и обслуживание электрического и электромеханического "
        "оборудования (по отраслям)"
    ),
    "23.02.07": "Техническое обслуживание и ремонт двигателей, систем и агрегатов автомобилей",
    "15.01.05": "Сварщик (ручной и частично механизированной сварки (наплавки))",
    "43.02.15": "Поварское и кондитерское дело",
    "21.02.19": "Землеустройство",
}


@dataclass(frozen=True)
class GroupPlan:
    prefix: str
    specialty: str
    course: int
    size: int
    female_share: float


GROUPS = (
    GroupPlan("ПР", "21.02.17", 1, 13, 0.15),
    GroupPlan("ПР", "21.02.17", 2, 13, 0.15),
    GroupPlan("ПР", "21.02.17", 3, 13, 0.1),
    GroupPlan("ПР", "21.02.17", 4, 13, 0.1),
    GroupPlan("ЭМ", "13.02.11", 1, 13, 0.1),
    GroupPlan("ЭМ", "13.02.11", 2, 12, 0.1),
    GroupPlan("ЭМ", "13.02.11", 4, 12, 0.05),
    GroupPlan("АТ", "23.02.07", 2, 12, 0.05),
    GroupPlan("АТ", "23.02.07", 3, 12, 0.05),
    GroupPlan("СВ", "15.01.05", 1, 13, 0.05),
    GroupPlan("ПК", "43.02.15", 3, 12, 0.75),
    GroupPlan("ЗУ", "21.02.19", 2, 12, 0.6),
)

# (group prefix, course, place in the group) -> a status other than «studying».
STUDENT_STATUSES = {
    ("ПР", 4, 5): StudentStatus.GRADUATED,  # finished early on an individual plan
    ("ПР", 2, 9): StudentStatus.EXPELLED,
    ("ЭМ", 1, 11): StudentStatus.EXPELLED,
    ("СВ", 1, 4): StudentStatus.EXPELLED,
    ("АТ", 3, 2): StudentStatus.ACADEMIC_LEAVE,
    ("ЗУ", 2, 7): StudentStatus.TRANSFERRED,
}

CHEGDOMYN = "682030, Хабаровский край, Верхнебуреинский район, р.п. Чегдомын"
SCHOOLS = (
    (
        "МБОУ СОШ № 1 р.п. Чегдомын",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 1» рабочего посёлка Чегдомын Верхнебуреинского "
        "муниципального района Хабаровского края",
        f"{CHEGDOMYN}, ул. Центральная, д. 14",
        "17",
    ),
    (
        "МБОУ СОШ № 2 р.п. Чегдомын",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 2» рабочего посёлка Чегдомын Верхнебуреинского "
        "муниципального района Хабаровского края",
        f"{CHEGDOMYN}, ул. Парковая, д. 3",
        "18",
    ),
)
PUPIL_GRADES = (8, 8, 9, 9, 9, 10, 10, 10, 11, 11)

# Fictional enterprises: (short name, full name, address, agreement number, staff).
ENTERPRISES = (
    (
        "АО «Буреяуголь»",
        "Акционерное общество «Буреяуголь»",
        f"{CHEGDOMYN}, ул. Магистральная, д. 2",
        "24/СВ",
        (
            ("горный мастер", False),
            ("механик участка", False),
            ("электрослесарь подземный", False),
            ("начальник участка", False),
            ("горнорабочий очистного забоя", False),
        ),
    ),
    (
        "ООО «Разрез Ниманский»",
        "Общество с ограниченной ответственностью «Разрез Ниманский»",
        f"{CHEGDOMYN}, ул. Заводская, д. 11",
        "3-НС",
        (
            ("горный мастер", False),
            ("машинист экскаватора", False),
            ("механик участка", False),
            ("участковый маркшейдер", True),
            ("мастер участка буровзрывных работ", False),
        ),
    ),
)

DISABILITY_COURSE = (
    "Организация образовательного процесса для обучающихся с ОВЗ и инвалидностью в СПО",
    "КГАОУ ДПО «Хабаровский краевой институт развития образования»",
    72,
)
ORDINARY_COURSES = (
    ("Цифровые технологии в профессиональном образовании", "ФГБОУ ВО «ТОГУ»", 36),
    (
        "Наставничество в образовательной организации: целевая модель и практики",
        "КГАОУ ДПО «Хабаровский краевой институт развития образования»",
        36,
    ),
    ("Практическая подготовка обучающихся в соответствии с ФГОС СПО", "ФГБОУ ВО «ТОГУ»", 72),
    ("Оказание первой помощи пострадавшим в образовательной организации", "АНО ДПО «Профи»", 16),
    (
        "Методика подготовки обучающихся к демонстрационному экзамену",
        "ФГБОУ ДПО «Институт развития профессионального образования»",
        72,
    ),
)

# --- names -----------------------------------------------------------------------------

SURNAMES = (
    "Иванов Смирнов Кузнецов Попов Петров Михайлов Новиков Фёдоров Морозов Волков "
    "Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Захаров Зайцев "
    "Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов Александров "
    "Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв "
    "Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов "
    "Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов "
    "Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин "
    "Чернов Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Быков Маслов "
    "Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев "
    "Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев Ермаков "
    "Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ефремов Архипов Громов "
    "Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков Горбунов Анисимов "
    "Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров Симонов Прокофьев Харитонов "
    "Князев Цветков Левин Аксёнов Мальцев Логинов Горшков Савин Краснов Майоров Демидов "
    "Елисеев Рыбаков Сафонов Плотников Хохлов Жданов Игнатьев Шестаков Суханов Третьяков "
    "Полянский Ковальский Шевченко Бондаренко Коваленко Ткаченко Кравченко"
).split()

# Father's name -> the patronymic of a son and of a daughter.
FATHERS_OF_YOUNG = (
    ("Александрович", "Александровна"),
    ("Алексеевич", "Алексеевна"),
    ("Андреевич", "Андреевна"),
    ("Сергеевич", "Сергеевна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Владимирович", "Владимировна"),
    ("Николаевич", "Николаевна"),
    ("Игоревич", "Игоревна"),
    ("Олегович", "Олеговна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Михайлович", "Михайловна"),
    ("Иванович", "Ивановна"),
    ("Павлович", "Павловна"),
    ("Романович", "Романовна"),
    ("Максимович", "Максимовна"),
    ("Денисович", "Денисовна"),
    ("Константинович", "Константиновна"),
    ("Вячеславович", "Вячеславовна"),
    ("Витальевич", "Витальевна"),
    ("Юрьевич", "Юрьевна"),
)
FATHERS_OF_ADULTS = (
    ("Анатольевич", "Анатольевна"),
    ("Васильевич", "Васильевна"),
    ("Геннадьевич", "Геннадьевна"),
    ("Валерьевич", "Валерьевна"),
    ("Викторович", "Викторовна"),
    ("Юрьевич", "Юрьевна"),
    ("Петрович", "Петровна"),
    ("Григорьевич", "Григорьевна"),
    ("Николаевич", "Николаевна"),
    ("Владимирович", "Владимировна"),
    ("Иванович", "Ивановна"),
    ("Михайлович", "Михайловна"),
    ("Александрович", "Александровна"),
    ("Борисович", "Борисовна"),
    ("Леонидович", "Леонидовна"),
    ("Сергеевич", "Сергеевна"),
)
YOUNG_MEN = (
    "Артём Максим Даниил Дмитрий Кирилл Никита Иван Егор Илья Андрей Алексей Михаил "
    "Матвей Александр Роман Владислав Денис Сергей Тимофей Евгений Глеб Ярослав"
).split()
YOUNG_WOMEN = (
    "Анастасия Дарья Полина Екатерина Виктория Анна Мария Алина Ксения Софья Елизавета "
    "Валерия Арина Юлия Кристина Вероника Ангелина Варвара"
).split()
MEN = (
    "Сергей Александр Андрей Владимир Николай Игорь Олег Виктор Юрий Евгений Дмитрий "
    "Алексей Михаил Константин Вадим Роман Денис"
).split()
WOMEN = (
    "Елена Ольга Татьяна Наталья Ирина Светлана Галина Людмила Марина Надежда Оксана "
    "Анна Юлия Екатерина Лариса Валентина Евгения"
).split()


def feminine(surname: str) -> str:
    """The woman's form of a Russian surname; «-енко» and the like do not change."""
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


@dataclass(frozen=True)
class Name:
    last: str
    first: str
    patronymic: str


class NameMaker:
    """Draws full names that agree in gender and never repeat."""

    def __init__(self, rng: random.Random, taken: Sequence[Name] = ()) -> None:
        self.rng = rng
        self.taken = {(n.last, n.first, n.patronymic) for n in taken}
        self.taken_surnames = {n.last for n in taken}

    def make(self, *, female: bool, young: bool) -> Name:
        firsts = (YOUNG_WOMEN if female else YOUNG_MEN) if young else (WOMEN if female else MEN)
        fathers = FATHERS_OF_YOUNG if young else FATHERS_OF_ADULTS
        while True:
            surname = self.rng.choice(SURNAMES)
            father = self.rng.choice(fathers)
            name = Name(
                feminine(surname) if female else surname,
                self.rng.choice(firsts),
                father[1] if female else father[0],
            )
            key = (name.last, name.first, name.patronymic)
            # The people behind the logins keep their surnames to themselves.
            if key not in self.taken and name.last not in self.taken_surnames:
                self.taken.add(key)
                return name


def day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


# --- the loader ------------------------------------------------------------------------


@dataclass
class DemoSummary:
    students: int
    teachers: int
    mentorships: int
    skipped: list[str] = field(default_factory=list)


@dataclass
class StudentSlot:
    student: Student
    prefix: str
    course: int
    # As the demo made them: a student the demo later moves (demo_running) is drawn the same.
    status: str = StudentStatus.STUDYING


@dataclass
class Staff:
    """The teachers, sorted by the part they can play in the demo mentorships."""

    user_teachers: dict[str, Teacher]
    experienced: list[Teacher]
    masters: list[Teacher]
    young: list[Teacher]
    young_last_year: list[Teacher]
    disability_holders: list[Teacher]
    specialists: dict[str, Teacher]


@dataclass
class Bases:
    users: dict[str, User]
    staff: Staff
    students: list[StudentSlot]
    schools: list[PartnerOrganization]
    pupils: dict[int, list[Pupil]]
    employees: dict[int, list[PartnerEmployee]]


@transaction.atomic
def load_demo(year: AcademicYear | None = None) -> DemoSummary:
    """Loads (or completes) the demo for the given academic year: by default the year it was
    first loaded in, so a later `make run` on the same database adds nothing.

    A mentorship that a rule refuses (say, other data already gave its mentee one in the
    format) is skipped and reported instead of failing the whole load.
    """
    year = year or _first_loaded_year() or AcademicYear.current()
    rng = random.Random(SEED)  # noqa: S311 - demo names and picks, not secrets
    _load_organization()
    users = _load_users()
    names = NameMaker(rng, [Name(u.last_name, u.first_name, u.patronymic) for u in DEMO_USERS])
    # Teachers and employees first: their draws do not depend on the year, so the same
    # people come back whatever year the demo is loaded in.
    staff = _load_teachers(rng, names, users, year)
    employees = _load_enterprises(rng, names, year)
    students = _load_students(rng, names, year)
    schools, pupils = _load_schools(rng, names, year)
    bases = Bases(users, staff, students, schools, pupils, employees)
    loader = MentorshipLoader(rng, bases, year)
    loader.load()
    load_program(year, users["curator"])
    load_bases(year, users)
    load_running(year, users)
    load_monitoring(year, users)
    return DemoSummary(
        students=Student.objects.count(),
        teachers=Teacher.objects.count(),
        mentorships=Mentorship.objects.count(),
        skipped=loader.skipped,
    )


def _first_loaded_year() -> AcademicYear | None:
    curator = User.objects.filter(username="curator").first()
    return AcademicYear.of(timezone.localdate(curator.date_joined)) if curator else None


def _load_organization() -> None:
    organization = Organization.load()
    # Saved only when something differs, so a second run leaves «updated» alone.
    if any(getattr(organization, name) != value for name, value in ORGANIZATION.items()):
        for name, value in ORGANIZATION.items():
            setattr(organization, name, value)
        organization.save()


def _load_users() -> dict[str, User]:
    users: dict[str, User] = {}
    for demo in DEMO_USERS:
        defaults: dict[str, object] = {"first_name": demo.first_name, "last_name": demo.last_name}
        if demo.is_staff:
            defaults["is_staff"] = True
        user, created = User.objects.update_or_create(username=demo.username, defaults=defaults)
        # Only a new account gets the demo password: hashing on every run would rewrite it.
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name__in=[role.value for role in demo.roles]))
        for code in demo.led_formats:
            MentoringFormat.objects.get(code=code).leads.add(user)
        users[demo.username] = user
    return users


def _person_key(name: Name, birth_date: dt.date) -> dict[str, object]:
    return {
        "last_name": name.last,
        "first_name": name.first,
        "patronymic": name.patronymic,
        "birth_date": birth_date,
    }


def _load_teachers(
    rng: random.Random, names: NameMaker, users: dict[str, User], year: AcademicYear
) -> Staff:
    user_teachers: dict[str, Teacher] = {}
    for demo in DEMO_USERS:
        if demo.username not in USER_TEACHERS:
            continue
        position, born, hired = USER_TEACHERS[demo.username]
        user = users[demo.username]
        teacher, _created = Teacher.objects.get_or_create(
            **_person_key(Name(demo.last_name, demo.first_name, demo.patronymic), born),
            defaults={"position": position, "hired_on": hired},
        )
        if teacher.user_id is None and not Person.objects.filter(user=user).exists():
            teacher.user = user
            teacher.save(update_fields=["user"])
        user_teachers[demo.username] = teacher

    # (position, share of women, how many, years since hired: None = long ago).
    plan: list[tuple[str, float, int, int | None]] = [
        (TeacherPosition.TEACHER, 0.75, 17, None),
        (TeacherPosition.MASTER, 0.1, 9, None),
        (TeacherPosition.SOCIAL_PEDAGOGUE, 1.0, 1, None),
        (TeacherPosition.PSYCHOLOGIST, 1.0, 1, None),
        (TeacherPosition.ADDITIONAL_EDUCATION, 0.5, 2, None),
        (TeacherPosition.TEACHER, 0.7, 3, 0),
        (TeacherPosition.MASTER, 0.0, 1, 0),
        (TeacherPosition.TEACHER, 0.7, 1, 1),
        (TeacherPosition.TEACHER, 0.7, 1, 1),
        (TeacherPosition.MASTER, 0.0, 1, 1),
    ]
    experienced: list[Teacher] = []
    masters: list[Teacher] = []
    young: list[Teacher] = []
    young_last_year: list[Teacher] = []
    specialists: dict[str, Teacher] = {}
    for position, female_share, count, years_since_hired in plan:
        for _ in range(count):
            name = names.make(female=rng.random() < female_share, young=False)
            if years_since_hired is None:
                born = day_between(rng, dt.date(1958, 1, 1), dt.date(1990, 12, 31))
                hired_year = rng.randint(max(1991, born.year + 22), 2021)
                hired = dt.date(hired_year, 8, rng.randint(20, 31))
            else:
                born = day_between(rng, dt.date(1998, 1, 1), dt.date(2003, 6, 30))
                hired = dt.date(year.start_year - years_since_hired, 8, rng.randint(20, 31))
            teacher, _created = Teacher.objects.get_or_create(
                **_person_key(name, born), defaults={"position": position, "hired_on": hired}
            )
            if years_since_hired == 0:
                young.append(teacher)
            elif years_since_hired == 1:
                # The first of them is still in the adaptation period, the others finished it.
                (young if len(young) < 5 else young_last_year).append(teacher)
            elif position == TeacherPosition.TEACHER:
                experienced.append(teacher)
            elif position == TeacherPosition.MASTER:
                masters.append(teacher)
            else:
                specialists.setdefault(position, teacher)

    holders = [user_teachers["teacher"], *rng.sample(experienced, 4), rng.choice(masters)]
    for teacher in holders:
        title, provider, hours = DISABILITY_COURSE
        _load_course(teacher, title, provider, hours, _course_day(rng), covers_disabilities=True)
    for teacher in rng.sample([*experienced, *masters], 16):
        title, provider, hours = rng.choice(ORDINARY_COURSES)
        _load_course(teacher, title, provider, hours, _course_day(rng), covers_disabilities=False)
    return Staff(
        user_teachers=user_teachers,
        experienced=[t for t in experienced if t not in holders],
        masters=[t for t in masters if t not in holders],
        young=young,
        young_last_year=young_last_year,
        disability_holders=holders[1:],
        specialists=specialists,
    )


def _course_day(rng: random.Random) -> dt.date:
    return day_between(rng, dt.date(2019, 1, 15), dt.date(2024, 6, 30))


def _load_course(
    teacher: Teacher,
    title: str,
    provider: str,
    hours: int,
    completed_on: dt.date,
    *,
    covers_disabilities: bool,
) -> None:
    QualificationCourse.objects.get_or_create(
        person=teacher,
        title=title,
        completed_on=completed_on,
        defaults={"provider": provider, "hours": hours, "covers_disabilities": covers_disabilities},
    )


def _load_enterprises(
    rng: random.Random, names: NameMaker, year: AcademicYear
) -> dict[int, list[PartnerEmployee]]:
    employees: dict[int, list[PartnerEmployee]] = {}
    for index, (short_name, full_name, address, number, staff) in enumerate(ENTERPRISES):
        enterprise = _load_partner(PartnerKind.ENTERPRISE, short_name, full_name, address)
        signed = dt.date(year.start_year - 2, 8, 20 + index)
        _load_agreement(
            enterprise,
            number,
            signed,
            valid_to=dt.date(year.start_year + 3, 8, 31),
            subject=(
                "о сетевом взаимодействии и наставничестве: практическая подготовка "
                "обучающихся и наставничество работников предприятия над студентами техникума"
            ),
        )
        employees[index] = []
        for position, female in staff:
            name = names.make(female=female, young=False)
            born = day_between(rng, dt.date(1968, 1, 1), dt.date(1994, 12, 31))
            employee, _created = PartnerEmployee.objects.get_or_create(
                **_person_key(name, born),
                defaults={"organization": enterprise, "position": position},
            )
            employees[index].append(employee)
    return employees


def _load_partner(kind: str, short_name: str, full_name: str, address: str) -> PartnerOrganization:
    partner, _created = PartnerOrganization.objects.update_or_create(
        short_name=short_name, defaults={"kind": kind, "name": full_name, "address": address}
    )
    return partner


def _load_agreement(
    partner: PartnerOrganization,
    number: str,
    signed: dt.date,
    *,
    valid_to: dt.date | None,
    subject: str,
) -> None:
    Agreement.objects.update_or_create(
        organization=partner,
        number=number,
        defaults={
            "signed_on": signed,
            "valid_from": signed,
            "valid_to": valid_to,
            "subject": subject,
        },
    )


def _load_students(rng: random.Random, names: NameMaker, year: AcademicYear) -> list[StudentSlot]:
    for code, title in SPECIALTIES.items():
        Specialty.objects.update_or_create(code=code, defaults={"title": title})
    specialties = {s.code: s for s in Specialty.objects.filter(code__in=SPECIALTIES)}
    slots = []
    for plan in GROUPS:
        admitted = year.start_year - plan.course + 1
        group, _created = StudyGroup.objects.update_or_create(
            name=f"{plan.prefix}-{admitted % 100:02d}",
            defaults={"specialty": specialties[plan.specialty], "course": plan.course},
        )
        for place in range(plan.size):
            name = names.make(female=rng.random() < plan.female_share, young=True)
            # Admitted after the 9th grade: fifteen or sixteen on the first of September.
            born = day_between(rng, dt.date(admitted - 16, 9, 1), dt.date(admitted - 15, 8, 31))
            status = STUDENT_STATUSES.get((plan.prefix, plan.course, place), StudentStatus.STUDYING)
            student, _created = Student.objects.get_or_create(
                **_person_key(name, born), defaults={"group": group, "status": status}
            )
            # Someone may have moved or expelled the student since; the pools skip them.
            if student.group_id == group.pk:
                slots.append(StudentSlot(student, plan.prefix, plan.course, status))
    return slots


def _load_schools(
    rng: random.Random, names: NameMaker, year: AcademicYear
) -> tuple[list[PartnerOrganization], dict[int, list[Pupil]]]:
    schools: list[PartnerOrganization] = []
    pupils: dict[int, list[Pupil]] = {}
    for index, (short_name, full_name, address, number) in enumerate(SCHOOLS):
        school = _load_partner(PartnerKind.SCHOOL, short_name, full_name, address)
        _load_agreement(
            school,
            number,
            dt.date(year.start_year - 3, 8, 28),
            valid_to=None,
            subject=(
                "о сотрудничестве в реализации программы наставничества «студент – ученик» "
                "и профориентационной работе"
            ),
        )
        schools.append(school)
        pupils[index] = []
        for grade in PUPIL_GRADES:
            name = names.make(female=rng.random() < 0.5, young=True)
            # A first-grader is seven by the first of September.
            entered = year.start_year - grade + 1
            born = day_between(rng, dt.date(entered - 8, 9, 1), dt.date(entered - 7, 8, 31))
            pupil, _created = Pupil.objects.get_or_create(
                **_person_key(name, born),
                defaults={"school": school, "grade": grade, "class_letter": rng.choice("АБ")},
            )
            pupils[index].append(pupil)
    return schools, pupils


def _load_decision(body: str, number: str, decided_on: dt.date, **details: object) -> Decision:
    decision, _created = Decision.objects.update_or_create(
        body=body, number=number, decided_on=decided_on, defaults=details
    )
    decision.full_clean()
    if not decision.scan:
        attach_demo_scan(decision)
    return decision


class MentorshipLoader:
    """Draws this year's and last year's mentorships from the bases and creates the missing."""

    def __init__(self, rng: random.Random, bases: Bases, year: AcademicYear) -> None:
        self.rng = rng
        self.bases = bases
        self.year = year
        self.free_students = [
            slot for slot in bases.students if slot.status == StudentStatus.STUDYING
        ]
        self.free_pupils = {index: list(pupils) for index, pupils in bases.pupils.items()}
        self.free_experienced = list(bases.staff.experienced)
        self.free_masters = list(bases.staff.masters)
        self.formats = {f.code: f for f in MentoringFormat.objects.all()}
        self.variants = {
            (v.format.code, v.code): v for v in FormatVariant.objects.select_related("format")
        }
        self.skipped: list[str] = []

    # People are drawn without replacement, so nobody is in two mentorships as a mentee.
    def students(self, course: int, prefix: str | None = None, count: int = 1) -> list[Person]:
        candidates = [
            slot
            for slot in self.free_students
            if slot.course == course and (prefix is None or slot.prefix == prefix)
        ]
        chosen = self.rng.sample(candidates, count)
        for slot in chosen:
            self.free_students.remove(slot)
        return [slot.student for slot in chosen]

    def pupils(self, school: int, grades: Sequence[int], count: int = 1) -> list[Person]:
        candidates = [p for p in self.free_pupils[school] if p.grade in grades]
        chosen = self.rng.sample(candidates, count)
        for pupil in chosen:
            self.free_pupils[school].remove(pupil)
        return list(chosen)

    def teacher(self, pool: list[Teacher]) -> list[Person]:
        teacher = pool.pop(self.rng.randrange(len(pool)))
        return [teacher]

    def load(self) -> None:
        y = self.year.start_year
        this_end, last_end = dt.date(y + 1, 6, 30), dt.date(y, 6, 30)
        bases = self.bases
        staff = bases.staff
        orlov, belova = staff.user_teachers["teacher"], staff.user_teachers["methodist"]
        school_1, school_2 = bases.schools
        enterprise_1 = bases.employees[0][0].organization
        enterprise_2 = bases.employees[1][0].organization
        holders = staff.disability_holders

        # Last year first: they are completed before this year's pairs are formed.
        council_last = _load_decision(
            DecisionBody.PEDAGOGICAL_COUNCIL,
            "2",
            dt.date(y - 1, 9, 29),
            student_council_opinion=(
                "Студенческий совет поддерживает предложенные кандидатуры наставников "
                "(протокол заседания студенческого совета № 1 от "
                f"{format_day(dt.date(y - 1, 9, 23))})."
            ),
        )
        project_last = _load_decision(
            DecisionBody.PROJECT_HEAD,
            "1",
            dt.date(y - 1, 10, 3),
            partner=school_1,
            school_curator_opinion=(
                "Куратор проекта от школы, заместитель директора по воспитательной работе, "
                "согласовал состав пар."
            ),
        )
        employer_last = _load_decision(
            DecisionBody.EMPLOYER,
            "9",
            dt.date(y - 1, 10, 6),
            partner=enterprise_1,
            college_approval=(
                "Согласовано заместителем директора по учебно-производственной работе "
                f"{format_day(dt.date(y - 1, 10, 5))}."
            ),
        )
        self.add(
            "student_student/achiever_underachiever",
            self.students(4, "ПР"),
            self.students(2, "ПР"),
            council_last,
            last_end,
            ended_on=last_end,
        )
        self.add(
            "student_student/leader_passive",
            self.students(3, "АТ"),
            self.students(2, "АТ"),
            council_last,
            last_end,
            ended_on=last_end,
        )
        self.add(
            "teacher_teacher",
            self.teacher(self.free_experienced),
            [staff.young_last_year[0]],
            council_last,
            last_end,
            ended_on=last_end,
        )
        self.add(
            "teacher_teacher",
            self.teacher(self.free_masters),
            [staff.young_last_year[1]],
            council_last,
            last_end,
            ended_on=last_end,
        )
        self.add(
            "teacher_student/gifted",
            self.teacher(self.free_experienced),
            self.students(3, "ПК"),
            council_last,
            last_end,
            ended_on=last_end,
        )
        self.add(
            "teacher_student/risk_group",
            self.teacher(self.free_masters),
            self.students(2, "ЭМ"),
            council_last,
            last_end,
            ended_on=dt.date(y, 2, 16),
        )
        self.add(
            "student_pupil/passive",
            self.students(4, "ЭМ"),
            self.pupils(0, [10]),
            project_last,
            last_end,
            ended_on=last_end,
        )
        self.add(
            "employer_student",
            [bases.employees[0][2]],
            self.students(4, "ПР"),
            employer_last,
            last_end,
            ended_on=last_end,
        )

        council = _load_decision(
            DecisionBody.PEDAGOGICAL_COUNCIL,
            "2",
            dt.date(y, 9, 30),
            student_council_opinion=(
                "Студенческий совет рекомендует наставниками студентов старших курсов с "
                "лидерскими качествами (протокол заседания студенческого совета № 1 от "
                f"{format_day(dt.date(y, 9, 24))})."
            ),
        )
        working_group = _load_decision(
            DecisionBody.WORKING_GROUP,
            "3",
            dt.date(y, 10, 7),
            student_council_opinion=(
                "Мнение студенческого совета учтено: кандидатуры наставников одобрены "
                f"{format_day(dt.date(y, 10, 6))}."
            ),
        )
        projects = [
            _load_decision(
                DecisionBody.PROJECT_HEAD,
                number,
                dt.date(y, 10, 2),
                partner=school,
                school_curator_opinion=(
                    f"Куратор проекта от {school.short_name} поддерживает закрепление "
                    "учеников за студентами-наставниками."
                ),
            )
            for number, school in (("1", school_1), ("2", school_2))
        ]
        employers = [
            _load_decision(
                DecisionBody.EMPLOYER,
                number,
                dt.date(y, 10, day),
                partner=enterprise,
                college_approval=(
                    "Согласовано с техникумом: заместитель директора по учебно-производственной "
                    f"работе, {format_day(dt.date(y, 10, day))}."
                ),
            )
            for number, day, enterprise in (("12", 5, enterprise_1), ("7", 6, enterprise_2))
        ]

        # «Студент – студент»: the mentor is on a higher course, mentees mainly first-years.
        self.add(
            "student_student/achiever_underachiever",
            self.students(3, "ПР"),
            self.students(1, "ПР"),
            council,
            this_end,
        )
        self.add(
            "student_student/achiever_underachiever",
            self.students(4, "ЭМ"),
            self.students(1, "ЭМ", 3),
            council,
            this_end,
        )
        self.add(
            "student_student/achiever_underachiever",
            self.students(2, "ЭМ"),
            self.students(1, "СВ"),
            council,
            this_end,
        )
        self.add(
            "student_student/leader_passive",
            self.students(3, "АТ"),
            self.students(1, "ЭМ"),
            council,
            this_end,
        )
        self.add(
            "student_student/leader_passive",
            [*self.students(4, "ПР"), *self.students(3, "ПР")],
            self.students(1, "ПР", 2),
            council,
            this_end,
        )
        self.add(
            "student_student/peer_to_peer",
            self.students(2, "ЗУ"),
            self.students(1, "СВ"),
            council,
            this_end,
        )
        self.add(
            "student_student/peer_to_peer",
            self.students(3, "ПК"),
            self.students(2, "ЗУ"),
            council,
            this_end,
        )
        self.add(
            "student_student/leader_passive",
            self.students(2, "ПР"),
            self.students(1, "ПР"),
            working_group,
            this_end,
        )
        self.add(
            "student_student/peer_to_peer",
            self.students(2, "АТ"),
            self.students(1, "ЭМ"),
            working_group,
            this_end,
        )
        self.add(
            "student_student/achiever_underachiever",
            self.students(4, "ЭМ"),
            self.students(1, "ЭМ"),
            working_group,
            this_end,
        )

        # «Педагог – педагог»: young teachers hired this summer or last.
        adaptation_end = dt.date(y + 1, 8, 31)
        young = staff.young
        self.add("teacher_teacher", [orlov], [young[0]], working_group, adaptation_end)
        self.add("teacher_teacher", [belova], [young[1]], working_group, adaptation_end)
        self.add(
            "teacher_teacher",
            self.teacher(self.free_experienced),
            [young[2], young[3]],
            working_group,
            adaptation_end,
        )
        self.add(
            "teacher_teacher",
            self.teacher(self.free_masters),
            [young[4]],
            working_group,
            adaptation_end,
        )

        # «Педагог – студент».
        self.add(
            "teacher_student/gifted",
            [orlov],
            [*self.students(3, "ПР"), *self.students(4, "ПР")],
            council,
            this_end,
        )
        self.add(
            "teacher_student/gifted",
            self.teacher(self.free_experienced),
            self.students(2, "ЗУ"),
            council,
            this_end,
        )
        self.add(
            "teacher_student/gifted",
            self.teacher(self.free_experienced),
            self.students(1, "ПР"),
            council,
            this_end,
        )
        self.add("teacher_student/disabilities", [orlov], self.students(2, "АТ"), council, this_end)
        self.add(
            "teacher_student/disabilities",
            [holders[0]],
            self.students(1, "СВ"),
            council,
            this_end,
        )
        self.add(
            "teacher_student/disabilities",
            [holders[1]],
            self.students(3, "ПК"),
            council,
            this_end,
        )
        self.add(
            "teacher_student/risk_group",
            self.teacher(self.free_masters),
            self.students(1, "СВ"),
            working_group,
            this_end,
        )
        self.add(
            "teacher_student/risk_group",
            [staff.specialists[TeacherPosition.SOCIAL_PEDAGOGUE]],
            self.students(1, "ЭМ", 2),
            working_group,
            this_end,
        )
        self.add(
            "teacher_student/risk_group",
            [staff.specialists[TeacherPosition.PSYCHOLOGIST]],
            self.students(2, "ПР"),
            working_group,
            this_end,
        )

        # «Студент – ученик»: pupils of the school whose project head decided.
        self.add(
            "student_pupil/passive",
            self.students(3, "ПР"),
            self.pupils(0, [9]),
            projects[0],
            this_end,
        )
        self.add(
            "student_pupil/passive",
            self.students(2, "ЭМ"),
            self.pupils(1, [8]),
            projects[1],
            this_end,
        )
        self.add(
            "student_pupil/passive",
            self.students(2, "АТ"),
            self.pupils(1, [9]),
            projects[1],
            this_end,
        )
        self.add(
            "student_pupil/active",
            self.students(4, "ПР"),
            self.pupils(0, [10, 11], 3),
            projects[0],
            this_end,
        )
        self.add(
            "student_pupil/active",
            self.students(3, "ПК"),
            self.pupils(1, [11]),
            projects[1],
            this_end,
        )

        # «Работодатель – студент»: staff of the enterprise that decided.
        staff_1, staff_2 = bases.employees[0], bases.employees[1]
        self.add("employer_student", [staff_1[0]], self.students(4, "ПР"), employers[0], this_end)
        self.add("employer_student", [staff_1[1]], self.students(3, "ПР"), employers[0], this_end)
        self.add(
            "employer_student", [staff_2[1]], self.students(4, "ЭМ", 2), employers[1], this_end
        )
        self.add("employer_student", [staff_2[0]], self.students(3, "АТ"), employers[1], this_end)
        self.add("employer_student", [staff_2[2]], self.students(3, "ПР"), employers[1], this_end)

    def add(
        self,
        kind: str,
        mentors: list[Person],
        mentees: list[Person],
        decision: Decision,
        planned_end_on: dt.date,
        *,
        ended_on: dt.date | None = None,
    ) -> None:
        """Creates the mentorship unless its mentees already have it in this format.

        With ended_on it is closed at once: completed on the planned end, terminated before.
        """
        format_code, _slash, variant_code = kind.partition("/")
        format = self.formats[format_code]
        if self._exists(format, mentees):
            return
        variant = self.variants[(format_code, variant_code)] if variant_code else None
        started_on = decision.decided_on + dt.timedelta(days=2)
        # What the rules ask of the people before a pair is formed: a mentor profile with room
        # for these mentees, the ОВЗ or risk-group status on record under a consent, and the
        # consents to taking part in the program.
        make_room(mentors, mentees)
        record_special_status(mentees, variant, decision.decided_on)
        record_program_consents([*mentors, *mentees], decision.decided_on)
        try:
            mentorship = create_mentorship(
                format=format,
                variant=variant,
                mentors=mentors,
                mentees=mentees,
                decision=decision,
                started_on=started_on,
                planned_end_on=planned_end_on,
                created_by=self.bases.users["curator"],
            )
        except ValidationError:
            # Only the format is reported: the refusal names people (and their variant).
            self.skipped.append(format.title)
            return
        if ended_on is not None:
            close_demo_mentorship(mentorship, ended_on, self.bases.users["curator"])

    @staticmethod
    def _exists(format: MentoringFormat, mentees: list[Person]) -> bool:
        wanted = {person.pk for person in mentees}
        candidates = Mentorship.objects.filter(format=format, mentees=mentees[0])
        return any(
            {person.pk for person in mentorship.mentees.all()} == wanted
            for mentorship in candidates.prefetch_related("mentees")
        )
