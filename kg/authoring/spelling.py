"""Spelling keys that make transliteration variants of one name compare equal.

Tajik names reach English through Russian and through direct transliteration, so one village
may be printed Mekhrobod, Mehrobod and Mahrobod, and one jamoat Khojamaston and Hojamaston. The keys
here fold those differences step by step, and ``variant_reasons`` says which steps were needed,
so a reviewer sees *why* two spellings were matched. Used by ``kg.extract.extractor`` (to link names to
the registries) and ``kg.authoring.reconcile`` (to find duplicates and missing aliases).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

STOPWORDS = frozenset({"of", "the", "and", "a", "an", "in", "for", "on", "under"})

# Whole-word variants that are the same word for naming purposes.
SYNONYMS = {
    "foundation": "fund",
    "programme": "program",
    "organisation": "organization",
    "centre": "center",
    "raion": "rayon",
    "hukumat": "khukumat",
}

VOWELS = frozenset("aeiouy")


def name_key(text: str) -> str:
    """Lowercase words without accents or punctuation, single-spaced.

    >>> name_key("NGO “BUNYOD”")
    'ngo bunyod'
    """
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text)).casefold()
    letters = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(letters.split())


def _synonyms(word: str) -> str:
    return SYNONYMS.get(word, word)


def _dzh(word: str) -> str:
    return word.replace("dzh", "j").replace("dj", "j").replace("zh", "j")


def _kh(word: str) -> str:
    return word.replace("kh", "h")


def _gh(word: str) -> str:
    return word.replace("gh", "g")


def _y(word: str) -> str:
    return word.replace("y", "i")


def _double(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _ev(word: str) -> str:
    return re.sub(r"(ie|e)v$", "ov", word)


@dataclass(frozen=True)
class Rule:
    """One folding step, named for the reviewer."""

    label: str
    apply: Callable[[str], str]


RULES: tuple[Rule, ...] = (
    Rule("word variants (Foundation/Fund, Centre/Center, Hukumat/Khukumat)", _synonyms),
    Rule("dzh/dj/zh ~ j", _dzh),
    Rule("kh ~ h", _kh),
    Rule("gh ~ g", _gh),
    Rule("y ~ i", _y),
    Rule("double letters", _double),
    Rule("-ev ~ -ov", _ev),
)


def _words(text: str) -> list[str]:
    return [word for word in name_key(text).split() if word not in STOPWORDS] or name_key(text).split()


def _fold(words: Sequence[str], rules: Sequence[Rule]) -> list[str]:
    folded = list(words)
    for rule in rules:
        folded = [rule.apply(word) for word in folded]
    return folded


def variant_key(text: str) -> str:
    """The name with every transliteration rule applied (and 'of', 'the' … left out).

    >>> variant_key("Dzhilikul") == variant_key("Jilikul")
    True
    >>> variant_key("Khojamaston") == variant_key("Hojamaston")
    True
    """
    return " ".join(_fold(_words(text), RULES))


def _skeleton_word(word: str) -> str:
    return _double(word[:1] + "".join(ch for ch in word[1:] if ch not in VOWELS))


def skeleton(text: str) -> str:
    """The variant key without vowels after each word's first letter: Mekhrobod ~ Mahrobod.

    >>> skeleton("VO Mekhrobod") == skeleton("VO Mahrobod")
    True
    """
    return " ".join(_skeleton_word(word) for word in variant_key(text).split())


def initials(text: str) -> set[str]:
    """The abbreviations a name can have: initials without and with the small words.

    >>> "rwsp" in initials("Rural Water Supply Programme")
    True
    """
    words = name_key(text.replace("-", "")).split()
    return {
        "".join(word[0] for word in words if word not in STOPWORDS),
        "".join(word[0] for word in words),
    }


def is_abbreviation(short: str, long: str) -> bool:
    """True when ``short`` is one capitalised token that abbreviates the several words of ``long``."""
    token = short.strip()
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,9}", token) or len(name_key(long).split()) < 2:
        return False
    return token.lower() in initials(long)


def variant_reasons(first: str, second: str) -> list[str] | None:
    """The folding steps that make two spellings equal, or None when no steps do.

    An empty list means they differ only by case, accents or punctuation.

    >>> variant_reasons("Mekhrobod", "Mahrobod")
    ['kh ~ h', 'vowels']
    """
    a, b = _words(first), _words(second)
    reasons: list[str] = []
    if a == b:
        return reasons
    for rule in RULES:
        new_a, new_b = [rule.apply(w) for w in a], [rule.apply(w) for w in b]
        if (new_a, new_b) != (a, b):
            reasons.append(rule.label)
        a, b = new_a, new_b
        if a == b:
            return reasons
    if [_skeleton_word(w) for w in a] == [_skeleton_word(w) for w in b] and len("".join(a)) >= 5:
        return [*reasons, "vowels"]
    return None
