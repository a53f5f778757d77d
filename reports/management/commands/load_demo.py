from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports.demo import load_demo


class Command(BaseCommand):
    help = "Loads the demo college, its bases and mentorships; running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_demo()
        for errors in summary.skipped:
            self.stderr.write(_("Demo mentorship skipped: %(errors)s") % {"errors": errors})
        self.stdout.write(
            _(
                "Demo data loaded: %(students)s students, %(teachers)s teachers, "
                "%(mentorships)s mentorships."
            )
            % {
                "students": summary.students,
                "teachers": summary.teachers,
                "mentorships": summary.mentorships,
            }
        )
