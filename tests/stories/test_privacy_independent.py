"""stories.privacy on stories written by hand by someone who never saw the recognisers.

tests/data/privacy/independent-dev and -dev2: 120 stories each in en/es/it/fi by two helpers given only
the kinds of detail to plant (README there). Their misses were read and fixed, so this guards what
was learnt; independent-holdout, by another helper and never tuned on, is scored by bench/pii_independent.py.
"""

import json
from pathlib import Path

import pytest

from stories import privacy
from stories.privacy import checks

DATA = Path(__file__).resolve().parents[1] / "data" / "privacy"
NUMBERS = ("phone", "email", "id", "iban", "postcode")


def rows(split: str) -> list[dict]:
    path = DATA / f"independent-{split}" / "stories.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def hidden(text: str, detail: str, spans) -> bool:
    at = text.find(detail)
    return all(any(s <= i < e for s, e, _ in spans) for i in range(at, at + len(detail)) if text[i].isalnum())


@pytest.mark.parametrize("split", ["dev", "dev2"])
def test_the_hand_written_tuned_sets_are_found(split):
    planted, kept = {}, {}
    for row in rows(split):
        spans = privacy.find(row["text"], row["language"])
        for detail in row["details"]:
            planted[detail["type"]] = planted.get(detail["type"], 0) + 1
            kept[detail["type"]] = kept.get(detail["type"], 0) + hidden(row["text"], detail["text"], spans)
    assert sum(planted.values()) >= 600
    for kind, count in planted.items():
        assert kept[kind] / count >= (0.98 if kind in NUMBERS else 0.93), (kind, kept[kind], count)


