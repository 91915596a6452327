"""The minutes: attendance, what was said and decided per item, action items and their review,
approval, and the printed minutes. Free text about a case shows the pseudonym for the names."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.services import log_case_access
from core.errors import ActionRefused
from core.pages import GET_POST, posted, run_service
from overleg import forms, pdf, selectors, services
from overleg import permissions as rules
from overleg.models import ActionItem, Meeting
from overleg.views.common import (
    MEETING,
    Action,
    act,
    agenda_items,
    log_cases,
    mask_for,
    masked_actions,
    meeting_page,
    refuse,
)
from overleg.views.documents import pdf_response


def _reviewable(meeting):
    """Actions this meeting reviewed, and while its minutes are open, those it still may."""
    if meeting.state not in (Meeting.State.HELD, Meeting.State.MINUTES_APPROVED):
        return []
    related = ("owner", "meeting", "item__case__student")
    reviewed = list(ActionItem.objects.filter(reviewed_in=meeting).select_related(*related))
    if meeting.minutes_open:
        reviewed += list(selectors.earlier_open_actions(meeting).select_related(*related))
    return reviewed


def _minutes_context(request, meeting, **extra):
    items = agenda_items(meeting)
    for item in items:
        item.summary_shown = mask_for(item.case)(item.summary)
    actions = masked_actions(
        meeting.actions.select_related("owner", "item__case__student").order_by("due_on", "id")
    )
    return {
        "meeting": meeting,
        "items": items,
        "actions": actions,
        "reviewable": masked_actions(_reviewable(meeting)),
        "invitations": meeting.invitations.select_related("user"),
        "can_write": rules.can_write_minutes(request.user, meeting),
        "can_approve": rules.can_approve_minutes(request.user, meeting),
        "review_form": forms.ActionReviewForm(),
        **extra,
    }


def _log_minutes(request, context, *, part, action=Action.LIST):
    cases = [item.case for item in context["items"]]
    cases += [a.item.case for a in context["reviewable"] if a.item and a.item.case]
    log_cases(request, list({case.pk: case for case in cases if case}.values()), part=part,
              action=action)  # fmt: skip


@meeting_page(methods=GET_POST, part="meeting_minutes")
def minutes(request, meeting):
    if not rules.can_read_minutes(request.user, meeting):
        refuse(request, "meeting_minutes")
    form = None
    status = 200
    if rules.can_write_minutes(request.user, meeting):
        invitations = meeting.invitations.select_related("user")
        form = forms.AttendanceForm(posted(request), invitations=invitations)
        if request.method == "POST" and form.is_valid():
            done, status = run_service(
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
        raise ActionRefused
    context = _minutes_context(request, meeting, attendance_form=form)
    _log_minutes(request, context, part="meeting_minutes")
    if request.method == "POST" and status == 200:
        status = 400
    return render(request, "overleg/minutes.html", context, status=status)


def _item_of(meeting, item_pk):
    item = meeting.items.select_related("case__student").filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


@meeting_page(methods=GET_POST)
def item_minutes(request, meeting, item_pk):
    if not rules.can_write_minutes(request.user, meeting):
        raise ActionRefused
    item = _item_of(meeting, item_pk)
    initial = {"summary": item.summary, "decision": item.decision}
    form = forms.ItemMinutesForm(posted(request), item=item, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, status = run_service(
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
        raise ActionRefused
    form = forms.ActionForm(posted(request), meeting=meeting)
    log_cases(request, [item.case for item in form.fields["item"].queryset], part="meeting_minutes")
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = run_service(
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
    if not rules.can_write_minutes(request.user, meeting):
        raise ActionRefused
    action = selectors.earlier_open_actions(meeting).filter(pk=action_pk).first()
    if action is None:
        raise Http404
    form = forms.ActionReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies gedaan, omstandigheden veranderd of niet gedaan."))
        return redirect("overleg:minutes", pk=meeting.pk)
    return act(
        request,
        meeting,
        lambda: services.review_action(
            action, meeting=meeting, acting_user=request.user, **form.cleaned_data
        ),
        _("Het actiepunt is beoordeeld."),
        to="overleg:minutes",
    )


@meeting_page(methods=("POST",))
def approve(request, meeting):
    return act(
        request,
        meeting,
        lambda: services.approve_minutes(meeting, acting_user=request.user),
        _("Het verslag is vastgesteld en kan niet meer worden gewijzigd."),
        to="overleg:minutes",
    )


@meeting_page(part="meeting_minutes_pdf")
def minutes_pdf(request, meeting):
    if not rules.can_read_minutes(request.user, meeting):
        refuse(request, "meeting_minutes_pdf")
    context = _minutes_context(request, meeting)
    _log_minutes(request, context, part="meeting_minutes_pdf", action=Action.PRINT)
    return pdf_response(pdf.minutes_pdf(context), f"verslag-{meeting.code}.pdf")
