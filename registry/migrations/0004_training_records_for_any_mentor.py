"""Training records belong to any mentor, not only to teachers: student mentors are trained
too. A teacher's id is their person's id (multi-table inheritance), so the rows stay valid."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_incentive_constraints"),
    ]

    operations = [
        migrations.RenameField(
            model_name="qualificationcourse", old_name="teacher", new_name="person"
        ),
        migrations.AlterField(
            model_name="qualificationcourse",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="courses",
                to="registry.person",
                verbose_name="participant",
            ),
        ),
    ]