@pytest.mark.parametrize("language, text, secret", [
    # flats floors and doors go with the address
    ("es", "Vivo en calle Feria nº 47, 5ºC, 41003 Sevilla.", "calle Feria nº 47, 5ºC"),
    ("es", "Dirección: c/ Licenciado Poza 31, 2º izda, 48011 Bilbao", "c/ Licenciado Poza 31, 2º izda"),
    ("es", "Mi casa: Barriada Las Palmeras, bloque 7, 2º D, Córdoba", "Barriada Las Palmeras, bloque 7"),
    ("it", "abito in Via Tiburtina 512, scala B, int. 9, 00159 Roma", "Via Tiburtina 512, scala B, int. 9"),
    ("it", "Via Roma, 58 - 3° piano, 07100 Sassari", "Via Roma, 58 - 3° piano"),
    ("it", "Nicolò Greco, Cannaregio 4512, 30121 Venezia", "Cannaregio 4512"),
    ("fi", "Osoite Itäinen Pitkäkatu 33 D 45, 20520 Turku", "Itäinen Pitkäkatu 33 D 45"),
    ("fi", "Asun Vaasanpuistikko 14 as. 6 Vaasassa", "Vaasanpuistikko 14 as. 6"),
    ("en", "I live at Flat 9 Brunswick House, 88 Lower Clapton Road, E5 0LS", "Flat 9 Brunswick House"),
    ("en", "Write to Flat 3/2, 41 Dumbarton Road, Glasgow", "Flat 3/2, 41 Dumbarton Road"),
    # names after introductions with particles and hyphens
    ("es", "Tres semanas más. Soy Iñaki Etxeberria Olano, con DNI 71930482-y.", "Iñaki Etxeberria Olano"),
    ("es", "Hola, me llamo María del Carmen Ruiz de la Fuente y llevo 4 años",
     "María del Carmen Ruiz de la Fuente"),
    ("es", "me llamo antonio jesús heredia y cobro la renta mínima", "antonio jesús heredia"),
    ("it", "Mi chiamo Rosaria Lo Bianco, CF LBNRSR69C54G273J", "Rosaria Lo Bianco"),
    ("it", "La mediatrice culturale, Fatou, e l'avvocata Silvia dell'Acqua mi hanno aiutata",
     "Silvia dell'Acqua"),
    ("it", "Mi chiamo Giuseppe La Rosa ma tutti mi chiamano Peppe.", "Peppe"),
    ("fi", "Minuun saa yhteyden: Eeva-Liisa Heikkilä, puhelin", "Eeva-Liisa Heikkilä"),
    ("fi", "Olen Oleksandr Bondarenko, tulin Ukrainasta 2022", "Oleksandr Bondarenko"),
    ("en", "Housing options officer Mr. D. Kowalczyk was the only one who called back.", "D. Kowalczyk"),
    ("en", "Parent: Huw ap Rhys, 19 Glenmore Ave, Swansea", "Huw ap Rhys"),
    ("es", "Mis datos: Fátima El Idrissi, vecina de Sants", "Fátima El Idrissi"),
    # numbers spaced in lower case or said colloquially
    ("en", "Bank: GB 14 LOYD 3096 3401 2877 46 for the refund", "GB 14 LOYD 3096 3401 2877 46"),
    ("en", "pay it into gb29barc20695140092713 please", "gb29barc20695140092713"),
    ("it", "sul conto IT 73 A 05034 11701 000000003621, grazie", "IT 73 A 05034 11701 000000003621"),
    ("en", "NINO PE-11-70-42-A.", "PE-11-70-42-A"),
    ("es", "Mi NIE es X-4812937-A y el pasaporte", "X-4812937-A"),
    ("fi", "passini on nyt PH0837261. Kiitos", "PH0837261"),
    ("fi", "numero on nolla neljä nolla kuus kuus kaks kolme yks nolla viis. Tack",
     "kuus kuus kaks kolme yks"),
    ("fi", "sähköposti pasi.hyvonen(a)luukku.com", "pasi.hyvonen(a)luukku.com"),
    # more addresses and ids as people write them
    ("es", "Vivimos en Ctra. de Almerimar, km 2, casa 14, 04700.", "Ctra. de Almerimar, km 2, casa 14"),
    ("es", "en Pº de Campoamor 17, esc. izda., 5º, 03010 Alicante", "Pº de Campoamor 17, esc. izda., 5º"),
    ("es", "Mi dirección C/ de sa Bassa 9, 1r, 07001 Palma", "C/ de sa Bassa 9, 1r"),
    ("es", "vivo en Zabalbide kalea 68, 5º dcha., 48006 Bilbao", "Zabalbide kalea 68, 5º dcha."),
    ("it", "Loc. Sa Serra, snc, 09040 Armungia", "Loc. Sa Serra, snc"),
    ("it", "Viale dei Mille 45/A, 50131 Firenze", "Viale dei Mille 45/A"),
    ("it", "Maso Oberhofer, Via Santa Maddalena 31, 39040 Funes", "Maso Oberhofer, Via Santa Maddalena 31"),
    ("fi", "oon jani, asun fleminginkatu 18 a 7 00530 hki", "fleminginkatu 18 a 7 00530"),
    ("en", "we moved to 33 harehills lane last year", "33 harehills lane"),
    ("en", "Write to 3F2, 17 Easter Road, Edinburgh", "3F2, 17 Easter Road"),
    ("en", "My address is 14 Heol y Felin, Aberdare", "14 Heol y Felin"),
    ("it", "codice fiscale MLS FSE 55L02 B354H, grazie", "MLS FSE 55L02 B354H"),
    # eircodes spoken emails and postcodes after their word
    ("en", "my eircode is D08 K7W2 thanks", "D08 K7W2"),
    ("en", "send it to the house, v95 fh6t, before friday", "v95 fh6t"),
    ("en", "email me eileen pattinson forty four at hotmail dot co dot uk", "eileen pattinson forty four"),
    ("es", "en Bilbao el código postal es 48006 mi DNI", "48006"),
    ("it", "a Castelfranco Emilia il CAP è 41013 il mio numero", "41013"),
    ("es", "número de la Seguridad Social 08/21639047/62, gracias", "08/21639047/62"),
    ("it", "Casella Postale 127, 09100 Cagliari", "Casella Postale 127"),
    ("es", "domicilio en C/ León y Castillo 208, 3.º, puerta 5, Las Palmas",
     "C/ León y Castillo 208, 3.º, puerta 5"),
    # initials, and surnames in capitals on a form's fields
    ("it", "Distinti saluti.\nF. A. Mammoliti", "F. A. Mammoliti"),
    ("fi", "Allekirjoitukset: R. Laaksonen, S. Laaksonen", "S. Laaksonen"),
    ("fi", "Allekirjoitus: K-R. Mäkelä", "K-R. Mäkelä"),
    ("it", "Catania, 3 aprile 2024\nMamadou L. Diop", "Mamadou L. Diop"),
    ("es", "Fdo.: W. A. Quispe M.", "W. A. Quispe M."),
    ("it", "Cognome: SINGH   Nome: Harpreet   Sesso: M", "SINGH"),
    ("es", "Apellidos y nombre: PATIÑO GIRALDO, Yuliana Andrea", "PATIÑO GIRALDO, Yuliana Andrea"),
    ("en", "Applicant name: MORAG ANNE MACLEOD   Date of birth: 14/03/1987", "MORAG ANNE MACLEOD"),
    # extensions, postcodes with their country's letters, and more floors and doors
    ("en", "his direct line, 029 2018 0643 ext. 204.", "029 2018 0643 ext. 204"),
    ("it", "risponde allo 071 280 4411 interno 22.", "071 280 4411 interno 22"),
    ("fi", "Osoite: Hämeenk. 21 B 14, FI-33200 Tampere", "FI-33200"),
    ("es", "A: Carrer del Filet de Fora 19, planta baja, puerta 2, 03203.", "planta baja, puerta 2, 03203"),
    ("it", "R: Androna Campo Marzio 4, al terzo piano senza ascensore", "Campo Marzio 4, al terzo piano"),
    ("en", "he live top floor flat 27 Clifton Street, Adamsdown", "top floor flat 27 Clifton Street"),
    ("it", "residente a Venezia, Cannaregio 5432/B, 30121, tessera", "Cannaregio 5432/B"),
    ("es", "vivo en la calle uría 44 5ºb 33003 oviedo", "calle uría 44 5ºb"),
    ("es", "Travessera de Gràcia 211, 5è 2a, 08012 Barcelona", "Travessera de Gràcia 211, 5è 2a"),
    ("es", "Dirección: Ctra. de Ronda 56, 4-3, 04005 Almería", "Ctra. de Ronda 56, 4-3"),
    # numbers read out in a telling
    ("es", "en la cuenta E S nueve ocho cero cero cuatro nueve nueve nueve cuatro cuatro siete uno siete "
           "cuatro seis cero cinco cuatro siete cuatro dos siete a nombre mío", "E S nueve ocho"),
    ("es", "la dirección fiscal es calle pintor sorolla seis segundo en logroño 26002 y el móvil", "26002"),
    ("en", "we live at fourteen hanover square bristol with the kids", "fourteen hanover square"),
    # house numbers as Whisper writes some of them
    ("en", "I live at $95 Victoria Street Manchester with my two children", "95 Victoria Street"),
    ("en", "I live at 39-mill lane, Leeds, with my two children", "39-mill lane"),
    # names in lower case after what is said of them, and nicknames
    ("it", "mi chiamo gennaro esposito detto rino e abito al vico", "gennaro esposito"),
    ("it", "mi chiamo gennaro esposito detto rino e abito al vico", "rino"),
    ("it", "a mia madre carmela sorrentino l'inps le ha sospeso", "carmela sorrentino"),
    ("en", "my neighbour mr gwilym prydderch is 89 and he cant carry", "gwilym prydderch"),
    ("fi", "Hakija: Tero Salminen (Tepi), henkilötunnus 191072-519M", "Tepi"),
    ("es", "mi abuelo Bartomeu Pons Mercadal (Tomeu para todos) necesita", "Tomeu"),
    ("it", "Ma in paese mi chiamano tziu Fisieddu.", "Fisieddu"),
    # names after "and", in an interview's answer, after "un tal", and particles in capitals on a form
    ("it", "la moglie, Awa Ndiaye, e i due figli, Cheikh e Fatou, risultano", "Fatou"),
    ("it", "Q: Nome e cognome, prego.\nA: Elona Hoxha, coniugata Bregu.\nQ: Da quanto", "Elona Hoxha"),
    ("it", "Q: Nome completo?\nA: Md. Rafiqul Islam Chowdhury. Al cantiere", "Md. Rafiqul Islam Chowdhury"),
    ("es", "la chica de la oficina, una tal Rocío, dijo que me llamaban", "Rocío"),
    ("it", "Cognome: DE GIORGI   Nome: Maria Addolorata", "DE GIORGI"),
    ("en", "A carer comes twice a day. Her name is Precious, from Zimbabwe.", "Precious"),
    # lower case after English kinship words, names spelled out, and more of a form's labels
    ("en", "and my daughter siobhan helps me with the journal", "siobhan"),
    ("en", "my name's callum mcbride that's m c b r i d e date of birth", "m c b r i d e"),
    ("en", "yeah so my name is bernadette o'hara that's o apostrophe h a r a and", "o apostrophe h a r a"),
    ("it", "Ricorrente: LO IACONO Salvatore, C.F. LCNSVT75R02G273D", "LO IACONO Salvatore"),
    ("fi", "Asiamies: Lahja Lehtovaara (sisar)", "Lahja Lehtovaara"),
    # codes read out letter by letter, with letters said by name or tied to a word, and commas between
    ("es", "y mi NIE es X de Ximena, tres uno cuatro cero nueve dos seis, ele. Vivo", "X de Ximena"),
    ("es", "y mi NIE es X de Ximena, tres uno cuatro cero nueve dos seis, ele. Vivo", "ele"),
    ("en", "my NI number, if it helps, is Q, R, 31, 42, 65, C. I live", "Q, R, 31, 42, 65, C"),
    ("en", "my national insurance is, um, T as in Tommy, W, 19, 27, 38, A, and I always",
     "T as in Tommy, W, 19, 27, 38, A"),
    ("fi", "mun henkilötunnus on yksi kaksi nolla kolme kahdeksan viisi, viiva, neljä kuusi kaksi, T, ja",
     "yksi kaksi nolla kolme kahdeksan viisi, viiva, neljä kuusi kaksi, T"),
    ("it", "il codice fiscale, ve lo dico: R S S, M R A, 8 0, A come Ancona, 0 1, H 5 0 1, U come Udine. E",
     "R S S, M R A, 8 0, A come Ancona, 0 1, H 5 0 1, U come Udine"),
    ("it", "il numero del permesso è I, 0 7 1 4 2 2 3 9. Abito", "I, 0 7 1 4 2 2 3 9"),
    ("en", "we moved to 9 Ash Grove, B D 7, 1 A X, and my son", "B D 7, 1 A X"),
    ("en", "the backpay went to, hang on, G B 8 2, W E S T, 1 2 3 4, 5 6 9 8, 7 6 5 4, 3 2. Sorry",
     "G B 8 2, W E S T, 1 2 3 4, 5 6 9 8, 7 6 5 4, 3 2"),
    ("en", "My phone is plus 44 7700 900 482. Write", "plus 44 7700 900 482"),
    ("fi", "numero on nolla neljä nolla, kaks kolme yks, kuus kasi kasi ysi, ja", "kuus kasi kasi ysi"),
    # postcodes said in words after the address, or after its town; an address in a form's field
    ("fi", "Mä asun Kalevankatu 12 B 4, kolmekymmentäkolme sata, ja", "kolmekymmentäkolme sata"),
    ("es", "vivo en calle Mayor, 8, segundo, en Burgos, cero nueve cero cero tres. Y",
     "cero nueve cero cero tres"),
    ("it", "Abito in via Roma 27, scala B, cinquantanove cento, e il telefono", "cinquantanove cento"),
    ("it", "Nome: Lucia\nIndirizzo: località Pian di Sotto, podere La Quercia, 53024. Telefono",
     "località Pian di Sotto, podere La Quercia"),
    ("fi", "Asun osoitteessa Rinnekallio 5 C 17, 02650 Espoo", "Rinnekallio 5 C 17"),
    # names after the word for who someone is, listed names or not, and set off by commas further on
    ("es", "Mi prima Yaiza me acompañó al registro.", "Yaiza"),
    ("it", "Mio cognato Tonino mi ha prestato la macchina.", "Tonino"),
    ("en", "so my grandson Kofi filled it in on his phone", "Kofi"),
    ("fi", "Naapurini Ubah auttoi minua hakemuksen kanssa.", "Ubah"),
    ("fi", "Päivisin äitiä hoitaa kotihoitaja Tetiana, joka on tosi ihana.", "Tetiana"),
    ("es", "la trabajadora del centro de salud, Remedios, me dio cita", "Remedios"),
    ("it", "Sono Calogero, ma tutti dicono Lillo, e abito a Palermo.", "Lillo"),
    # told in lower case: after "is", "her name was", a title, set off by commas, or opening the story
    ("en", "and my partner is marcus, and our flat is damp", "marcus"),
    ("en", "the receptionist, her name was shirley I think, she goes", "shirley"),
    ("en", "okay so, I'm jodie, and I want to talk about the nursery", "jodie"),
    ("es", "y me atendió una señora, maribel, muy maja", "maribel"),
    ("it", "allora sono andato dalla dottoressa santoro, quella del consultorio", "santoro"),
    ("it", "e mio padre, giuseppe, è dovuto andare al consolato", "giuseppe"),
    ("fi", "ja sit mun kumppani, joonas, auttoi tekemään uuden verokortin", "joonas"),
    ("fi", "mun kaveri ville sano et mee velkaneuvontaan", "ville"),
    # by where they stand: speakers' labels, a subject's age, a signature above an address
    ("en", "INTERVIEWER: When did you come?\nMAUREEN OKAFOR: In 1962.\nINTERVIEWER: Why?\n"
           "MAUREEN OKAFOR: For work.", "MAUREEN OKAFOR"),
    ("es", "ENTREVISTADORA: ¿Dónde nació?\nA.M.R.: En Cádiz, en 1950.", "A.M.R."),
    ("it", "Bledar Kolami, 17 anni, è arrivato da Valona nel 2021.", "Bledar Kolami"),
    ("it", "servizio, previsto dalla legge.\n\nOnofrio Capuano\nvia Bari 12, scala A\n70121 Bari\n"
           "cell. 339 471 0200", "Onofrio Capuano"),
    ("en", "Yours sincerely,\n\nMorwenna Tregear\nThe Old Mill, Chapel Lane\nSt Agnes TR5 0TA\n01872 555 010",
     "The Old Mill, Chapel Lane"),
    # e-mails said with the user's name spelled, numbers in words, "underscore", a domain heard as two words
    ("en", "so I spelled it out, d w h e a t l e y at outlook dot com, and it came", "d w h e a t l e y"),
    ("es", "mi correo, que es jorge punto almeida setenta y siete arroba hotmail punto com, con",
     "jorge punto"),
    ("es", "y el correo santi guion bajo dpaz arroba gmail punto com", "santi guion bajo dpaz"),
    ("en", "you can email me, jordan b at proton mail dot com. Or text", "jordan b at proton mail dot com"),
    # document numbers mixing letters and digits after their name, and letters said after a DNI
    ("en", "Proof of ID seen: Dutch passport no. QRT8K52P7\nPrevious", "QRT8K52P7"),
    ("fi", "oleskelulupakortti FIN5529304. Suomalainen", "FIN5529304"),
    ("es", "mi dni es 47201986 y griega vivo en calle", "y griega"),
    ("it", "il codice fiscale è b r n m r a 80 a 01 h 501 u abito in via", "b r n m r a 80 a 01 h 501 u"),
    # a chat's speakers, a post signed at its end, a surname first on a form
    ("it", "Marta: qualcuno sa se il CAF fa l'ISEE?\nPaola: sì ma prenota!\nMarta: grazie", "Paola"),
    ("it", "ci vediamo sabato 😊 #cittadinanza — Jovelyn Santos", "Jovelyn Santos"),
    ("en", "Re: ADEYEMI, Grace Funmilayo\nAddress of defendant:", "ADEYEMI, Grace Funmilayo"),
    # flats and floors said in words, floors after a street, and a Finnish street's genitive in lower case
    ("en", "and the new address, forty two ashgrove terrace, flat one, and",
     "forty two ashgrove terrace, flat one"),
    ("en", "We were housed at 9 Creek Road, second floor. My brother", "9 Creek Road, second floor"),
    ("es", "la calle de Marcelo Usera 58, 1.º C, 28026. Cuando", "calle de Marcelo Usera 58, 1.º C"),
    ("fi", "vaikka mä asun nykyään hervannan valtaväylä 9 c 41, 33720. mun", "hervannan valtaväylä 9 c 41"),
    # codes spelled in lower case with numbers in words
    ("en", "and the new address is twelve oak street, l eight one t f. I put my name", "l eight one t f"),
    ("en", "my bank is g b eight two w e s t one two three four five six nine eight seven six five four "
           "three two. and", "g b eight two w e s t"),
    ("fi", "Karwan Ahmed, 41, tuli Suomeen. Valmentaja löysi paikan, ja Karwanille se oli iso asia.",
     "Karwanille"),
])
def test_found_as_people_write_them(language, text, secret):
    spans = privacy.find(text, language)
    assert hidden(text, secret, spans), [text[s:e] for s, e, _ in spans]


