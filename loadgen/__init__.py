"""Load data at three sizes for query budgets and benchmarks (issue 9): `manage.py seed_load`.

- S: about 1,000 cases, 4,000 students and 400 staff (the query-budget tests load it);
- L: a large institution: 40,000 students, 4,000 staff, 10,000 cases, ~100,000 history and
  timeline rows, and the guardian permission rows a case team holds (handler and members);
- N: a national shared instance: 1,000,000 cases, 100,000 staff, ~10,000,000 history rows.

The data looks like years of use: cases spread over the years with their timelines, steps on
the ladder (with the frameworks, requests and decisions they rest on), history rows with who
and why, team permissions, care meetings (held ones with decisions and action items,
published agendas with live access grants), training sessions with attendance and
certificates. It is the same for the same size, seed and anchor date.

**Bulk writes on purpose.** This is load data, not domain writes: nobody acted, so there is
nothing to audit. The rule "no bulk writes on audited models" (STYLE.md, DESIGN.md 6) protects
history that people's actions write; here the history rows themselves are generated, with the
rows they describe. Through the services the N tier would take days. Rows go in with
PostgreSQL's COPY (psycopg2 `copy_expert`) and, on SQLite, with `executemany` — S only.

Never in production: the command refuses unless DEBUG is on or it is given
`--i-know-this-is-not-production`, and it refuses a database that already holds cases.
"""
