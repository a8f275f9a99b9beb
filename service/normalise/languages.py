"""Language tables for German, French and Spanish articles (English lives in the finders themselves).

Numbers are read by the English finder after ``localised.anglicise`` rewrites the local forms into English ones
of the same length, so offsets never move: ``NUMBER_WORDS`` maps a local phrase to its same-length English
reading. Each replacement below is padded with spaces to the length of the phrase it replaces.
"""

import re
from dataclasses import dataclass, field

ENGLISH = "en"


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in English, for the prompt ("Write every text field in German")
    decimal_comma: bool  # "1.234,5" (de, es) / "1 234,5" (fr) rather than "1,234.5"
    group_separators: str  # thousands separators besides the decimal mark's opposite
    number_words: dict[str, str] = field(default_factory=dict)  # local phrase -> English reading
    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, str] = field(default_factory=dict)  # local -> English weekday
    relative_days: dict[str, str] = field(default_factory=dict)  # local -> yesterday | today | tomorrow
    parts_of_day: dict[str, str] = field(default_factory=dict)
    reporting: tuple[str, ...] = ()  # verbs and phrases that attribute a statement to a source
    function_words: frozenset[str] = frozenset()  # capitalised at a sentence start, never part of a name
    capitalises_nouns: bool = False  # German: a lone capitalised word is usually a noun, not a name


