"""Care-meeting pages: parse input, ask `overleg.permissions`, call a service, respond.

Every page about one meeting goes through `meeting_page`: a 404 for anyone not involved in the
meeting (whatever the method), then the method check. Case content is read only through
`meeting_case`, which writes the access-log row with the basis "meeting attendance".
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessLogEntry
from audit.services import log_case_access, log_denied_access, log_list_access
from cases.models import Case
from cases.services import CaseConflict
from escalation.models import CareMeetingDecision, RungTransition
from incidents.permissions import can_view_incidents
from overleg import forms, ical, pdf, pseudonyms, services
from overleg import permissions as rules
from overleg.models import ActionItem, Meeting
from overleg.trend_permissions import can_view_trends
from zorgwekkend.pages import GET_POST, allowed_for, posted

Action = AccessLogEntry.Action
MEETING = AccessLogEntry.Basis.MEETING


def meeting_page(*, methods=("GET",)):
    """A page about one meeting: signed in, a 404 for anyone not involved, then the method."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, pk, **kwargs):
            if not rules.may_use_meetings(request.user):
                raise Http404
            meeting = (
                Meeting.objects.select_related(
                    "chair", "minute_taker", "organised_by", "unit", "case"
                )
                .filter(pk=pk)
                .first()
            )
            if meeting is None or not rules.can_view_meeting(request.user, meeting):
                raise Http404
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, meeting, **kwargs)

        return wrapper

    return decorator


def _run(form, action):
    """(result, status): the service's result, or its refusal as the form's error."""
    try:
        return action(), 200
    except (services.MeetingConflict, CaseConflict) as conflict:
        form.add_error(None, str(conflict))
        return None, 409
    except PermissionDenied as refused:
        form.add_error(None, str(refused))
        return None, 200


def _act(request, meeting, action, done_message):
    """A button without a form: do it and go back to the meeting with a message."""
    try:
        action()
    except PermissionDenied as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done_message)
    return redirect("overleg:meeting_detail", pk=meeting.pk)


def _items(meeting):
    return list(
        meeting.items.select_related("case__student", "incident", "decision_recorded").order_by(
            "position", "id"
        )
    )


def _log_items(request, items, *, part, action=Action.LIST):
    cases = [item.case for item in items if item.case_id]
    if cases:
        log_list_access(
            request, cases_with_basis=[(case, MEETING) for case in cases], part=part, action=action
        )


# --- Lists and planning --------------------------------------------------------------------


