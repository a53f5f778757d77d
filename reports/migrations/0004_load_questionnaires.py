"""Loads the ten questionnaires of monitoring (Р-145; МР-42/02, приложение 2), version 1.

The wording is data, in Russian, kept as the college asks it: the curator edits it in the app
(an edit of a questionnaire that has answers makes a new version). The items of the
questionnaires «МР-42/02, приложение 2» are recalled from published school and college
questionnaires built on those guidelines, not from the official text; the adaptation
questionnaires of a young teacher were made by the college from the goals the Положение sets
for «педагог – педагог».

Keys are stable: an entry item and its exit item share one, so that stage 2 compares the same
participant's answers item by item. A tag marks the item an indicator counts (satisfaction,
ready to continue, …); in each questionnaire a tag is on one item at most, growth aside (every
compared item of stage 2). Loading twice changes nothing; the reverse deletes them.
"""

from django.db import migrations

SCALE_HINT = "1 — самый низкий балл, 10 — самый высокий."
PRIVACY_NOTE = (
    "Ваши ответы видят только куратор программы и ответственный за форму наставничества; "
    "руководству и в отчёты попадают только обобщённые результаты."
)
FREQUENCIES = ["раз в неделю и чаще", "два раза в месяц", "раз в месяц", "реже раза в месяц"]
NOT_TEACHERS = ["student_student", "teacher_student", "student_pupil", "employer_student"]


def scale(key, text, *, section, tag="", direction="higher", required=True, help_text=""):
    return {
        "key": key,
        "text": text,
        "section": section,
        "kind": "scale",
        "min_value": 1,
        "max_value": 10,
        "direction": direction,
        "tag": tag,
        "required": required,
        "help_text": help_text or SCALE_HINT,
    }


def yes_no(key, text, *, section, tag="", direction="higher", required=True, help_text=""):
    return {
        "key": key,
        "text": text,
        "section": section,
        "kind": "yes_no",
        "direction": direction,
        "tag": tag,
        "required": required,
        "help_text": help_text,
    }


def open_text(key, text, *, section, required=False, help_text=""):
    return {
        "key": key,
        "text": text,
        "section": section,
        "kind": "text",
        "direction": "none",
        "required": required,
        "help_text": help_text,
    }


def single(key, text, choices, *, section, tag="", required=True, help_text=""):
    return {
        "key": key,
        "text": text,
        "section": section,
        "kind": "single",
        "choices": choices,
        "direction": "none",
        "tag": tag,
        "required": required,
        "help_text": help_text,
    }


def multiple(key, text, choices, *, section, required=False, help_text=""):
    return {
        "key": key,
        "text": text,
        "section": section,
        "kind": "multiple",
        "choices": choices,
        "direction": "none",
        "required": required,
        "help_text": help_text,
    }


# --- Stage 1: the quality of the process -----------------------------------------------------

EXPERIENCE = "Опыт участия в наставничестве"
RATING = "Оценка работы в программе"
IMPRESSIONS = "Ваши впечатления"
OUTCOME = "Итоги участия"