# fmt: off
GERMAN = Language(
    code="de", name="German", decimal_comma=True, group_separators=".\u00a0\u202f'",
    number_words={
        "eine Milliarde": "1 billion", "eine Million": "1 million", "Milliarden": "billion", "Milliarde": "billion",
        "Millionen": "million", "Million": "million", "Prozent": "percent", "zwei": "2", "drei": "3", "vier": "4",
        "fünf": "5", "sechs": "6",
        "sieben": "7", "acht": "8", "neun": "9", "zehn": "10", "elf": "11", "zwölf": "12", "zwanzig": "20",
        "dreißig": "30", "hundert": "100", "Dutzende": "dozens", "Hunderte": "hundreds",
        "etwa": "some", "rund": "some", "ungefähr": "about", "knapp": "about", "fast": "some",
        "mehr als": "over", "über": "over", "weniger als": "less than", "mindestens": "at least", "bis zu": "up to",
        "Menschen": "people", "Personen": "people", "Jahre": "years", "Jahren": "years", "Tage": "days",
        "Tagen": "days", "Stunden": "hours", "Wochen": "weeks", "Monate": "months", "Monaten": "months",
        "Kilometer": "km", "Minuten": "minutes", "Fahrzeuge": "vehicles",
    },
    months={"januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
            "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12},
    weekdays={"montag": "monday", "dienstag": "tuesday", "mittwoch": "wednesday", "donnerstag": "thursday",
              "freitag": "friday", "samstag": "saturday", "sonnabend": "saturday", "sonntag": "sunday"},
    relative_days={"gestern": "yesterday", "heute": "today", "morgen": "tomorrow"},
    parts_of_day={"morgen": "morning", "vormittag": "morning", "mittag": "afternoon", "nachmittag": "afternoon",
                  "abend": "evening", "nacht": "night"},
    reporting=("sagte", "sagt", "sagten", "erklärte", "erklärt", "teilte mit", "teilte", "betonte", "berichtete",
               "berichtet", "meldete", "meldet", "bestätigte", "kündigte an", "warnte", "schrieb", "laut", "zufolge",
               "nach Angaben", "hieß es"),
    function_words=words(
        "der die das den dem des ein eine einer eines einem einen laut rund etwa am im in auf für mit von zu "
        "bei nach über unter vor und oder aber auch nicht sie er es wir ihr diese dieser dieses man seit bis "
        "während wegen trotz zufolge nur noch schon wie als wenn dass weil ob so dann doch bereits insgesamt"
    ),
    capitalises_nouns=True,
)

FRENCH = Language(
    code="fr", name="French", decimal_comma=True, group_separators=" \u00a0\u202f.",
    number_words={
        "un milliard": "1 billion", "un million": "1 million", "milliards": "billion", "milliard": "billion",
        "millions": "million", "million": "million", "pour cent": "per cent", "deux": "2", "trois": "3",
        "quatre": "4", "cinq": "5", "sept": "7", "huit": "8", "dix": "10", "onze": "11", "douze": "12",
        "vingt": "20", "trente": "30", "cent": "100", "des dizaines": "dozens", "des centaines": "hundreds",
        "des milliers": "thousands", "environ": "about", "près de": "about", "presque": "almost", "plus de": "over",
        "moins de": "under", "au moins": "at least", "jusqu'à": "up to", "personnes": "people", "habitants": "people",
        "années": "years", "heures": "hours", "semaines": "weeks", "jours": "days", "kilomètres": "km",
        "véhicules": "vehicles",
        "d'euros": "euros", "d’euros": "euros", "de dollars": "dollars",
    },
    months={"janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
            "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12},
    weekdays={"lundi": "monday", "mardi": "tuesday", "mercredi": "wednesday", "jeudi": "thursday",
              "vendredi": "friday", "samedi": "saturday", "dimanche": "sunday"},
    relative_days={"hier": "yesterday", "aujourd'hui": "today", "aujourd’hui": "today", "demain": "tomorrow"},
    parts_of_day={"matin": "morning", "matinée": "morning", "après-midi": "afternoon", "soir": "evening",
                  "soirée": "evening", "nuit": "night"},
    reporting=("a déclaré", "a dit", "a affirmé", "a indiqué", "a annoncé", "a précisé", "a expliqué", "a ajouté",
               "a souligné", "a confirmé", "a averti", "déclare", "affirme", "indique", "selon", "d'après",
               "d’après", "a-t-il dit", "a-t-elle dit", "a-t-il déclaré", "a-t-elle déclaré", "a-t-il ajouté"),
    function_words=words(
        "le la les l un une des du de d selon au aux en dans sur pour par avec et ou mais il elle ils elles "
        "nous on ce cette ces cet son sa ses leur leurs depuis pendant environ près plus moins mardi lundi "
        "mercredi jeudi vendredi samedi dimanche hier demain aujourd"
    ),
)

SPANISH = Language(
    code="es", name="Spanish", decimal_comma=True, group_separators=".\u00a0\u202f ",
    number_words={
        "mil millones": "billion", "un millón": "1 million", "millones": "million", "1 millón": "1000000",
        "por ciento": "per cent", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5", "seis": "6", "siete": "7",
        "ocho": "8", "nueve": "9", "diez": "10", "once": "11", "doce": "12", "veinte": "20", "treinta": "30",
        "cien": "100", "decenas de": "dozens of", "cientos de": "hundreds",
        "unos": "some", "unas": "some", "casi": "some", "cerca de": "about", "alrededor de": "about",
        "aproximadamente": "approximately", "más de": "over", "menos de": "under", "al menos": "at least",
        "hasta": "up to", "personas": "people", "años": "year", "horas": "hours", "semanas": "weeks", "días": "days",
        "kilómetros": "km", "vehículos": "vehicles", "minutos": "minutes", "dólares": "dollars",
        "de dólares": "dollars", "de euros": "euros",
    },
    months={"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
            "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12},
    weekdays={"lunes": "monday", "martes": "tuesday", "miércoles": "wednesday", "jueves": "thursday",
              "viernes": "friday", "sábado": "saturday", "domingo": "sunday"},
    relative_days={"ayer": "yesterday", "hoy": "today", "mañana": "tomorrow"},
    parts_of_day={"mañana": "morning", "tarde": "afternoon", "noche": "night", "madrugada": "night"},
    reporting=("dijo", "afirmó", "declaró", "señaló", "explicó", "indicó", "aseguró", "anunció", "añadió",
               "confirmó", "advirtió", "según", "de acuerdo con", "informó"),
    function_words=words(
        "el la los las un una unos unas del de al según en con por para y o pero él ella ellos ellas este "
        "esta estos estas ese esa su sus desde durante hasta casi más menos lunes martes miércoles jueves "
        "viernes sábado domingo ayer hoy mañana"
    ),
)
# fmt: on

LANGUAGES = {lang.code: lang for lang in (GERMAN, FRENCH, SPANISH)}
# Names for the prompt's answer-language line, also for languages without number/date tables.
NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch",
    "pt": "Portuguese", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian", "da": "Danish", "sv": "Swedish",
}  # fmt: skip


def table(code: str | None) -> Language | None:
    """The tables for ``code``, or None for English and languages factalign has no tables for."""
    return LANGUAGES.get(code or ENGLISH)


def language_name(code: str | None) -> str:
    return NAMES.get(code or ENGLISH, code or "English")


def answer_in(code: str | None) -> str | None:
    """The line that tells the model which language to write in, or None for English articles."""
    if not code or code == ENGLISH:
        return None
    name = language_name(code)
    return (
        f"The article is written in {name}. Write every text field (headline, summary, key points, claims) in "
        f"{name}, close to the article's own words, and keep numbers, dates and names exactly as the article "
        "writes them."
    )


def reporting_pattern(code: str | None, english: str) -> str:
    """A regex alternation of ``english`` reporting verbs plus the article language's ("sagte", "selon", "dijo")."""
    lang = table(code)
    if lang is None:
        return english
    local = sorted(lang.reporting, key=len, reverse=True)
    return "|".join([*(re.escape(v).replace(r"\ ", r"\s+") for v in local), english])
