"""Seed the declaration's reference data: countries, pillars, action packages, mechanisms.

Every translated field is filled in all six portal languages (en, es, pt, fr, ht, qu).
The data is kept here as literal structures so the migration never depends on app
code that may change later. Running the forward function again updates the rows in
place (keyed on code, number or slug) and resets their country lists; staff edits to
other rows are left alone. Staff can correct everything in the portal afterwards.
"""

import datetime

from django.db import migrations

LANGUAGES = ("en", "es", "pt", "fr", "ht", "qu")

LAUNCH = datetime.date(2022, 6, 10)  # Ninth Summit of the Americas, Los Angeles
LIMA = datetime.date(2022, 10, 6)  # Lima Ministerial Meeting

# --- Countries -------------------------------------------------------------------------

COUNTRIES = [
    {
        "code": "AR",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Argentina",
            "es": "Argentina",
            "pt": "Argentina",
            "fr": "Argentine",
            "ht": "Ajantin",
            "qu": "Arhintina",
        },
    },
    {
        "code": "BB",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Barbados",
            "es": "Barbados",
            "pt": "Barbados",
            "fr": "Barbade",
            "ht": "Babad",
            "qu": "Barbados",
        },
    },
    {
        "code": "BZ",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Belize",
            "es": "Belice",
            "pt": "Belize",
            "fr": "Belize",
            "ht": "Beliz",
            "qu": "Belice",
        },
    },
    {
        "code": "BR",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Brazil",
            "es": "Brasil",
            "pt": "Brasil",
            "fr": "Brésil",
            "ht": "Brezil",
            "qu": "Brasil",
        },
    },
    {
        "code": "CA",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Canada",
            "es": "Canadá",
            "pt": "Canadá",
            "fr": "Canada",
            "ht": "Kanada",
            "qu": "Kanada",
        },
    },
    {
        "code": "CL",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Chile",
            "es": "Chile",
            "pt": "Chile",
            "fr": "Chili",
            "ht": "Chili",
            "qu": "Chili",
        },
    },
    {
        "code": "CO",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Colombia",
            "es": "Colombia",
            "pt": "Colômbia",
            "fr": "Colombie",
            "ht": "Kolonbi",
            "qu": "Kulumbya",
        },
    },
    {
        "code": "CR",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Costa Rica",
            "es": "Costa Rica",
            "pt": "Costa Rica",
            "fr": "Costa Rica",
            "ht": "Kosta Rika",
            "qu": "Kosta Rika",
        },
    },
    {
        "code": "EC",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Ecuador",
            "es": "Ecuador",
            "pt": "Equador",
            "fr": "Équateur",
            "ht": "Ekwatè",
            "qu": "Ikwadur",
        },
    },
    {
        "code": "SV",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "El Salvador",
            "es": "El Salvador",
            "pt": "El Salvador",
            "fr": "Salvador",
            "ht": "Salvadò",
            "qu": "El Salvador",
        },
    },
    {
        "code": "GT",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Guatemala",
            "es": "Guatemala",
            "pt": "Guatemala",
            "fr": "Guatemala",
            "ht": "Gwatemala",
            "qu": "Watimala",
        },
    },
    {
        "code": "GY",
        "endorsed_on": LIMA,
        "name": {
            "en": "Guyana",
            "es": "Guyana",
            "pt": "Guiana",
            "fr": "Guyana",
            "ht": "Giyàn",
            "qu": "Guyana",
        },
    },
    {
        "code": "HT",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Haiti",
            "es": "Haití",
            "pt": "Haiti",
            "fr": "Haïti",
            "ht": "Ayiti",
            "qu": "Ayiti",
        },
    },
    {
        "code": "HN",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Honduras",
            "es": "Honduras",
            "pt": "Honduras",
            "fr": "Honduras",
            "ht": "Ondiras",
            "qu": "Hunduras",
        },
    },
    {
        "code": "JM",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Jamaica",
            "es": "Jamaica",
            "pt": "Jamaica",
            "fr": "Jamaïque",
            "ht": "Jamayik",
            "qu": "Hamayka",
        },
    },
    {
        "code": "MX",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Mexico",
            "es": "México",
            "pt": "México",
            "fr": "Mexique",
            "ht": "Meksik",
            "qu": "Mishiku",
        },
    },
    {
        "code": "PA",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Panama",
            "es": "Panamá",
            "pt": "Panamá",
            "fr": "Panama",
            "ht": "Panama",
            "qu": "Panama",
        },
    },
    {
        "code": "PY",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Paraguay",
            "es": "Paraguay",
            "pt": "Paraguai",
            "fr": "Paraguay",
            "ht": "Paragwe",
            "qu": "Paraguay",
        },
    },
    {
        "code": "PE",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Peru",
            "es": "Perú",
            "pt": "Peru",
            "fr": "Pérou",
            "ht": "Pewou",
            "qu": "Piruw",
        },
    },
    {
        "code": "US",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "United States",
            "es": "Estados Unidos",
            "pt": "Estados Unidos",
            "fr": "États-Unis",
            "ht": "Etazini",
            "qu": "Hukllachasqa Amirika Suyukuna",
        },
    },
    {
        "code": "UY",
        "endorsed_on": LAUNCH,
        "name": {
            "en": "Uruguay",
            "es": "Uruguay",
            "pt": "Uruguai",
            "fr": "Uruguay",
            "ht": "Irigwe",
            "qu": "Uruwayi",
        },
    },
]

# --- Pillars ---------------------------------------------------------------------------

