"""The chair's agenda buttons (add, take a proposal, remove, move) and the printed agenda."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from overleg import forms, pdf, services
from overleg import permissions as rules
from overleg.views.common import Action, act, agenda_items, log_cases, meeting_page, refuse
from overleg.views.documents import pdf_response


@meeting_page(methods=("POST",))
def agenda_add(request, meeting):
    form = forms.AgendaItemForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("overleg:meeting_detail", pk=meeting.pk)
    return act(
        request,
        meeting,
        lambda: services.add_item(meeting, acting_user=request.user, **form.cleaned_data),
        _("Het punt staat op de agenda."),
    )


@meeting_page(methods=("POST",))
def agenda_propose(request, meeting):
    key = request.POST.get("key", "")[:40]
    return act(
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
    return act(
        request,
        meeting,
        lambda: services.remove_item(item, acting_user=request.user),
        _("Het punt is van de agenda gehaald."),
    )


@meeting_page(methods=("POST",))
def agenda_move(request, meeting, item_pk, up):
    item = _item_of(meeting, item_pk)
    return act(
        request,
        meeting,
        lambda: services.move_item(item, up=up, acting_user=request.user),
        _("De volgorde is aangepast."),
    )


@meeting_page(part="meeting_agenda_pdf")
def agenda_pdf(request, meeting):
    if not rules.can_read_agenda(request.user, meeting):
        refuse(request, "meeting_agenda_pdf")
    items = agenda_items(meeting)
    log_cases(request, [i.case for i in items], part="meeting_agenda_pdf", action=Action.PRINT)
    return pdf_response(pdf.agenda_pdf(meeting, items=items), f"agenda-{meeting.code}.pdf")
