"""Reference labels in the page's language, and the Welsh names of places.

Crime types, age bands and language names are short code-list labels: they are listed
here with `pgettext_lazy` so that `makemessages` puts them in the Welsh catalogue, and
`label()` translates them on Welsh pages. tests/public/test_translations.py fails if a label in
reference/data/codes/ is missing here.

Places are names, not words: Welsh local authorities and police force areas have official
Welsh names, used on Welsh pages; every other place keeps its name.
"""

from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

CRIME_TYPES = [
    pgettext_lazy("crime type", "Domestic abuse"),
    pgettext_lazy("crime type", "Sexual violence (adult)"),
    pgettext_lazy("crime type", "Child sexual abuse (including non-recent)"),
    pgettext_lazy("crime type", "Honour-based abuse and forced marriage"),
    pgettext_lazy("crime type", "Stalking and harassment"),
    pgettext_lazy("crime type", "Serious violence (including knife crime)"),
    pgettext_lazy("crime type", "Other violence against the person"),
    pgettext_lazy("crime type", "Hate crime: race"),
    pgettext_lazy("crime type", "Hate crime: religion or belief"),
    pgettext_lazy("crime type", "Hate crime: sexual orientation"),
    pgettext_lazy("crime type", "Hate crime: disability"),
    pgettext_lazy("crime type", "Hate crime: transgender identity"),
    pgettext_lazy("crime type", "Modern slavery and exploitation"),
    pgettext_lazy("crime type", "Robbery"),
    pgettext_lazy("crime type", "Burglary"),
    pgettext_lazy("crime type", "Theft and criminal damage"),
    pgettext_lazy("crime type", "Fraud and cyber crime"),
    pgettext_lazy("crime type", "Homicide (bereaved family)"),
    pgettext_lazy("crime type", "Road death or serious injury"),
    pgettext_lazy("crime type", "Anti-social behaviour"),
    pgettext_lazy("crime type", "Other crime"),
]

AGE_BANDS = [
    pgettext_lazy("age band", "0 to 11"),
    pgettext_lazy("age band", "12 to 15"),
    pgettext_lazy("age band", "16 to 17"),
    pgettext_lazy("age band", "18 to 24"),
    pgettext_lazy("age band", "25 to 34"),
    pgettext_lazy("age band", "35 to 44"),
    pgettext_lazy("age band", "45 to 54"),
    pgettext_lazy("age band", "55 to 64"),
    pgettext_lazy("age band", "65 to 74"),
    pgettext_lazy("age band", "75 and over"),
]

LANGUAGES = [
    pgettext_lazy("language", "English"),
    pgettext_lazy("language", "Welsh"),
    pgettext_lazy("language", "Polish"),
    pgettext_lazy("language", "Romanian"),
    pgettext_lazy("language", "Panjabi"),
    pgettext_lazy("language", "Urdu"),
    pgettext_lazy("language", "Bengali"),
    pgettext_lazy("language", "Gujarati"),
    pgettext_lazy("language", "Arabic"),
    pgettext_lazy("language", "Portuguese"),
    pgettext_lazy("language", "Spanish"),
    pgettext_lazy("language", "Italian"),
    pgettext_lazy("language", "Lithuanian"),
    pgettext_lazy("language", "Somali"),
    pgettext_lazy("language", "Tamil"),
    pgettext_lazy("language", "Chinese"),
    pgettext_lazy("language", "Cantonese"),
    pgettext_lazy("language", "Mandarin"),
    pgettext_lazy("language", "Persian"),
    pgettext_lazy("language", "Pashto"),
    pgettext_lazy("language", "Kurdish"),
    pgettext_lazy("language", "Turkish"),
    pgettext_lazy("language", "Bulgarian"),
    pgettext_lazy("language", "Hungarian"),
    pgettext_lazy("language", "Slovak"),
    pgettext_lazy("language", "Czech"),
    pgettext_lazy("language", "Tigrinya"),
    pgettext_lazy("language", "Amharic"),
    pgettext_lazy("language", "Ukrainian"),
    pgettext_lazy("language", "Russian"),
    pgettext_lazy("language", "Albanian"),
    pgettext_lazy("language", "Hindi"),
    pgettext_lazy("language", "Nepali"),
    pgettext_lazy("language", "French"),
    pgettext_lazy("language", "Romani"),
    pgettext_lazy("language", "British Sign Language"),
    # The names the translations of the key messages go by (public/translations/).
    pgettext_lazy("language", "Punjabi (Gurmukhi)"),
    pgettext_lazy("language", "Chinese (Simplified)"),
]

# The five high-level ethnic groups (Census 2021), by which case studies are found.
ETHNIC_GROUPS = [
    pgettext_lazy("ethnic group", "Asian, Asian British or Asian Welsh"),
    pgettext_lazy("ethnic group", "Black, Black British, Black Welsh, Caribbean or African"),
    pgettext_lazy("ethnic group", "Mixed or Multiple ethnic groups"),
    pgettext_lazy("ethnic group", "White"),
    pgettext_lazy("ethnic group", "Other ethnic group"),
]

# Official Welsh names of the local authorities and police force areas in Wales.
WELSH_PLACE_NAMES = {
    "Isle of Anglesey": "Ynys Môn",
    "Gwynedd": "Gwynedd",
    "Conwy": "Conwy",
    "Denbighshire": "Sir Ddinbych",
    "Flintshire": "Sir y Fflint",
    "Wrexham": "Wrecsam",
    "Ceredigion": "Ceredigion",
    "Pembrokeshire": "Sir Benfro",
    "Carmarthenshire": "Sir Gaerfyrddin",
    "Swansea": "Abertawe",
    "Neath Port Talbot": "Castell-nedd Port Talbot",
    "Bridgend": "Pen-y-bont ar Ogwr",
    "Vale of Glamorgan": "Bro Morgannwg",
    "Cardiff": "Caerdydd",
    "Rhondda Cynon Taf": "Rhondda Cynon Taf",
    "Caerphilly": "Caerffili",
    "Blaenau Gwent": "Blaenau Gwent",
    "Torfaen": "Tor-faen",
    "Monmouthshire": "Sir Fynwy",
    "Newport": "Casnewydd",
    "Powys": "Powys",
    "Merthyr Tydfil": "Merthyr Tudful",
    "North Wales": "Gogledd Cymru",
    "South Wales": "De Cymru",
    "Dyfed-Powys": "Dyfed-Powys",
    "Gwent": "Gwent",
}

_CONTEXT = {"crime type": "label", "age band": "label", "language": "label"}


def place_name(name: str) -> str:
    """A place's name in the page's language."""
    if translation.get_language() == "cy":
        return WELSH_PLACE_NAMES.get(name, name)
    return name


def label(kind: str, obj) -> str:
    """The label of a reference row in the page's language."""
    if kind == "area":
        return place_name(obj.name)
    if kind == "place":
        return place_name(obj.name)
    return pgettext(kind, getattr(obj, _CONTEXT[kind]))