PILLARS = [
    {
        "number": 1,
        "name": {
            "en": "Stability and assistance for communities",
            "es": "Estabilidad y asistencia a las comunidades",
            "pt": "Estabilidade e assistência às comunidades",
            "fr": "Stabilité et assistance aux communautés",
            "ht": "Estabilite ak asistans pou kominote yo",
            "qu": "Ayllukunapaq takyay, yanapaypas",
        },
        "description": {
            "en": (
                "Support for the communities of destination, origin, transit and return, so "
                "that migrants, refugees and the people who host them can live in stability "
                "and dignity."
            ),
            "es": (
                "Apoyo a las comunidades de destino, origen, tránsito y retorno, para que las "
                "personas migrantes y refugiadas y quienes las acogen puedan vivir con "
                "estabilidad y dignidad."
            ),
            "pt": (
                "Apoio às comunidades de destino, origem, trânsito e retorno, para que pessoas "
                "migrantes e refugiadas e quem as acolhe possam viver com estabilidade e "
                "dignidade."
            ),
            "fr": (
                "Soutien aux communautés de destination, d'origine, de transit et de retour, "
                "afin que les personnes migrantes et réfugiées et celles qui les accueillent "
                "puissent vivre dans la stabilité et la dignité."
            ),
            "ht": (
                "Sipò pou kominote kote moun yo rive, kote yo soti, kote yo pase ak kote yo "
                "retounen, pou migran, refijye ak moun ki resevwa yo ka viv ak estabilite e "
                "ak diyite."
            ),
            "qu": (
                "Ripuq runakunata chaskiq ayllukunata, paykunap lluqsisqanku, pasasqanku, "
                "kutimusqanku ayllukunatapas yanapay, llapa runakuna takyasqa allin kawsayta "
                "kawsanankupaq."
            ),
        },
    },
    {
        "number": 2,
        "name": {
            "en": "Regular pathways for migration and international protection",
            "es": "Vías regulares para la migración y la protección internacional",
            "pt": "Vias regulares para a migração e a proteção internacional",
            "fr": "Voies régulières de migration et de protection internationale",
            "ht": "Chemen regilye pou migrasyon ak pwoteksyon entènasyonal",
            "qu": "Kamachikuyman hina ripunapaq ñankuna, suyukuna pura amachaypas",
        },
        "description": {
            "en": (
                "Expanding safe, orderly and legal ways to migrate or to seek protection, such "
                "as labour mobility, resettlement, family reunification and access to asylum."
            ),
            "es": (
                "Ampliar las vías seguras, ordenadas y legales para migrar o buscar protección, "
                "como la movilidad laboral, el reasentamiento, la reunificación familiar y el "
                "acceso al asilo."
            ),
            "pt": (
                "Ampliar as vias seguras, ordenadas e legais para migrar ou buscar proteção, "
                "como a mobilidade laboral, o reassentamento, a reunião familiar e o acesso ao "
                "asilo."
            ),
            "fr": (
                "Élargir les voies sûres, ordonnées et légales pour migrer ou demander une "
                "protection, comme la mobilité de main-d'œuvre, la réinstallation, le "
                "regroupement familial et l'accès à l'asile."
            ),
            "ht": (
                "Louvri plis chemen ki an sekirite, ki òganize e ki legal pou moun migre oswa "
                "chèche pwoteksyon, tankou mobilite travay, reyenstalasyon, reyinifikasyon "
                "fanmi ak aksè a azil."
            ),
            "qu": (
                "Mana manchakuypaq, allin kamachisqa, kamachikuyman hina ñankunata astawan "
                "kichay, runakuna wak suyuman ripunankupaq utaq amachayta maskhanankupaq: "
                "llamk'anapaq ripuy, wak suyupi tiyachiy, ayllukunata huñuy, amachay "
                "mañakuypas."
            ),
        },
    },
    {
        "number": 3,
        "name": {
            "en": "Humane migration management",
            "es": "Gestión humana de la migración",
            "pt": "Gestão humana da migração",
            "fr": "Gestion humaine des migrations",
            "ht": "Jesyon migrasyon ki imen",
            "qu": "Runa kayta yupaychaspa ripuyta kamachiy",
        },
        "description": {
            "en": (
                "Managing borders and migration with respect for human rights, fighting migrant "
                "smuggling and trafficking in persons, and supporting safe return and "
                "reintegration."
            ),
            "es": (
                "Gestionar las fronteras y la migración con respeto a los derechos humanos, "
                "combatir el tráfico ilícito de migrantes y la trata de personas, y apoyar el "
                "retorno seguro y la reintegración."
            ),
            "pt": (
                "Gerir as fronteiras e a migração com respeito aos direitos humanos, combater o "
                "contrabando de migrantes e o tráfico de pessoas e apoiar o retorno seguro e a "
                "reintegração."
            ),
            "fr": (
                "Gérer les frontières et les migrations dans le respect des droits humains, "
                "lutter contre le trafic illicite de migrants et la traite des personnes, et "
                "soutenir le retour en sécurité et la réintégration."
            ),
            "ht": (
                "Jere fwontyè yo ak migrasyon an nan respè dwa moun, goumen kont trafik migran "
                "ak trafik moun, epi sipòte retou an sekirite ak reyentegrasyon."
            ),
            "qu": (
                "Suyu saywakunata, ripuytapas runap hayñinkunata yupaychaspa kamachiy; ripuq "
                "runakunata pakallapi pusaqkunata, runakunata rantikuqkunatapas harkay; mana "
                "manchakuypaq kutimuyta, kikin llaqtanpi hukmanta kawsayta qallarinantapas "
                "yanapay."
            ),
        },
    },
    {
        "number": 4,
        "name": {
            "en": "Coordinated emergency response",
            "es": "Respuesta coordinada ante emergencias",
            "pt": "Resposta coordenada a emergências",
            "fr": "Réponse coordonnée aux situations d'urgence",
            "ht": "Repons kowòdone nan ijans",
            "qu": "Sasachakuy pachakunapi kuska yanapay",
        },
        "description": {
            "en": (
                "Joint, coordinated responses by states to sudden mass movements and "
                "humanitarian emergencies. Since the launch it has had no action package and "
                "no commitments."
            ),
            "es": (
                "Respuestas conjuntas y coordinadas de los Estados ante movimientos masivos "
                "repentinos y emergencias humanitarias. Desde el lanzamiento no ha tenido "
                "ningún paquete de acción ni compromisos."
            ),
            "pt": (
                "Respostas conjuntas e coordenadas dos Estados a movimentos em massa repentinos "
                "e a emergências humanitárias. Desde o lançamento, não teve nenhum pacote de "
                "ação nem compromissos."
            ),
            "fr": (
                "Réponses conjointes et coordonnées des États face aux mouvements massifs "
                "soudains et aux urgences humanitaires. Depuis le lancement, ce pilier n'a eu "
                "ni paquet d'action ni engagements."
            ),
            "ht": (
                "Repons ansanm e kowòdone Leta yo bay lè anpil moun deplase sanzatann ak nan "
                "ijans imanitè. Depi lansman an, pilye sa a pa janm gen okenn pakè aksyon ni "
                "okenn angajman."
            ),
            "qu": (
                "Suyukuna kuskalla yanapanakunku achka runakuna qunqaylla ripuptinku, utqhay "
                "sasachakuykuna kaptinpas. Qallarisqanmantapacha kay pilarqa mana ruway "
                "q'ipiyuqchu, mana rimanakuyniyuqchu karqan."
            ),
        },
    },
]

