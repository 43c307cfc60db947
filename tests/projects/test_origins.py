"""The project's page links the record its vehicle came from (``projects.origins``)."""

import pytest

from projects.origins import RESOLVERS, Origin, origin_of, register_origin


@pytest.fixture
def fake_resolvers():
    saved = dict(RESOLVERS)
    yield
    RESOLVERS.clear()
    RESOLVERS.update(saved)


class _Project:
    def __init__(self, vehicle):
        self.vehicle = vehicle


def test_a_registered_vehicle_resolves_and_others_show_nothing(fake_resolvers):
    register_origin("open_call", lambda project: Origin("榜单 A", "/calls/1/"))
    assert origin_of(_Project("open_call")) == Origin("榜单 A", "/calls/1/")
    assert origin_of(_Project("direct")) is None
    register_origin("open_call", lambda project: None)  # the record is gone
    assert origin_of(_Project("open_call")) is None
