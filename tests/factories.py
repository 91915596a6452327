import factory
from factory.django import DjangoModelFactory, Password

from accounts.models import OrganisationUnit, User
from accounts.services import get_system_user, set_user_roles, set_user_units


class FacultyFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationUnit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"FAC{n}")
    name = factory.Sequence(lambda n: f"Faculteit {n}")
    kind = OrganisationUnit.Kind.FACULTY


class ProgrammeFactory(FacultyFactory):
    code = factory.Sequence(lambda n: f"OPL{n}")
    name = factory.Sequence(lambda n: f"Opleiding {n}")
    kind = OrganisationUnit.Kind.PROGRAMME
    parent = factory.SubFactory(FacultyFactory)


class UserFactory(DjangoModelFactory):
    """A staff member; `roles=[...]` and `units=[...]` go through the account services."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda user: f"{user.username}@hogeschool.example")
    password = Password("demo")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            set_user_roles(self, codes=extracted, acting_user=get_system_user(), reason="test")

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            set_user_units(self, units=extracted, acting_user=get_system_user(), reason="test")


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = "cases.Student"
        django_get_or_create = ["student_number"]

    student_number = factory.Sequence(lambda n: f"{5000000 + n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    programme = factory.SubFactory(ProgrammeFactory)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = "cases.ConcernCategory"
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"categorie-{n}")
    label_nl = factory.Sequence(lambda n: f"Categorie {n}")
    label_en = factory.Sequence(lambda n: f"Category {n}")


def report_case(*, reporter, student=None, unit=None, categories=None, what="Student oogt somber"):
    """A case as a reporter files it, through the service (so history and counters are real)."""
    import datetime

    from cases.models import Urgency
    from cases.services import report_concern

    return report_concern(
        reporter=reporter,
        student=student,
        unit=unit,
        categories=categories or [CategoryFactory()],
        signals={"what": what, "when": datetime.date(2026, 11, 20), "where": "Lokaal B2.14"},
        urgency=Urgency.SOON,
        discussed=False,
        consulted=True,
    )
