"""Words of a text, folded the same way for what is stored and what is searched.

PostgreSQL has no Indonesian stemmer: the catalogue uses the "simple" configuration on text folded here
(lower case, accents removed), with prefix matching for the search. Folding in Python rather than with the
`unaccent` extension keeps stored and searched text identical on PostgreSQL and on the SQLite fallback.
"""

import re
import unicodedata

# Letters and digits only: nothing a user types can reach to_tsquery's operators (& | ! ( ) : * < > ').
_WORD = re.compile(r"[^\W_]+")

# Words too common in activity titles and purposes to say anything about the topic.
STOP_WORDS = frozenset(
    """
    yang dan di ke dari untuk dengan pada dalam oleh atau serta sebagai adalah ini itu tersebut akan
    juga bagi para se per tiap setiap secara agar supaya guna tentang terhadap antara sampai hingga
    survei survey sensus tahun kabupaten kota kabkota provinsi kecamatan desa kelurahan nasional
    data kegiatan statistik statistika sektoral kompilasi pendataan pengumpulan dinas badan
    the of and in for to on a an by with
    """.split()
)


def fold(text: str) -> str:
    """Lower case without accents: 'Ékonomi' -> 'ekonomi'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def significant_words(*texts: str, limit: int) -> list[str]:
    """Distinct words that say something (no stop words, no bare numbers such as years), in order of
    first appearance: the first text (the title) counts first."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            if len(word) > 1 and word not in STOP_WORDS and not word.isdigit():
                seen.setdefault(word, None)
    return list(seen)[:limit]


def search_terms(text: str, *, limit: int = 8) -> list[str]:
    """The words of a search box: stop words dropped unless nothing else is left."""
    found = list(dict.fromkeys(words(text)))
    meaningful = [w for w in found if w not in STOP_WORDS]
    return (meaningful or found)[:limit]


def tsquery(terms, *, operator: str) -> str:
    """A raw to_tsquery string from folded terms (letters and digits only), each matched as a prefix."""
    return f" {operator} ".join(f"{term}:*" for term in terms if _WORD.fullmatch(term))
