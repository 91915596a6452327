"""The test data itself: generated names never pass for a name a test writes and looks for."""

import pathlib
import re

from faker.providers.person.nl_NL import Provider

from tests.factories import WRITTEN_IN_TESTS, StudentFactory, UserFactory

WRITTEN = re.compile(r'_name="([^"]+)"')


def test_every_name_a_test_writes_that_faker_could_also_make_is_kept_out():
    sources = pathlib.Path(__file__).parent.glob("*.py")
    written = {name for path in sources for name in WRITTEN.findall(path.read_text())}
    made = Provider.first_names + Provider.last_names
    could_clash = {name for name in written if any(name in made_name for made_name in made)}
    assert could_clash - set(WRITTEN_IN_TESTS) == set()


def test_generated_names_contain_none_of_them():
    people = [UserFactory.build(password=None) for _ in range(200)]
    people += [StudentFactory.build(programme=None) for _ in range(200)]
    for person in people:
        full_name = f"{person.first_name} {person.last_name}"
        assert not any(written in full_name for written in WRITTEN_IN_TESTS), full_name
