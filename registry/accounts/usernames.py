"""The login name proposed for a person: the surname and initials in Latin letters
(«Орлов Павел Дмитриевич» → `orlov.pd`), made unique with a number."""

from __future__ import annotations

from collections.abc import Callable

# Russian to Latin, close to the passport rules (МВД, ICAO) but simpler to type: й → y,
# ю → yu, я → ya; the hard and soft signs are dropped.
TRANSLITERATION = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}

# Django's user names may hold letters, digits and @.+-_; we keep to Latin letters, digits,
# the dot and the hyphen.
ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
USERNAME_MAX = 150


def transliterate(text: str) -> str:
    """Lower-case Latin letters, digits and hyphens of a Russian (or Latin) text; anything
    else is left out."""
    latin = "".join(TRANSLITERATION.get(char, char) for char in text.lower())
    return "".join(char for char in latin if char in ALLOWED).strip("-")


def base_username(last_name: str, first_name: str, patronymic: str = "") -> str:
    """`surname.initials`, or `user` for a name with no letter we can write."""
    surname = transliterate(last_name.replace(" ", "-"))
    initials = "".join(transliterate(part)[:1] for part in (first_name, patronymic) if part)
    name = ".".join(part for part in (surname, initials) if part)
    return name[: USERNAME_MAX - 4] or "user"


def propose_username(
    last_name: str, first_name: str, patronymic: str, *, taken: Callable[[str], bool]
) -> str:
    """The base name, or the first of `name2`, `name3`, … that is not `taken`."""
    base = base_username(last_name, first_name, patronymic)
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        candidate = f"{base}{number}"
    return candidate
