"""Wire-level edge cases, by what the spec says about a value (not by operation).

Each operation gets the cases that fit its parameters and body: integers get the integer corpus,
`format: email` fields the address corpus, length limits their boundaries, path ids their
percent-encodings, and every operation the request-shape cases. The values are test data about
types and encodings (how Python's int() and email-validator read text), never operation names.
"""

from __future__ import annotations

from typing import Any

INTEGERS = ["01", "+5", " +5 ", "1_0", "1__0", "\u0665", "1.0", "1e1", "true", "-0", "0", ""]

EMAILS = [
    "a@b..com", "jenny@example.com.", "jenny@example.com", "Jenny.Rosen+docs@Example.COM",
    "jenny@localhost", "jenny@mail.test", "jenny@example.invalid", "jenny@example.local",
    "jenny@router.arpa", "jenny@example", "jenny@example.123", "jenny@123.example.com",
    ".jenny@example.com", "jenny.@example.com", "je..nny@example.com", "jenny@-example.com",
    "jenny@example-.com", "jenny@ex_ample.com", "jenny@ab--cd.com", "jenny@xn--mnchen-3ya.de",
    "jenny@xn--zz.com", "jenny@münchen.de", "jörg@example.com", "用户@例子.广告",
    '"jenny"@example.com', "Jenny <jenny@example.com>", "jenny rosen@example.com",
    "jenny@[127.0.0.1]", "@example.com", "jenny@", "jenny", "jenny@@example.com", "j@e.co",
    "x" * 64 + "@example.com", "x" * 65 + "@example.com", "a@" + "b" * 63 + ".com",
    "a@" + "b" * 64 + ".com", "jenny!#$%&'*+/=?^_`{|}~-@example.com", "jenny@EXAMPLE.COM",
    "jenny@example.co.uk", "jenny\u200b@example.com", "jenny@exa\u200bmple.com",
    "jenny@example\uff0ecom", "jenny@\uff25\uff38\uff21\uff2d\uff30\uff2c\uff25.com",
    "e\u0301@example.com", "\u0301e@example.com", "jenny@-.com", "jenny@example.c0m",
    "jenny@example.c", "jenny@1.2.3.4", "a" * 64 + "@" + ".".join(["b" * 61] * 3) + ".com",
    "a@💩.la", "a@xn--ls8h.la", "a@xn--abc.com", "a@ÄÖÜ.de", "a@é.fr", "a@xn--9ca.fr",
    "a@a™.com", "a@a—b.com", "a@١٢٣.com", "a@ß.de", "a@Ⅻ.com", "a@a·b.com", "a@ა.ge",
    "a@مثال.com", "a@مثال١.com", "a@مثالa.com", "a@שלום.co.il", "a@1שלום.com",
    "a@שלום1.com", "a@مثال۱.com", "a@مثال١۱.com", "a@ש-ל.com", "a@שלום.123.com",
]  # fmt: skip

# Path segments as sent: encoded characters, an encoded slash, invalid UTF-8, a lone `%`.
PATH_SEGMENTS = ["%20x%2F1%E2%82%AC", "x%FFx", "a%ZZ%41"]


def string_values(schema: dict[str, Any], example: Any) -> list[str]:
    """Boundary values of a string schema's limits, and markup kept as text."""
    values = ["<img src=x onerror=alert(1)>"]
    if isinstance(schema.get("maxLength"), int):
        top = schema["maxLength"]
        values += ["n" * top, "n" * (top + 1), "😀" * top, "😀" * (top + 1)]
    if isinstance(example, str) and example:
        values += [example + "5", example[:-1], "0" + example, example.lstrip("+")]
        values += [example[0] + "0" + example[2:]] if len(example) > 2 else []
    return values


def encoded_id(value: str) -> str:
    """A fixture id with one character percent-encoded (the same id on the server)."""
    return value[:-1] + f"%{ord(value[-1]):02X}" if value else value
