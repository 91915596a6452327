"""Bench only: the number of SQL statements a request ran, in the `X-Bench-Queries` header,
and how many of them count rows of the case table (`X-Bench-Case-Counts`: issue 9 wants none
on the counsellor's path).

`connection.execute_wrapper` sees every statement without DEBUG's query log (which would slow
the very thing measured and grow without bound)."""

import re

from django.db import connection

CASE_COUNT = re.compile(r'COUNT\(.*\bFROM "cases_case"', re.IGNORECASE | re.DOTALL)


def count_queries(get_response):
    def middleware(request):
        count = case_counts = 0

        def counter(execute, sql, params, many, context):
            nonlocal count, case_counts
            count += 1
            case_counts += bool(CASE_COUNT.search(sql))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = get_response(request)
        response["X-Bench-Queries"] = str(count)
        response["X-Bench-Case-Counts"] = str(case_counts)
        return response

    return middleware
