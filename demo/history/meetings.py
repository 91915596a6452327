"""The history's care meetings and incidents.

Each faculty holds a regular care meeting every four weeks (none in the summer and Christmas
holidays),
planned by the demo dean, who oversees all faculties and chairs them; the care-team member takes
the minutes. The agenda is the one the app proposes; the dean takes off it what was not yet
there at the time (the present-day demo cases, which exist while the past is replayed). In the
minutes the meeting decides about the cases at its rung, reviews the actions of the meeting
before and agrees new ones. Incidents are recorded a few days after the report they grew from,
with improvement actions that are done later, and come up in the faculty's next meeting.
"""

import datetime

from django.utils import timezone

from accounts.models import Role
from accounts.roles import RoleCode
from demo.history import texts
from demo.history.replay import day_of, local, working_day
from demo.history.stories import HANDLERS
from incidents import services as incidents
from incidents.models import ActionState
from overleg import selectors
from overleg import services as overleg
from overleg.models import ActionItem, AgendaItem, Meeting

MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
]  # fmt: skip
# Weekday (Monday 0), hour and minute of each faculty's meeting.
WHEN = {"FGW": (1, 14, 0), "ITI": (2, 10, 0), "FBE": (3, 13, 30)}
EVERY = datetime.timedelta(days=28)
FIRST_DAYS_AGO, LAST_DAYS_AGO = 345, 9
SKIPPED_WEEKS = {*range(29, 34), 52, 53, 1}  # summer and Christmas holidays
PLACE = "Zorgkamer, gebouw A, 2e verdieping"
Kind, Source = AgendaItem.Kind, AgendaItem.Source


