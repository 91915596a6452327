"""Agenda and minutes as PDF (WeasyPrint), pseudonymised like the screen: case reference and
pseudonym code, never the student's name."""

from django.template.loader import render_to_string


def _render(template, context):
    from weasyprint import HTML  # imported on use: it loads Pango, which pages never need

    return HTML(string=render_to_string(template, context)).write_pdf()


def agenda_pdf(meeting, *, items):
    return _render("overleg/agenda_pdf.html", {"meeting": meeting, "items": items})


def minutes_pdf(context):
    return _render("overleg/minutes_pdf.html", context)
