"""The certificate as a PDF (WeasyPrint, like the product's other printable documents)."""

from django.template.loader import render_to_string


def certificate_pdf(certificate, *, trainers):
    from weasyprint import HTML  # imported on use: it loads Pango, which pages never need

    html = render_to_string(
        "training/certificate_pdf.html", {"certificate": certificate, "trainers": trainers}
    )
    return HTML(string=html).write_pdf()
