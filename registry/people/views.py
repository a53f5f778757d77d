"""Pages of the people of the bases: the lists, a person's page, personal-data consents,
health and risk-group status, training records and mentor profiles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from core.fields import seen_of
from core.formtools import posted, refuse
from core.http import AuthenticatedHttpRequest
from programs.access import can_view_special_categories
from registry.accesslog import record_access
from registry.models import (
    PERSON_DETAILS,
    PERSON_KINDS,
    AccessAction,
    Consent,
    ConsentGiver,
    ConsentPurpose,
    MentorProfile,
    PartnerEmployee,
    PartnerOrganization,
    Person,
    PersonKind,
    PersonQuerySet,
    Pupil,
    QualificationCourse,
    SpecialCategoryStatus,
    Student,
    Teacher,
    kinds_viewable_by,
)
from registry.people.filters import (
    PeopleFilter,
    filtered,
)
from registry.people.forms import (
    PERSON_FORMS,
    ConsentForm,
    MentorProfileForm,
    SpecialStatusForm,
    TrainingRecordForm,
    WithdrawConsentForm,
)
from registry.people.sections import person_sections_context
from registry.people.services import (
    add_permission,
    change_permission,
    delete_training_record,
    may_record_special_status,
    record_consent,
    record_special_status,
    save_mentor_profile,
    save_person,
    save_training_record,
    special_status_token,
    withdraw_consent,
)
from registry.people.tables import (
    PartnerEmployeeTable,
    PeopleTable,
    PupilTable,
    StudentTable,
    TeacherTable,
)

PEOPLE_PAGE_SIZE = 25


@dataclass(frozen=True)
class PeopleList:
    """One of the people lists: which kind, how it is shown, where it lives (its filter is
    `registry.people.filters.PEOPLE_FILTERS`)."""

    kind: type[Person]
    url_name: str
    title: Promise
    new_label: Promise
    table_class: type[PeopleTable]
    export_url_name: str | None = None
    proposable: bool = False


LISTS: dict[type[Person], PeopleList] = {
    Student: PeopleList(
        Student,
        "people:students",
        gettext_lazy("Students"),
        gettext_lazy("New student"),
        StudentTable,
        export_url_name="imports:export-students",
        proposable=True,
    ),
    Teacher: PeopleList(
        Teacher,
        "people:teachers",
        gettext_lazy("Teachers and masters"),
        gettext_lazy("New teacher"),
        TeacherTable,
        export_url_name="imports:export-teachers",
    ),
    Pupil: PeopleList(
        Pupil,
        "people:pupils",
        gettext_lazy("School pupils"),
        gettext_lazy("New pupil"),
        PupilTable,
        proposable=True,
    ),
    PartnerEmployee: PeopleList(
        PartnerEmployee,
        "people:employees",
        gettext_lazy("Partner employees"),
        gettext_lazy("New partner employee"),
        PartnerEmployeeTable,
    ),
}
CREATE_URL_NAMES = {
    Student: "people:create-student",
    Teacher: "people:create-teacher",
    Pupil: "people:create-pupil",
    PartnerEmployee: "people:create-employee",
}


def _get_person(user: User, pk: int) -> Person:
    """A person the user may see, as its concrete kind; 404 for anyone out of their scope."""
    person = get_object_or_404(
        Person.objects.visible_to(user).select_related(*PERSON_DETAILS, "user"), pk=pk
    )
    return person.concrete


def _get_student(user: User, pk: int) -> Student:
    person = _get_person(user, pk)
    if not isinstance(person, Student):
        raise Http404
    return person


def _kind_of(person: Person) -> type[Person]:
    return PERSON_KINDS[person.kind]


def _detail(person: Person) -> HttpResponse:
    return redirect("people:detail", pk=person.pk)


def _tabs(user: User, current: type[Person]) -> list[dict[str, Any]]:
    return [
        {"url_name": LISTS[kind].url_name, "title": LISTS[kind].title, "active": kind is current}
        for kind in kinds_viewable_by(user)
    ]


# --- Lists -------------------------------------------------------------------------------------


def _listed(user: User, kind: type[Person], special: bool) -> Any:
    """The people of the list with everything its rows print, in a fixed number of queries."""
    people: PersonQuerySet = kind.objects.visible_to(user)
    today = timezone.localdate()
    if kind is Student:
        people = people.select_related("group")
        if special:
            # Only statuses whose consent still holds are shown.
            people = people.with_special_marks(today)
    elif kind is Teacher:
        courses = QualificationCourse.objects.filter(person=OuterRef("pk"), completed_on__lte=today)
        people = people.annotate(
            has_disability_course_done=Exists(courses.filter(covers_disabilities=True)),
            has_mentor_training=Exists(courses.filter(is_mentor_training=True)),
        )
    elif kind is Pupil:
        people = people.select_related("school")
    else:
        people = people.select_related("organization")
    return people.in_russian_order()


def _filter_query(filterset: PeopleFilter, **extra: str) -> str:
    """The list's valid, non-empty filter values as a query string (with `extra`)."""
    values: dict[str, Any] = {}
    if filterset.form.is_valid():
        for name, value in filterset.form.cleaned_data.items():
            if value not in (None, ""):
                values[name] = getattr(value, "pk", value)
    values.update(extra)
    return "?" + urlencode(values) if values else ""


