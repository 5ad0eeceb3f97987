"""Search vectors stay in the database: no page sends a row's stored tsvector to Python.

Product, Article, FaqEntry and GlossaryTerm each store a ``search_vector`` that only the
database reads (site search filters and ranks by it). Their managers leave it out, but a
``select_related("product")`` from a step, a shelf item or a reminder would select every
column of the product, tsvector included. This walks every page of the inventory and
fails on any query whose select list names the column itself (a rank computed from it in
the database is fine).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.quality.pages import client_for, pages

# The column selected as it is: after SELECT or a comma, before a comma or FROM.
SELECTED_VECTOR = re.compile(r'(?:SELECT |, )"\w+"\."search_vector"(?:,| FROM )')


@pytest.mark.django_db
def test_no_page_reads_a_stored_search_vector(world):
    clients = {}
    offenders = []
    for page in pages(world):
        client = clients.setdefault(page.who, client_for(page.who, world))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url, follow=True)
        assert response.status_code == 200, f"{page.label} ({page.url}) as {page.who}"
        offenders += [
            f"{page.label} as {page.who}: {query['sql'][:200]}"
            for query in captured
            if SELECTED_VECTOR.search(query["sql"])
        ]
    assert offenders == [], f"{len(offenders)} queries:\n" + "\n".join(offenders)