# --- Action packages -------------------------------------------------------------------
# Leads and participants as reported at the Lima Ministerial Meeting (October 2022).
# Packages 9-11 are seeded from the themes in public reporting; staff fill in the
# countries.

ACTION_PACKAGES = [
    {
        "number": 1,
        "slug": "integration-host-communities",
        "pillar": 1,
        "leads": ["CL"],
        "participants": ["SV", "HN", "EC", "GY"],
        "name": {
            "en": "Integration and support for host communities",
            "es": "Integración y apoyo a las comunidades de acogida",
            "pt": "Integração e apoio às comunidades de acolhimento",
            "fr": "Intégration et soutien aux communautés d'accueil",
            "ht": "Entegrasyon ak sipò pou kominote k ap resevwa yo",
            "qu": "Chaskiq ayllukunapi huñunakuy, yanapaypas",
        },
        "description": {
            "en": (
                "Helps migrants and refugees integrate where they settle and strengthens "
                "services in the communities that receive them."
            ),
            "es": (
                "Ayuda a las personas migrantes y refugiadas a integrarse donde se establecen y "
                "fortalece los servicios de las comunidades que las reciben."
            ),
            "pt": (
                "Ajuda pessoas migrantes e refugiadas a se integrarem onde se estabelecem e "
                "fortalece os serviços das comunidades que as recebem."
            ),
            "fr": (
                "Aide les personnes migrantes et réfugiées à s'intégrer là où elles s'installent "
                "et renforce les services des communautés qui les accueillent."
            ),
            "ht": (
                "Ede migran ak refijye yo entegre kote yo tabli a epi ranfòse sèvis kominote "
                "ki resevwa yo."
            ),
            "qu": (
                "Ripuq runakunata, amachayta maskhaq runakunatapas tiyakusqanku llaqtapi "
                "huñunakunankupaq yanapan, paykunata chaskiq ayllukunap yanapakuyninkunatapas "
                "kallpachan."
            ),
        },
    },
    {
        "number": 2,
        "slug": "temporary-protection-regularization",
        "pillar": 1,
        "leads": ["CO"],
        "participants": ["EC", "SV", "HT"],
        "name": {
            "en": "Temporary protection and regularization",
            "es": "Protección temporal y regularización",
            "pt": "Proteção temporária e regularização",
            "fr": "Protection temporaire et régularisation",
            "ht": "Pwoteksyon tanporè ak regilarizasyon",
            "qu": "Pisi pachapaq amachay, kamachikuyman hina churaypas",
        },
        "description": {
            "en": (
                "Shares experience with temporary protection schemes and regularization "
                "programmes that give migrants legal status, documents and access to rights."
            ),
            "es": (
                "Comparte experiencias sobre esquemas de protección temporal y programas de "
                "regularización que dan a las personas migrantes estatus legal, documentos y "
                "acceso a derechos."
            ),
            "pt": (
                "Compartilha experiências sobre mecanismos de proteção temporária e programas "
                "de regularização que dão às pessoas migrantes situação legal, documentos e "
                "acesso a direitos."
            ),
            "fr": (
                "Partage l'expérience des dispositifs de protection temporaire et des "
                "programmes de régularisation qui donnent aux personnes migrantes un statut "
                "légal, des papiers et l'accès aux droits."
            ),
            "ht": (
                "Pataje eksperyans sou pwogram pwoteksyon tanporè ak regilarizasyon ki bay "
                "migran yo yon estati legal, papye ak aksè a dwa yo."
            ),
            "qu": (
                "Suyukuna pisi pachapaq amachaypi, kamachikuyman hina churaypi yachasqankuta "
                "rakinakunku, ripuq runakuna kamachikuyman hina kanankupaq, qillqankunata "
                "chaskinankupaq, hayñinkunatapas hap'inankupaq."
            ),
        },
    },
    {
        "number": 3,
        "slug": "international-financing",
        "pillar": 1,
        "leads": ["EC"],
        "participants": ["CL", "CO", "HN", "GY", "PE", "US"],
        "name": {
            "en": "International financing for migrant-hosting countries",
            "es": "Financiamiento internacional para los países que acogen migrantes",
            "pt": "Financiamento internacional para países que acolhem migrantes",
            "fr": "Financement international des pays d'accueil de migrants",
            "ht": "Finansman entènasyonal pou peyi k ap resevwa migran",
            "qu": "Ripuq runakunata chaskiq suyukunapaq suyukuna pura qullqi yanapay",
        },
        "description": {
            "en": (
                "Seeks grants and concessional financing from international institutions for "
                "the countries that host large numbers of migrants and refugees."
            ),
            "es": (
                "Busca donaciones y financiamiento en condiciones favorables de las "
                "instituciones internacionales para los países que acogen a gran número de "
                "personas migrantes y refugiadas."
            ),
            "pt": (
                "Busca doações e financiamento em condições favoráveis junto a instituições "
                "internacionais para os países que acolhem grande número de pessoas migrantes "
                "e refugiadas."
            ),
            "fr": (
                "Recherche des dons et des financements à des conditions favorables auprès des "
                "institutions internationales pour les pays qui accueillent de nombreuses "
                "personnes migrantes et réfugiées."
            ),
            "ht": (
                "Chèche don ak finansman nan bon kondisyon nan men enstitisyon entènasyonal "
                "yo pou peyi ki resevwa anpil migran ak refijye."
            ),
            "qu": (
                "Achka ripuq runakunata, amachayta maskhaq runakunatapas chaskiq suyukunapaq, "
                "suyukuna pura qullqi wasikunamanta qullqi yanapayta maskhan."
            ),
        },
    },
    {
        "number": 4,
        "slug": "combatting-xenophobia",
        "pillar": 1,
        "leads": ["PE"],
        "participants": [],
        "name": {
            "en": "Combatting xenophobia",
            "es": "Lucha contra la xenofobia",
            "pt": "Combate à xenofobia",
            "fr": "Lutte contre la xénophobie",
            "ht": "Goumen kont ksenofobi",
            "qu": "Wak llaqtayuq runakunata chiqniyta harkay",
        },
        "description": {
            "en": (
                "Counters discrimination and hate against migrants and refugees through public "
                "communication, education and community work."
            ),
            "es": (
                "Combate la discriminación y el odio contra las personas migrantes y "
                "refugiadas mediante la comunicación pública, la educación y el trabajo "
                "comunitario."
            ),
            "pt": (
                "Combate a discriminação e o ódio contra pessoas migrantes e refugiadas por "
                "meio da comunicação pública, da educação e do trabalho comunitário."
            ),
            "fr": (
                "Combat la discrimination et la haine envers les personnes migrantes et "
                "réfugiées par la communication publique, l'éducation et le travail "
                "communautaire."
            ),
            "ht": (
                "Goumen kont diskriminasyon ak rayisman kont migran ak refijye atravè "
                "kominikasyon piblik, edikasyon ak travay nan kominote."
            ),
            "qu": (
                "Ripuq runakunata, amachayta maskhaq runakunatapas t'aqayta, chiqniytapas "
                "harkan, llaqtaman willakuykunawan, yachachiywan, ayllupi llamk'aywanpas."
            ),
        },
    },
    {
        "number": 5,
        "slug": "labor-mobility",
        "pillar": 2,
        "leads": ["MX"],
        "participants": ["HT", "US", "SV", "GT"],
        "name": {
            "en": "Labor mobility",
            "es": "Movilidad laboral",
            "pt": "Mobilidade laboral",
            "fr": "Mobilité de la main-d'œuvre",
            "ht": "Mobilite travay",
            "qu": "Llamk'anapaq ripuy",
        },
        "description": {
            "en": (
                "Expands temporary and seasonal work programmes and other legal routes for "
                "migrants to work abroad, with fair recruitment and labour rights."
            ),
            "es": (
                "Amplía los programas de trabajo temporal y de temporada y otras vías legales "
                "para que las personas migrantes trabajen en el exterior, con reclutamiento "
                "justo y derechos laborales."
            ),
            "pt": (
                "Amplia programas de trabalho temporário e sazonal e outras vias legais para "
                "que pessoas migrantes trabalhem no exterior, com recrutamento justo e direitos "
                "trabalhistas."
            ),
            "fr": (
                "Élargit les programmes de travail temporaire et saisonnier et d'autres voies "
                "légales permettant aux personnes migrantes de travailler à l'étranger, avec un "
                "recrutement équitable et des droits du travail."
            ),
            "ht": (
                "Ogmante pwogram travay tanporè ak travay sezon ak lòt chemen legal pou "
                "migran ka travay aletranje, ak rekritman ki jis ak respè dwa travayè yo."
            ),
            "qu": (
                "Wak suyupi pisi pachapaq llamk'anapaq ruwaykunata, kamachikuyman hina huk "
                "ñankunatapas astawan kichan, ripuq runakuna chaninta hap'isqa, llamk'aq "
                "hayñinkuna yupaychasqa llamk'anankupaq."
            ),
        },
    },
    {
        "number": 6,
        "slug": "investing-in-asylum",
        "pillar": 2,
        "leads": ["CA"],
        "participants": ["CR", "HT"],
        "name": {
            "en": "Investing in asylum",
            "es": "Inversión en asilo",
            "pt": "Investimento em asilo",
            "fr": "Investir dans l'asile",
            "ht": "Envesti nan azil",
            "qu": "Amachay mañakuypi qullqita churay",
        },
        "description": {
            "en": (
                "Strengthens national asylum systems so that claims are decided fairly and "
                "efficiently and refugees can access protection."
            ),
            "es": (
                "Fortalece los sistemas nacionales de asilo para que las solicitudes se "
                "resuelvan de manera justa y eficiente y las personas refugiadas accedan a "
                "protección."
            ),
            "pt": (
                "Fortalece os sistemas nacionais de asilo para que os pedidos sejam decididos "
                "de forma justa e eficiente e as pessoas refugiadas tenham acesso à proteção."
            ),
            "fr": (
                "Renforce les systèmes nationaux d'asile pour que les demandes soient tranchées "
                "de façon équitable et efficace et que les personnes réfugiées accèdent à une "
                "protection."
            ),
            "ht": (
                "Ranfòse sistèm azil nasyonal yo pou demann yo jwenn desizyon ki jis e rapid, "
                "epi pou refijye yo ka jwenn pwoteksyon."
            ),
            "qu": (
                "Sapa suyup amachay mañakuy kamachiyninkunata kallpachan, mañakuykuna chaninta, "
                "utqhaytapas kutichisqa kanankupaq, amachayta maskhaq runakunapas amachasqa "
                "kanankupaq."
            ),
        },
    },
    {
        "number": 7,
        "slug": "refugee-resettlement",
        "pillar": 2,
        "leads": ["CA", "GY"],
        "participants": ["MX", "UY", "US"],
        "name": {
            "en": "Refugee resettlement",
            "es": "Reasentamiento de personas refugiadas",
            "pt": "Reassentamento de pessoas refugiadas",
            "fr": "Réinstallation des personnes réfugiées",
            "ht": "Reyenstalasyon refijye yo",
            "qu": "Amachayta maskhaq runakunata wak suyupi tiyachiy",
        },
        "description": {
            "en": (
                "Increases the places offered to refugees for resettlement in a third country "
                "and opens other complementary routes to protection."
            ),
            "es": (
                "Aumenta los cupos ofrecidos a las personas refugiadas para su reasentamiento "
                "en un tercer país y abre otras vías complementarias de protección."
            ),
            "pt": (
                "Aumenta as vagas oferecidas a pessoas refugiadas para reassentamento em um "
                "terceiro país e abre outras vias complementares de proteção."
            ),
            "fr": (
                "Augmente les places offertes aux personnes réfugiées pour leur réinstallation "
                "dans un pays tiers et ouvre d'autres voies complémentaires de protection."
            ),
            "ht": (
                "Ogmante kantite plas yo ofri refijye pou reyenstalasyon nan yon twazyèm peyi "
                "epi louvri lòt chemen konplemantè pou pwoteksyon."
            ),
            "qu": (
                "Amachayta maskhaq runakunaman kimsa kaq suyupi astawan tiyanakunata qun, "
                "amachayman chayanankupaq huk ñankunatapas kichan."
            ),
        },
    },
    {
        "number": 8,
        "slug": "family-reunification-pathways",
        "pillar": 2,
        "leads": ["SV"],
        # "Haiti, Mexico and others": staff add the others.
        "participants": ["HT", "MX"],
        "name": {
            "en": "Family reunification and alternative migration pathways",
            "es": "Reunificación familiar y vías migratorias alternativas",
            "pt": "Reunião familiar e vias migratórias alternativas",
            "fr": "Regroupement familial et voies de migration alternatives",
            "ht": "Reyinifikasyon fanmi ak lòt chemen migrasyon",
            "qu": "Ayllukunata hukmanta huñuy, ripunapaq huk ñankunapas",
        },
        "description": {
            "en": (
                "Helps separated families reunite and opens other legal routes, such as "
                "humanitarian visas and sponsorship, as alternatives to irregular journeys."
            ),
            "es": (
                "Ayuda a las familias separadas a reunirse y abre otras vías legales, como las "
                "visas humanitarias y el patrocinio, como alternativas a los viajes "
                "irregulares."
            ),
            "pt": (
                "Ajuda famílias separadas a se reunirem e abre outras vias legais, como vistos "
                "humanitários e patrocínio, como alternativas às viagens irregulares."
            ),
            "fr": (
                "Aide les familles séparées à se retrouver et ouvre d'autres voies légales, "
                "comme les visas humanitaires et le parrainage, comme alternatives aux voyages "
                "irréguliers."
            ),
            "ht": (
                "Ede fanmi ki separe yo rejwenn epi louvri lòt chemen legal, tankou viza "
                "imanitè ak parenaj, pou moun pa oblije fè vwayaj iregilye."
            ),
            "qu": (
                "T'aqasqa ayllukunata hukmanta tantanakunankupaq yanapan, kamachikuyman hina "
                "huk ñankunatapas kichan, khuyapayakuy visakunata hina, runakuna mana "
                "pakallapi purinankupaq."
            ),
        },
    },
    {
        "number": 9,
        "slug": "border-management",
        "pillar": 3,
        "leads": [],
        "participants": [],
        "name": {
            "en": "Border management",
            "es": "Gestión de fronteras",
            "pt": "Gestão de fronteiras",
            "fr": "Gestion des frontières",
            "ht": "Jesyon fwontyè",
            "qu": "Suyu saywakunata kamachiy",
        },
        "description": {
            "en": (
                "Promotes border management that is secure, orderly and respectful of the "
                "rights of people on the move, including identifying protection needs at the "
                "border."
            ),
            "es": (
                "Promueve una gestión de fronteras segura, ordenada y respetuosa de los "
                "derechos de las personas en movimiento, incluida la identificación de "
                "necesidades de protección en la frontera."
            ),
            "pt": (
                "Promove uma gestão de fronteiras segura, ordenada e respeitosa dos direitos "
                "das pessoas em mobilidade, incluindo a identificação de necessidades de "
                "proteção na fronteira."
            ),
            "fr": (
                "Promeut une gestion des frontières sûre, ordonnée et respectueuse des droits "
                "des personnes en déplacement, y compris l'identification des besoins de "
                "protection à la frontière."
            ),
            "ht": (
                "Ankouraje yon jesyon fwontyè ki an sekirite, ki òganize e ki respekte dwa "
                "moun k ap deplase yo, ansanm ak idantifikasyon bezwen pwoteksyon sou "
                "fwontyè a."
            ),
            "qu": (
                "Suyu saywakunata mana manchakuypaq, allin kamachisqata, puriq runakunap "
                "hayñinkunata yupaychaspa kamachiyta kallpachan; saywapi amachayta munaq "
                "runakunatapas riqsin."
            ),
        },
    },
    {
        "number": 10,
        "slug": "countering-smuggling-trafficking",
        "pillar": 3,
        "leads": [],
        "participants": [],
        "name": {
            "en": "Countering migrant smuggling and trafficking in persons",
            "es": "Lucha contra el tráfico ilícito de migrantes y la trata de personas",
            "pt": "Combate ao contrabando de migrantes e ao tráfico de pessoas",
            "fr": "Lutte contre le trafic illicite de migrants et la traite des personnes",
            "ht": "Goumen kont trafik migran ak trafik moun",
            "qu": "Ripuq runakunata pakallapi pusayta, runakunata rantikuytapas harkay",
        },
        "description": {
            "en": (
                "Strengthens cooperation to dismantle smuggling and trafficking networks and to "
                "protect and assist the people they exploit."
            ),
            "es": (
                "Fortalece la cooperación para desarticular las redes de tráfico ilícito y de "
                "trata y para proteger y asistir a las personas que explotan."
            ),
            "pt": (
                "Fortalece a cooperação para desarticular as redes de contrabando e de tráfico "
                "e para proteger e assistir as pessoas que elas exploram."
            ),
            "fr": (
                "Renforce la coopération pour démanteler les réseaux de trafic illicite et de "
                "traite et pour protéger et assister les personnes qu'ils exploitent."
            ),
            "ht": (
                "Ranfòse koperasyon pou kraze rezo trafikan yo epi pou pwoteje e ede moun yo "
                "eksplwate yo."
            ),
            "qu": (
                "Suyukunap yanapanakuyninta kallpachan, runakunata pakallapi pusaq, "
                "rantikuq huñukunata thuñichinankupaq, paykuna ñak'arichisqanku "
                "runakunatapas amachanankupaq, yanapanankupaqpas."
            ),
        },
    },
    {
        "number": 11,
        "slug": "safe-return-reintegration",
        "pillar": 3,
        "leads": [],
        "participants": [],
        "name": {
            "en": "Safe return and reintegration",
            "es": "Retorno seguro y reintegración",
            "pt": "Retorno seguro e reintegração",
            "fr": "Retour en sécurité et réintégration",
            "ht": "Retou an sekirite ak reyentegrasyon",
            "qu": "Mana manchakuypaq kutimuy, llaqtapi hukmanta tiyakuypas",
        },
        "description": {
            "en": (
                "Supports the dignified and safe return of people without a right to stay and "
                "their sustainable reintegration in their countries of origin."
            ),
            "es": (
                "Apoya el retorno digno y seguro de las personas sin derecho a permanecer y su "
                "reintegración sostenible en sus países de origen."
            ),
            "pt": (
                "Apoia o retorno digno e seguro das pessoas sem direito de permanência e sua "
                "reintegração sustentável em seus países de origem."
            ),
            "fr": (
                "Soutient le retour digne et sûr des personnes sans droit au séjour et leur "
                "réintégration durable dans leur pays d'origine."
            ),
            "ht": (
                "Sipòte retou ak diyite e an sekirite moun ki pa gen dwa rete yo, ak "
                "reyentegrasyon dirab yo nan peyi orijin yo."
            ),
            "qu": (
                "Wak suyupi qhipakunankupaq mana hayñiyuq runakunap allin, mana manchakuypaq "
                "kutimusqankuta yanapan, kikin suyunkupi hukmanta takyasqa kawsanankupaqpas."
            ),
        },
    },
]

