"""The approved disclosure package as a PDF (WeasyPrint): what the contact officer shares, with
whom, and whom to call back at the institution."""

from django.template.loader import render_to_string


def package_pdf(disclosure, *, sections):
    from weasyprint import HTML  # imported on use: it loads Pango, which pages never need

    context = {"disclosure": disclosure, "case": disclosure.case, "package": sections}
    return HTML(string=render_to_string("escalation/package_pdf.html", context)).write_pdf()