def _people_list(request: AuthenticatedHttpRequest, kind: type[Person]) -> HttpResponse:
    user = request.user
    spec = LISTS[kind]
    special = kind is Student and can_view_special_categories(user)
    people = _listed(user, kind, special)
    filterset = filtered(request, kind, people)
    propose_url = None
    if spec.proposable and user.has_perm("pairs.add_proposal"):
        propose_url = reverse("proposals:create")
    exclude = () if special or kind is not Student else ("disabilities", "risk_group")
    table = spec.table_class(filterset.qs, propose_url=propose_url, exclude=exclude)
    RequestConfig(request, paginate={"per_page": PEOPLE_PAGE_SIZE}).configure(table)
    may_import = kind in (Student, Teacher) and user.has_perms(
        (add_permission(kind), change_permission(kind))
    )
    export_url = (
        reverse(spec.export_url_name)
        if spec.export_url_name and user.has_perm("registry.export_people")
        else None
    )
    context = {
        "list": spec,
        "tabs": _tabs(user, kind),
        "filter": filterset,
        "table": table,
        "create_url_name": CREATE_URL_NAMES[kind] if user.has_perm(add_permission(kind)) else None,
        "import_url": reverse("imports:start") if may_import else None,
        "export_url": export_url + _filter_query(filterset) if export_url else None,
        # The special columns go into a file only when the user asks for them.
        "special_export_url": (
            export_url + _filter_query(filterset, special="1") if export_url and special else None
        ),
        "shows_special": special,
    }
    if special:
        # Who saw the health and risk-group column, of whom: the people of the page.
        record_access(
            request,
            action=AccessAction.VIEW,
            what=_("%(list)s: health and risk-group column") % {"list": spec.title},
            people=[row.record for row in table.page.object_list],
        )
    return render(request, "registry/people/list.html", context)


@require_GET
@permission_required("registry.view_student", raise_exception=True)
def student_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _people_list(request, Student)


@require_GET
@permission_required("registry.view_teacher", raise_exception=True)
def teacher_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _people_list(request, Teacher)


@require_GET
@permission_required("registry.view_pupil", raise_exception=True)
def pupil_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _people_list(request, Pupil)


@require_GET
@permission_required("registry.view_partneremployee", raise_exception=True)
def employee_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _people_list(request, PartnerEmployee)


# --- A person's page ---------------------------------------------------------------------------


def _consent_state(consent: Consent, today: Any) -> tuple[str, str]:
    """The label and badge colour of a consent on the day."""
    if consent.withdrawn_on is not None and consent.withdrawn_on <= today:
        return _("withdrawn"), "text-bg-secondary"
    if consent.valid_until is not None and consent.valid_until < today:
        return _("lapsed"), "text-bg-warning"
    if consent.given_on > today:
        return _("not yet in force"), "text-bg-light"
    return _("in force"), "text-bg-success"


