"""Random sequences of ladder and disclosure actions by random people (Hypothesis, stateful).

After every step: nothing is carried out without an approved request resting on a signed all-yes
framework 2, approved by someone who was neither requester nor handler; every rung change of the
case has its own transition row.
"""

import datetime

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from accounts.roles import RoleCode
from cases.models import Case
from cases.services import CaseActionRefused, add_timeline_entry, report_concern
from core.errors import EditConflict
from escalation import disclosures, services
from escalation.models import CareMeetingDecision, Disclosure, RungTransition
from tests.escalation_helpers import FRAMEWORK1, YES, partner
from tests.factories import CategoryFactory, ProgrammeFactory, StudentFactory, UserFactory

REFUSED = (CaseActionRefused, EditConflict)
PEOPLE = {}


@pytest.fixture
def people(db):
    unit = ProgrammeFactory(code="VPK")
    PEOPLE.clear()
    PEOPLE.update(
        reporter=UserFactory(username="melder", roles=[RoleCode.REPORTER], units=[unit]),
        counsellor=UserFactory(username="begeleider", roles=[RoleCode.COUNSELLOR], units=[unit]),
        counsellor2=UserFactory(username="begeleider2", roles=[RoleCode.COUNSELLOR], units=[unit]),
        dean=UserFactory(username="decaan", roles=[RoleCode.DEAN], units=[unit.parent]),
        care=UserFactory(username="zorg", roles=[RoleCode.CARE_TEAM]),
        board=UserFactory(username="cvb1", roles=[RoleCode.BOARD]),
        board_counsellor=UserFactory(
            username="cvb2", roles=[RoleCode.BOARD, RoleCode.COUNSELLOR], units=[unit]
        ),
        contact=UserFactory(username="contact", roles=[RoleCode.CONTACT_OFFICER]),
        root=UserFactory(username="root", is_superuser=True, is_staff=True),
    )
    PEOPLE["unit"] = unit
    PEOPLE["student"] = StudentFactory(programme=unit)
    PEOPLE["category"] = CategoryFactory()
    PEOPLE["partner"] = partner()
    return PEOPLE


actors = st.sampled_from(
    ["counsellor", "counsellor2", "dean", "care", "board", "board_counsellor", "contact", "root"]
)


