def session_reads(queries):
    """How often captured queries read the sessions table (a pass decodes every live session)."""
    return sum(q["sql"].startswith("SELECT") and '"django_session"' in q["sql"] for q in queries)