class MeetingHistory:
    def __init__(self, replay, cases, *, users, units):
        self.replay, self.rng, self.cases = replay, replay.rng, cases
        self.users, self.units = users, units
        self.dates = {}  # faculty -> its meeting days
        self.incidents = {faculty: [] for faculty in WHEN}  # not yet on an agenda
        self.held = 0

    def plan(self, stories):
        today = self.replay.today
        for faculty, (weekday, hour, minute) in WHEN.items():
            day = today - datetime.timedelta(days=FIRST_DAYS_AGO)
            day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
            days = []
            while day <= today - datetime.timedelta(days=LAST_DAYS_AGO):
                if day.isocalendar().week not in SKIPPED_WEEKS:
                    days.append(day)
                day += EVERY
            self.dates[faculty] = days
            for number, day in enumerate(days):
                starts = local(day, hour, minute)
                prepared = self.replay.office_hours(day - datetime.timedelta(days=4), late=11)
                self.replay.plan(prepared, self.prepare, faculty, starts, number)
        self._plan_incidents(stories)

    # --- one meeting ----------------------------------------------------------------------

    def prepare(self, faculty, starts, number):
        """The dean plans the meeting, keeps the proposals of that time, publishes the agenda;
        the invitees confirm confidentiality."""
        dean, careteam = self.users["dean"], self.users["careteam"]
        meeting = overleg.plan_meeting(
            acting_user=dean,
            title=f"Zorgoverleg {faculty} — {starts.day} {MONTHS[starts.month - 1]}",
            kind=Meeting.Kind.REGULAR,
            starts_at=starts,
            duration_minutes=90,
            location=PLACE,
            online_link="",
            unit=self.units[faculty],
            case=None,
            chair=dean,
            minute_taker=careteam,
            invited_roles=list(Role.objects.filter(code=RoleCode.CARE_TEAM)),
            invited_people=[self.users[name] for name in HANDLERS[faculty]],
        )
        for item in meeting.items.filter(case__isnull=False):
            if item.case_id not in self.cases.stories:  # not there yet at the time
                overleg.remove_item(item, acting_user=dean)
        if number % 2 == 0 or not meeting.items.exists():
            title = "Trends van de afgelopen periode"
            overleg.add_item(meeting, kind=Kind.TREND, title=title, acting_user=dean)
        for incident in self.incidents[faculty]:
            overleg.add_item(
                meeting, kind=Kind.INCIDENT, title=incident.title, incident=incident,
                acting_user=dean,
            )  # fmt: skip
        self.incidents[faculty] = []
        meeting = overleg.publish_agenda(meeting, acting_user=dean)
        for invitation in meeting.invitations.select_related("user"):
            overleg.confirm_confidentiality(meeting, acting_user=invitation.user)
        self.replay.plan(starts, self.hold, meeting, faculty, number)

    def hold(self, meeting, faculty, number):
        careteam = self.users["careteam"]
        meeting = overleg.mark_held(meeting, acting_user=careteam)
        for item in meeting.items.select_related("case").order_by("position"):
            self.minutes(meeting, item)
        if number + 1 < len(self.dates[faculty]):
            self.agree_actions(meeting, faculty, self.dates[faculty][number + 1])
        attendance = {}
        for invitation in meeting.invitations.select_related("user"):
            away = invitation.user not in (meeting.chair, careteam) and self.rng.random() < 0.15
            attendance[invitation.pk] = "apologies" if away else "present"
        overleg.record_attendance(meeting, attendance=attendance, acting_user=careteam)
        self.held += 1
        next_day = self.replay.working_days_later(timezone.now(), 1)
        self.replay.plan(next_day, self.approve, meeting)

    def minutes(self, meeting, item):
        careteam, rng = self.users["careteam"], self.rng
        decision, outcome = "", ""
        if item.kind == Kind.CASE:
            decided = self.cases.meeting_decision(item.case)
            if decided is None:
                summary = rng.choice(texts.DISCUSSED)
            else:
                decision, summary, outcome = decided
        elif item.source == Source.OPEN_ACTIONS:
            self.review_actions(meeting)
            summary = "De actiepunten van het vorige overleg zijn doorgelopen."
        elif item.kind == Kind.TREND:
            summary = rng.choice(texts.TREND_SUMMARIES)
        elif item.kind == Kind.INCIDENT:
            summary = "Incidentanalyse besproken; de verbeteracties zijn belegd."
        else:
            summary = "Besproken."
        overleg.record_item_minutes(
            item, summary=summary, decision=decision, outcome=outcome, acting_user=careteam
        )
        if decision:
            self.cases.after_meeting(item.case_id, decision, timezone.now())

    def review_actions(self, meeting):
        weights = {ActionItem.State.DONE: 8, ActionItem.State.CIRCUMSTANCES_CHANGED: 1}
        weights[ActionItem.State.NOT_DONE] = 1
        for action in selectors.earlier_open_actions(meeting).order_by("pk"):
            state = self.rng.choices(list(weights), weights=list(weights.values()))[0]
            note = self.rng.choice(texts.ACTION_REVIEWS[state])
            overleg.review_action(
                action, meeting=meeting, state=state, note=note, acting_user=self.users["careteam"]
            )

    def agree_actions(self, meeting, faculty, next_day):
        owners = [self.users[name] for name in HANDLERS[faculty]] + [self.users["careteam"]]
        cases = list(meeting.items.filter(case__isnull=False).order_by("position"))
        for _n in range(self.rng.randint(1, 3)):
            # Most are due by the next meeting, where they are reviewed; some sooner, and then
            # a meeting of another faculty comes first, so they count as late.
            due = next_day
            if self.rng.random() < 0.45:
                due = day_of(timezone.now()) + datetime.timedelta(days=self.rng.randint(7, 14))
            overleg.add_action(
                meeting,
                item=self.rng.choice(cases) if cases else None,
                description=self.rng.choice(texts.MEETING_ACTIONS),
                owner=self.rng.choice(owners),
                due_on=due,
                acting_user=self.users["careteam"],
            )

    def approve(self, meeting):
        meeting = overleg.approve_minutes(meeting, acting_user=self.users["dean"])
        ended = meeting.access_until + datetime.timedelta(hours=1)
        self.replay.plan(ended, overleg.end_expired_access)

    # --- incidents ------------------------------------------------------------------------

    def _plan_incidents(self, stories):
        """Each demo incident grows from one report of the year, spread over the months."""
        used = set()
        spacing = 330 // len(texts.INCIDENTS)
        for number, spec in enumerate(texts.INCIDENTS):
            wanted = self.replay.today - datetime.timedelta(days=340 - number * spacing)
            fitting = [s for s in stories if spec[2] in s.categories and id(s) not in used]
            if not fitting:
                continue
            story = min(fitting, key=lambda s: abs((s.signalled_on - wanted).days))
            used.add(id(story))
            day = working_day(story.signalled_on + datetime.timedelta(days=6))
            self.replay.plan(self.replay.office_hours(day), self.record_incident, story, spec)

    def record_incident(self, story, spec):
        kind, severity, _category, title, what, factors, went_well, lessons, actions = spec
        dean = self.users["dean"]
        data = {
            "occurred_on": story.signalled_on,
            "kind": kind,
            "severity": severity,
            "title": title,
            "what_happened": what,
            "contributing_factors": factors,
            "went_well": went_well,
            "lessons_learned": lessons,
            "unit": self.units[story.programme],
        }
        incident = incidents.record_incident(data=data, acting_user=dean)
        start = local(story.signalled_on, 10, 0)
        for minutes, description in texts.INCIDENT_TIMELINE:
            at = start + datetime.timedelta(minutes=minutes)
            incidents.add_timeline_entry(incident, at=at, description=description, acting_user=dean)
        if story.case_id:
            reference = self.cases.case(story).reference
            incidents.link_case(incident, reference=reference, acting_user=dean)
        for number, description in enumerate(actions):
            owner = self.users["careteam" if number % 2 == 0 else "dean"]
            due = day_of(timezone.now()) + datetime.timedelta(days=self.rng.randint(30, 60))
            action = incidents.add_improvement_action(
                incident, description=description, owner=owner, due_on=due, acting_user=dean
            )
            done = self.replay.office_hours(due - datetime.timedelta(days=self.rng.randint(2, 12)))
            self.replay.plan(done, self.finish_action, action, owner)
        self.incidents[story.faculty].append(incident)

    def finish_action(self, action, owner):
        incidents.close_improvement_action(
            action, state=ActionState.DONE, note="Afgerond.", acting_user=owner
        )
