import pytest

from tests.quality.pages import build_world


@pytest.fixture
def world(db):
    """The people and rows behind every page of the inventory (tests/quality/pages.py)."""
    return build_world()