@require_GET
@permission_required("registry.view_person", raise_exception=True)
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = _get_person(user, pk)
    kind = _kind_of(person)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "person": person,
        "list": LISTS[kind],
        "is_minor": person.is_minor_on(today),
        "can_change": user.has_perm(change_permission(kind)),
        "shows_consents": user.has_perm("registry.view_consent"),
        "can_add_consent": user.has_perm("registry.add_consent"),
        "can_withdraw_consent": user.has_perm("registry.change_consent"),
        "shows_special": person.kind == PersonKind.STUDENT and can_view_special_categories(user),
        "can_record_special": may_record_special_status(user),
        "shows_training": user.has_perm("registry.view_qualificationcourse")
        and person.kind != PersonKind.PUPIL,
        "can_add_training": user.has_perm("registry.add_qualificationcourse"),
        "can_change_training": user.has_perm("registry.change_qualificationcourse"),
        "can_delete_training": user.has_perm("registry.delete_qualificationcourse"),
        "shows_profile": user.has_perm("registry.view_mentorprofile")
        and person.kind != PersonKind.PUPIL,
    }
    if context["shows_consents"]:
        consents = person.consents.order_by("-given_on", "-id")
        context["consents"] = [(c, *_consent_state(c, today)) for c in consents]
    if context["shows_special"]:
        record_access(
            request,
            action=AccessAction.VIEW,
            what=_("Person's page: health and risk-group status"),
            people=[person],
        )
        context["special_consent"] = (
            Consent.objects.filter(person=person).special_valid_on(today).first()
        )
        context["special_status"] = (
            SpecialCategoryStatus.objects.consented_on(today)
            .select_related("consent")
            .filter(person=person)
            .first()
        )
    if context["shows_training"]:
        context["courses"] = list(person.courses.all())
    if context["shows_profile"]:
        profile = MentorProfile.objects.filter(person=person).first()
        context["profile"] = profile
        context["can_edit_profile"] = user.has_perm("registry.change_mentorprofile") and (
            profile is not None or user.has_perm("registry.add_mentorprofile")
        )
    if user.has_perm("programs.view_publication"):
        # One query for all of them: the page lists titles and dates only.
        context["publications"] = list(
            person.featured_in.only("pk", "title", "published_on").order_by(
                "-published_on", "title", "id"
            )
        )
    context.update(person_sections_context(user, person))
    return render(request, "registry/people/detail.html", context)


# --- Adding and changing people ------------------------------------------------------------


