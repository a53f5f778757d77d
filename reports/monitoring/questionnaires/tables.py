from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from reports.models import Questionnaire


class QuestionnaireTable(tables.Table):
    """The questionnaires, annotated by `selectors.questionnaires_with_counts`."""

    title = tables.Column(
        verbose_name=_("Questionnaire"),
        linkify=("questionnaires:detail", {"pk": tables.A("pk")}),
    )
    purpose = tables.Column(verbose_name=_("Purpose"))
    stage = tables.Column(verbose_name=_("Stage"))
    source = tables.Column(verbose_name=_("Source"))
    current_number = tables.Column(
        verbose_name=_("Version"), attrs={"td": {"class": "text-end"}}, orderable=False
    )
    item_count = tables.Column(
        verbose_name=_("Questions"), attrs={"td": {"class": "text-end"}}, orderable=False
    )
    response_count = tables.Column(
        verbose_name=_("Answers"), attrs={"td": {"class": "text-end"}}, orderable=False
    )

    class Meta:
        model = Questionnaire
        fields = [
            "title",
            "purpose",
            "stage",
            "source",
            "current_number",
            "item_count",
            "response_count",
        ]
        attrs = {"class": "table table-sm table-hover align-middle registry-table"}
        empty_text = _("No questionnaires yet.")
        orderable = False
