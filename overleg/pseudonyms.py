"""Showing a case in a meeting without the student's name.

Structured fields never carry the name there: the page shows the case reference and the
pseudonym code. Free text (what the reporter saw, timeline notes) is written about a person and
often names them, so the student's known names are replaced by the pseudonym before display.
"""

import re


def name_pattern(student):
    """A pattern matching the student's first name, last name and full name, or None."""
    if student is None:
        return None
    parts = [
        student.first_name,
        student.last_name,
        f"{student.first_name} {student.last_name}",
        student.student_number,
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
