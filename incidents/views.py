"""Incident pages: parse input, ask `incidents.permissions`, call a service or a selector, respond.
Whoever may not use a page gets a 404, before any method check."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from audit.services import log_list_access
from core.pages import GET_POST, page, posted, without
from incidents import permissions, selectors, services
from incidents.forms import (
    CloseActionForm,
    ImprovementActionForm,
    IncidentFilterForm,
    IncidentForm,
    LinkCaseForm,
    TimelineEntryForm,
)
from incidents.models import ImprovementAction


def _saved_or_errors(form, action):
    """Run a service for a valid form; its refusals become form errors, the input stays."""
    try:
        return action(form.cleaned_data)
    except services.EditConflict as conflict:
        form.add_error(None, str(conflict))
    except services.InvalidChange as invalid:
        field = invalid.field if invalid.field in form.fields else None
        form.add_error(field, str(invalid))
    return None


def _incident_or_404(request, pk):
    incident = selectors.get_incident_for(request.user, pk)
    if incident is None:
        raise Http404
    return incident


def _parse_after(value):
    """The keyset position "YYYY-MM-DD.id" of the last row on the previous page, or None."""
    day, _dot, pk = (value or "").partition(".")
    try:
        return datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


@page(permissions.can_view_incidents)
def incident_list(request):
    form = IncidentFilterForm(request.GET)
    incidents, has_more = [], False
    if form.is_valid():
        data = form.cleaned_data
        incidents, has_more = selectors.incidents_for_list(
            request.user,
            kind=data["soort"],
            severity=data["ernst"],
            year=data["jaar"],
            after=_parse_after(request.GET.get("na")),
        )
    more_url = ""
    if has_more:
        last = incidents[-1]
        query = {k: v for k, v in request.GET.items() if k != "na"}
        more_url = "?" + urlencode({**query, "na": f"{last.occurred_on.isoformat()}.{last.pk}"})
    context = {
        "form": form,
        "incidents": incidents,
        "more_url": more_url,
        "paged": "na" in request.GET,
        "filtered": any(request.GET.get(k) for k in ("soort", "ernst", "jaar")),
        "can_record": permissions.can_record_incidents(request.user),
    }
    return render(request, "incidents/incident_list.html", context)


@page(permissions.can_view_incidents)
def incident_detail(request, pk):
    incident = _incident_or_404(request, pk)
    linked = permissions.linked_cases_for(request.user, incident)
    visible = [(case, basis) for case, basis in linked if basis is not None]
    if visible:
        log_list_access(request, cases_with_basis=visible, part="incident")
    actions = list(incident.improvement_actions.all())
    for action in actions:
        action.can_close = permissions.can_close_action(request.user, action)
    context = {
        "incident": incident,
        "linked": linked,
        "timeline": list(incident.timeline.all()),
        "actions": actions,
        "today": timezone.localdate(),
        "can_record": permissions.can_record_incidents(request.user),
    }
    return render(request, "incidents/incident_detail.html", context)


@page(permissions.can_view_incidents)
def incident_history(request, pk):
    incident = _incident_or_404(request, pk)
    context = {"incident": incident, "rows": selectors.incident_history(incident)}
    return render(request, "incidents/incident_history.html", context)


@page(permissions.can_record_incidents, methods=GET_POST)
def incident_create(request):
    form = IncidentForm(posted(request), creating=True)
    if request.method == "POST" and form.is_valid():
        incident = _saved_or_errors(
            form,
            lambda d: services.record_incident(
                data=without(d, "version"), acting_user=request.user
            ),
        )
        if incident is not None:
            messages.success(request, _("Het incident is vastgelegd."))
            return redirect("incidents:detail", pk=incident.pk)
    return render(request, "incidents/incident_form.html", {"form": form, "creating": True})


@page(permissions.can_record_incidents, methods=GET_POST)
def incident_edit(request, pk):
    incident = _incident_or_404(request, pk)
    form = IncidentForm(posted(request), initial=IncidentForm.initial_for(incident))
    if request.method == "POST" and form.is_valid():
        saved = _saved_or_errors(
            form,
            lambda d: services.update_incident(
                incident,
                data=without(d, "reason", "version"),
                reason=d["reason"],
                acting_user=request.user,
                expected_version=d["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Het incident is opgeslagen."))
            return redirect("incidents:detail", pk=incident.pk)
    return render(request, "incidents/incident_form.html", {"form": form, "incident": incident})


@page(permissions.can_record_incidents, methods=GET_POST)
def add_timeline_entry(request, pk):
    incident = _incident_or_404(request, pk)
    form = TimelineEntryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        entry = _saved_or_errors(
            form,
            lambda d: services.add_timeline_entry(
                incident, at=d["at"], description=d["description"], acting_user=request.user
            ),
        )
        if entry is not None:
            messages.success(request, _("Het moment staat in de tijdlijn."))
            return redirect(f"{incident_url(incident)}#tijdlijn")
    context = {"form": form, "incident": incident}
    return render(request, "incidents/timeline_form.html", context)


@page(permissions.can_record_incidents, methods=("POST",))
def remove_timeline_entry(request, pk, entry_pk):
    incident = _incident_or_404(request, pk)
    entry = incident.timeline.filter(pk=entry_pk).first()
    if entry is None:
        raise Http404
    services.remove_timeline_entry(entry, acting_user=request.user)
    messages.success(request, _("Het moment is uit de tijdlijn gehaald."))
    return redirect(f"{incident_url(incident)}#tijdlijn")


@page(permissions.can_record_incidents, methods=GET_POST)
def link_case(request, pk):
    incident = _incident_or_404(request, pk)
    form = LinkCaseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        case = _saved_or_errors(
            form,
            lambda d: services.link_case(
                incident, reference=d["reference"], acting_user=request.user
            ),
        )
        if case is not None:
            messages.success(
                request,
                _("Casus %(reference)s is gekoppeld.") % {"reference": case.reference},
            )
            return redirect(f"{incident_url(incident)}#casussen")
    return render(request, "incidents/link_case.html", {"form": form, "incident": incident})


@page(permissions.can_record_incidents, methods=("POST",))
def unlink_case(request, pk, case_pk):
    incident = _incident_or_404(request, pk)
    try:
        case = services.unlink_case(incident, case_id=case_pk, acting_user=request.user)
    except services.InvalidChange:
        raise Http404 from None
    messages.success(
        request, _("Casus %(reference)s is ontkoppeld.") % {"reference": case.reference}
    )
    return redirect(f"{incident_url(incident)}#casussen")


@page(permissions.can_record_incidents, methods=GET_POST)
def add_action(request, pk):
    incident = _incident_or_404(request, pk)
    form = ImprovementActionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        action = _saved_or_errors(
            form,
            lambda d: services.add_improvement_action(
                incident,
                description=d["description"],
                owner=d["owner"],
                due_on=d["due_on"],
                acting_user=request.user,
            ),
        )
        if action is not None:
            messages.success(request, _("De verbeteractie is toegevoegd."))
            return redirect(f"{incident_url(incident)}#acties")
    return render(request, "incidents/action_form.html", {"form": form, "incident": incident})


@page(permissions.may_close_any_action, methods=GET_POST)
def close_action(request, pk, action_pk):
    incident = _incident_or_404(request, pk)
    action = (
        ImprovementAction.objects.select_related("owner")
        .filter(incident=incident, pk=action_pk)
        .first()
    )
    if action is None or not permissions.can_close_action(request.user, action):
        raise Http404
    form = CloseActionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        closed = _saved_or_errors(
            form,
            lambda d: services.close_improvement_action(
                action, state=d["state"], note=d["note"], acting_user=request.user
            ),
        )
        if closed is not None:
            messages.success(request, _("De verbeteractie is afgesloten."))
            return redirect(f"{incident_url(incident)}#acties")
    context = {"form": form, "incident": incident, "action": action}
    return render(request, "incidents/action_close.html", context)


def incident_url(incident):
    return services.incident_path(incident.pk)
