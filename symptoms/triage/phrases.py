"""Emergency phrases in a free-text note (rule E13), in Danish, English and Turkish.

E13 is E1-E5 said in the patient's own words. It only ever raises a level, so the lists lean
towards recall. Text and phrases are compared after `normalise()`: lower case (Turkish İ/I
included), special letters folded (æ ø å ç ğ ı ö ş ü), apostrophes dropped, punctuation turned
into spaces, and a sentence break into a hard boundary no phrase can span.

Phrase syntax, one phrase a string, words separated by spaces:
- ``word``   the whole word;
- ``word*``  any word starting with ``word`` (Turkish suffixes, Danish/English inflections);
- ``..``     zero to three other words in between ("kan næsten ikke trække vejret").

EXCLUSIONS are cut out of the text before matching: common harmless uses ("I can't see any
difference") and plain negations ("ingen åndenød").
"""

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

EMERGENCY_PHRASES: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "breathing": {
        "da": (
            "åndenød",
            "åndedrætsbesvær",
            "åndedrætsproblem*",
            "vejrtrækningsbesvær",
            "vejrtrækningsproblem*",
            "vejrtrækningssymptom*",
            "besværet vejrtrækning",
            "tung vejrtrækning",
            "hvæsende vejrtrækning",
            "svært ved vejrtrækning*",
            "problem* med vejrtrækning*",
            "besvær med vejrtrækning*",
            "ikke .. trække vejret",
            "svært .. trække vejret",
            "besvær .. trække vejret",
            "problem* .. trække vejret",
            "ikke .. få vejret",
            "svært .. få vejret",
            "ikke .. få luft",
            "svært .. få luft",
            "får ikke luft",
            "mangler luft",
            "luftmangel",
            "ikke .. ånde",
            "svært ved at ånde",
            "hiver efter vejret",
            "hiver efter luft",
            "gisper",
            "stakåndet",
            "forpustet",
            "kvæles",
            "kvælningsfornemmelse",
        ),
        "en": (
            "cant .. breath*",
            "cannot .. breath*",
            "can not .. breath*",
            "couldnt .. breath*",
            "could not .. breath*",
            "unable to breath*",
            "hard to breath*",
            "hard time breathing",
            "difficult* .. breath*",
            "trouble .. breath*",
            "problem* breathing",
            "struggl* .. breath*",
            "short of breath",
            "shortness of breath",
            "breathless*",
            "out of breath",
            "catch* my breath",
            "breathing is difficult",
            "breathing is hard",
            "breathing problem*",
            "breathing trouble",
            "laboured breathing",
            "labored breathing",
            "gasping",
            "wheez*",
            "choking",
            "suffocat*",
            "cant get .. air",
            "not getting .. air",
            "air hunger",
        ),
        "tr": (
            "nefes alam*",
            "nefes alırken zorlan*",
            "nefes almakta zorlan*",
            "nefes almada zorlan*",
            "nefes almak* zor*",
            "nefes almakta güçlük",
            "nefes almada güçlük",
            "nefes* darl*",
            "nefes* daral*",
            "nefes* kesil*",
            "nefes* tıkan*",
            "nefes* yetm*",
            "nefes sıkıntı*",
            "nefes nefese",
            "soluk alam*",
            "solunum güçlüğü",
            "solunum sıkıntısı",
            "solunum zorluğu",
            "boğul*",
            "havasız kal*",
            "hava alam*",
        ),
    },
    "throat": {
        "da": (
            "hævelse i halsen",
            "hævet i halsen",
            "hæver i halsen",
            "strammer i halsen",
            "stramhed i halsen",
            "snører .. halsen",
            "halsen snører*",
            "halsen .. lukker*",
            "lukker sig i halsen",
            "hævelse i svælget",
            "hævet svælg",
            "svælget hæver*",
            "svælget .. hævet",
            "tungen hæver*",
            "tungen .. hævet",
            "hævet tunge",
            "hævelse af tungen",
            "ikke .. synke",
            "svært .. synke",
            "synkebesvær",
        ),
        "en": (
            "throat .. clos*",
            "throat .. tight*",
            "throat .. swell*",
            "throat .. swollen",
            "swollen throat",
            "swelling in .. throat",
            "tight* in .. throat",
            "tongue .. swell*",
            "tongue .. swollen",
            "swollen tongue",
            "cant swallow",
            "cannot swallow",
            "unable to swallow",
            "hard to swallow",
            "difficult* swallow*",
            "trouble swallowing",
        ),
        "tr": (
            "boğaz* kapan*",
            "boğaz* şiş*",
            "boğaz* sıkış*",
            "boğaz* daral*",
            "dil şiş*",
            "dilim şiş*",
            "dilimde şiş*",
            "yutkunam*",
            "yutam*",
            "yutkunma güçlüğü",
            "yutma güçlüğü",
        ),
    },
    "vision": {
        "da": (
            "kan .. ikke se",
            "kunne .. ikke se",
            "ikke kan se",
            "ser ikke noget",
            "ser dobbelt",
            "dobbeltsyn",
            "sløret syn",
            "ser sløret",
            "synet .. sløret",
            "uskarpt syn",
            "ser uskarpt",
            "synet .. uskarpt",
            "tåget syn",
            "ser tåget",
            "synet .. tåget",
            "mistet .. synet",
            "mistede .. synet",
            "synstab",
            "tab af synet",
            "synet .. forsvundet",
            "synet forsvandt",
            "blind",
            "blinde",
            "blindhed",
            "synsforstyrrelse*",
            "synsforandring*",
            "nedsat syn",
            "synet .. nedsat",
            "flimmer for øjnene",
        ),
        "en": (
            "cant see",
            "cannot see",
            "can not see",
            "couldnt see",
            "could not see",
            "unable to see",
            "lost .. vision",
            "lost .. sight",
            "loss of vision",
            "loss of sight",
            "vision loss",
            "vision .. gone",
            "vision .. went",
            "vision .. blurr*",
            "vision .. dark*",
            "vision .. black*",
            "blurr* vision",
            "blurr* eyesight",
            "eyesight .. blurr*",
            "blurr* eye*",
            "eyes .. blurr*",
            "double vision",
            "seeing double",
            "see double",
            "blind",
            "blindness",
            "vision problem*",
            "vision change*",
            "changes in .. vision",
            "visual disturbance*",
        ),
        "tr": (
            "görem*",
            "bulanık gör*",
            "bulanık görme",
            "görme* bulan*",
            "göz* bulan*",
            "görüş* bulan*",
            "çift gör*",
            "görme kayb*",
            "görme* kayb*",
            "görme* bozuk*",
            "görme sorunu",
            "görme* azal*",
            "kör oldum",
            "kör kaldım",
            "kör gibi*",
            "körlük",
        ),
    },
    "paralysis": {
        "da": (
            "lammet",
            "lammelse*",
            "ansigtslammelse",
            "facialisparese",
            "lam i ansigtet",
            "lam i siden",
            "lam i den ene side",
            "ikke bevæge .. ansigt*",
            "ikke bevæge .. mund*",
            "ikke bevæge .. læbe*",
            "ikke bevæge .. øjenbryn*",
            "ikke bevæge .. arm*",
            "ikke lukke .. øje*",
            "hængende mundvig*",
            "mundvig* .. hænger",
            "hænger .. mundvig*",
            "hængende øjenlåg",
            "øjenlåg* .. hænger",
            "ansigtet hænger",
            "ansigt* .. hænger",
            "hænger i den ene side",
            "skæv mund",
            "snøvl*",
            "utydelig tale",
            "sløret tale",
            "talebesvær",
            "kan ikke tale",
            "svært ved at tale",
        ),
        "en": (
            "paraly*",
            "palsy",
            "cant move .. face",
            "cannot move .. face",
            "unable to move .. face",
            "cant move .. mouth",
            "cant move .. lip*",
            "cant move .. eye*",
            "cant close .. eye*",
            "cannot close .. eye*",
            "droop*",
            "facial weakness",
            "weakness in .. face",
            "face .. weak",
            "slurr*",
            "cant speak",
            "cannot speak",
            "trouble speaking",
        ),
        "tr": (
            "felç*",
            "hareket ettirem*",
            "oynatam*",
            "kımıldatam*",
            "yüz* kayd*",
            "ağz* kayd*",
            "ağz* çarpıl*",
            "yüz* çarpıl*",
            "yüz* sark*",
            "yüz* düştü",
            "göz kapağ* düş*",
            "göz kapağ* sark*",
            "dil* dolaş*",
            "konuşam*",
            "konuşma* bozukl*",
            "peltek*",
        ),
    },
    "fainting": {
        "da": (
            "besvim*",
            "faldt om",
            "mistede bevidstheden",
            "mistet bevidstheden",
            "tabte bevidstheden",
            "bevidstløs*",
            "gik ud som et lys",
            "sort for øjnene",
            "mørke for øjnene",
            "kollaps*",
            "dånede",
            "dånet",
            "ved at dåne",
        ),
        "en": (
            "fainted",
            "fainting",
            "feel* faint",
            "felt faint",
            "going to faint",
            "about to faint",
            "gonna faint",
            "might faint",
            "almost faint*",
            "nearly faint*",
            "pass* out",
            "black out",
            "blacked out",
            "blacking out",
            "blackout*",
            "unconscious*",
            "lost consciousness",
            "loss of consciousness",
            "collaps*",
            "syncope",
        ),
        "tr": (
            "bayıl*",
            "baygın*",
            "bilinc* kayb*",
            "kendimden geç*",
            "kendinden geç*",
            "fenalaş*",
            "göz* karar*",
            "yere yığıl*",
        ),
    },
}

