"""How alike two activities are, and why: the scoring of duplicate detection (`selectors.similar_activities`).

Pure functions over folded text, the same on PostgreSQL and SQLite (the database only picks the candidates).
An activity is suggested when it shares the subject, not merely words that every activity has:

- title words: the significant words of both titles without place names (a rice survey and a nutrition
  survey of the same regency share "banjarnegara", which says nothing about the subject), with a typo
  allowance by trigrams as pg_trgm computes them;
- variables: names compared by their significant words ("Luas panen padi" ~ "Luas panen"), a name every
  activity collects ("Umur", "Jenis kelamin") counting a quarter;
- other words: the described words found in the candidate's purpose, variables and indicators;
- the sector (same: more; both known and different: less) and the organiser's region (the same regency or
  province: more).

`relevant` needs evidence of the subject (title, variables or most described words) and a score of at least
`THRESHOLD`. The weights and the threshold are measured by tests/catalogue/test_similar_eval.py.
"""

from dataclasses import dataclass, field

from .text import STOP_WORDS, words

TITLE_WEIGHT = 0.5
VARIABLE_WEIGHT = 0.3
TEXT_WEIGHT = 0.3
SECTOR_BONUS = 0.1
SECTOR_PENALTY = 0.15
REGENCY_BONUS = 0.1
PROVINCE_BONUS = 0.05
THRESHOLD = 0.15
# Evidence of a shared subject (any one of them).
TITLE_EVIDENCE = 0.25
VARIABLE_EVIDENCE = 0.5
TEXT_EVIDENCE = 0.5
VARIABLE_MATCH = 0.65  # two variable names match when this share of their words is common (Jaccard)
GENERIC_VARIABLE = 0.25  # what a shared generic variable counts

# Words of purposes and titles that name no subject (on top of text.STOP_WORDS).
GENERIC_WORDS = frozenset(
    """
    memperoleh mengetahui mengukur menyediakan mendapatkan menghasilkan menyajikan memantau mengumpulkan
    informasi gambaran bahan dasar tingkat jumlah rata nilai hasil perencanaan evaluasi kebijakan penyusunan
    tujuan tahunan bulanan triwulanan semesteran berkala umum lengkap akurat terkini terbaru status
    pemantauan monitoring pendataan indeks profil laporan rekapitulasi daerah wilayah seluruh
    produksi luas volume angka persentase rasio banyaknya
    """.split()
)
# Variables nearly every activity about people or places collects: sharing one says little.
GENERIC_VARIABLES = frozenset(
    {
        "umur", "usia", "jenis kelamin", "nama", "alamat", "pendidikan", "pendidikan terakhir", "pekerjaan",
        "nik", "nomor telepon", "tanggal lahir", "status perkawinan", "kecamatan", "desa", "kelurahan",
        "desa kelurahan", "nama responden", "nomor urut", "kode wilayah", "agama",
    }
)  # fmt: skip


def topic_words(text: str, *, places: frozenset[str] = frozenset()) -> list[str]:
    """The words that name a subject, in order: no stop word, no generic word, no number, no place name
    (unless nothing else is left: a title that is only a place still says what it is about)."""
    found = list(
        dict.fromkeys(
            w for w in words(text) if len(w) > 1 and not w.isdigit() and w not in STOP_WORDS and w not in GENERIC_WORDS
        )
    )
    without_places = [w for w in found if w not in places]
    return without_places or found


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in words(text):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    ga, gb = trigrams(a), trigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def _typo_keys(word: str) -> set[str]:
    """The word and the word less one letter: two words one typo apart (a letter left out, added or changed)
    share one of them."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _same_word(a: str, b: str) -> bool:
    """The same word, or (both at least 4 letters, the same first letter) one typo apart: "gisi" ~ "gizi"."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    return bool(_typo_keys(a) & _typo_keys(b))


def variable_key(name: str) -> tuple[str, ...]:
    """A variable's name as its significant words, in order ("Luas Panen (ha)" -> ("luas", "panen", "ha"))."""
    return tuple(dict.fromkeys(w for w in words(name) if w not in STOP_WORDS))


def _variables_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return False
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) >= VARIABLE_MATCH


@dataclass(frozen=True)
class Activity:
    """What duplicate detection compares: an activity being described, or one in the catalogue."""

    title: str
    objective: str = ""
    variables: tuple[str, ...] = ()
    sector: int | None = None
    # The organiser's province and regency/city (Region ids).
    province: int | None = None
    regency: int | None = None
    # Catalogue entries only: the folded public text (title, purpose, variables, indicators, agency).
    text: str = ""


