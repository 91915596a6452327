"""core.history.history_in_bulk: one history row per object written in bulk, copied from the
row as stored, with who, when, why and the type — over several statements on SQLite's
parameter limit, with several reasons in one batch — or an error and nothing kept."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.services import get_system_user
from cases.models import Student
from core.history import HistoryNotWritten, history_in_bulk
from tests.factories import ProgrammeFactory, UserFactory

REASONS = ["Nieuw uit de studentenadministratie", "Opleiding gewijzigd", "Uitgeschreven"]
COUNT = 2_100  # more than two statements' worth on SQLite (999 parameters)


def _students(programme):
    students = [
        Student(
            student_number=f"{7_000_000 + n}",
            first_name=f"Voornaam{n}",
            last_name=f"Achter'naam <{n}>",
            programme=programme,
            pseudonym=f"ST-T{n:05d}",
        )
        for n in range(COUNT)
    ]
    for n, student in enumerate(students):
        student._change_reason = REASONS[n % len(REASONS)]
    return Student.objects.bulk_create(students)


def _one():
    programme = ProgrammeFactory()
    return Student.objects.bulk_create(
        [
            Student(
                student_number="1", first_name="Eenling", last_name="Bulktest", programme=programme
            )
        ]
    )[0]


@pytest.mark.django_db
def test_one_row_per_object_with_its_reason_and_the_values_as_stored():
    programme, other = ProgrammeFactory(code="A"), ProgrammeFactory(code="B")
    admin = UserFactory(username="beheerder")
    when = timezone.now() - datetime.timedelta(minutes=5)
    students = _students(programme)
    history_in_bulk(Student, students, history_type="+", acting_user=admin, date=when)
    for student in students[::2]:
        student.programme, student.is_active = other, False
    Student.objects.bulk_update(students[::2], ["programme", "is_active"])
    later = when + datetime.timedelta(minutes=1)
    history_in_bulk(Student, students[::2], history_type="~", acting_user=None, date=later)

    rows = Student.history.order_by("id", "history_date")
    assert rows.filter(history_type="+").count() == COUNT
    assert rows.filter(history_type="~").count() == len(students[::2])
    by_student = {}
    for row in rows:
        by_student.setdefault(row.id, []).append(row)
    for n, student in enumerate(students):
        created, *changed = by_student[student.pk]
        reason = REASONS[n % len(REASONS)]
        assert (created.history_type, created.history_user, created.history_date) == (
            "+",
            admin,
            when,
        )
        assert created.history_change_reason == reason
        assert (created.last_name, created.pseudonym, created.programme_id) == (
            f"Achter'naam <{n}>",
            f"ST-T{n:05d}",
            programme.pk,
        )
        assert created.is_active
        if n % 2 == 0:
            [row] = changed
            assert (row.history_type, row.history_user, row.history_date) == ("~", None, later)
            assert (row.history_change_reason, row.programme_id, row.is_active) == (
                reason,
                other.pk,
                False,
            )
        else:
            assert changed == []


@pytest.mark.django_db
def test_an_object_without_a_reason_gets_none_not_the_word():
    student = _one()
    history_in_bulk(
        Student, [student], history_type="+", acting_user=get_system_user(), date=timezone.now()
    )
    assert student.history.get().history_change_reason is None


@pytest.mark.django_db
def test_a_missing_row_a_repeated_object_or_a_deletion_is_refused_and_nothing_kept():
    student = _one()
    student._change_reason = REASONS[0]
    ghost = Student(
        pk=student.pk + 10_000_000, student_number="x", programme_id=student.programme_id
    )
    before = Student.history.count()
    now, user = timezone.now(), get_system_user()
    with pytest.raises(HistoryNotWritten), transaction.atomic():
        history_in_bulk(Student, [student, ghost], history_type="+", acting_user=user, date=now)
    with pytest.raises(ValueError, match="twice"):
        history_in_bulk(Student, [student, student], history_type="~", acting_user=user, date=now)
    with pytest.raises(ValueError, match="new"):
        history_in_bulk(Student, [student], history_type="-", acting_user=user, date=now)
    with pytest.raises(ValueError, match="keys"):
        history_in_bulk(Student, [Student()], history_type="+", acting_user=user, date=now)
    assert Student.history.count() == before


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_writes_nothing():
    student = _one()
    with pytest.raises(RuntimeError, match="transaction"):
        history_in_bulk(Student, [student], history_type="+", acting_user=None, date=timezone.now())
    assert not student.history.exists()
