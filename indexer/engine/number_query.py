"""Queries for 发文字号: a whole number (the document itself first, then documents citing
it) and a part of one (``文号:国办发``, ``文号:2014``, ``文号:国办发〔2014〕``: every
matching number)."""

from __future__ import annotations

from whoosh import query


def doc_number_query(canon: str) -> query.Query:
    """The numbered document itself first (doc_number boost), then documents citing it."""
    return query.Or(
        [
            query.Term("doc_number", canon, boost=20.0),
            query.Term("title", canon, boost=3.0),
            query.Term("body", canon),
        ]
    )


def partial_number_query(code: str, year: str) -> query.Query:
    """Every 发文字号 with this 机关代字 and/or year (``文号:国办发``, ``文号:2014``): a
    pattern over the stored numbers, which are canonical (代字〔年份〕序号号, or 机关令第N号)."""
    if code and year:
        patterns = [f"{code}〔{year}〕*"]
    elif code:
        patterns = [f"{code}〔*", f"{code}第*"]
    else:
        patterns = [f"*〔{year}〕*"]
    return query.Or([query.Wildcard("doc_number", p) for p in patterns])