MENTEE_PROCESS = [
    yes_no(
        "prior_experience",
        "Встречались ли вы раньше с программой наставничества?",
        section=EXPERIENCE,
        direction="none",
    ),
    open_text(
        "prior_where",
        "Если да, то где (в школе, в техникуме, на предприятии)?",
        section=EXPERIENCE,
    ),
    scale(
        "comfort",
        "Насколько комфортным было общение с наставником?",
        section=RATING,
        tag="comfort",
    ),
    scale(
        "individual_meetings",
        "Насколько полезными были индивидуальные встречи с наставником?",
        section=RATING,
        tag="usefulness",
    ),
    scale(
        "group_meetings",
        "Насколько полезными были групповые встречи и мероприятия?",
        section=RATING,
        required=False,
        help_text=SCALE_HINT + " Пропустите вопрос, если групповых встреч не было.",
    ),
    scale(
        "clarity",
        "Насколько понятны вам были задачи программы наставничества?",
        section=RATING,
        tag="clarity",
    ),
    scale(
        "satisfaction",
        "Насколько вы удовлетворены совместной работой с наставником?",
        section=RATING,
        tag="satisfaction",
    ),
    scale(
        "expectations",
        "Насколько оправдались ваши ожидания от участия в программе?",
        section=RATING,
        tag="expectations",
    ),
    single(
        "meeting_frequency",
        "Как часто вы встречались с наставником?",
        FREQUENCIES,
        section=RATING,
        tag="meeting_frequency",
    ),
    multiple(
        "helped_with",
        "В чём вам помогла работа с наставником?",
        [
            "в учёбе",
            "в освоении профессиональных навыков",
            "в адаптации в группе и в техникуме",
            "в выборе профессионального пути",
            "в участии в конкурсах, чемпионатах и проектах",
            "в решении личных трудностей",
        ],
        section=IMPRESSIONS,
        help_text="Можно выбрать несколько вариантов.",
    ),
    open_text(
        "expected",
        "Чего вы ожидали от участия в программе наставничества?",
        section=IMPRESSIONS,
    ),
    open_text(
        "most_valuable",
        "Что в работе с наставником было для вас самым ценным?",
        section=IMPRESSIONS,
    ),
    open_text(
        "missing",
        "Чего вам не хватило в программе? Что стоит изменить?",
        section=IMPRESSIONS,
    ),
    yes_no(
        "liked",
        "Понравилось ли вам участвовать в программе наставничества?",
        section=OUTCOME,
        tag="liked",
    ),
    yes_no(
        "continue",
        "Хотели бы вы продолжить работу в программе наставничества?",
        section=OUTCOME,
        tag="continue",
    ),
    yes_no(
        "become_mentor",
        "Хотели бы вы сами стать наставником?",
        section=OUTCOME,
        tag="become_mentor",
    ),
]

MENTOR_PROCESS = [
    yes_no(
        "prior_experience",
        "Участвовали ли вы раньше в программах наставничества?",
        section=EXPERIENCE,
        direction="none",
    ),
    open_text(
        "prior_where",
        "Если да, то где и в какой роли (наставника или наставляемого)?",
        section=EXPERIENCE,
    ),
    scale(
        "effectiveness",
        "Насколько эффективной, по вашему мнению, была программа наставничества?",
        section=RATING,
    ),
    scale(
        "comfort",
        "Насколько комфортным было общение с наставляемым?",
        section=RATING,
        tag="comfort",
    ),
    scale(
        "work_comfort",
        "Насколько комфортно вам было работать в программе (организация, время, условия)?",
        section=RATING,
    ),
    scale(
        "individual_meetings",
        "Насколько полезными, на ваш взгляд, были индивидуальные встречи с наставляемым?",
        section=RATING,
        tag="usefulness",
    ),
    scale(
        "group_meetings",
        "Насколько полезными были групповые встречи и мероприятия?",
        section=RATING,
        required=False,
        help_text=SCALE_HINT + " Пропустите вопрос, если групповых встреч не было.",
    ),
    scale(
        "clarity",
        "Насколько понятны вам были задачи программы и ваша роль наставника?",
        section=RATING,
        tag="clarity",
    ),
    scale(
        "curator_support",
        "Насколько полезной была для вас поддержка куратора программы?",
        section=RATING,
    ),
    scale(
        "satisfaction",
        "Насколько вы удовлетворены совместной работой с наставляемым?",
        section=RATING,
        tag="satisfaction",
    ),
    scale(
        "expectations",
        "Насколько оправдались ваши ожидания от участия в программе?",
        section=RATING,
        tag="expectations",
    ),
    single(
        "meeting_frequency",
        "Как часто вы встречались с наставляемым?",
        FREQUENCIES,
        section=RATING,
        tag="meeting_frequency",
    ),
    open_text(
        "most_valuable",
        "Что было самым ценным в вашей работе наставника?",
        section=IMPRESSIONS,
    ),
    open_text(
        "missing",
        "Что мешало работе, чего не хватило? Что стоит изменить в программе?",
        section=IMPRESSIONS,
    ),
    yes_no(
        "liked",
        "Понравилось ли вам участвовать в программе наставничества?",
        section=OUTCOME,
        tag="liked",
    ),
    yes_no(
        "continue",
        "Готовы ли вы продолжить работу наставником в следующем учебном году?",
        section=OUTCOME,
        tag="continue",
    ),
]

