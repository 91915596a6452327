"""Bench only: the number of SQL statements a request ran, in the `X-Bench-Queries` header.

`connection.execute_wrapper` sees every statement without DEBUG's query log (which would slow
the very thing measured and grow without bound)."""

from django.db import connection


def count_queries(get_response):
    def middleware(request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response

    return middleware
