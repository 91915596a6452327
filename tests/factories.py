import factory
from factory.django import DjangoModelFactory, Password
from faker.providers import BaseProvider

from accounts.models import OrganisationUnit, User
from accounts.services import get_system_user, set_user_roles, set_user_units

# Names the tests write themselves and then look for, or look for the absence of, on a page.
# A generated name never contains one: pytest-randomly draws new names on every run, and a
# colleague called "van de Noordmark" must not pass for the student canary "Noor".
WRITTEN_IN_TESTS = (
    "Noor", "Veenstra", "Daan", "Bos", "Bo", "Cor", "Bakker", "Smit", "Kim", "Ali", "Tess",
    "Sem", "Sam", "Karel", "Jansen", "Hofstra", "Vogelzang", "Femke", "Eva", "Dana", "Anna",
)  # fmt: skip


class UnwrittenNames(BaseProvider):
    """Dutch names as Faker makes them, minus those that contain a name written in a test."""

    def _unwritten(self, draw):
        name = draw()
        while any(written in name for written in WRITTEN_IN_TESTS):
            name = draw()
        return name

    def unwritten_first_name(self):
        return self._unwritten(self.generator.first_name)

    def unwritten_last_name(self):
        return self._unwritten(self.generator.last_name)


factory.Faker.add_provider(UnwrittenNames, locale="nl_NL")


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
    first_name = factory.Faker("unwritten_first_name", locale="nl_NL")
    last_name = factory.Faker("unwritten_last_name", locale="nl_NL")
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
    first_name = factory.Faker("unwritten_first_name", locale="nl_NL")
    last_name = factory.Faker("unwritten_last_name", locale="nl_NL")
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
