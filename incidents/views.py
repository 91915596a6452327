"""Incident pages: parse input, ask `incidents.permissions`, call a service or a selector, respond.
Whoever may not use a page gets a 404, before any method check (`core.pages.page`)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_list_access
from core.errors import InvalidChange
from core.pages import GET_POST, page, posted, run_service, without
from core.paging import CURSOR_PARAMETER, page_links
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


def _incident(request, pk):
    return selectors.get_incident_for(request.user, pk)


@page(permissions.can_view_incidents)
def incident_list(request):
    form = IncidentFilterForm(request.GET)
    listing = selectors.IncidentPage(incidents=[], next_cursor="", is_first_page=True)
    if form.is_valid():
        data = form.cleaned_data
        listing = selectors.incidents_for_list(
            request.user,
            kind=data["soort"],
            severity=data["ernst"],
            year=data["jaar"],
            cursor=request.GET.get(CURSOR_PARAMETER),
        )
    context = {
        "form": form,
        "incidents": listing.incidents,
        **page_links(request, listing.next_cursor, on_first_page=listing.is_first_page),
        "filtered": any(request.GET.get(k) for k in ("soort", "ernst", "jaar")),
        "can_record": permissions.can_record_incidents(request.user),
    }
    return render(request, "incidents/incident_list.html", context)


@page(permissions.can_view_incidents, find=_incident)
def incident_detail(request, incident):
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


@page(permissions.can_view_incidents, find=_incident)
def incident_history(request, incident):
    context = {"incident": incident, "rows": selectors.incident_history(incident)}
    return render(request, "incidents/incident_history.html", context)


@page(permissions.can_record_incidents, methods=GET_POST)
def incident_create(request):
    form = IncidentForm(posted(request), creating=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        incident, status = run_service(
            form,
            lambda: services.record_incident(data=without(d, "version"), acting_user=request.user),
        )
        if incident is not None:
            messages.success(request, _("Het incident is vastgelegd."))
            return redirect("incidents:detail", pk=incident.pk)
    context = {"form": form, "creating": True}
    return render(request, "incidents/incident_form.html", context, status=status)


@page(permissions.can_record_incidents, methods=GET_POST, find=_incident)
def incident_edit(request, incident):
    form = IncidentForm(posted(request), initial=IncidentForm.initial_for(incident))
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved, status = run_service(
            form,
            lambda: services.update_incident(
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
    context = {"form": form, "incident": incident}
    return render(request, "incidents/incident_form.html", context, status=status)


@page(permissions.can_record_incidents, methods=GET_POST, find=_incident)
def add_timeline_entry(request, incident):
    form = TimelineEntryForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        entry, status = run_service(
            form,
            lambda: services.add_timeline_entry(
                incident, at=d["at"], description=d["description"], acting_user=request.user
            ),
        )
        if entry is not None:
            messages.success(request, _("Het moment staat in de tijdlijn."))
            return redirect(f"{incident_url(incident)}#tijdlijn")
    context = {"form": form, "incident": incident}
    return render(request, "incidents/timeline_form.html", context, status=status)


@page(permissions.can_record_incidents, methods=("POST",), find=_incident)
def remove_timeline_entry(request, incident, entry_pk):
    entry = incident.timeline.filter(pk=entry_pk).first()
    if entry is None:
        raise Http404
    services.remove_timeline_entry(entry, acting_user=request.user)
    messages.success(request, _("Het moment is uit de tijdlijn gehaald."))
    return redirect(f"{incident_url(incident)}#tijdlijn")


@page(permissions.can_record_incidents, methods=GET_POST, find=_incident)
def link_case(request, incident):
    form = LinkCaseForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        case, status = run_service(
            form,
            lambda: services.link_case(
                incident, reference=d["reference"], acting_user=request.user
            ),
        )
        if case is not None:
            messages.success(
                request,
                _("Casus %(reference)s is gekoppeld.") % {"reference": case.reference},
            )
            return redirect(f"{incident_url(incident)}#casussen")
    context = {"form": form, "incident": incident}
    return render(request, "incidents/link_case.html", context, status=status)


@page(permissions.can_record_incidents, methods=("POST",), find=_incident)
def unlink_case(request, incident, case_pk):
    try:
        case = services.unlink_case(incident, case_id=case_pk, acting_user=request.user)
    except InvalidChange:  # not linked (any more): nothing to unlink
        raise Http404 from None
    messages.success(
        request, _("Casus %(reference)s is ontkoppeld.") % {"reference": case.reference}
    )
    return redirect(f"{incident_url(incident)}#casussen")


@page(permissions.can_record_incidents, methods=GET_POST, find=_incident)
def add_action(request, incident):
    form = ImprovementActionForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        action, status = run_service(
            form,
            lambda: services.add_improvement_action(
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
    context = {"form": form, "incident": incident}
    return render(request, "incidents/action_form.html", context, status=status)


@page(permissions.may_close_any_action, methods=GET_POST, find=_incident)
def close_action(request, incident, action_pk):
    action = (
        ImprovementAction.objects.select_related("owner")
        .filter(incident=incident, pk=action_pk)
        .first()
    )
    if action is None or not permissions.can_close_action(request.user, action):
        raise Http404
    form = CloseActionForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        closed, status = run_service(
            form,
            lambda: services.close_improvement_action(
                action, state=d["state"], note=d["note"], acting_user=request.user
            ),
        )
        if closed is not None:
            messages.success(request, _("De verbeteractie is afgesloten."))
            return redirect(f"{incident_url(incident)}#acties")
    context = {"form": form, "incident": incident, "action": action}
    return render(request, "incidents/action_close.html", context, status=status)


def incident_url(incident):
    return services.incident_path(incident.pk)
