"""The meeting list, planning and editing, the meeting page with its agenda, and the buttons
that move a meeting on: publish, confirm confidentiality, held; the invitation as .ics."""

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ActionRefused
from core.pages import GET_POST, page, posted, run_service
from incidents.permissions import can_view_incidents
from overleg import forms, ical, selectors, services
from overleg import permissions as rules
from overleg.models import Meeting
from overleg.trend_permissions import can_view_trends
from overleg.views.common import (
    act,
    agenda_items,
    log_cases,
    masked_actions,
    meeting_page,
)

RECENT = datetime.timedelta(hours=12)  # a meeting of this morning is still "upcoming" today


@page(rules.may_use_meetings)
def meeting_list(request):
    now = timezone.now()
    visible = rules.meetings_visible_to(request.user).select_related("chair", "unit")
    my_actions = masked_actions(
        selectors.open_actions_of(request.user)
        .select_related("meeting", "item__case__student")
        .order_by("due_on", "id")[:50]
    )
    log_cases(request, [a.item.case for a in my_actions if a.item], part="meeting_actions")
    context = {
        "upcoming": visible.filter(starts_at__gte=now - RECENT).order_by("starts_at", "id")[:50],
        "past": visible.filter(starts_at__lt=now - RECENT).order_by("-starts_at", "-id")[:50],
        "my_actions": my_actions,
        "can_plan": rules.can_plan_meetings(request.user),
        "can_view_trends": can_view_trends(request.user),
        "can_view_incidents": can_view_incidents(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "overleg/meeting_list.html", context)


def _planning_initial(request):
    """A regular meeting; an ad-hoc one about a case when the case page sent the dean here."""
    case = services.unit_cases_for(request.user).filter(reference=request.GET.get("casus")).first()
    if case is None:
        return {"kind": "regular"}
    title = _("Ad-hocoverleg over %(reference)s") % {"reference": case.reference}
    return {"kind": "ad_hoc", "case": case.pk, "title": title}


def _meeting_fields(data):
    data = dict(data)
    data.pop("version", None)
    return data.pop("invited_roles"), data.pop("invited_people"), data


@page(rules.can_plan_meetings, methods=GET_POST)
def meeting_create(request):
    form = forms.MeetingForm(posted(request), user=request.user, initial=_planning_initial(request))
    if request.method == "POST" and form.is_valid():
        roles, people, fields = _meeting_fields(form.cleaned_data)
        meeting, _status = run_service(
            form,
            lambda: services.plan_meeting(
                acting_user=request.user, invited_roles=roles, invited_people=people, **fields
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


def _initial(meeting):
    return {
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


@meeting_page(methods=GET_POST)
def meeting_edit(request, meeting):
    if not rules.can_edit_meeting(request.user, meeting):
        raise ActionRefused
    form = forms.MeetingForm(
        posted(request), user=meeting.organised_by, meeting=meeting, initial=_initial(meeting)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        roles, people, fields = _meeting_fields(form.cleaned_data)
        for name in ("kind", "case"):  # they stay what they are
            fields.pop(name)
        done, status = run_service(
            form,
            lambda: services.edit_meeting(
                meeting,
                acting_user=request.user,
                version=form.cleaned_data["version"],
                invited_roles=roles,
                invited_people=people,
                **fields,
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


@meeting_page()
def meeting_detail(request, meeting):
    user = request.user
    invitations = list(
        meeting.invitations.select_related("user").order_by("user__last_name", "user__first_name")
    )
    invitation = next((i for i in invitations if i.user_id == user.pk), None)
    may_read_agenda = rules.can_read_agenda(user, meeting)
    items = agenda_items(meeting) if may_read_agenda else []
    can_edit = rules.can_edit_meeting(user, meeting)
    proposals, capped = services.agenda_proposals(meeting) if can_edit else ([], [])
    # One access-log write for everything on the page that names a case.
    log_cases(request, [i.case for i in items] + [p.case for p in proposals], part="meeting_agenda")
    published = meeting.state != Meeting.State.PLANNED
    unconfirmed = (
        published and invitation is not None and not invitation.confidentiality_confirmed_at
    )
    context = {
        "meeting": meeting,
        "invitation": invitation,
        "invitations": invitations,
        "may_read_agenda": may_read_agenda,
        "items": items,
        # Before publishing nobody opens a case from the agenda.
        "accessible": rules.accessible_case_ids(user, meeting) if published and items else set(),
        "can_edit": can_edit,
        "proposals": proposals,
        "capped": capped,
        "can_publish": rules.can_publish_agenda(user, meeting),
        "can_mark_held": rules.can_mark_held(user, meeting),
        "can_read_minutes": rules.can_read_minutes(user, meeting),
        "item_form": forms.AgendaItemForm(user=user) if can_edit else None,
        "confidentiality_form": forms.ConfidentialityForm() if unconfirmed else None,
    }
    return render(request, "overleg/meeting_detail.html", context)


@meeting_page(methods=("POST",))
def publish(request, meeting):
    def done(published):
        until = timezone.localtime(published.access_until)
        return _(
            "De agenda is gepubliceerd. De genodigden hebben een bericht gekregen en kunnen de "
            "casussen gepseudonimiseerd inzien tot %(date)s."
        ) % {"date": until.strftime("%d-%m-%Y %H:%M")}

    return act(
        request, meeting, lambda: services.publish_agenda(meeting, acting_user=request.user), done
    )


@meeting_page(methods=("POST",))
def confirm(request, meeting):
    form = forms.ConfidentialityForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Vink aan dat je de geheimhouding bevestigt om de agenda te openen.")
        )
        return redirect("overleg:meeting_detail", pk=meeting.pk)
    return act(
        request,
        meeting,
        lambda: services.confirm_confidentiality(meeting, acting_user=request.user),
        _("Dank je. De agenda is nu voor je open."),
    )


@meeting_page(methods=("POST",))
def mark_held(request, meeting):
    return act(
        request,
        meeting,
        lambda: services.mark_held(meeting, acting_user=request.user),
        _("Het overleg staat op gehouden. Het verslag kan nu geschreven worden."),
    )


@meeting_page()
def invitation_ics(request, meeting):
    url = request.build_absolute_uri(reverse("overleg:meeting_detail", args=[meeting.pk]))
    response = HttpResponse(ical.meeting_calendar(meeting, url), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{meeting.code}.ics"'
    return response
