"""The history's cases: a year of reports, each with a story drawn once (fixed seed) and told step
by step through the case and escalation services, as the people whose work it is.

Most reports are picked up within a few working days, talked through and closed after some
weeks; about a third goes to the care meeting (decided there, see `meetings`), a few go on to
the board with a disclosure, and a few turn acute.
"""

import datetime
import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from cases.models import Case, TimelineEntry, Urgency
from cases.services import add_timeline_entry, report_concern
from core.dates import add_months
from demo.history import texts
from demo.history.replay import day_of
from escalation import disclosures, ladder
from escalation import services as steps
from escalation.models import CareMeetingDecision, CloseOutcome, DataCategory, EscalationRequest
from escalation.services import assign_handler, take_case
from network.models import Partner

Kind = TimelineEntry.Kind
Decision = CareMeetingDecision.Decision

# Reports per calendar month: fewer in the summer holidays and around Christmas; fewer in the last
# two months, where the demo stories of `demo.cases` (all reported today) come on top.
PER_MONTH = {1: 16, 2: 15, 3: 19, 4: 16, 5: 17, 6: 15, 7: 8, 8: 8, 9: 18, 10: 13, 11: 9, 12: 13}
# fmt: off
CATEGORY_WEIGHTS = {
    "psychische-nood": 30, "overig": 12, "middelengebruik": 10, "agressie": 10,
    "verward-gedrag": 8, "suicidale-uitingen": 8, "stalking": 6, "dreiging": 6,
    "radicalisering": 4,
}
PATHS = {"close": 54, "care": 27, "board": 6, "acute": 5, "sent_back": 5, "reopen": 3}
PATH_CATEGORIES = {
    "acute": ["suicidale-uitingen", "verward-gedrag", "dreiging"],
    "board": ["stalking", "dreiging", "suicidale-uitingen", "radicalisering"],
}
CARE_DECISIONS = [
    ([Decision.STEP_DOWN], 30), ([Decision.CLOSE], 30),
    ([Decision.NO_CHANGE, Decision.CLOSE], 20), ([Decision.NO_CHANGE, Decision.STEP_DOWN], 20),
]
OUTCOMES = {
    CloseOutcome.TAKEN_AWAY: 40, CloseOutcome.REFERRED: 35, CloseOutcome.NO_FURTHER_ACTION: 15,
    CloseOutcome.STUDENT_LEFT: 8,
}
URGENCY = {
    "suicidale-uitingen": Urgency.URGENT, "dreiging": Urgency.URGENT,
    "agressie": Urgency.SOON, "stalking": Urgency.SOON, "verward-gedrag": Urgency.SOON,
    "radicalisering": Urgency.SOON,
}
# Working days until a counsellor picks the report up.
PICKUP_DAYS = {Urgency.URGENT: [0, 0, 0, 1], Urgency.SOON: [0, 0, 1, 1, 2, 3],
               Urgency.NORMAL: [0, 0, 1, 1, 1, 2, 2, 3, 4, 5]}
# Who the board shares with, per category of the case.
RECIPIENT = {"stalking": 1, "dreiging": 1, "radicalisering": 2, "suicidale-uitingen": 0,
             "verward-gedrag": 0}
ACUTE_REPORT = {"suicidale-uitingen": 0, "dreiging": 1, "verward-gedrag": 2}
# fmt: on
HANDLERS = {
    "FGW": ["counsellor", "begeleider.fgw"],
    "ITI": ["counsellor2", "begeleider.iti"],
    "FBE": ["counsellor2", "begeleider.fbe"],
}
# Extra reporters per programme besides the history's own teachers (demo.cases's teachers).
OLD_REPORTERS = {
    "FGW-VPK": ["reporter", "docent1"],
    "FGW-SW": ["docent2"],
    "ITI-ICT": ["docent3"],
    "ITI-WTB": ["docent4"],
    "FBE-BK": ["docent5"],
}


@dataclass
class Story:
    programme: str
    gender: str
    student: object
    reporter: object
    handler: object
    assigned: bool
    categories: list
    signalled_on: datetime.date
    path: str
    decisions: list = field(default_factory=list)
    case_id: int | None = None
    conversations: int = 0
    framework2: object = None

    @property
    def faculty(self):
        return self.programme.split("-")[0]

    @property
    def category(self):
        return self.categories[0]

    def say(self, text):
        return text.format(**texts.pronouns(self.gender))


