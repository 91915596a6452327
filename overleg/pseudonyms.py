"""Showing a case in a meeting without the student's name.

Structured fields never carry the name there: the page shows the case reference and the
pseudonym code. Free text (what the reporter saw, timeline notes) is written about a person and
often names them, so the student's known names are replaced by the pseudonym before display.
"""

import re

# Dutch surname prefixes (tussenvoegsels): "Vries" in "de Vries" is a name, "de" is not.
PREFIXES = {
    "de",
    "der",
    "den",
    "van",
    "von",
    "het",
    "ter",
    "ten",
    "te",
    "in",
    "op",
    "'t",
    "la",
    "le",
}


def name_pattern(student):
    """A pattern matching the student's names — first, last, full, each part of a surname
    without its prefixes — and student number, or None."""
    if student is None:
        return None
    surname_parts = [p for p in student.last_name.split() if p.lower() not in PREFIXES]
    parts = [
        student.first_name,
        student.last_name,
        f"{student.first_name} {student.last_name}",
        student.student_number,
        *surname_parts,
    ]
    names = sorted({p.strip() for p in parts if p and len(p.strip()) >= 2}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)


def mask(text, pattern, pseudonym):
    """`text` with every mention of the student's names replaced by the pseudonym."""
    if not text or pattern is None:
        return text
    return pattern.sub(f"[{pseudonym}]", text)