class Ladder(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.case = report_concern(
            reporter=PEOPLE["reporter"],
            student=PEOPLE["student"],
            unit=None,
            categories=[PEOPLE["category"]],
            signals={"what": "Zorg", "when": datetime.date(2026, 11, 1), "where": ""},
            urgency="normal",
            discussed=False,
            consulted=False,
        )
        self.approvals = {}  # disclosure id → (approver, requester, handler at that moment)

    def _case(self):
        return Case.objects.get(pk=self.case.pk)

    @initialize(start=st.sampled_from(["signal", "support", "board"]))
    def start_somewhere(self, start):
        """Random sequences rarely climb the whole ladder; start part of the runs further up."""
        self._climb(start)

    def _climb(self, start):
        if start == "signal":
            return
        from escalation.services import take_case

        counsellor, dean = PEOPLE["counsellor"], PEOPLE["dean"]
        take_case(self._case(), acting_user=counsellor)
        self._horizontal_steps(counsellor)
        services.sign_framework1(self._case(), answers=FRAMEWORK1, acting_user=counsellor)
        if start == "board":
            request = services.request_escalation(
                self._case(), reason="Niet weg", acting_user=counsellor
            )
            services.accept_escalation(request, reason="Akkoord", acting_user=dean)
            self._horizontal_steps(counsellor)
            services.record_meeting_decision(
                self._case(), decision="escalate_to_board", summary="CvB", meeting_ref="ZO-1",
                role="dean", acting_user=dean,
            )  # fmt: skip
            services.sign_framework2(
                self._case(), answers=YES, consent_entries=[], acting_user=counsellor
            )

    def _horizontal_steps(self, user):
        for kind in ("conversation", "consultation"):
            add_timeline_entry(
                self._case(),
                kind=kind,
                occurred_on=datetime.date.today(),
                summary="stap",
                outcome="",
                consent_given=None,
                acting_user=user,
            )

    def _try(self, action, *args, **kwargs):
        try:
            return action(*args, **kwargs)
        except REFUSED:
            return None

    @rule(actor=actors)
    def take(self, actor):
        from escalation.services import take_case

        self._try(take_case, self._case(), acting_user=PEOPLE[actor])

    @rule(actor=actors, kind=st.sampled_from(["conversation", "consultation"]))
    def horizontal_step(self, actor, kind):
        self._try(
            add_timeline_entry,
            self._case(),
            kind=kind,
            occurred_on=datetime.date.today(),
            summary="stap",
            outcome="",
            consent_given=None,
            acting_user=PEOPLE[actor],
        )

    @rule(actor=actors)
    def sign_framework1(self, actor):
        self._try(
            services.sign_framework1, self._case(), answers=FRAMEWORK1, acting_user=PEOPLE[actor]
        )

    @rule(
        actor=actors,
        answers=st.fixed_dictionaries(
            {
                k: st.booleans()
                for k in ("other_options_used", "consent_pursued", "sharing_necessary")
            }
        ),
    )
    def sign_framework2(self, actor, answers):
        self._try(
            services.sign_framework2,
            self._case(),
            answers={**YES, **answers},
            consent_entries=[],
            acting_user=PEOPLE[actor],
        )

    @rule(actor=actors)
    def request_escalation(self, actor):
        self._try(
            services.request_escalation, self._case(), reason="Niet weg", acting_user=PEOPLE[actor]
        )

    @rule(actor=actors, accept=st.booleans())
    def review_escalation(self, actor, accept):
        request = self._case().escalation_requests.filter(state="pending").first()
        if request is not None:
            review = services.accept_escalation if accept else services.send_back_escalation
            self._try(review, request, reason="Besluit", acting_user=PEOPLE[actor])

    @rule(actor=actors, decision=st.sampled_from(CareMeetingDecision.Decision.values))
    def care_decision(self, actor, decision):
        # What a held meeting's minutes hand the ladder (overleg checks who writes them).
        self._try(
            services.record_meeting_decision,
            self._case(),
            decision=decision,
            summary="Besluit",
            meeting_ref="ZO-1",
            role="care_team",
            acting_user=PEOPLE[actor],
        )

    @rule(actor=actors, step=st.sampled_from(["down", "close", "reopen"]))
    def other_step(self, actor, step):
        user = PEOPLE[actor]
        if step == "down":
            self._try(services.step_down, self._case(), reason="Beter", acting_user=user)
        elif step == "close":
            self._try(
                services.close_case, self._case(), outcome="other", reason="Klaar", acting_user=user
            )
        else:
            self._try(services.reopen_case, self._case(), reason="Opnieuw", acting_user=user)

    @rule(actor=actors, dice=st.integers(0, 5))
    def acute(self, actor, dice):
        if dice:  # acute risk is rare; otherwise it would end most runs at the board at once
            return
        self._try(
            services.report_acute_risk,
            self._case(),
            answers={
                "own_safety": True,
                "third_parties": False,
                "criminal_offence": False,
                "description": "Acuut",
                "emergency_called": True,
            },
            acting_user=PEOPLE[actor],
        )

    @rule(
        actor=st.sampled_from(["counsellor", "dean", "care", "board", "board_counsellor"]),
        submit=st.booleans(),
    )
    def prepare_disclosure(self, actor, submit):
        framework2 = self._case().frameworks2.order_by("-signed_at", "-id").first()
        self._try(
            disclosures.prepare_disclosure,
            self._case(),
            details={
                "recipient": PEOPLE["partner"],
                "legal_basis": "vital_interest",
                "data_categories": ["identity"],
                "purpose": "Crisis",
                "student_informed": True,
            },
            framework2=framework2,
            acting_user=PEOPLE[actor],
            submit=submit,
        )

    def _disclosure(self):
        return Disclosure.objects.filter(case=self.case).order_by("-id").first()

    @rule(actor=st.sampled_from(["counsellor", "dean", "board"]))
    def submit_disclosure(self, actor):
        if disclosure := self._disclosure():
            self._try(disclosures.submit_disclosure, disclosure, acting_user=PEOPLE[actor])

    # Deciders include people who may not decide (the handler, the requester, a superuser).
    @rule(actor=st.sampled_from(["board", "board_counsellor", "counsellor", "dean", "root"]))
    def approve_disclosure(self, actor):
        disclosure = self._disclosure()
        if disclosure is None:
            return
        user, handler = PEOPLE[actor], self._case().handler_id
        if self._try(disclosures.approve_disclosure, disclosure, reason="Ja", acting_user=user):
            self.approvals[disclosure.pk] = (user.pk, disclosure.requested_by_id, handler)

    @rule(actor=st.sampled_from(["board", "board_counsellor", "root"]))
    def reject_disclosure(self, actor):
        if disclosure := self._disclosure():
            self._try(
                disclosures.reject_disclosure, disclosure, reason="Nee", acting_user=PEOPLE[actor]
            )

    @rule(actor=st.sampled_from(["counsellor", "dean", "board"]))
    def withdraw_disclosure(self, actor):
        if disclosure := self._disclosure():
            self._try(
                disclosures.withdraw_disclosure, disclosure, reason="Weg", acting_user=PEOPLE[actor]
            )

    @rule(actor=st.sampled_from(["contact", "contact", "contact", "board", "counsellor", "root"]))
    def carry_out_disclosure(self, actor):
        if disclosure := self._disclosure():
            self._try(
                disclosures.record_carried_out,
                disclosure,
                carried_out_on=datetime.date.today(),
                channel="Telefoon",
                what_was_shared="Naam",
                acting_user=PEOPLE[actor],
            )

    @invariant()
    def nothing_is_shared_without_four_eyes_and_an_all_yes_framework2(self):
        for disclosure in Disclosure.objects.filter(
            case=self.case, state__in=["approved", "carried_out"]
        ):
            assert disclosure.framework2 is not None and disclosure.framework2.all_yes
            assert disclosure.framework2.signed_at is not None
            approver, requester, handler = self.approvals[disclosure.pk]
            assert approver == disclosure.decided_by_id
            assert approver not in (requester, handler, disclosure.handler_at_request_id)
            if disclosure.state == "carried_out":
                states = [
                    h.state for h in disclosure.history.order_by("history_date", "history_id")
                ]
                assert "approved" in states
                assert disclosure.carried_out_by.has_role(RoleCode.CONTACT_OFFICER)

    @invariant()
    def every_rung_change_has_its_transition_row(self):
        rungs = list(
            Case.history.filter(id=self.case.pk)
            .order_by("history_date", "history_id")
            .values_list("rung", flat=True)
        )
        changes = sum(1 for before, after in zip(rungs, rungs[1:], strict=False) if before != after)
        assert RungTransition.objects.filter(case=self.case).count() == changes


class DisclosureLadder(Ladder):
    """The same rules, every run starting at the board rung with a requested disclosure, and
    handovers that can make a board member the handler."""

    @initialize()
    def start_somewhere(self):
        self._climb("board")
        disclosures.prepare_disclosure(
            self._case(),
            details={
                "recipient": PEOPLE["partner"],
                "legal_basis": "vital_interest",
                "data_categories": ["identity"],
                "purpose": "Crisis",
                "student_informed": True,
            },
            framework2=self._case().frameworks2.first(),
            acting_user=PEOPLE["counsellor"],
            submit=True,
        )

    @rule(to=st.sampled_from(["counsellor", "counsellor2", "board_counsellor"]))
    def hand_over(self, to):
        from escalation.services import assign_handler

        self._try(
            assign_handler,
            self._case(),
            handler=PEOPLE[to],
            reason="Overdracht",
            acting_user=PEOPLE["dean"],
        )


SETTINGS = settings(
    max_examples=40,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def test_random_action_sequences_keep_the_rules(people):
    run_state_machine_as_test(Ladder, settings=SETTINGS)


def test_random_disclosure_sequences_keep_four_eyes(people):
    run_state_machine_as_test(DisclosureLadder, settings=SETTINGS)
