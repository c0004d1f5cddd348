"""Stories with planted details, per language: (text, details, ordinary words that must stay)."""

STORIES = {
    "es": (
        "Me llamo Carmen Rodríguez Palacios y llevo dos años esperando una vivienda social. "
        "La trabajadora social, Lucía Gómez, me dijo que lo apuntara todo. Podéis llamarme al "
        "655 21 43 87 o escribirme a carmen.rp(at)example.org. Vivo en Calle Mayor 8, 2º, "
        "28013 Madrid. Me pidieron el DNI, 48291736K, tres veces.",
        [
            "Carmen Rodríguez Palacios",
            "Lucía Gómez",
            "655 21 43 87",
            "carmen.rp",
            "Mayor 8",
            "28013",
            "48291736K",
        ],
        ["vivienda", "trabajadora", "apuntara"],
    ),
    "it": (
        "Mi chiamo Giulia Bianchi Esposito e aspetto una casa popolare da due anni. L'assistente "
        "sociale, Marco Ferrari, mi ha detto di scrivere tutto. Potete chiamarmi al 328 555 1234. "
        "Abito in Via Roma 27, 00185 Roma. Il codice fiscale RSSMRA85T10A562S me l'hanno chiesto tre volte.",
        ["Giulia Bianchi Esposito", "Marco Ferrari", "328 555 1234", "Roma 27", "00185", "RSSMRA85T10A562S"],
        ["popolare", "scrivere", "chiesto"],
    ),
    "fi": (
        "Nimeni on Matti Korhonen ja olen odottanut vuokra-asuntoa kaksi vuotta. Sosiaalityöntekijä "
        "Liisa Virtanen käski minun kirjoittaa kaiken ylös. Minulle voi soittaa numeroon 050 555 1234. "
        "Asun osoitteessa Aleksanterinkatu 3 A 5, 00100 Helsinki. Henkilötunnukseni 131052-308T "
        "kysyttiin kolme kertaa.",
        ["Matti Korhonen", "Liisa Virtanen", "050 555 1234", "Aleksanterinkatu", "00100", "131052-308T"],
        ["odottanut", "kirjoittaa", "kysyttiin"],
    ),
    "en": (
        "My name is Siobhan Okafor and I have waited two years for a council flat. My support worker, "
        "Priya Desai, told me to write everything down. Ring me on 07700 900461 or email "
        "siobhan.o [at] example [dot] org. I live at 14 Mill Lane, Leeds LS6 2QB. My National "
        "Insurance number is QQ 12 34 56 C and my account GB82 WEST 1234 5698 7654 32.",
        [
            "Siobhan Okafor",
            "Priya Desai",
            "07700 900461",
            "siobhan.o",
            "Mill Lane",
            "LS6 2QB",
            "QQ 12 34 56 C",
            "GB82 WEST 1234 5698 7654 32",
        ],
        ["council", "everything", "waited"],
    ),
}