ORGANIZATION = "Организация программы"
PROCESS = "Работа наставнических пар"
PROPOSALS = "Трудности и предложения"
FROM_THE_APP = "Можно свериться с данными приложения: "

CURATOR = [
    yes_no(
        "order_in_place",
        "Утверждены ли приказ о внедрении целевой модели наставничества, Положение о "
        "наставничестве и план мероприятий на текущий учебный год?",
        section=ORGANIZATION,
    ),
    yes_no(
        "bases_updated",
        "Сформированы ли и своевременно обновлены базы наставников и наставляемых?",
        section=ORGANIZATION,
        help_text=FROM_THE_APP + "базы наставников и наставляемых текущего года.",
    ),
    yes_no(
        "pairs_by_decisions",
        "Все ли наставнические пары (группы) сформированы решениями уполномоченного органа "
        "(педагогического совета, рабочей группы, работодателя)?",
        section=ORGANIZATION,
        help_text=FROM_THE_APP + "реестр наставнических пар.",
    ),
    yes_no(
        "personal_plans",
        "Есть ли у каждой пары персонализированная программа наставничества (у молодого "
        "педагога — план адаптации)?",
        section=PROCESS,
        help_text=FROM_THE_APP + "персональные планы пар.",
    ),
    scale(
        "meetings_regular",
        "Насколько регулярно проходят встречи наставников и наставляемых?",
        section=PROCESS,
        help_text=SCALE_HINT + " " + FROM_THE_APP + "журнал встреч пар.",
    ),
    yes_no(
        "mentors_trained",
        "Прошли ли наставники обучение (школа наставников, курсы повышения квалификации)?",
        section=PROCESS,
        help_text=FROM_THE_APP + "обучение наставников.",
    ),
    yes_no(
        "incentives_applied",
        "Применялись ли в этом году меры поощрения наставников (раздел 6 Положения)?",
        section=PROCESS,
        help_text=FROM_THE_APP + "поощрения наставников.",
    ),
    yes_no(
        "partners_involved",
        "Вовлечены ли в программу организации-партнёры (школы, предприятия)?",
        section=PROCESS,
    ),
    yes_no(
        "site_coverage",
        "Освещается ли реализация программы на сайте техникума и в социальных сетях?",
        section=PROCESS,
        help_text=FROM_THE_APP + "публикации о программе.",
    ),
    scale(
        "overall",
        "Как вы в целом оцениваете качество реализации программы в этом учебном году?",
        section=PROCESS,
    ),
    open_text(
        "difficulties",
        "Основные трудности в реализации программы наставничества",
        section=PROPOSALS,
        required=True,
    ),
    open_text(
        "proposals",
        "Предложения по совершенствованию программы на следующий учебный год",
        section=PROPOSALS,
        required=True,
    ),
]

