"""Words for lexical matching and explanations: tokens, stop words and stems."""

import functools
import re
import threading

# Common English words, plus words so common in council plans that they say nothing about a match.
STOP_WORDS = frozenset(
    """a about above across after again against all also am an and any are as at be because
    been before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers him his how i if in into is it
    its itself just me more most my no nor not of off on once only or other our ours out over
    own same she should so some such than that the their theirs them then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours within per via etc including include includes
    ensure ensuring make making help helping support supporting improve improving increase
    increasing reduce reducing deliver delivering council councils borough area areas local
    people residents number less new want need needs better work""".split()  # noqa: SIM905
)
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


_stemmer_lock = threading.Lock()  # the stemmer keeps state while it works on a word


@functools.cache
def _stemmer():
    # The original Porter algorithm, as SQLite FTS5's porter tokenizer uses. Imported on first
    # use: the package loads every language's stemmer, which app start-up does not need.
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


@functools.cache
def stem(word):
    """Return the Porter stem of a lower-case word."""
    with _stemmer_lock:
        return _stemmer().stemWord(word)


def words(text):
    """Return the lower-case content words of a text, in order."""
    return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1]


@functools.lru_cache(maxsize=4096)
def phrase(text):
    """Stems of every word of a text, stop words included: 'tree work' must keep its 'work'.

    Cached: rules compare one contract's words against every measure's title.
    """
    return frozenset(stem(w) for w in WORD.findall(text.lower()))


def stems(text):
    """Return the set of stems of a text's content words."""
    return {stem(w) for w in words(text)}