@pytest.mark.parametrize("language, text", [
    ("en", "A blue badge for my wife, who has MS. The online form timed out 3 times."),
    ("en", "It has four residents on it now, not just officers. I'm one of them."),
    ("es", "Fui al Centro de Día con el abono de transporte."),
    # lower-case pieces that spell a postcode's shape ("AL1 2DE"), and letters that are words
    ("es", "tuvo un dolor en el pecho y fuimos al 12 de marzo."),
    ("en", "Room 3, 2 of us, B and A, and 4 kids."),
    ("en", "my granddad's ninety-one, he lives on his own"),
])
def test_look_alikes_stay_readable(language, text):
    assert not privacy.find(text, language)


def test_a_spaced_iban_is_taken_only_when_its_check_digits_hold():
    assert checks.iban("GB 14 LOYD 3096 3401 2877 46") and checks.iban("gb29barc20695140092713")
    assert not checks.iban("GB 14 LOYD 3096 3401 2877 47") and not checks.iban("GB14")


@pytest.mark.parametrize("language, text, word", [
    ("en", "I was due to have my hip replaced on 3 June and it was cancelled.", "June"),
    ("it", "Per arrivare all'ospedale San Francesco ci vogliono 40 minuti.", "Francesco"),
    ("fi", "Toivon, että asia otetaan vakavasti.", "Toivon"),
    ("en", "61 Coldharbour Lane, London SW9 8LQ", "London"),
    # facilities named after someone
    ("es", "El Hospital Universitario Miguel Servet queda a 25 minutos.", "Miguel"),
    ("it", "scuola primaria «Sandro Penna», classe 2ª B", "Sandro"),
    ("en", "She was moved to the Victoria Hospital in Kirkcaldy.", "Victoria"),
    ("it", "della moglie,\n\nCHIEDE il riesame della posizione", "CHIEDE"),
    ("es", "N.º afiliación S. Social: 41/10482937/73", "Social"),
    ("en", "I flat out refused to sign it. My sister said I was being stubborn", "said"),
    ("en", "Your name: Rajinder Kaur Sandhu   Title: Mrs\nNI number: NR903362A", "number"),
    ("it", "sono stanca e non ce la faccio più", "stanca"),
    ("fi", "Opettaja näki sen, mutta tuumasi vain", "näki"),
    ("en", "The taxi cost $95 Victoria said, and the bus was late", "95"),
    ("en", "okay i'm ringing about my dad harold he's in the oakwood", "he's"),
    ("fi", "Asiakas Oleksandr Shevchuk (Ukraina), tilapäinen suojelu", "Ukraina"),
    ("en", "Re: Complaint about my housing benefit", "Complaint"),
    # a reviewer's look-alikes: jobs after a title, what people are called, institutions after "and"
    ("it", "Il sig. direttore non si è mai fatto vedere.", "direttore"),
    ("it", "Mi chiamano testarda all'ufficio anagrafe perché insisto.", "testarda"),
    ("es", "Mi marido cruz la calle todos los días", "cruz"),
    ("fi", "Työntekijä Kelasta sanoi, että päätös tulee", "Kelasta"),
    ("es", "Marta y Servicios Sociales me dijeron lo mismo.", "Servicios"),
    ("en", "My brother mark my words, will never trust the NHS again.", "mark"),
    # places in their case forms after the word for who someone is, and a list of capitalised words
    ("fi", "Olen kolmen lapsen äiti Rovaniemeltä ja asun yksin.", "Rovaniemeltä"),
    ("fi", "Hoitaja Tampereelta soitti minulle.", "Tampereelta"),
    ("es", "Mi hijo vive en Zaragoza y mi hija en Murcia.", "Murcia"),
    ("en", "My son is autistic, and getting him an Education, Health and Care Plan took a year.", "Health"),
    ("fi", "Työkaverini kertoi, että opettaja näki kaiken.", "näki"),
    ("fi", "mun kaveri ville sano et mee velkaneuvontaan", "sano"),
    ("en", "INTERVIEWER: When did you come?\nMAUREEN OKAFOR: In 1962.\nINTERVIEWER: Why?", "INTERVIEWER"),
])
def test_words_and_places_that_are_also_names_stay_readable(language, text, word):
    spans = privacy.find(text, language)
    at = text.index(word)
    assert not any(s <= at < e for s, e, _ in spans), [text[s:e] for s, e, _ in spans]


@pytest.mark.parametrize("language, text", [
    ("es", "El expediente 2023-045812 Madrid sigue abierto."),
    ("en", "For the school year 2024-2025 Leeds council changed the rules."),
    ("fi", "Hakemus lähti 20.2.2024 Kelaan."),
])
def test_references_years_and_dates_are_not_postcodes(language, text):
    assert not [label for _, _, label in privacy.find(text, language) if label == "postcode"]


def test_name_look_alikes_mostly_stay_readable():
    """A reviewer's 258 detail-free passages built to look like the name rules' triggers (README there):
    at most one in five may have any find. Tuned on, so this guards what was learnt."""
    path = DATA / "lookalikes-review" / "passages.jsonl"
    passages = [json.loads(line) for line in path.read_text().splitlines()]
    flagged = [p["id"] for p in passages if privacy.find(p["text"], p["language"])]
    assert len(passages) >= 250
    assert len(flagged) / len(passages) <= 0.2, flagged

