"""The act of destruction of personal data (акт об уничтожении персональных данных), printed
for the commission's signatures when the data are destroyed and kept as it was printed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.pdf import render_pdf
from programs.models import Organization
from registry.models import DestructionAct

# The information system the act names (the app's own name).
INFORMATION_SYSTEM = "«Наставник»"


def act_pdf(act: DestructionAct, *, method: str) -> bytes:
    """A4: the organization, the act's number and date, the grounds, a table of the subjects
    (their names as they were) with the categories of data destroyed, the method and the
    information system, who performed it, and the commission's signature lines."""
    performer = act.performed_by
    context = {
        "organization": Organization.load(),
        "act": act,
        "method": method,
        "information_system": INFORMATION_SYSTEM,
        "performed_by": performer.get_full_name() or performer.username,
        "title": _("Act of destruction of personal data"),
    }
    return render_pdf("registry/printed/destruction_act.html", context)


def act_filename(act: DestructionAct) -> str:
    return f"destruction-act-{act.acted_on:%Y}-{act.number}.pdf"
