"""A saved experiment whose state is damaged is refused in plain words (found by tools/monkey.py).

Before: "state is damaged or incomplete (AttributeError: 'list' object has no attribute 'items')".
"""

import json
import re

import pytest

from playground import ConfigError, Experiment

EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b")


@pytest.mark.parametrize("state, says", [
    ({"epoch": 3, "weights": [[1, 2]], "history": {"epoch": "x"}}, "weights, optimizer or history"),
    ({"epoch": 3, "weights": "many"}, "weights, optimizer or history"),
    ({"epoch": 3}, "it has no 'weights'"),
])
def test_a_damaged_state_is_refused_in_plain_words(tmp_path, state, says):
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps({"layers": [], "state": state}))
    with pytest.raises(ConfigError) as refused:
        Experiment.load(path)
    text = str(refused.value)
    assert "state is damaged or incomplete" in text and says in text, text
    assert not EXCEPTION_NAME.search(text), text