SWOT = [
    open_text(
        "strengths",
        "Сильные стороны",
        section="Внутренние факторы",
        required=True,
        help_text="Например: «85 % участников понравилась программа, они готовы продолжить». "
        "Каждый пункт с новой строки.",
    ),
    open_text(
        "weaknesses",
        "Слабые стороны",
        section="Внутренние факторы",
        required=True,
        help_text="Например: «встречи пар нерегулярны». Каждый пункт с новой строки.",
    ),
    open_text(
        "opportunities",
        "Возможности",
        section="Внешние факторы",
        required=True,
        help_text="Например: «новые партнёры среди предприятий района». "
        "Каждый пункт с новой строки.",
    ),
    open_text(
        "threats",
        "Угрозы",
        section="Внешние факторы",
        required=True,
        help_text="Например: «высокая нагрузка педагогов-наставников». "
        "Каждый пункт с новой строки.",
    ),
]

# --- Stage 2: growth, an entry and an exit questionnaire with the same keys ------------------

SELF_ASSESSMENT = "Самооценка"
BY_STAFF = "Заполняет сотрудник техникума"


def mentee_growth(*, exit):
    return [
        scale(
            "engagement",
            "Насколько вы вовлечены в жизнь техникума (учёба, мероприятия, проекты)?",
            section=SELF_ASSESSMENT,
            tag="growth",
        ),
        scale(
            "specialty_interest",
            "Насколько вам интересна выбранная специальность (профессия)?",
            section=SELF_ASSESSMENT,
            tag="growth",
        ),
        scale(
            "self_confidence",
            "Насколько вы уверены в себе в учёбе и в общении?",
            section=SELF_ASSESSMENT,
            tag="growth",
        ),
        scale(
            "anxiety",
            "Насколько сильно вы тревожитесь из-за учёбы или отношений в группе?",
            section=SELF_ASSESSMENT,
            tag="growth",
            direction="lower",
            help_text="1 — совсем не тревожусь, 10 — тревожусь очень сильно.",
        ),
        scale(
            "future_clarity",
            "Насколько ясно вы представляете своё профессиональное будущее?",
            section=SELF_ASSESSMENT,
            tag="growth",
        ),
        scale(
            "planning",
            "Насколько хорошо вы умеете планировать своё время и ставить цели?",
            section=SELF_ASSESSMENT,
            tag="growth",
        ),
        open_text(
            "notes",
            "Что изменилось для вас за время работы с наставником?"
            if exit
            else "Чего вы ждёте от работы с наставником?",
            section=SELF_ASSESSMENT,
        ),
        {
            "key": "grade_average",
            "text": "Средний балл успеваемости за последний семестр",
            "section": BY_STAFF,
            "kind": "number",
            "min_value": 2,
            "max_value": 5,
            "direction": "higher",
            "tag": "grade_average",
            "required": False,
            "staff_only": True,
            "help_text": "Вносит куратор группы или куратор программы по ведомости; "
            "для школьников и работников предприятий не заполняется.",
        },
    ]


def mentor_growth(*, exit):
    return [
        scale(
            "engagement",
            "Насколько вы вовлечены в жизнь техникума и в работу с обучающимися или коллегами?",
            section=SELF_ASSESSMENT,
            tag="growth",
        ),
        scale(
            "mentoring_confidence",
            "Насколько вы уверены в своих навыках наставника?",
            section=SELF_ASSESSMENT,
            tag="growth",
        ),
        scale(
            "communication",
            "Насколько легко вам выстраивать общение с наставляемыми?",
            section=SELF_ASSESSMENT,
            tag="growth",
        ),
        scale(
            "professional_satisfaction",
            "Насколько вы удовлетворены своим профессиональным развитием?",
            section=SELF_ASSESSMENT,
            tag="growth",
        ),
        scale(
            "workload",
            "Насколько высока для вас нагрузка (учёба или работа вместе с наставничеством)?",
            section=SELF_ASSESSMENT,
            tag="growth",
            direction="lower",
            help_text="1 — нагрузка совсем не ощущается, 10 — нагрузка чрезмерная.",
        ),
        scale(
            "planning",
            "Насколько хорошо вы умеете планировать своё время и ставить цели?",
            section=SELF_ASSESSMENT,
            tag="growth",
        ),
        open_text(
            "notes",
            "Чему вы научились как наставник за это время?"
            if exit
            else "Чего вы ждёте от работы наставником?",
            section=SELF_ASSESSMENT,
        ),
    ]