_CANT_SEE_DA = ("kan ikke se", "kunne ikke se", "ser ikke")
_CANT_SEE_EN = ("cant see", "cannot see", "can not see", "couldnt see", "could not see")
_NO_CHANGE_DA = ("forskel*", "forbedring*", "ændring*", "resultat*", "effekt*")
_NO_CHANGE_EN = ("difference*", "change*", "improvement*", "result*", "effect*")

EXCLUSIONS: Final[tuple[str, ...]] = (
    # "I can't see any difference": about the treatment's result, not about sight.
    *(f"{cant} nogen" for cant in _CANT_SEE_DA),
    *(f"{cant} noget til" for cant in _CANT_SEE_DA),
    *(f"{cant} .. {what}" for cant in _CANT_SEE_DA for what in _NO_CHANGE_DA),
    *(f"{cant} any" for cant in _CANT_SEE_EN),
    *(f"{cant} .. {what}" for cant in _CANT_SEE_EN for what in _NO_CHANGE_EN),
    *(
        f"{what} görem*"
        for what in ("fark", "farklılık", "değişiklik", "değişim", "iyileşme", "sonuç", "etki")
    ),
    # "You can't see it any more": about the bruise, not about sight.
    "man kan ikke se",
    "man kunne ikke se",
    "you cant see",
    "you cannot see",
    # Plain negations.
    "ingen åndenød",
    "ikke åndenød",
    "uden åndenød",
    "ingen vejrtrækningsbesvær",
    "ikke svært ved at trække vejret",
    "ingen problemer med at trække vejret",
    "intet besvær med at trække vejret",
    "ikke besvimet",
    "ingen besvimelse",
    "no shortness of breath",
    "not short of breath",
    "no trouble breathing",
    "no difficulty breathing",
    "no difficulty in breathing",
    "no problem* breathing",
    "no breathing problem*",
    "no double vision",
    "no blurr* vision",
    "no loss of vision",
    "not fainted",
    "didnt faint",
    "did not faint",
    "no fainting",
    "nefes darlığı yok",
    "nefes darlığım yok",
    "bayılmadım",
    "bayılmadı",
    "bayılma yok",
)