@allowed_for(rules.may_use_meetings)
def meeting_list(request):
    now = timezone.now()
    visible = rules.meetings_visible_to(request.user).select_related("chair", "unit")
    context = {
        "upcoming": visible.filter(starts_at__gte=now - timezone.timedelta(hours=12)).order_by(
            "starts_at", "id"
        )[:50],
        "past": visible.filter(starts_at__lt=now - timezone.timedelta(hours=12)).order_by(
            "-starts_at", "-id"
        )[:50],
        "my_actions": _masked_actions(
            services.open_actions_of(request.user)
            .select_related("meeting", "item__case__student")
            .order_by("due_on", "id")[:50]
        ),
        "can_plan": rules.can_plan_meetings(request.user),
        "can_view_trends": can_view_trends(request.user),
        "can_view_incidents": can_view_incidents(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "overleg/meeting_list.html", context)


@allowed_for(rules.can_plan_meetings, methods=GET_POST)
def meeting_create(request):
    form = forms.MeetingForm(posted(request), user=request.user, initial={"kind": "regular"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        meeting, status = _run(
            form,
            lambda: services.plan_meeting(
                acting_user=request.user,
                invited_roles=data.pop("invited_roles"),
                invited_people=data.pop("invited_people"),
                **data,
            ),
        )
        if meeting is not None:
            messages.success(
                request,
                _(
                    "Het overleg is gepland. De app heeft de agenda voorgesteld: bekijk en orden "
                    "hem."
                ),
            )
            return redirect("overleg:meeting_detail", pk=meeting.pk)
    return render(request, "overleg/meeting_form.html", {"form": form, "meeting": None})


@meeting_page(methods=GET_POST)
def meeting_edit(request, meeting):
    if not rules.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    initial = {
        "version": meeting.version,
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "online_link": meeting.online_link,
        "unit": meeting.unit,
        "case": meeting.case,
        "chair": meeting.chair,
        "minute_taker": meeting.minute_taker,
        "invited_roles": list(meeting.invited_roles.all()),
    }
    form = forms.MeetingForm(posted(request), user=request.user, initial=initial)
    # The kind and the case of an existing meeting stay what they are.
    form.fields["kind"].disabled = True
    form.fields["case"].disabled = True
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for name in ("kind", "case"):
            data.pop(name)
        done, status = _run(
            form,
            lambda: services.edit_meeting(
                meeting,
                acting_user=request.user,
                version=data.pop("version"),
                invited_roles=data.pop("invited_roles"),
                invited_people=data.pop("invited_people"),
                **data,
            ),
        )
        if done is not None:
            messages.success(request, _("De gegevens van het overleg zijn bijgewerkt."))
            return redirect("overleg:meeting_detail", pk=meeting.pk)
        form.data = form.data.copy()
        form.data["version"] = Meeting.objects.get(pk=meeting.pk).version
    return render(
        request, "overleg/meeting_form.html", {"form": form, "meeting": meeting}, status=status
    )


# --- One meeting: overview and agenda --------------------------------------------------------


@meeting_page()
def meeting_detail(request, meeting):
    user = request.user
    invitation = rules.invitation_of(user, meeting)
    may_read_agenda = rules.can_read_agenda(user, meeting)
    items = _items(meeting) if may_read_agenda else []
    _log_items(request, items, part="meeting_agenda")
    can_edit = rules.can_edit_meeting(user, meeting)
    context = {
        "meeting": meeting,
        "invitation": invitation,
        "invitations": meeting.invitations.select_related("user").order_by(
            "user__last_name", "user__first_name"
        ),
        "may_read_agenda": may_read_agenda,
        "items": items,
        "accessible": _accessible_case_ids(user, meeting) if may_read_agenda else set(),
        "can_edit": can_edit,
        "proposals": services.proposals_for(meeting) if can_edit else [],
        "can_publish": rules.can_publish_agenda(user, meeting),
        "can_mark_held": rules.can_mark_held(user, meeting),
        "can_read_minutes": rules.can_read_minutes(user, meeting),
        "item_form": forms.AgendaItemForm() if can_edit else None,
        "confidentiality_form": forms.ConfidentialityForm()
        if invitation
        and meeting.state != Meeting.State.PLANNED
        and invitation.confidentiality_confirmed_at is None
        else None,
    }
    return render(request, "overleg/meeting_detail.html", context)


def _accessible_case_ids(user, meeting):
    """The cases this person can open from this agenda now (one query)."""
    if not rules.has_confirmed_confidentiality(user, meeting):
        return set()
    return set(
        meeting.grants.filter(
            user=user,
            expires_at__gt=timezone.now(),
            case__caseuserobjectpermission__user=user,
            case__caseuserobjectpermission__permission__codename="view_case_in_meeting",
        ).values_list("case_id", flat=True)
    )


@meeting_page(methods=("POST",))
def agenda_add(request, meeting):
    form = forms.AgendaItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een soort punt en vul een onderwerp in."))
        return redirect("overleg:meeting_detail", pk=meeting.pk)
    return _act(
        request,
        meeting,
        lambda: services.add_item(meeting, acting_user=request.user, **form.cleaned_data),
        _("Het punt staat op de agenda."),
    )


@meeting_page(methods=("POST",))
def agenda_propose(request, meeting):
    key = request.POST.get("key", "")[:40]
    return _act(
        request,
        meeting,
        lambda: services.add_proposal(meeting, key, acting_user=request.user),
        _("Het voorgestelde punt staat op de agenda."),
    )


def _item_of(meeting, item_pk):
    item = meeting.items.select_related("case__student").filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


@meeting_page(methods=("POST",))
def agenda_remove(request, meeting, item_pk):
    item = _item_of(meeting, item_pk)
    return _act(
        request,
        meeting,
        lambda: services.remove_item(item, acting_user=request.user),
        _("Het punt is van de agenda gehaald."),
    )


@meeting_page(methods=("POST",))
def agenda_move(request, meeting, item_pk, up):
    item = _item_of(meeting, item_pk)
    return _act(
        request,
        meeting,
        lambda: services.move_item(item, up=up, acting_user=request.user),
        _("De volgorde is aangepast."),
    )


@meeting_page(methods=("POST",))
def publish(request, meeting):
    try:
        published = services.publish_agenda(meeting, acting_user=request.user)
    except PermissionDenied as refused:
        messages.error(request, str(refused))
    else:
        until = timezone.localtime(published.access_until)
        messages.success(
            request,
            _(
                "De agenda is gepubliceerd. De genodigden hebben een bericht gekregen en kunnen de "
                "casussen gepseudonimiseerd inzien tot %(date)s."
            )
            % {"date": until.strftime("%d-%m-%Y %H:%M")},
        )
    return redirect("overleg:meeting_detail", pk=meeting.pk)


@meeting_page(methods=("POST",))
def confirm(request, meeting):
    form = forms.ConfidentialityForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Vink aan dat je de geheimhouding bevestigt om de agenda te openen.")
        )
        return redirect("overleg:meeting_detail", pk=meeting.pk)
    return _act(
        request,
        meeting,
        lambda: services.confirm_confidentiality(meeting, acting_user=request.user),
        _("Dank je. De agenda is nu voor je open."),
    )


@meeting_page(methods=("POST",))
def mark_held(request, meeting):
    return _act(
        request,
        meeting,
        lambda: services.mark_held(meeting, acting_user=request.user),
        _("Het overleg staat op gehouden. Het verslag kan nu geschreven worden."),
    )


# --- A case in the meeting, pseudonymised ----------------------------------------------------


def _meeting_case(request, meeting, reference, *, part, action=Action.VIEW):
    case = (
        Case.objects.select_related("student", "unit__parent", "handler")
        .filter(reference=reference)
        .first()
    )
    basis = rules.meeting_case_basis(request.user, meeting, case) if case else None
    if basis is None:
        log_denied_access(request, case=case, part=part, action=action)
        raise Http404
    return case


def _revealed(user, meeting, case):
    return meeting.reveals.filter(user=user, case=case).first()


@meeting_page()
def meeting_case(request, meeting, reference):
    case = _meeting_case(request, meeting, reference, part="meeting_case")
    log_case_access(request, case=case, part="meeting_case", basis=MEETING)
    reveal = _revealed(request.user, meeting, case)
    pattern = None if reveal else pseudonyms.name_pattern(case.student)
    pseudonym = case.student_pseudonym or case.reference

    def masked(text):
        return pseudonyms.mask(text, pattern, pseudonym)

    timeline = [
        {"entry": entry, "summary": masked(entry.summary), "outcome": masked(entry.outcome)}
        for entry in case.timeline.order_by("-occurred_on", "-id")[:50]
    ]
    context = {
        "meeting": meeting,
        "case": case,
        "reveal": reveal,
        "signals_what": masked(case.signals_what),
        "categories": case.categories.all(),
        "timeline": timeline,
        "steps": [
            {"step": step, "reason": masked(step.reason)}
            for step in RungTransition.objects.filter(case=case).order_by("-at", "-id")[:20]
        ],
        "decisions": [
            {"decision": d, "summary": masked(d.summary)}
            for d in CareMeetingDecision.objects.filter(case=case).order_by("-recorded_at")[:20]
        ],
        "reveal_form": forms.RevealForm() if not reveal and case.student_id else None,
    }
    return render(request, "overleg/meeting_case.html", context)


@meeting_page(methods=GET_POST)
def reveal_identity(request, meeting, reference):
    case = _meeting_case(request, meeting, reference, part="meeting_identity")
    if case.student_id is None:
        raise Http404
    form = forms.RevealForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        with transaction.atomic():
            services.reveal_identity(meeting, case, reason=reason, acting_user=request.user)
            log_case_access(
                request,
                case=case,
                part="meeting_identity",
                action=Action.REVEAL,
                basis=MEETING,
                reason=reason,
            )
        messages.success(request, _("De identiteit is zichtbaar en je reden is vastgelegd."))
        return redirect("overleg:meeting_case", pk=meeting.pk, reference=case.reference)
    log_case_access(request, case=case, part="meeting_identity", basis=MEETING)
    return render(
        request,
        "overleg/reveal_identity.html",
        {"meeting": meeting, "case": case, "form": form},
        status=200 if request.method == "GET" else 400,
    )


# --- Minutes -------------------------------------------------------------------------------


def _mask_for(case):
    """Free text about a case, as meeting screens show it: the student's names replaced."""
    if case is None:
        return lambda text: text
    pattern = pseudonyms.name_pattern(case.student)
    pseudonym = case.student_pseudonym or case.reference
    return lambda text: pseudonyms.mask(text, pattern, pseudonym)


def _masked_actions(actions):
    actions = list(actions)
    for action in actions:
        action.description_shown = _mask_for(action.item.case if action.item else None)(
            action.description
        )
    return actions


def _minutes_context(request, meeting, **extra):
    items = _items(meeting)
    for item in items:
        item.summary_shown = _mask_for(item.case)(item.summary)
    reviewable = []
    if meeting.state in (Meeting.State.HELD, Meeting.State.MINUTES_APPROVED):
        reviewable = list(
            ActionItem.objects.filter(reviewed_in=meeting).select_related(
                "owner", "meeting", "item__case__student"
            )
        )
        if meeting.minutes_open:
            reviewable += list(
                services.open_actions_before(meeting).select_related(
                    "owner", "meeting", "item__case__student"
                )
            )
    actions = _masked_actions(
        meeting.actions.select_related("owner", "item__case__student").order_by("due_on", "id")
    )
    reviewable = _masked_actions(reviewable)
    return {
        "meeting": meeting,
        "items": items,
        "actions": actions,
        "reviewable": reviewable,
        "invitations": meeting.invitations.select_related("user"),
        "can_write": rules.can_write_minutes(request.user, meeting),
        "can_approve": rules.can_approve_minutes(request.user, meeting),
        "review_form": forms.ActionReviewForm(),
        **extra,
    }


@meeting_page(methods=GET_POST)
def minutes(request, meeting):
    if not rules.can_read_minutes(request.user, meeting):
        raise Http404
    can_write = rules.can_write_minutes(request.user, meeting)
    form = None
    status = 200
    if can_write:
        form = forms.AttendanceForm(
            posted(request), invitations=meeting.invitations.select_related("user")
        )
        if request.method == "POST" and form.is_valid():
            done, status = _run(
                form,
                lambda: (
                    services.record_attendance(
                        meeting, attendance=form.attendance(), acting_user=request.user
                    )
                    or True
                ),
            )
            if done:
                messages.success(request, _("De aanwezigheid is vastgelegd."))
                return redirect("overleg:minutes", pk=meeting.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = _minutes_context(request, meeting, attendance_form=form)
    _log_items(request, context["items"], part="meeting_minutes")
    if request.method == "POST" and status == 200:
        status = 400
    return render(request, "overleg/minutes.html", context, status=status)


@meeting_page(methods=GET_POST)
def item_minutes(request, meeting, item_pk):
    if not rules.can_write_minutes(request.user, meeting):
        raise PermissionDenied
    item = _item_of(meeting, item_pk)
    initial = {"summary": item.summary, "decision": item.decision}
    form = forms.ItemMinutesForm(posted(request), item=item, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, status = _run(
            form,
            lambda: services.record_item_minutes(
                item,
                summary=data["summary"],
                decision=data.get("decision", ""),
                outcome=data.get("outcome", ""),
                acting_user=request.user,
            ),
        )
        if done is not None:
            messages.success(request, _("Het verslag van dit punt is vastgelegd."))
            return redirect("overleg:minutes", pk=meeting.pk)
    elif request.method == "POST":
        status = 400
    if item.case_id:
        log_case_access(request, case=item.case, part="meeting_minutes", basis=MEETING)
    return render(
        request,
        "overleg/item_minutes.html",
        {"meeting": meeting, "item": item, "form": form},
        status=status,
    )


@meeting_page(methods=GET_POST)
def action_add(request, meeting):
    if not rules.can_write_minutes(request.user, meeting):
        raise PermissionDenied
    form = forms.ActionForm(posted(request), meeting=meeting)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = _run(
            form,
            lambda: services.add_action(meeting, acting_user=request.user, **form.cleaned_data),
        )
        if done is not None:
            messages.success(
                request, _("Het actiepunt is vastgelegd; de eigenaar heeft een bericht gekregen.")
            )
            return redirect("overleg:minutes", pk=meeting.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request, "overleg/action_form.html", {"meeting": meeting, "form": form}, status=status
    )


@meeting_page(methods=("POST",))
def action_review(request, meeting, action_pk):
    action = ActionItem.objects.filter(pk=action_pk).select_related("meeting").first()
    if action is None or not rules.can_write_minutes(request.user, meeting):
        raise Http404
    form = forms.ActionReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies gedaan, omstandigheden veranderd of niet gedaan."))
    else:
        try:
            services.review_action(
                action, meeting=meeting, acting_user=request.user, **form.cleaned_data
            )
        except PermissionDenied as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Het actiepunt is beoordeeld."))
    return redirect("overleg:minutes", pk=meeting.pk)


@meeting_page(methods=("POST",))
def approve(request, meeting):
    try:
        services.approve_minutes(meeting, acting_user=request.user)
    except PermissionDenied as refused:
        messages.error(request, str(refused))
        return redirect("overleg:minutes", pk=meeting.pk)
    messages.success(request, _("Het verslag is vastgesteld en kan niet meer worden gewijzigd."))
    return redirect("overleg:minutes", pk=meeting.pk)


# --- Print and calendar --------------------------------------------------------------------


def _pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@meeting_page()
def agenda_pdf(request, meeting):
    if not rules.can_read_agenda(request.user, meeting):
        raise Http404
    items = _items(meeting)
    _log_items(request, items, part="meeting_agenda_pdf", action=Action.PRINT)
    content = pdf.agenda_pdf(meeting, items=items)
    return _pdf_response(content, f"agenda-{meeting.code}.pdf")


@meeting_page()
def minutes_pdf(request, meeting):
    if not rules.can_read_minutes(request.user, meeting):
        raise Http404
    context = _minutes_context(request, meeting)
    _log_items(request, context["items"], part="meeting_minutes_pdf", action=Action.PRINT)
    content = pdf.minutes_pdf(context)
    return _pdf_response(content, f"verslag-{meeting.code}.pdf")


@meeting_page()
def invitation_ics(request, meeting):
    url = request.build_absolute_uri(reverse("overleg:meeting_detail", args=[meeting.pk]))
    response = HttpResponse(ical.meeting_calendar(meeting, url), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{meeting.code}.ics"'
    return response
