"""The subject-access report as a PDF (WeasyPrint, like the product's other printed documents)."""

from django.template.loader import render_to_string


def report_pdf(report):
    from weasyprint import HTML  # imported on use: it loads Pango, which pages never need

    return HTML(string=render_to_string("subject_access/report_pdf.html", report)).write_pdf()
