"""The periodic report as a PDF (WeasyPrint, like the product's other printable documents):
the dashboard's suppressed sections and summary, never a name or a case reference."""

from django.template.loader import render_to_string
from django.utils import timezone

from overleg.suppression import HIDDEN_MARK, rounding_note


def report_pdf(board):
    from weasyprint import HTML  # imported on use: it loads Pango, which pages never need

    html = render_to_string(
        "programme/report_pdf.html",
        {
            "board": board,
            "threshold": board.threshold,
            "hidden_mark": HIDDEN_MARK,
            "rounding_note": rounding_note(),
            "made_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()
