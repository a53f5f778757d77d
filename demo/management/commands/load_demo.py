from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.load import load_demo


class Command(BaseCommand):
    help = "Loads the demo college, its bases and mentorships; running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_demo()
        for format_title in summary.skipped:
            self.stderr.write(
                _("A demo mentorship of the format «%(format)s» was skipped: a rule refused it.")
                % {"format": format_title}
            )
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