@dataclass(frozen=True)
class Match:
    score: float
    relevant: bool
    title_words: tuple[str, ...] = ()
    variables: tuple[str, ...] = ()  # the candidate's names of the variables both collect
    text_words: tuple[str, ...] = ()
    same_sector: bool = False
    same_regency: bool = False
    same_province: bool = False
    parts: dict = field(default_factory=dict, compare=False)


def match(described: Activity, candidate: Activity, *, places: frozenset[str] = frozenset()) -> Match:
    """How alike `candidate` is to `described`, and why (see the module's description)."""
    mine = topic_words(described.title, places=places)
    theirs = topic_words(candidate.title, places=places)
    shared_title = [w for w in mine if any(_same_word(w, t) for t in theirs)]
    dice = 2 * len(shared_title) / (len(mine) + len(theirs)) if mine and theirs else 0.0
    typo = trigram_similarity(" ".join(mine), " ".join(theirs)) if mine and theirs else 0.0
    title_score = max(dice, typo)

    # Variables: each described one counted once, against any of the candidate's.
    their_keys = [(variable_key(v), v) for v in candidate.variables]
    shared_vars: list[str] = []
    weight = 0.0
    for name in dict.fromkeys(described.variables):
        key = variable_key(name)
        hit = next((theirs_name for k, theirs_name in their_keys if _variables_match(key, k)), None)
        if hit is not None and hit not in shared_vars:
            shared_vars.append(hit)
            weight += GENERIC_VARIABLE if " ".join(key) in GENERIC_VARIABLES else 1.0
    fewest = min(len(described.variables), len(candidate.variables))
    variable_score = min(1.0, weight / fewest) if fewest else 0.0

    described_words = list(
        dict.fromkeys(
            mine
            + topic_words(described.objective, places=places)
            + [w for v in described.variables for w in variable_key(v) if w not in places]
        )
    )
    candidate_words = set(words(candidate.text)) | set(theirs)
    text_words = [w for w in described_words if w in candidate_words]
    text_score = len(text_words) / len(described_words) if described_words else 0.0

    score = TITLE_WEIGHT * title_score + VARIABLE_WEIGHT * variable_score + TEXT_WEIGHT * text_score
    same_sector = described.sector is not None and described.sector == candidate.sector
    if same_sector:
        score += SECTOR_BONUS
    elif described.sector is not None and candidate.sector is not None:
        score -= SECTOR_PENALTY
    same_regency = described.regency is not None and described.regency == candidate.regency
    same_province = not same_regency and described.province is not None and described.province == candidate.province
    if same_regency:
        score += REGENCY_BONUS
    elif same_province:
        score += PROVINCE_BONUS
    evidence = (
        title_score >= TITLE_EVIDENCE
        or (shared_vars and variable_score >= VARIABLE_EVIDENCE)
        or text_score >= TEXT_EVIDENCE
    )
    return Match(
        score=round(score, 4),
        relevant=bool(evidence) and score >= THRESHOLD,
        title_words=tuple(shared_title),
        variables=tuple(shared_vars),
        # Words already said by the title or a shared variable are not repeated.
        text_words=tuple(
            w for w in text_words if w not in shared_title and not any(w in variable_key(v) for v in shared_vars)
        ),
        same_sector=same_sector,
        same_regency=same_regency,
        same_province=same_province,
        parts={"title": title_score, "variables": variable_score, "text": text_score},
    )


# Words of region names that also name a subject ("Tanah Laut", "Tulang Bawang", "Hulu Sungai"): not place names.
PLACE_TOPICS = frozenset(
    """
    tanah laut sungai air baru besar gunung pulau teluk raja tulang bawang batu pesisir hulu hilir muara tanjung
    bandar empat lima puluh seribu intan puncak penuh danau bagian mas kepulauan padang bukit panjang lautan
    """.split()
)


def place_words(region_names) -> frozenset[str]:
    """The words of the regions' names that name only a place: "kotawaringin", "timur" ("Kabupaten Kotawaringin
    Timur"), not "kabupaten" (a stop word) nor "laut" ("Kabupaten Tanah Laut": a subject too)."""
    return frozenset(w for name in region_names for w in words(name) if w not in STOP_WORDS and w not in PLACE_TOPICS)