class CaseHistory:
    """Draws the stories and tells them on the replay's clock."""

    def __init__(self, replay, *, users, units, students, categories):
        self.replay, self.rng = replay, replay.rng
        self.users, self.units, self.categories = users, units, categories
        self.students = {key: itertools.cycle(group) for key, group in students.items()}
        self.stories = {}  # case id -> Story, once reported
        self.reported = 0
        self.reporters = {}  # programme code -> the history's teachers there
        for user in users.values():
            if ".docent" in user.username:
                for unit in user.units.all():
                    self.reporters.setdefault(unit.code, []).append(user)

    # --- drawing --------------------------------------------------------------------------

    def plan(self):
        """Draw every report of the last twelve months and plan its first step."""
        first = self.replay.today.replace(day=1)
        drawn = []
        for back in range(11, -1, -1):
            month = add_months(first, -back)
            last = min(add_months(month, 1), self.replay.today - datetime.timedelta(days=2))
            for _n in range(PER_MONTH[month.month]):
                day = month + datetime.timedelta(self.rng.randrange((last - month).days))
                drawn.append(self._draw(day))
        for story in sorted(drawn, key=lambda s: s.signalled_on):
            delay = self.rng.choice((0, 0, 1, 1, 2))
            reported = self.replay.office_hours(story.signalled_on + datetime.timedelta(delay))
            self.replay.plan(reported, self.report, story)
        return drawn

    def _draw(self, day):
        rng = self.rng
        path = _weighted(rng, PATHS)
        if path in PATH_CATEGORIES:
            categories = [rng.choice(PATH_CATEGORIES[path])]
        else:
            categories = [_weighted(rng, CATEGORY_WEIGHTS)]
        if rng.random() < 0.25:
            second = _weighted(rng, CATEGORY_WEIGHTS)
            if second not in categories:
                categories.append(second)
        programme = rng.choice(sorted(OLD_REPORTERS))
        gender = rng.choice("mv")
        faculty = programme.split("-")[0]
        reporters = list(self.reporters[programme])
        reporters += [self.users[name] for name in OLD_REPORTERS[programme]][: rng.randint(0, 1)]
        story = Story(
            programme=programme,
            gender=gender,
            student=next(self.students[(programme, gender)]),
            reporter=rng.choice(sorted(reporters, key=lambda u: u.username)),
            handler=self.users[rng.choice(HANDLERS[faculty])],
            assigned=rng.random() < 0.2,
            categories=categories,
            signalled_on=day,
            path=path,
        )
        if path == "care":
            story.decisions = list(_weighted(rng, {tuple(d): w for d, w in CARE_DECISIONS}))
        elif path == "board":
            story.decisions = [Decision.ESCALATE_TO_BOARD]
        return story

    # --- the steps ------------------------------------------------------------------------

    def case(self, story):
        return Case.objects.get(pk=story.case_id)

    def report(self, story):
        rng = self.rng
        what = story.say(
            f"{rng.choice(texts.SIGNALS[story.category])} {rng.choice(texts.FOLLOW_UPS)}"
        )
        case = report_concern(
            reporter=story.reporter,
            student=story.student,
            unit=self.units[story.programme],
            categories=[self.categories[code] for code in story.categories],
            signals={
                "what": what,
                "when": story.signalled_on,
                "where": rng.choice(texts.WHERE[story.programme]),
            },
            urgency=URGENCY.get(story.category, Urgency.NORMAL),
            discussed=rng.random() < 0.5,
            consulted=rng.random() < 0.3,
        )
        story.case_id = case.pk
        self.stories[case.pk] = story
        self.reported += 1
        wait = rng.choice(PICKUP_DAYS[case.urgency])
        self.replay.plan(self.replay.working_days_later(timezone.now(), wait), self.pick_up, story)

    def pick_up(self, story):
        case = self.case(story)
        if story.assigned:
            assign_handler(
                case,
                handler=story.handler,
                reason="Toegewezen aan de studentbegeleider van de opleiding.",
                acting_user=self.users["dean"],
            )
        else:
            take_case(case, acting_user=story.handler)
        self.plan_support(story, timezone.now())

    def plan_support(self, story, since):
        """The handler's work at student support, then where the story goes from there."""
        later, plan = self.replay.days_later, self.replay.plan
        at = later(since, 1, 6)
        plan(at, self.talk, story)
        consult = story.path in ("care", "board", "acute", "sent_back") or self.rng.random() < 0.5
        if consult:
            at = later(at, 1, 5)
            plan(at, self.entry, story, Kind.CONSULTATION, self.rng.choice(texts.CONSULTATIONS))
        if self.rng.random() < 0.4:
            kind, pool = self.rng.choice(
                [(Kind.INTERNAL_SERVICE, texts.SERVICES), (Kind.REFERRAL, texts.REFERRALS)]
            )
            at = later(at, 2, 8)
            plan(at, self.entry, story, kind, self.rng.choice(pool))
        if story.path == "acute" or self.rng.random() < 0.15:
            at = later(at, 1, 5)
            plan(at, self.ask_consent, story)
            at = later(at, 1, 3)
        if self.rng.random() < 0.5:
            at = later(at, 8, 18)
            plan(at, self.talk, story)
        if story.path in ("care", "board", "sent_back"):
            plan(later(at, 2, 7), self.request, story)
        elif story.path == "acute":
            plan(later(at, 2, 8), self.acute, story)
        else:
            plan(later(at, 7, 28), self.close, story)

    def entry(self, story, kind, text, consent_given=None):
        summary, outcome = text if isinstance(text, tuple) else (text, "")
        add_timeline_entry(
            self.case(story),
            kind=kind,
            occurred_on=day_of(timezone.now()),
            summary=story.say(summary),
            outcome=story.say(outcome),
            consent_given=consent_given,
            acting_user=story.handler,
        )

    def talk(self, story):
        """A conversation with the student, and the next review date agreed in it."""
        pool = texts.CONVERSATIONS[story.category]
        self.entry(story, Kind.CONVERSATION, pool[min(story.conversations, len(pool) - 1)])
        story.conversations += 1
        case = self.case(story)
        if case.rung != "closed":
            on = day_of(timezone.now()) + datetime.timedelta(days=self.rng.randint(14, 28))
            steps.plan_review(case, on=on, reason=texts.REVIEW_PLANNED, acting_user=story.handler)

    def ask_consent(self, story):
        ask, answer, given = self.rng.choice(texts.CONSENT)
        self.entry(story, Kind.CONSENT_REQUEST, ask)
        self.replay.plan(
            self.replay.days_later(timezone.now(), 1, 2),
            self.entry,
            story,
            Kind.CONSENT_ANSWER,
            answer,
            given,
        )

    def close(self, story, outcome=None, reason=None, by=None):
        outcome = outcome or _weighted(self.rng, OUTCOMES)
        steps.close_case(
            self.case(story),
            outcome=outcome,
            reason=reason or story.say(self.rng.choice(texts.CLOSED[outcome])),
            acting_user=by or story.handler,
        )
        if story.path == "reopen":
            story.path = "reopened"
            self.replay.plan(self.replay.days_later(timezone.now(), 25, 50), self.reopen, story)

    def reopen(self, story):
        steps.reopen_case(self.case(story), reason=texts.REOPENED, acting_user=story.handler)
        self.plan_after_meeting(story, timezone.now())

    # --- to the care meeting ---------------------------------------------------------------

    def framework1(self, story):
        (own, own_why), (others, others_why), (env, env_why) = texts.FRAMEWORK1[story.category]
        answers = {
            "own_safety": own,
            "own_safety_motivation": own_why,
            "others_safety": others,
            "others_safety_motivation": others_why,
            "environment_safety": env,
            "environment_safety_motivation": env_why,
        }
        steps.sign_framework1(self.case(story), answers=answers, acting_user=story.handler)

    def request(self, story):
        self.framework1(story)
        request = steps.request_escalation(
            self.case(story),
            reason=self.rng.choice(texts.ESCALATION_REASONS),
            acting_user=story.handler,
        )
        self.replay.plan(
            self.replay.working_days_later(timezone.now(), self.rng.choice((0, 1, 1, 2))),
            self.review_request,
            story,
            request,
        )

    def review_request(self, story, request):
        request = EscalationRequest.objects.get(pk=request.pk)
        dean = self.users["dean"]
        if story.path == "sent_back":
            reason = story.say(self.rng.choice(texts.DEAN_SENT_BACK))
            steps.send_back_escalation(request, reason=reason, acting_user=dean)
            self.plan_after_meeting(story, timezone.now())
            return
        reason = self.rng.choice(texts.DEAN_ACCEPTED)
        steps.accept_escalation(request, reason=reason, acting_user=dean)
        self.plan_care_rung(story, timezone.now())

    def plan_care_rung(self, story, since):
        """The horizontal key points again at the new rung, before the meeting decides."""
        at = self.replay.days_later(since, 1, 5)
        self.replay.plan(at, self.talk, story)
        consultation = texts.CONSULTATIONS[self.rng.randrange(len(texts.CONSULTATIONS))]
        self.replay.plan(
            self.replay.days_later(at, 1, 4), self.entry, story, Kind.CONSULTATION, consultation
        )

    def meeting_decision(self, case):
        """(decision, summary, outcome) the care meeting takes now about this case of the history,
        preparing what the decision needs; None for a case the meeting only discusses."""
        story = self.stories.get(case.pk)
        if story is None or case.rung != "care_meeting":
            return None
        decision = story.decisions[0] if story.decisions else Decision.NO_CHANGE
        if decision == Decision.ESCALATE_TO_BOARD:
            self.framework1(story)  # a fresh weighing, signed for the meeting
            if ladder.missing_to_escalate(Case.objects.get(pk=case.pk)):
                decision = Decision.NO_CHANGE  # the key points come first; next time
        if decision != Decision.NO_CHANGE or story.decisions[:1] == [Decision.NO_CHANGE]:
            story.decisions = story.decisions[1:]
        outcome = _weighted(self.rng, {CloseOutcome.REFERRED: 1, CloseOutcome.TAKEN_AWAY: 1})
        summary = self.rng.choice(texts.MEETING_DECISIONS[decision])
        return decision, summary, outcome if decision == Decision.CLOSE else ""

    def after_meeting(self, case_id, decision, moment):
        story = self.stories[case_id]
        if decision == Decision.STEP_DOWN:
            self.plan_after_meeting(story, moment)
        elif decision == Decision.ESCALATE_TO_BOARD:
            self.plan_board(story, moment)

    def plan_after_meeting(self, story, since):
        """Back at student support: one more conversation, then the case closes."""
        at = self.replay.days_later(since, 5, 12)
        self.replay.plan(at, self.talk, story)
        self.replay.plan(self.replay.days_later(at, 10, 30), self.close, story)

    # --- the board -----------------------------------------------------------------------

    def plan_board(self, story, since):
        at = self.replay.days_later(since, 1, 3)
        self.replay.plan(at, self.ask_consent, story)
        self.replay.plan(self.replay.days_later(at, 3, 5), self.request_disclosure, story)

    def framework2(self, story):
        case = self.case(story)
        consent = list(
            case.timeline.filter(kind__in=[Kind.CONSENT_REQUEST, Kind.CONSENT_ANSWER]).order_by(
                "occurred_on", "id"
            )
        )
        return steps.sign_framework2(
            case, answers=texts.FRAMEWORK2, consent_entries=consent, acting_user=story.handler
        )

    def request_disclosure(self, story, *, retry=False):
        form = self.framework2(story) if not retry else story.framework2
        story.framework2 = form
        partner_type, basis, data, purpose = texts.DISCLOSURES[RECIPIENT.get(story.category, 3)]
        too_broad = not retry and self.rng.random() < 0.25
        if too_broad:
            data = [*data, DataCategory.HEALTH, DataCategory.STUDY]
        disclosure = disclosures.prepare_disclosure(
            self.case(story),
            details={
                "recipient": _partner(partner_type),
                "legal_basis": basis,
                "data_categories": list(dict.fromkeys(data)),
                "purpose": purpose,
                "student_informed": True,
            },
            framework2=form,
            acting_user=story.handler,
            submit=True,
        )
        at = self.replay.working_days_later(timezone.now(), self.rng.choice((1, 1, 2)))
        if too_broad:
            self.replay.plan(at, self.reject, story, disclosure)
        else:
            self.replay.plan(at, self.approve, story, disclosure)

    def reject(self, story, disclosure):
        disclosures.reject_disclosure(
            disclosure, reason=texts.BOARD_REJECTED, acting_user=self.users["board2"]
        )
        at = self.replay.working_days_later(timezone.now(), 1)
        self.replay.plan(at, lambda: self.request_disclosure(story, retry=True))

    def approve(self, story, disclosure):
        board = self.users[self.rng.choice(("board", "board2"))]
        reason = self.rng.choice(texts.BOARD_APPROVED)
        disclosures.approve_disclosure(disclosure, reason=reason, acting_user=board)
        moment = timezone.now() + datetime.timedelta(hours=self.rng.randint(1, 3))
        if disclosure.acute:
            self.replay.plan(moment, self.carry_out, story, disclosure)
        else:
            self.replay.plan(
                self.replay.working_days_later(timezone.now(), self.rng.choice((1, 2, 3))),
                self.carry_out,
                story,
                disclosure,
            )

    def carry_out(self, story, disclosure):
        channel, shared = texts.CARRIED_OUT
        disclosures.record_carried_out(
            disclosure,
            carried_out_on=day_of(timezone.now()),
            channel=channel,
            what_was_shared=shared,
            acting_user=self.users["contact"],
        )
        at = self.replay.days_later(timezone.now(), 10, 28)
        if self.rng.random() < 0.5 and not disclosure.acute:
            self.replay.plan(at, self.close_at_board, story)
        else:
            self.replay.plan(at, self.step_down_from_board, story)

    def close_at_board(self, story):
        self.close(
            story,
            outcome=CloseOutcome.REFERRED,
            reason=texts.BOARD_CLOSED,
            by=self.users["dean"],
        )

    def step_down_from_board(self, story):
        story.decisions = [self.rng.choice((Decision.CLOSE, Decision.STEP_DOWN))]
        reason = self.rng.choice(texts.BOARD_STEP_DOWN)
        steps.step_down(self.case(story), reason=reason, acting_user=self.users["dean"])

    # --- acute ------------------------------------------------------------------------------

    def acute(self, story):
        form = self.framework2(story)
        answers = dict(texts.ACUTE_REPORTS[ACUTE_REPORT.get(story.category, 0)])
        answers["description"] = story.say(answers["description"])
        report = steps.report_acute_risk(
            self.case(story),
            answers=answers,
            acting_user=story.handler,
            disclosure={
                "recipient": _partner(Partner.Type.GGZ_CRISIS),
                "framework2": form,
                "data_categories": [DataCategory.IDENTITY, DataCategory.SIGNALS, DataCategory.RISK],
                "purpose": texts.ACUTE_DISCLOSURE_PURPOSE,
                "student_informed": False,
                "not_informed_reason": story.say(texts.ACUTE_NOT_INFORMED),
            },
        )
        disclosure = self.case(story).disclosures.get(acute=True, acute_report=report)
        at = timezone.now() + datetime.timedelta(minutes=self.rng.randint(15, 50))
        self.replay.plan(at, self.approve, story, disclosure)
        if report.emergency_called:
            next_morning = self.replay.working_days_later(timezone.now(), 1)
            self.replay.plan(next_morning, self.acknowledge, report)

    def acknowledge(self, report):
        board = self.users[self.rng.choice(("board", "board2"))]
        steps.acknowledge_emergency_action(report, acting_user=board)

    # --- the end of the replay --------------------------------------------------------------

    def finish(self):
        """Open cases get a review date ahead, as their handlers agreed with the students."""
        today = self.replay.today
        for case in Case.objects.filter(pk__in=list(self.stories), next_review__lt=today).exclude(
            rung="closed"
        ):
            story = self.stories[case.pk]
            on = today + datetime.timedelta(days=self.rng.randint(3, 20))
            who = story.handler if case.handler_id else self.users["dean"]
            steps.plan_review(case, on=on, reason=texts.REVIEW_PLANNED, acting_user=who)


def _weighted(rng, weights):
    options = list(weights)
    return rng.choices(options, weights=[weights[o] for o in options])[0]


def _partner(partner_type):
    partner = Partner.objects.filter(partner_type=partner_type, is_active=True).first()
    if partner is None:
        raise LookupError(f"No partner of type {partner_type} in the partner register")
    return partner
