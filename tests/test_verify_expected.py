"""chapter5.verify.expected: every documented printout names where it comes from."""
from chapter5.verify.expected import EXPECTED, SOURCES


def test_every_check_names_its_source():
    assert set(SOURCES) == set(EXPECTED)
    for section, checks in EXPECTED.items():
        assert len(SOURCES[section]) == len(checks), section
        assert all(s in ('notes', 'book') or s.startswith('formula') for s in SOURCES[section])


def test_every_section_has_documented_checks():
    from chapter5 import SECTIONS
    assert set(EXPECTED) == set(SECTIONS)
