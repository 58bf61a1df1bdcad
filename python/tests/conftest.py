import pytest

import weft


@pytest.fixture
def render():
    """render(source, context=None, **engine_options) -> str"""

    def go(source, context=None, **options):
        return weft.Engine(**options).from_string(source).render(context)

    return go