# --- Regional mechanisms ---------------------------------------------------------------
# Member lists name only the countries seeded above; staff add others if they are added.

LATIN_AMERICA_AND_CARIBBEAN = [
    "AR", "BB", "BZ", "BR", "CL", "CO", "CR", "EC", "SV", "GT",
    "GY", "HT", "HN", "JM", "MX", "PA", "PY", "PE", "UY",
]  # fmt: skip

MECHANISMS = [
    {
        "slug": "south-american-conference-on-migration",
        "acronym": "CSM",
        "website": "https://csm-osumi.org",
        "members": ["AR", "BR", "CL", "CO", "EC", "GY", "PY", "PE", "UY"],
        "name": {
            "en": "South American Conference on Migration",
            "es": "Conferencia Suramericana sobre Migraciones",
            "pt": "Conferência Sul-Americana sobre Migrações",
            "fr": "Conférence sud-américaine sur les migrations",
            "ht": "Konferans Sid-Ameriken sou Migrasyon",
            "qu": "Urin Amirikap Ripuymanta Hatun Huñunakuynin",
        },
        "description": {
            "en": (
                "Forum of the South American governments for dialogue and coordination on "
                "migration policy, founded in 2000."
            ),
            "es": (
                "Foro de los gobiernos de América del Sur para el diálogo y la coordinación de "
                "las políticas migratorias, creado en 2000."
            ),
            "pt": (
                "Fórum dos governos da América do Sul para o diálogo e a coordenação das "
                "políticas migratórias, criado em 2000."
            ),
            "fr": (
                "Forum des gouvernements d'Amérique du Sud pour le dialogue et la coordination "
                "des politiques migratoires, créé en 2000."
            ),
            "ht": (
                "Fowòm gouvènman Amerik di Sid yo pou dyalòg ak kowòdinasyon politik "
                "migrasyon, ki te kreye an 2000."
            ),
            "qu": (
                "Urin Amirika suyukunap kamachiqninkunap huñunakuynin, ripuymanta "
                "rimanakunankupaq, kuska kamachinankupaqpas; 2000 watapi paqarirqan."
            ),
        },
    },
    {
        "slug": "regional-conference-on-migration",
        "acronym": "RCM",
        "website": "https://www.crmsv.org",
        "members": ["BZ", "CA", "CR", "SV", "GT", "HN", "MX", "PA", "US"],
        "name": {
            "en": "Regional Conference on Migration",
            "es": "Conferencia Regional sobre Migración",
            "pt": "Conferência Regional sobre Migração",
            "fr": "Conférence régionale sur les migrations",
            "ht": "Konferans Rejyonal sou Migrasyon",
            "qu": "Ripuymanta Suyu Hatun Huñunakuy",
        },
        "description": {
            "en": (
                "Also known as the Puebla Process: a forum of governments of North America, "
                "Central America and the Caribbean on migration, created in 1996."
            ),
            "es": (
                "También conocida como Proceso Puebla: foro de gobiernos de América del Norte, "
                "Centroamérica y el Caribe sobre migración, creado en 1996."
            ),
            "pt": (
                "Também conhecida como Processo de Puebla: fórum de governos da América do "
                "Norte, da América Central e do Caribe sobre migração, criado em 1996."
            ),
            "fr": (
                "Aussi appelée Processus de Puebla : forum des gouvernements d'Amérique du "
                "Nord, d'Amérique centrale et des Caraïbes sur les migrations, créé en 1996."
            ),
            "ht": (
                "Yo rele l tou Pwosesis Puebla: fowòm gouvènman Amerik di Nò, Amerik Santral "
                "ak Karayib la sou migrasyon, ki te kreye an 1996."
            ),
            "qu": (
                "Proceso Puebla nisqawanpas riqsisqa: Chinchay Amirika, Chawpi Amirika, "
                "Karibe suyukunap kamachiqninkunap ripuymanta huñunakuynin; 1996 watapi "
                "paqarirqan."
            ),
        },
    },
    {
        "slug": "un-network-on-migration-lac",
        "acronym": "UN Network",
        "website": "https://migrationnetwork.un.org",
        "members": LATIN_AMERICA_AND_CARIBBEAN,
        "name": {
            "en": (
                "United Nations Regional Network on Migration for Latin America and the Caribbean"
            ),
            "es": (
                "Red Regional de las Naciones Unidas sobre Migración para América Latina y el "
                "Caribe"
            ),
            "pt": "Rede Regional das Nações Unidas sobre Migração para a América Latina e o Caribe",
            "fr": (
                "Réseau régional des Nations Unies sur les migrations pour l'Amérique latine "
                "et les Caraïbes"
            ),
            "ht": "Rezo Rejyonal Nasyonzini sou Migrasyon pou Amerik Latin ak Karayib la",
            "qu": "Hukllachasqa Nasyunkunap Latinu Amirika, Karibe suyukunapaq Ripuymanta Llikan",
        },
        "description": {
            "en": (
                "Brings together the UN agencies in the region to support governments in "
                "implementing the Global Compact for Safe, Orderly and Regular Migration; IOM "
                "coordinates it."
            ),
            "es": (
                "Reúne a las agencias de la ONU en la región para apoyar a los gobiernos en la "
                "aplicación del Pacto Mundial para una Migración Segura, Ordenada y Regular; la "
                "OIM la coordina."
            ),
            "pt": (
                "Reúne as agências da ONU na região para apoiar os governos na implementação do "
                "Pacto Global para uma Migração Segura, Ordenada e Regular; a OIM a coordena."
            ),
            "fr": (
                "Réunit les agences des Nations Unies de la région pour aider les gouvernements "
                "à mettre en œuvre le Pacte mondial pour des migrations sûres, ordonnées et "
                "régulières ; l'OIM en assure la coordination."
            ),
            "ht": (
                "Li rasanble ajans Nasyonzini yo nan rejyon an pou ede gouvènman yo aplike Pak "
                "Mondyal pou yon Migrasyon ki an Sekirite, Òganize e Regilye; OIM kowòdone l."
            ),
            "qu": (
                "Hukllachasqa Nasyunkunap kay suyupi llamk'aq huñunkunata huñun, "
                "kamachiqkunata yanapanankupaq: mana manchakuypaq, allin kamachisqa, "
                "kamachikuyman hina ripuypaq Pacto Mundial nisqata hunt'anankupaq. OIM nisqa "
                "kamachin."
            ),
        },
    },
    {
        "slug": "quito-process",
        "acronym": "Quito",
        "website": "https://www.procesodequito.org",
        "members": ["AR", "BR", "CL", "CO", "CR", "EC", "MX", "PA", "PY", "PE", "UY"],
        "name": {
            "en": "Quito Process",
            "es": "Proceso de Quito",
            "pt": "Processo de Quito",
            "fr": "Processus de Quito",
            "ht": "Pwosesis Kito",
            "qu": "Kitu Puriy (Proceso de Quito)",
        },
        "description": {
            "en": (
                "Intergovernmental forum created in 2018 to coordinate the regional response "
                "to the displacement of Venezuelan refugees and migrants."
            ),
            "es": (
                "Foro intergubernamental creado en 2018 para coordinar la respuesta regional al "
                "desplazamiento de personas refugiadas y migrantes venezolanas."
            ),
            "pt": (
                "Fórum intergovernamental criado em 2018 para coordenar a resposta regional ao "
                "deslocamento de pessoas refugiadas e migrantes venezuelanas."
            ),
            "fr": (
                "Forum intergouvernemental créé en 2018 pour coordonner la réponse régionale au "
                "déplacement des personnes réfugiées et migrantes vénézuéliennes."
            ),
            "ht": (
                "Fowòm entègouvènmantal ki te kreye an 2018 pou kowòdone repons rejyon an "
                "bay deplasman refijye ak migran venezyelyen yo."
            ),
            "qu": (
                "Suyukunap kamachiqninkunap huñunakuynin, 2018 watapi paqarirqan, "
                "Binisuylamanta ripuq runakunata, amachayta maskhaq runakunatapas kuskalla "
                "yanapanankupaq."
            ),
        },
    },
    {
        "slug": "mirps",
        "acronym": "MIRPS",
        "website": "https://mirps-platform.org",
        "members": ["BZ", "CR", "SV", "GT", "HN", "MX", "PA"],
        "name": {
            "en": "Comprehensive Regional Protection and Solutions Framework",
            "es": "Marco Integral Regional para la Protección y Soluciones",
            "pt": "Marco Integral Regional de Proteção e Soluções",
            "fr": "Cadre global régional de protection et de solutions",
            "ht": "Kad Rejyonal Konplè pou Pwoteksyon ak Solisyon",
            "qu": "Amachaypaq, allichaykunapaqpas hunt'asqa suyu kamachiy",
        },
        "description": {
            "en": (
                "Regional application of the Global Compact on Refugees by Belize, Costa Rica, "
                "El Salvador, Guatemala, Honduras, Mexico and Panama, launched in 2017 with the "
                "support of UNHCR and the OAS."
            ),
            "es": (
                "Aplicación regional del Pacto Mundial sobre los Refugiados por Belice, Costa "
                "Rica, El Salvador, Guatemala, Honduras, México y Panamá, lanzada en 2017 con el "
                "apoyo del ACNUR y la OEA."
            ),
            "pt": (
                "Aplicação regional do Pacto Global sobre Refugiados por Belize, Costa Rica, El "
                "Salvador, Guatemala, Honduras, México e Panamá, lançada em 2017 com o apoio do "
                "ACNUR e da OEA."
            ),
            "fr": (
                "Application régionale du Pacte mondial sur les réfugiés par le Belize, le "
                "Costa Rica, le Salvador, le Guatemala, le Honduras, le Mexique et le Panama, "
                "lancée en 2017 avec l'appui du HCR et de l'OEA."
            ),
            "ht": (
                "Aplikasyon rejyonal Pak Mondyal sou Refijye yo pa Beliz, Kosta Rika, Salvadò, "
                "Gwatemala, Ondiras, Meksik ak Panama, ki te lanse an 2017 ak sipò HCR ak OEA."
            ),
            "qu": (
                "Belice, Kosta Rika, El Salvador, Watimala, Hunduras, Mishiku, Panama "
                "suyukunam amachayta maskhaq runakunamanta Pacto Mundial nisqata kay suyupi "
                "hunt'anku; 2017 watapi qallarirqan, ACNUR, OEA nisqakunap yanapayninwan."
            ),
        },
    },
    {
        "slug": "cartagena-40",
        "acronym": "Cartagena+40",
        "website": "",
        "members": LATIN_AMERICA_AND_CARIBBEAN,
        "name": {
            "en": "Cartagena +40 Process",
            "es": "Proceso Cartagena +40",
            "pt": "Processo Cartagena +40",
            "fr": "Processus Cartagena +40",
            "ht": "Pwosesis Kartajena +40",
            "qu": "Cartagena +40 Puriy",
        },
        "description": {
            "en": (
                "Commemoration of the 1984 Cartagena Declaration on Refugees, which led to the "
                "Chile Declaration and Plan of Action adopted in Santiago in December 2024."
            ),
            "es": (
                "Conmemoración de la Declaración de Cartagena sobre Refugiados de 1984, que "
                "culminó con la Declaración y Plan de Acción de Chile, adoptados en Santiago en "
                "diciembre de 2024."
            ),
            "pt": (
                "Comemoração da Declaração de Cartagena sobre Refugiados de 1984, que culminou "
                "na Declaração e Plano de Ação do Chile, adotados em Santiago em dezembro de "
                "2024."
            ),
            "fr": (
                "Commémoration de la Déclaration de Carthagène sur les réfugiés de 1984, qui a "
                "abouti à la Déclaration et au Plan d'action du Chili, adoptés à Santiago en "
                "décembre 2024."
            ),
            "ht": (
                "Komemorasyon Deklarasyon Kartajena sou Refijye yo (1984), ki te mennen nan "
                "Deklarasyon ak Plan Aksyon Chili a, yo te adopte nan Santiago an desanm 2024."
            ),
            "qu": (
                "1984 watapi Cartagena Rimanakuy nisqamanta 40 wata yuyariy; Santiago "
                "llaqtapi 2024 wata Qhapaq Raymi killapi Chili Rimanakuywan, Ruwana "
                "Yuyaywanpas tukurqan."
            ),
        },
    },
    {
        "slug": "mercosur",
        "acronym": "Mercosur",
        "website": "https://www.mercosur.int",
        "members": ["AR", "BR", "PY", "UY"],
        "name": {
            "en": "Southern Common Market",
            "es": "Mercado Común del Sur",
            "pt": "Mercado Comum do Sul",
            "fr": "Marché commun du Sud",
            "ht": "Mache Komen Sid la",
            "qu": "Urin Suyukunap Hukllachasqa Qhatun",
        },
        "description": {
            "en": (
                "Regional integration bloc whose Residence Agreement lets nationals of member "
                "and associated states live and work in one another's territory."
            ),
            "es": (
                "Bloque de integración regional cuyo Acuerdo de Residencia permite a los "
                "nacionales de los Estados partes y asociados vivir y trabajar en el territorio "
                "de los demás."
            ),
            "pt": (
                "Bloco de integração regional cujo Acordo de Residência permite que nacionais "
                "dos Estados Partes e associados vivam e trabalhem no território uns dos "
                "outros."
            ),
            "fr": (
                "Bloc d'intégration régionale dont l'Accord sur la résidence permet aux "
                "ressortissants des États parties et associés de vivre et de travailler sur le "
                "territoire des autres."
            ),
            "ht": (
                "Blòk entegrasyon rejyonal ki gen yon Akò sou Rezidans ki pèmèt sitwayen Eta "
                "manm ak Eta asosye yo viv ak travay nan teritwa youn lòt."
            ),
            "qu": (
                "Suyukunap hukllachakuy huñun; Tiyakuymanta Rimanakuyninwanmi kaq suyukunap "
                "runankuna huk suyupi tiyayta, llamk'aytapas atinku."
            ),
        },
    },
    {
        "slug": "caricom",
        "acronym": "CARICOM",
        "website": "https://caricom.org",
        "members": ["BB", "BZ", "GY", "HT", "JM"],
        "name": {
            "en": "Caribbean Community",
            "es": "Comunidad del Caribe",
            "pt": "Comunidade do Caribe",
            "fr": "Communauté des Caraïbes",
            "ht": "Kominote Karayib la",
            "qu": "Karibe Suyukunap Ayllun",
        },
        "description": {
            "en": (
                "Community of Caribbean states whose free movement regime allows skilled "
                "nationals and other categories of workers to live and work in other member "
                "states."
            ),
            "es": (
                "Comunidad de Estados caribeños cuyo régimen de libre circulación permite a "
                "nacionales calificados y a otras categorías de trabajadores vivir y trabajar "
                "en otros Estados miembros."
            ),
            "pt": (
                "Comunidade de Estados caribenhos cujo regime de livre circulação permite que "
                "nacionais qualificados e outras categorias de trabalhadores vivam e trabalhem "
                "em outros Estados-membros."
            ),
            "fr": (
                "Communauté d'États caribéens dont le régime de libre circulation permet aux "
                "ressortissants qualifiés et à d'autres catégories de travailleurs de vivre et "
                "de travailler dans les autres États membres."
            ),
            "ht": (
                "Kominote Eta Karayib yo ki gen yon rejim lib sikilasyon ki pèmèt sitwayen ki "
                "kalifye ak lòt kategori travayè viv ak travay nan lòt peyi manm yo."
            ),
            "qu": (
                "Karibe suyukunap huñunakuynin; kaq suyukunamanta yachayniyuq runakuna, huk "
                "llamk'aqkunapas huk kaq suyukunapi tiyayta, llamk'aytapas atinku."
            ),
        },
    },
]


