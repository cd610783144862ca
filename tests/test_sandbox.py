"""What a user's print template may not do: every way of writing a package import or an eval is
found, in markup and in code; the same words in a sentence are not."""

from __future__ import annotations

import pytest

from workshop.render.documents.sandbox import forbidden, line_col


def found(source: str) -> list[tuple[int, int, str]]:
    return [(*line_col(source, f.offset), f.message.split(":")[0]) for f in forbidden(source)]


ALLOWED = {
    "plain import": '#import "/builtin/lib.typ": *\n#import "/lib.typ" as lib\n',
    "words in text": "Please include your name and import nothing. eval is a word here.\n",
    "a handle in quotes": '#let handle = "@contoso"\nFollow "@contoso" online.\n',
    "a standard module": "#import calc: pow\n#pow(2, 3)\n",
    "comments": '// #import "@preview/x:1.0.0"\n/* #eval("1") */ text\n',
    "raw text": '```typ\n#import "@preview/x:1.0.0"\n```\nand `#eval("x")`\n',
    "an escaped hash": '\\#import "@preview/x:1.0.0" is shown as text\n',
    "methods and strings": '#let s = "x".replace("a", "b")\n#("a" + "b")\n',
}


@pytest.mark.parametrize("source", ALLOWED.values(), ids=ALLOWED.keys())
def test_ordinary_templates_pass(source):
    assert forbidden(source) == []


FORBIDDEN = {
    "a package": ('#import "@preview/cetz:0.3.0": canvas\n', (1, 9)),
    "a local package": ('#include "@local/brand:1.0.0"\n', (1, 10)),
    "in a code block": ('#let f() = {\n  import "@preview/x:1.0.0": y\n  y\n}\n', (2, 10)),
    "a name for a string": ('#let p = "@preview/x:1.0.0"\n#import p\n', (1, 10)),
    "a string built up": ('#import "@pre" + "view/x:1.0.0"\n', (1, 9)),
    "a computed name": ('#let p = str.from-unicode(64) + "preview/x:1.0.0"\n#import p\n', (2, 9)),
    "eval": ('#eval("1 + 1")\n', (1, 2)),
    "eval through std": ('#std.eval("1")\n', (1, 6)),
    "eval in a show rule": ('#show heading: it => { eval("x") }\n', (1, 24)),
    "between markup quotes": ('Say "hi #import "@preview/cetz:0.3.0" there"\n', (1, 17)),
    "after a link": ('see https://x.org #import "@preview/x:1.0.0"\n', (1, 27)),
    "inside content": ('#strong[text #import "@local/x:1.0.0"]\n', (1, 22)),
    "in parentheses": ('#(import "@preview/x:1.0.0")\n', (1, 10)),
}


@pytest.mark.parametrize("source, where", FORBIDDEN.values(), ids=FORBIDDEN.keys())
def test_every_way_to_a_package_or_eval_is_found_where_it_is(source, where):
    places = found(source)
    assert places and places[0][:2] == where, places