def _person_form(
    request: AuthenticatedHttpRequest, kind: type[Person], person: Person | None
) -> HttpResponse:
    form_class = PERSON_FORMS[kind]
    # The form fills in its own copy; `person` keeps the saved name for the page.
    instance = kind() if person is None else kind.objects.get(pk=person.pk)
    form = form_class(
        posted(request),
        instance=instance,
        organizations=PartnerOrganization.objects.open_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_person(
                user=request.user, person=form.save(commit=False), seen=seen_of(form)
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            message = _("%s is saved.") if person else _("%s: the record is added.")
            messages.success(request, message % saved.full_name)
            return _detail(saved)
    context = {"form": form, "person": person, "list": LISTS[kind]}
    return render(request, "registry/people/person_form.html", context)


def _create_view(kind: type[Person]) -> Any:
    @require_http_methods(["GET", "POST"])
    @permission_required(add_permission(kind), raise_exception=True)
    def create(request: AuthenticatedHttpRequest) -> HttpResponse:
        return _person_form(request, kind, None)

    create.__name__ = f"create_{kind._meta.model_name}"
    return create


student_create = _create_view(Student)
teacher_create = _create_view(Teacher)
pupil_create = _create_view(Pupil)
employee_create = _create_view(PartnerEmployee)


@require_http_methods(["GET", "POST"])
@permission_required("registry.view_person", raise_exception=True)
def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _get_person(request.user, pk)
    kind = _kind_of(person)
    if not request.user.has_perm(change_permission(kind)):
        raise PermissionDenied
    return _person_form(request, kind, person)


# --- Consents --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("registry.add_consent", raise_exception=True)
def consent_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _get_person(request.user, pk)
    is_minor = person.is_minor_on(timezone.localdate())
    # A minor's consent comes from a parent or representative (152-ФЗ, article 9).
    initial: dict[str, Any] = {"given_by": ConsentGiver.PARENT} if is_minor else {}
    # The special-status page links here for the consent it needs.
    if request.GET.get("purpose") in ConsentPurpose.values:
        initial["purpose"] = request.GET["purpose"]
    form = ConsentForm(posted(request), instance=Consent(person=person), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_consent(user=request.user, person=person, **form.consent_fields())
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The consent of %s is recorded.") % person.full_name)
            return _detail(person)
    context = {
        "form": form,
        "person": person,
        "list": LISTS[_kind_of(person)],
        "is_minor": is_minor,
    }
    return render(request, "registry/people/consent_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("registry.change_consent", raise_exception=True)
def consent_withdraw(request: AuthenticatedHttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = _get_person(request.user, person_pk)
    consent = get_object_or_404(Consent, pk=pk, person_id=person.pk)
    form = WithdrawConsentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            status_deleted = withdraw_consent(
                user=request.user,
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            message = _("The consent «%(consent)s» of %(name)s is withdrawn.") % {
                "consent": consent,
                "name": person.full_name,
            }
            if status_deleted:
                message += " " + _(
                    "No consent to special categories of personal data remains valid, so the "
                    "health and risk-group data are deleted: their processing stops (152-ФЗ)."
                )
            messages.success(request, message)
            return _detail(person)
    context = {
        "form": form,
        "person": person,
        "consent": consent,
        "list": LISTS[_kind_of(person)],
    }
    return render(request, "registry/people/consent_withdraw.html", context)


# --- Health and risk-group status --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("registry.change_specialcategorystatus", raise_exception=True)
def special_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not may_record_special_status(request.user):
        raise PermissionDenied
    student = _get_student(request.user, pk)
    today = timezone.localdate()
    consent = Consent.objects.filter(person=student).special_valid_on(today).first()
    context: dict[str, Any] = {
        "person": student,
        "list": LISTS[Student],
        "consent": consent,
        "can_add_consent": request.user.has_perm("registry.add_consent"),
    }
    if consent is None:
        # Without a consent nothing can be recorded: one explanation, no form. A POST is
        # still put to the rule, which refuses it and changes nothing.
        refusal = None
        if request.method == "POST":
            try:
                record_special_status(
                    user=request.user,
                    person=student,
                    has_disabilities=bool(request.POST.get("has_disabilities")),
                    in_risk_group=bool(request.POST.get("in_risk_group")),
                )
            except ValidationError as error:
                refusal = " ".join(error.messages)
            else:
                messages.success(
                    request,
                    _("The health and risk-group data of %s are deleted.") % student.full_name,
                )
                return _detail(student)
        context.update({"form": None, "refusal": refusal})
        return render(request, "registry/people/special_status_form.html", context)
    current = SpecialCategoryStatus.objects.consented_on(today).filter(person=student).first()
    initial = {
        "has_disabilities": current.has_disabilities if current else False,
        "in_risk_group": current.in_risk_group if current else False,
        "seen": special_status_token(SpecialCategoryStatus.objects.filter(person=student).first()),
    }
    form = SpecialStatusForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            status = record_special_status(
                user=request.user,
                person=student,
                **form.cleaned_data,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            if status is None:
                message = _("The health and risk-group data of %s are deleted.")
            else:
                message = _("The health and risk-group data of %s are saved.")
            messages.success(request, message % student.full_name)
            return _detail(student)
    context["form"] = form
    return render(request, "registry/people/special_status_form.html", context)


# --- Training records ------------------------------------------------------------------------


def _get_course(user: User, person_pk: int, pk: int) -> QualificationCourse:
    person = _get_person(user, person_pk)
    course = get_object_or_404(QualificationCourse, pk=pk, person_id=person.pk)
    course.person = person
    return course


def _training_form(
    request: AuthenticatedHttpRequest, person: Person, course: QualificationCourse | None
) -> HttpResponse:
    instance = (
        QualificationCourse(person=person)
        if course is None
        else QualificationCourse.objects.get(pk=course.pk)
    )
    form = TrainingRecordForm(posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_training_record(record=form.save(commit=False), seen=seen_of(form))
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The training record «%s» is saved.") % saved.title)
            return _detail(person)
    context = {"form": form, "person": person, "course": course, "list": LISTS[_kind_of(person)]}
    return render(request, "registry/people/training_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("registry.add_qualificationcourse", raise_exception=True)
def training_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _training_form(request, _get_person(request.user, pk), None)


@require_http_methods(["GET", "POST"])
@permission_required("registry.change_qualificationcourse", raise_exception=True)
def training_edit(request: AuthenticatedHttpRequest, person_pk: int, pk: int) -> HttpResponse:
    course = _get_course(request.user, person_pk, pk)
    return _training_form(request, course.person, course)


@require_http_methods(["GET", "POST"])
@permission_required("registry.delete_qualificationcourse", raise_exception=True)
def training_delete(request: AuthenticatedHttpRequest, person_pk: int, pk: int) -> HttpResponse:
    course = _get_course(request.user, person_pk, pk)
    if request.method == "POST":
        delete_training_record(record=course)
        messages.success(request, _("The training record «%s» is deleted.") % course.title)
        return _detail(course.person)
    context = {"course": course, "person": course.person, "list": LISTS[_kind_of(course.person)]}
    return render(request, "registry/people/training_confirm_delete.html", context)


# --- Mentor profile --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("registry.change_mentorprofile", raise_exception=True)
def mentor_profile(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _get_person(request.user, pk)
    profile = MentorProfile.objects.filter(person=person).first()
    if profile is None and not request.user.has_perm("registry.add_mentorprofile"):
        raise PermissionDenied
    form = MentorProfileForm(posted(request), instance=profile or MentorProfile(person=person))
    if request.method == "POST" and form.is_valid():
        try:
            save_mentor_profile(
                user=request.user,
                person=person,
                **form.cleaned_data,
            )
        except ValidationError as refusal:
            refuse(form, refusal)
        else:
            messages.success(request, _("The mentor profile of %s is saved.") % person.full_name)
            return _detail(person)
    context = {"form": form, "person": person, "profile": profile, "list": LISTS[_kind_of(person)]}
    return render(request, "registry/people/mentor_profile_form.html", context)