_APOSTROPHES: Final = re.compile(r"['’‘`´ʼ]")  # can't / can’t / cant are one word
_COMBINING: Final = re.compile(r"[\u0300-\u036f]+")  # accents split off by NFKD: å ç ğ ö ş ü
_LETTERS: Final = (("æ", "ae"), ("ø", "oe"), ("ı", "i"), ("ß", "ss"))  # no NFKD decomposition
_DIGRAPH: Final = re.compile(r"a[ae]+")  # æ/ae -> a, å/aa -> a (and ø/oe -> o below)
_SENTENCE: Final = re.compile(r"[.!?;\n]+")
_NON_WORD: Final = re.compile(r"[^\w#]+")
_BOUNDARY: Final = "#"
_GAP: Final = r"(?:\w+ ){0,3}"


def normalise(text: str) -> str:
    """Lower-case, fold special letters and punctuation; sentence breaks become ``#``."""
    text = _APOSTROPHES.sub("", text.replace("İ", "i").lower())
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
        for letter, plain in _LETTERS:
            text = text.replace(letter, plain)
    text = _DIGRAPH.sub("a", text).replace("oe", "o")
    text = _SENTENCE.sub(f" {_BOUNDARY} ", text)
    return _NON_WORD.sub(" ", text).strip()


def _word(word: str) -> str:
    if word.endswith("*"):
        return re.escape(normalise(word[:-1])) + r"\w*"
    return re.escape(normalise(word))


def _phrase_pattern(phrase: str) -> str:
    pattern = ""
    for word in phrase.split():
        pattern += _GAP if word == ".." else _word(word) + " "
    return pattern.removesuffix(" ")


def _compile(phrases: Iterable[str]) -> re.Pattern[str]:
    # Longest first, so an exclusion or phrase is matched as a whole.
    patterns = sorted({_phrase_pattern(phrase) for phrase in phrases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + _factored(patterns, depth=3) + r")(?!\w)")


def _factored(patterns: list[str], *, depth: int) -> str:
    """`p1|p2|...` with common leading letters factored out (a shallow trie), so the regex
    engine tries a few branches per word instead of every phrase: ``ab|ac`` -> ``a(?:b|c)``."""
    if depth == 0:
        return "|".join(patterns)
    groups: dict[str, list[str]] = {}
    rest = []
    for pattern in patterns:
        if pattern[:1].isalnum():
            groups.setdefault(pattern[0], []).append(pattern[1:])
        else:
            rest.append(pattern)
    factored = [f"{c}(?:{_factored(tails, depth=depth - 1)})" for c, tails in groups.items()]
    return "|".join(factored + rest)


_EMERGENCY: Final = _compile(
    phrase
    for languages in EMERGENCY_PHRASES.values()
    for phrases in languages.values()
    for phrase in phrases
)
_EXCLUDED: Final = _compile(EXCLUSIONS)


def emergency_phrase(note: str) -> str | None:
    """The first emergency phrase found in `note` (normalised), or None."""
    if not note:
        return None
    text = _EXCLUDED.sub(f" {_BOUNDARY} ", normalise(note))
    match = _EMERGENCY.search(text)
    return match[0] if match else None


def has_emergency_phrase(note: str) -> bool:
    """Whether `note` contains an emergency phrase (rule E13)."""
    return emergency_phrase(note) is not None