def _translated(field, values):
    """The plain field (English) and one column per language, e.g. name, name_en, ..."""
    missing = [lang for lang in LANGUAGES if not values.get(lang)]
    if missing:
        raise ValueError(f"{field} {values.get('en')!r} lacks {', '.join(missing)}")
    columns = {field: values["en"]}
    columns.update({f"{field}_{lang}": values[lang] for lang in LANGUAGES})
    return columns


def seed_reference_data(apps, schema_editor):
    Country = apps.get_model("portal", "Country")
    Pillar = apps.get_model("portal", "Pillar")
    ActionPackage = apps.get_model("portal", "ActionPackage")
    RegionalMechanism = apps.get_model("portal", "RegionalMechanism")

    countries = {}
    for item in COUNTRIES:
        country, _ = Country.objects.update_or_create(
            code=item["code"],
            defaults={"endorsed_on": item["endorsed_on"], **_translated("name", item["name"])},
        )
        countries[country.code] = country

    pillars = {}
    for item in PILLARS:
        pillar, _ = Pillar.objects.update_or_create(
            number=item["number"],
            defaults={
                **_translated("name", item["name"]),
                **_translated("description", item["description"]),
            },
        )
        pillars[pillar.number] = pillar

    for item in ACTION_PACKAGES:
        package, _ = ActionPackage.objects.update_or_create(
            number=item["number"],
            defaults={
                "slug": item["slug"],
                "pillar": pillars[item["pillar"]],
                **_translated("name", item["name"]),
                **_translated("description", item["description"]),
            },
        )
        package.lead_countries.set([countries[code] for code in item["leads"]])
        package.participating_countries.set([countries[code] for code in item["participants"]])

    for item in MECHANISMS:
        mechanism, _ = RegionalMechanism.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "acronym": item["acronym"],
                "website": item["website"],
                **_translated("name", item["name"]),
                **_translated("description", item["description"]),
            },
        )
        mechanism.member_countries.set([countries[code] for code in item["members"]])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_reference_data, migrations.RunPython.noop),
    ]
