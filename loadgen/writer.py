"""Writing generated rows fast: COPY on PostgreSQL, executemany elsewhere.

Rows are tuples in the order of the attribute names given per table; ids are handed out here
(from the table's current maximum) so that rows can point at each other without a round trip.
"""

import datetime
import io
import json

from django.db import connection

FLUSH_ROWS = 50_000


# COPY's text format escapes backslash, tab, newline and carriage return; one translate call
# per string instead of four replaces (the writer formats every value of millions of rows).
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _pg_str(value):
    return value.translate(_ESCAPES)


def _pg_json(value):
    return _pg_str(json.dumps(value))


def _pg_iso(value):
    return value.isoformat()


# By exact type (bool before int: `type(True)` is bool); anything else goes through _pg_text.
_BY_TYPE = {
    int: str,
    str: _pg_str,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: "\\N",
    datetime.datetime: _pg_iso,
    datetime.date: _pg_iso,
    list: _pg_json,
    dict: _pg_json,
}


def _pg_text(value):
    """One value in COPY's text format."""
    convert = _BY_TYPE.get(type(value))
    if convert is not None:
        return convert(value)
    return _pg_str(str(value))  # TextChoices members and other subclasses: their str()


class Table:
    """The rows waiting for one table, and the next free id."""

    def __init__(self, model, attnames, next_id):
        fields = {f.attname: f for f in model._meta.concrete_fields}
        missing = [
            f.attname
            for f in fields.values()
            if f.attname not in attnames and not f.null and not f.has_default()
        ]
        if missing:
            raise ValueError(f"{model._meta.label}: no value for {missing}")
        self.model = model
        self.fields = [fields[name] for name in attnames]
        self.columns = [f.column for f in self.fields]
        self.rows = []
        self.next_id = next_id
        self.written = 0

    def take_id(self):
        value = self.next_id
        self.next_id += 1
        return value


class Writer:
    """Buffers rows per table and writes them in the order the tables were declared (parents
    before children), so every flush leaves the database consistent."""

    def __init__(self, *, fast_pg=True):
        self.vendor = connection.vendor
        self.tables = {}
        self.fast_pg = fast_pg and self.vendor == "postgresql"
        self.buffered = 0  # rows waiting in all tables (summing per row cost seconds at N)

    def declare(self, model, attnames):
        pk = model._meta.pk
        next_id = 1
        if pk.get_internal_type() in ("AutoField", "BigAutoField"):
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(model._meta.db_table)
                column = connection.ops.quote_name(pk.column)
                cursor.execute(f"SELECT MAX({column}) FROM {table}")  # noqa: S608  quoted names
                next_id = (cursor.fetchone()[0] or 0) + 1
        self.tables[model] = Table(model, attnames, next_id)
        return self.tables[model]

    def add(self, model, row):
        self.tables[model].rows.append(row)
        self.buffered += 1

    def pending(self):
        return self.buffered

    def flush(self):
        """Write everything buffered, parents first, in one transaction."""
        from django.db import transaction

        with transaction.atomic():
            if self.fast_pg:
                with connection.cursor() as cursor:
                    # Load data is consistent by construction: skip the per-row foreign-key
                    # triggers for this session's writes (needs a superuser; see README).
                    cursor.execute("SET LOCAL session_replication_role = replica")
            for table in self.tables.values():
                if table.rows:
                    self._write(table)
                    table.written += len(table.rows)
                    table.rows = []
            self.buffered = 0

    def _write(self, table):
        name = connection.ops.quote_name(table.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                buffer = io.StringIO()
                for row in table.rows:
                    buffer.write("\t".join(map(_pg_text, row)))
                    buffer.write("\n")
                buffer.seek(0)
                raw = cursor.cursor  # psycopg2's own cursor under Django's wrapper
                raw.copy_expert(f"COPY {name} ({columns}) FROM STDIN", buffer)
            else:
                prepared = [
                    [
                        f.get_db_prep_value(v, connection, prepared=False)
                        for f, v in zip(table.fields, row, strict=True)
                    ]
                    for row in table.rows
                ]
                marks = ", ".join(["%s"] * len(table.columns))
                sql = f"INSERT INTO {name} ({columns}) VALUES ({marks})"  # noqa: S608  quoted names
                cursor.executemany(sql, prepared)

    def reset_sequences(self):
        """Let the database hand out ids after the loaded ones (PostgreSQL sequences)."""
        from django.core.management.color import no_style

        statements = connection.ops.sequence_reset_sql(no_style(), list(self.tables))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def analyze(self):
        """Leave the tables as a running database has them: statistics for the planner and,
        outside a transaction, vacuumed — autovacuum does that to freshly loaded tables in
        production, and without it the visibility map is empty, so PostgreSQL can use no
        index-only scan (the case list's team rows at tier N: 223 heap fetches instead of
        none). Where autovacuum is off (this project's machines) the load would otherwise be
        measured in a state no production database stays in."""
        if self.vendor != "postgresql":
            return "nothing (not PostgreSQL)"
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in self.tables:
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
        return command