ADAPTATION_SECTION = "Адаптация в техникуме"


def adaptation(*, exit):
    return [
        scale(
            "staff_adaptation",
            "Насколько комфортно вы чувствуете себя в педагогическом коллективе?",
            section=ADAPTATION_SECTION,
            tag="growth",
        ),
        scale(
            "methods_confidence",
            "Насколько уверенно вы применяете методы и технологии обучения?",
            section=ADAPTATION_SECTION,
            tag="growth",
        ),
        scale(
            "lesson_management",
            "Насколько уверенно вы организуете работу группы и дисциплину на занятии?",
            section=ADAPTATION_SECTION,
            tag="growth",
        ),
        scale(
            "workload",
            "Насколько тяжела для вас учебная и документационная нагрузка?",
            section=ADAPTATION_SECTION,
            tag="growth",
            direction="lower",
            help_text="1 — нагрузка посильная, 10 — нагрузка чрезмерная.",
        ),
        scale(
            "professional_satisfaction",
            "Насколько вы удовлетворены своей профессиональной деятельностью?",
            section=ADAPTATION_SECTION,
            tag="growth",
        ),
        yes_no(
            "stay",
            "Я планирую работать в техникуме в следующем учебном году",
            section=ADAPTATION_SECTION,
            tag="stay",
        ),
        open_text(
            "difficulties",
            "Какие трудности остались? В чём наставник помог больше всего?"
            if exit
            else "Какие трудности вы испытываете в работе сейчас?",
            section=ADAPTATION_SECTION,
        ),
    ]


GUIDELINES = "МР-42/02, приложение 2"
COLLEGE = "разработано в ОО"

PROCESS_INTRO = (
    "Анкета помогает оценить, как идёт работа в программе наставничества. Оцените "
    "утверждения по шкале от 1 до 10, где 1 — самый низкий балл, 10 — самый высокий, и "
    "ответьте на вопросы. "
)
GROWTH_INTRO = (
    "Анкета заполняется дважды: в начале работы с наставником и по её окончании, чтобы "
    "увидеть изменения. Оцените себя по шкале от 1 до 10. "
)

