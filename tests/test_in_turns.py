"""Sorting and freeing in pieces (app/core/in_turns.py) gives the same result as doing it at once."""

from __future__ import annotations

import weakref
from operator import itemgetter

from hypothesis import given
from hypothesis import strategies as st

from app.core import in_turns


@given(st.lists(st.tuples(st.integers(-50, 50), st.integers()), max_size=40))
def test_sorted_in_turns_is_sorted_and_stable(items):
    # PIECE is 5,000 in the program: small pieces here so that the merge of several pieces is what is checked.
    original, in_turns.PIECE = in_turns.PIECE, 7
    try:
        assert in_turns.sorted_in_turns(items, key=itemgetter(0)) == sorted(items, key=itemgetter(0))
    finally:
        in_turns.PIECE = original


def test_sorted_in_turns_at_the_real_piece_size():
    ids = [(i * 7919) % 12_345 for i in range(12_345)]
    pairs = [(ident, position) for position, ident in enumerate(ids)]
    assert in_turns.sorted_in_turns(pairs, key=itemgetter(0)) == sorted(pairs, key=itemgetter(0))


def test_let_go_empties_dicts_and_lists_and_frees_their_items():
    class Item:
        pass

    items = [Item() for _ in range(12_001)]
    refs = [weakref.ref(item) for item in items]
    by_id = dict(enumerate(items))
    listed = list(items)
    del items
    in_turns.let_go(by_id, listed)
    assert by_id == {} and listed == []
    assert all(ref() is None for ref in refs)  # nothing else held them: freed
