"""Real threads on PostgreSQL: several approvers deciding one role request at once give one
decision, one grant and one row; the others are told it was decided already."""

import pytest

from accounts.models import RoleChange, RoleGrantRequest
from accounts.roles import RoleCode
from accounts.services import decide_role_grant, request_role_grant
from tests.factories import UserFactory
from tests.threads import outcomes_of

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_ten_approvers_at_once_grant_the_role_once(functional_admin, unit):
    colleague = UserFactory(username="collega", roles=[RoleCode.REPORTER])
    [asked] = request_role_grant(
        colleague, code=RoleCode.DEAN, acting_user=functional_admin, reason="Nieuwe teamleider"
    )
    approvers = [
        UserFactory(username=f"beheerder{i}", roles=[RoleCode.FUNCTIONAL_ADMIN]) for i in range(10)
    ]
    outcomes = outcomes_of(
        [
            lambda who=who, approve=i % 2 == 0: decide_role_grant(
                asked, approve=approve, reason="besluit", acting_user=who
            )
            for i, who in enumerate(approvers)
        ]
    )
    assert outcomes.count("ok") == 1
    assert all(o.startswith("Over deze aanvraag is al besloten") for o in outcomes if o != "ok")
    asked.refresh_from_db()
    assert asked.state in (RoleGrantRequest.State.APPROVED, RoleGrantRequest.State.REJECTED)
    assert asked.history.count() == 2
    granted = RoleChange.objects.filter(user=colleague, kind="granted").count()
    assert granted == (1 if asked.state == RoleGrantRequest.State.APPROVED else 0)
