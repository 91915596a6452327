def session_reads(queries):
    """How often captured queries read the sessions table (a pass decodes every live session).
    On PostgreSQL a pass is a server-side cursor: DECLARE … CURSOR … FOR SELECT."""
    return sum(
        'FROM "django_session"' in q["sql"] and not q["sql"].startswith("DELETE") for q in queries
    )
