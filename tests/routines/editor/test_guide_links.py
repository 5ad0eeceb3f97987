"""The advice and timeline links point at guide sections that exist."""

import pytest

from routines.editor import rules as advice
from routines.tracking import rules as timeline


@pytest.mark.parametrize(
    "link",
    [advice.LINK_ORDER, advice.LINK_PAIRING, advice.LINK_FREQUENCY, advice.LINK_STORAGE,
     timeline.TIMELINE_LINK],
)  # fmt: skip
def test_link_targets_exist(client, db, link):
    path, _, anchor = link.partition("#")
    response = client.get(path)
    assert response.status_code == 200
    if anchor:
        assert f'id="{anchor}"' in response.content.decode()