QUESTIONNAIRES = [
    {
        "code": "mentee-process",
        "title": "Анкета наставляемого: качество процесса наставничества",
        "purpose": "mentee_process",
        "respondent": "mentee",
        "stage": 1,
        "source": GUIDELINES,
        "introduction": PROCESS_INTRO + PRIVACY_NOTE + " Наставник ваших ответов не видит.",
        "format_codes": [],
        "questions": MENTEE_PROCESS,
    },
    {
        "code": "mentor-process",
        "title": "Анкета наставника: качество процесса наставничества",
        "purpose": "mentor_process",
        "respondent": "mentor",
        "stage": 1,
        "source": GUIDELINES,
        "introduction": PROCESS_INTRO + PRIVACY_NOTE,
        "format_codes": [],
        "questions": MENTOR_PROCESS,
    },
    {
        "code": "curator",
        "title": "Анкета куратора программы наставничества",
        "purpose": "curator",
        "respondent": "curator",
        "stage": 1,
        "source": GUIDELINES,
        "introduction": "Заполняется куратором программы один раз в учебный год, перед "
        "отчётом о мониторинге. Часть ответов можно сверить с данными приложения.",
        "format_codes": [],
        "questions": CURATOR,
    },
    {
        "code": "swot",
        "title": "SWOT-анализ формы наставничества",
        "purpose": "swot",
        "respondent": "curator",
        "stage": 1,
        "source": GUIDELINES,
        "introduction": "Составляется куратором по каждой форме наставничества один раз в "
        "учебный год по итогам анкетирования участников.",
        "format_codes": [],
        "questions": SWOT,
    },
    {
        "code": "mentee-growth-entry",
        "title": "Входная анкета наставляемого: личностный и профессиональный рост",
        "purpose": "mentee_growth_entry",
        "respondent": "mentee",
        "stage": 2,
        "source": GUIDELINES,
        "introduction": GROWTH_INTRO + PRIVACY_NOTE + " Наставник ваших ответов не видит.",
        "format_codes": NOT_TEACHERS,
        "questions": mentee_growth(exit=False),
    },
    {
        "code": "mentee-growth-exit",
        "title": "Итоговая анкета наставляемого: личностный и профессиональный рост",
        "purpose": "mentee_growth_exit",
        "respondent": "mentee",
        "stage": 2,
        "source": GUIDELINES,
        "introduction": GROWTH_INTRO + PRIVACY_NOTE + " Наставник ваших ответов не видит.",
        "format_codes": NOT_TEACHERS,
        "questions": mentee_growth(exit=True),
    },
    {
        "code": "mentor-growth-entry",
        "title": "Входная анкета наставника: личностный и профессиональный рост",
        "purpose": "mentor_growth_entry",
        "respondent": "mentor",
        "stage": 2,
        "source": GUIDELINES,
        "introduction": GROWTH_INTRO + PRIVACY_NOTE,
        "format_codes": [],
        "questions": mentor_growth(exit=False),
    },
    {
        "code": "mentor-growth-exit",
        "title": "Итоговая анкета наставника: личностный и профессиональный рост",
        "purpose": "mentor_growth_exit",
        "respondent": "mentor",
        "stage": 2,
        "source": GUIDELINES,
        "introduction": GROWTH_INTRO + PRIVACY_NOTE,
        "format_codes": [],
        "questions": mentor_growth(exit=True),
    },
    {
        "code": "adaptation-entry",
        "title": "Входная анкета молодого педагога: адаптация в техникуме",
        "purpose": "adaptation_entry",
        "respondent": "mentee",
        "stage": 2,
        "source": COLLEGE,
        "introduction": GROWTH_INTRO + PRIVACY_NOTE + " Наставник ваших ответов не видит.",
        "format_codes": ["teacher_teacher"],
        "questions": adaptation(exit=False),
    },
    {
        "code": "adaptation-exit",
        "title": "Итоговая анкета молодого педагога: адаптация в техникуме",
        "purpose": "adaptation_exit",
        "respondent": "mentee",
        "stage": 2,
        "source": COLLEGE,
        "introduction": GROWTH_INTRO + PRIVACY_NOTE + " Наставник ваших ответов не видит.",
        "format_codes": ["teacher_teacher"],
        "questions": adaptation(exit=True),
    },
]

CODES = [questionnaire["code"] for questionnaire in QUESTIONNAIRES]


def load_questionnaires(apps, schema_editor):
    Questionnaire = apps.get_model("reports", "Questionnaire")
    QuestionnaireVersion = apps.get_model("reports", "QuestionnaireVersion")
    Question = apps.get_model("reports", "Question")
    for position, data in enumerate(QUESTIONNAIRES, start=1):
        fields = {name: value for name, value in data.items() if name != "questions"}
        questionnaire, created = Questionnaire.objects.get_or_create(
            code=fields.pop("code"), defaults={**fields, "position": position * 10}
        )
        if not created:
            continue
        version = QuestionnaireVersion.objects.create(
            questionnaire=questionnaire, number=1, is_current=True
        )
        Question.objects.bulk_create(
            Question(version=version, position=number, **item)
            for number, item in enumerate(data["questions"], start=1)
        )


def unload_questionnaires(apps, schema_editor):
    Questionnaire = apps.get_model("reports", "Questionnaire")
    Questionnaire.objects.filter(code__in=CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_document_jobs")]

    operations = [migrations.RunPython(load_questionnaires, unload_questionnaires)]
