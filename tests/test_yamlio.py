"""YAML reading gives the values the safe loader gives, with the place of each.

compliancecheck/language/yamlio.py takes text scalars straight from the node
(the safe constructor's own answer, without its dispatch); every other
scalar goes through the constructor. These cases hold the two together:
text that looks like another type, explicit tags, keys of each kind.
"""

from __future__ import annotations

import pytest
import yaml

from compliancecheck.language.yamlio import load_yaml_text

DOC = """\
plain: text
quoted: "yes"
truth: yes
number: 12
decimal: 1.5
tagged: !!str 12
tagged_number: !!int "7"
date: 2023-01-01
empty:
null_word: null
1: integer key
"1": text key
? !!str 2
: tagged key
list: [a, "b", 3, !!str 4]
nested:
  - key: value
"""


def test_values_are_the_safe_loader_s() -> None:
    doc = load_yaml_text(DOC, "doc.yaml")
    expected = yaml.safe_load(DOC)
    expected["date"] = "2023-01-01"  # dates stay ISO text, as in JSON
    assert doc.value == expected
    assert [type(v) for v in doc.value.values()] == [type(v) for v in expected.values()]
    assert doc.value[1] == "integer key" and doc.value["1"] == "text key" and doc.value["2"] == "tagged key"


@pytest.mark.parametrize("path, at", [((), (1, 1)), (("quoted",), (2, 9)), (("tagged",), (6, 9)), (("list", 3), (15, 19)), (("nested", 0, "key"), (17, 10))])
def test_each_value_keeps_its_place(path: tuple, at: tuple[int, int]) -> None:
    assert load_yaml_text(DOC, "doc.yaml").marks[path] == at
