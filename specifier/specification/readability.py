"""Readability of the clause text, measured with textstat and shown to the commissioner."""

import functools
import re
from dataclasses import dataclass

import pyphen

TARGET = 45  # Flesch reading ease we aim for on clause text
MIN_WORDS = 12  # below this a score says little


@dataclass(frozen=True)
class Score:
    """Flesch reading ease and grade for some text."""

    ease: float
    grade: float
    words: int

    @property
    def meets_target(self):
        return self.ease >= TARGET


def _plain(text):
    # Bullets become sentences so a long list is not scored as one huge sentence.
    return re.sub(r"(?m)^- (.*?)[;.]?$", r"\1.", text)


@functools.cache
def _hyphenator():
    return pyphen.Pyphen(lang="en_GB")


def syllables(text):
    """Count syllables by hyphenation points, as textstat does for words outside its dictionary.

    textstat's own syllable count for English loads NLTK's CMU dictionary, downloading it
    when missing; we never download at run time, so we count the way its fallback does.
    """
    hyphenator = _hyphenator()
    return sum(len(hyphenator.positions(word)) + 1 for word in re.findall(r"[a-z']+", text.lower()))


def score(text):
    """Return the Flesch reading ease and Flesch-Kincaid grade of some clause text."""
    # Imported on first use: textstat pulls in nltk and scipy, a second of app start-up.
    import textstat

    plain = _plain(text)
    words = max(textstat.lexicon_count(plain), 1)
    sentences = max(textstat.sentence_count(plain), 1)
    per_word = syllables(plain) / words
    per_sentence = words / sentences
    return Score(
        ease=round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1),
        grade=round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1),
        words=words,
    )


def for_document(doc):
    """Return (whole-document score, {clause key: score}) for clauses long enough to score."""
    clauses = doc.clauses()
    whole = score("\n".join(c.text for c in clauses))
    each = {c.key: score(c.text) for c in clauses if len(c.text.split()) >= MIN_WORDS}
    return whole, each


def alternatives(doc, each):
    """Return {clause key: (plainer text, its score)} for clauses below the target.

    Only a plainer wording from the clause library that itself meets the target is offered.
    """
    found = {}
    for clause in doc.clauses():
        scored = each.get(clause.key)
        if scored is None or scored.meets_target or not clause.plain:
            continue
        plain = score(clause.plain)
        if plain.meets_target and clause.plain != clause.text:
            found[clause.key] = (clause.plain, plain)
    return found
