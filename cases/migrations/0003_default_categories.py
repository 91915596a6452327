"""The default concern categories of DESIGN §2.1; institutions edit the list afterwards."""

from django.db import migrations
from django.utils import timezone

CATEGORIES = [
    ("psychische-nood", "Psychische nood", "Psychological distress"),
    ("suicidale-uitingen", "Suïcidale uitingen", "Suicidal statements"),
    ("agressie", "Agressie", "Aggression"),
    ("dreiging", "Dreiging", "Threat"),
    ("radicalisering", "Radicalisering", "Radicalisation"),
    ("stalking", "Stalking", "Stalking"),
    ("middelengebruik", "Middelengebruik", "Substance use"),
    ("verward-gedrag", "Verward gedrag", "Confused behaviour"),
    ("overig", "Overig", "Other"),
]


def add_categories(apps, schema_editor):
    category_model = apps.get_model("cases", "ConcernCategory")
    history_model = apps.get_model("cases", "HistoricalConcernCategory")
    for order, (code, label_nl, label_en) in enumerate(CATEGORIES, start=1):
        category, created = category_model.objects.get_or_create(
            code=code, defaults={"label_nl": label_nl, "label_en": label_en, "order": order * 10}
        )
        if created:
            # Historical models are not active in migrations; write the creation row by hand.
            history_model.objects.create(
                id=category.pk,
                code=code,
                label_nl=label_nl,
                label_en=label_en,
                order=category.order,
                is_active=True,
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Standaardcategorieën",
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case_student_description")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
