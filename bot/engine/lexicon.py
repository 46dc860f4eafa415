"""The words that say *what* is asked, per language.

These are the engine's own vocabulary (the knowledge base holds the names and keywords of
its entries). A word ending in `*` matches any word that starts with it (`prolong*` finds
prolonged, prolongation); other words match their inflected forms and small typos.
Multi-word cues are written with `_` between the words (`how_many`).
"""

from __future__ import annotations

CUES: dict[str, dict[str, str]] = {
    # --- about partners and agreements
    "signed": {
        "en": "agreement* contract* treaty signed sign* concluded conclude* entered joined join* "
        "since started establish* founded twinned",
        "lv": "līgum* noslēg* parakstīt* paraksti* sākās uzsāk* nodibin* kopš izveidot*",
        "ru": "договор* соглашен* подпис* заключ* начал* установ* с_какого_года",
    },
    "when": {
        "en": "when year date what_year which_year",
        "lv": "kad gadā gads gadu datums kurā_gadā kopš",
        "ru": "когда году год дата какой_год каком_году",
    },
    "prolonged": {
        "en": "prolong* extend* extension renew* renewal* reconfirm*",
        "lv": "pagarin* atjauno* atjaunot* pagarinājum*",
        "ru": "продл* продлен* обновл* пролонг*",
    },
    "fields": {
        "en": "field* area* kind type sphere* direction* cooperate* cooperation collaborat* "
        "together what_do_we_do do_with_us work_with_us work_together",
        "lv": "jom* virzien* sadarbīb* sadarboj* kopā kāda_veida veid* ko_darām darām_kopā",
        "ru": "сфер* област* направлен* сотруднич* виды вид какое_сотрудничество чем_занимаются "
        "занимаемся делаем_вместе",
    },
    "projects": {
        "en": "project* program_projects initiative*",
        "lv": "projekt* iniciatīv*",
        "ru": "проект* инициатив*",
    },
    "partners": {
        "en": "partner* twin* sister* municipalit* city cities town* relationship* with_whom",
        "lv": "partneri partneris partneriem partneru partnerus partnerim partnerpilsēt* "
        "sadraudzīb* pašvaldīb* "
        "pilsēt* novad* ar_ko ar_kuriem",
        "ru": "партн* побрат* город* самоуправлен* муниципалитет* дружб* дружит* дружим с_кем",
    },
    "countries": {
        "en": "countr* nation* state*",
        "lv": "valst* zeme zemes",
        "ru": "стран* государств*",
    },
    "count": {
        "en": "how_many number_of count total",
        "lv": "cik skaits kopā_ir",
        "ru": "сколько скольких скольким количество число",
    },
    "list": {
        "en": "list all show which who what_are enumerate name_all",
        "lv": "saraksts saraksta visi visus visas visām uzskaiti nosauc kuri kuras kādi kādas "
        "parādi",
        "ru": "список все всех какие какие_есть покажи кто",
    },
    "oldest": {
        "en": "oldest first earliest longest longest_standing",
        "lv": "vecāk* pirm* senāk* visvecāk* ilgāk*",
        "ru": "старейш* стар* перв* давн* дольше самый_старый",
    },
    "newest": {
        "en": "newest latest recent* last youngest",
        "lv": "jaunāk* jaunie jaunākie jauni pēdēj* nesen* visjaunāk*",
        "ru": "нов* последн* недавн* самый_новый",
    },
    "where": {
        "en": "where location located map place region regions",
        "lv": "kur atrodas atrašan* karte* kartē vieta reģions reģionā reģionu",
        "ru": "где находит* расположен* карт* место регион регионе",
    },
    "about": {
        "en": "tell about info* overview details describe explain",
        "lv": "pastāsti pastāstiet stāsti info* par apraksti",
        "ru": "расскажи* расскаж* информац* подробн* опиш* про",
    },
    # --- events
    "festival": {
        "en": "festival* fest celebration*",
        "lv": "festivāl* svētk*",
        "ru": "фестивал* праздник*",
    },
    "duration": {
        "en": "how_long long last* lasted days day duration",
        "lv": "ilg* dien* cik_ilgi cik_dienas garš gara garums",
        "ru": "длил* длит* дн* дней продолжал* сколько_дней",
    },
    "delegation": {
        "en": "delegation* people persons went",
        "lv": "delegāc* cilvēk* personas brauca",
        "ru": "делегац* человек* люд* ездил*",
    },
    "participants": {
        "en": "participant* attend* attendee*",
        "lv": "dalībniek* piedalīj*",
        "ru": "участник* участвовал* участвова*",
    },
    "activities": {
        "en": "activit* sport* competition* culture cultural what_did_they_do",
        "lv": "aktivitāt* sport* sacensīb* kultūr* pasākum* ko_darīja",
        "ru": "мероприят* спорт* соревнован* культур* занимал* чем_занимались",
    },
    "programme": {
        "en": "programme* program",
        "lv": "programm*",
        "ru": "программ*",
    },
    # --- the film
    "film": {
        "en": "film* movie* documentary video",
        "lv": "filma filmu filmā filmas dokumentālā video",
        "ru": "фильм* кино видео документальн*",
    },
    "funder": {
        "en": "fund* financ* paid pay sponsor* support*",
        "lv": "finansē* finansēj* apmaksā* atbalst* sponsor*",
        "ru": "финансир* финансов* оплат* спонсир* поддерж*",
    },
    "dates": {
        "en": "period dates duration",
        "lv": "periods ilgums",
        "ru": "период сроки",
    },
    "start": {
        "en": "start* begin* began",
        "lv": "sāk* sākum*",
        "ru": "начал* старт*",
    },
    "end": {
        "en": "end ended ending finish*",
        "lv": "beidz* beig* noslēdzās",
        "ru": "законч* конч* заверш* окончан*",
    },
    # --- facts the knowledge base never holds: the answer says "I don't know"
    "unknown": {
        "en": "direct* director* budget* cost costs costed price led leader* head* author* "
        "producer* length minutes long_is "
        "filmed shot who_made how_much_money money who_signed which_schools names_of_schools "
        "contact* phone email e_mail coordinator* valid_until until_when expires expiry "
        "what_sports which_sports",
        "lv": "režis* budžet* maksāj* izmaks* vadīj* vadītāj* autor* producent* uzņēm* nauda "
        "kas_parakstīja kurš_parakstīja kuras_skolas kontakt* tālru* e_past* koordinator* "
        "līdz_kuram spēkā_līdz kādi_sporta_veidi kādos_sporta_veidos",
        "ru": "режисс* бюджет* стоил* стоимост* руковод* возглав* автор* продюсер* снял* снимал* "
        "кто_подписал какие_школы контакт* телефон* почт* координатор* действует "
        "действителен до_какого какие_виды_спорта в_каких_видах_спорта "
        "денег деньги",
    },
    "exact_date": {  # a day or month when the source gives only the year
        "en": "month exact* precise* specific which_day what_day",
        "lv": "mēnes* mēnesī precīz* kurā_dienā kurš_datums",
        "ru": "месяц* месяце точн* какого_числа в_какой_день",
    },
    # --- conversation
    "greeting": {
        "en": "hi hello hey good_morning good_evening good_day greetings whats_up what_up sup yo "
        "howdy",
        "lv": "sveiki sveiks labdien labrīt labvakar čau",
        "ru": "привет здравствуй* добрый_день доброе_утро добрый_вечер приветствую",
    },
    "thanks": {
        "en": "thanks thank thx cheers",
        "lv": "paldies paldies_liels",
        "ru": "спасибо благодар*",
    },
    "bye": {
        "en": "bye goodbye see_you",
        "lv": "atā uz_redzēšanos",
        "ru": "пока до_свидания",
    },
    "capabilities": {
        "en": "help what_can_you_do what_do_you_know how_does_it_work",
        "lv": "palīdzība palīdzi ko_tu_proti ko_tu_zini ko_vari",
        "ru": "помощь помоги что_ты_умеешь что_ты_знаешь что_умеешь",
    },
    "identity": {
        "en": "who_are_you your_name are_you_a_bot",
        "lv": "kas_tu_esi kas_tu_tāds kā_tevi_sauc",
        "ru": "кто_ты ты_кто как_тебя_зовут",
    },
}

# Topics the bot does not cover: a question about them is declined even when it names a
# partner ("weather in Zgierz"). Keep these specific; the engine declines anything it does not
# understand anyway.
OUT_OF_SCOPE: dict[str, str] = {
    "en": "weather forecast* rain* snow* tax* ticket* train* bus buses parking park* passport* "
    "visa visa_application opening_hours open_hours hours doctor* hospital* job jobs vacanc* "
    "salar* recipe* "
    "cook* joke* football soccer hockey score* prices buy* shop* restaurant* hotel* "
    "register* registration residence* pharmac* police mayor* election* vote* wifi "
    "password* bitcoin* stock* taxi* flight* airport* cinema* concert* apartment* rent* "
    "garbage waste library* pension pensions benefit* school_holidays kindergarten* marry marriage "
    "poem* poetry song* write_me weather* match* news things_to_see what_to_see sights fishing "
    "permit* licence* license* "
    "history_of sightseeing attractions",
    "lv": "laikapstākļ* laiks_rīt lietus sniegs nodokļ* biļet* vilcien* autobus* stāvviet* "
    "autostāvviet* novietot* pase pasi pases vīza vīzu vīzas darba_laik* ārst* slimnīc* vakanc* "
    "darbs_darba alga algas recept* joks jokus anekdot* futbol* hokej* cena cenas cenu "
    "cik_maksā maksā "
    "veikal* restorān* viesnīc* reģistr* dzīvesviet* aptiek* policij* mērs mēru vēlēšan* "
    "taks* lidosta* lidojum* kino_seans* koncert* dzīvokl* īre* atkritum* bibliotēk* "
    "pensija pensiju pensijas pabalst* bērnudārz* laulīb* precēt* dzejol* dziesm* uzraksti "
    "rezultāt* spēl* ziņas apskates_objekt* ko_apskatīt makšķer* atļauj* licenc*",
    "ru": "погод* дожд* снег* налог* билет* поезд* электричк* автобус* парков* припарков* "
    "паспорт* виза визу визы часы_работы врач* больниц* ваканс* зарплат* рецепт* приготов* "
    "анекдот* "
    "шутк* пошути* футбол* хокке* цена цены цену стоит стоимость купить магазин* ресторан* "
    "гостиниц* отел* регистрац* прописк* аптек* полици* мэр* выбор* такси* рейс* "
    "аэропорт* концерт* квартир* аренда аренду арендовать мусор* библиотек* пенсия пенсию "
    "пенсии пенсионный_фонд пособи* детсад* "
    "брак* жениться стих* песн* напиши матч* новост* детский_сад сад достопримечательност* "
    "что_посмотреть рыбалк* рыбал* разрешени* лицензи*",
}

# General knowledge about places (population, capital, distance): out of scope for a partner
# or a country, but about a project, the festival or the film an unknown detail ("how many
# kilometres long is the cycling network?" gets "I don't know").
GENERAL_KNOWLEDGE: dict[str, str] = {
    "en": "capital population inhabitants residents currency climate distance how_far far_from "
    "kilometers kilometres km temperature religion president area_of",
    "lv": "galvaspilsēt* iedzīvotāj* valūt* klimat* attālum* tālu kilometr* prezident* platība",
    "ru": "столиц* населени* жител* валют* климат* расстояни* далеко километр* президент* площадь",
}

# Function words: they tell the language and are never names.
STOPWORDS: dict[str, str] = {
    "en": "the a an is are was were be been of in on at to for with and or our your my me "
    "i you we it its this that these those do does did can could would should please "
    "tell about from by as have has had there any some what which who whom whose when "
    "where why how much many show give list also and_what what_about any other else "
    "than then so not no yes hi us their they he she them all more most about know let",
    "lv": "un vai ar ir bija būs par no uz pie kas kā kad kur kurš kura kuri kuras kādi "
    "kādas kāds kāda kādā kādās cik mēs mums mūsu jūs jums man es tu tev lūdzu pastāsti "
    "parādi vēl arī tad to tā tās tie šis šī šie tas ko kam kurā kurās kuros kādos līdz "
    "jau nav ne gan visi visas ir_kādi vai_ir ka lai bet kopš pēc pirms starp sadarbojas "
    "sadarbojamies sadarbojas_ar mums_ir kuras_ir kurās_ir novads novada "
    "pašvaldībai tagad",
    "ru": "и или с со в во на о об обо по к ко у из за от до для при про как какой какая "
    "какие каких какое каком когда где кто что чем сколько есть был была были будет "
    "мы нас наш наши нам вы вас ваш ты тебя я мне меня это этот эта эти тот та те там "
    "тут а но да нет не ли же бы расскажи покажи пожалуйста ещё еще также тоже все всё "
    "края край самоуправления",
}

# The home municipality's name: understood, but it tells no language (everyone writes it).
NEUTRAL = "rēzekn* rezekn* резекн* режиц*"

# Words that open a follow-up question ("and Biržai?", "what about Zgierz?").
FOLLOWUP_OPENERS: dict[str, str] = {
    "en": "and what_about how_about also",
    "lv": "un bet kā_ar un_kā_ar",
    "ru": "а и как_насчёт как_насчет а_что",
}

# Well-known places people ask about that are not partners: a question naming one is
# declined as "not a partner" rather than answered with a partner list.
NOT_PARTNERS = (
    "Riga Rīga Rīgu Rīgā Rīgas Рига Ригу Риге Риги Daugavpils Даугавпилс Ludza Лудза Jelgava "
    "Jūrmala Liepāja Ventspils "
    "Valmiera Jēkabpils Preiļi Balvi Krāslava Aglona Viļāni Cēsis Cēsu Cēsīm Sigulda Madona "
    "Gulbene Ogre Tukums Talsi Kuldīga Bauska Dobele Alūksne Līvāni Saldus Grodno Гродно "
    "Hrodna Vilnius Вильнюс Kaunas Каунас "
    "Klaipėda Panevėžys Tallinn Таллин Tartu Minsk Минск Vitebsk Витебск Polotsk Полоцк "
    "Moscow Москва Petersburg Петербург Pskov Псков Warsaw Варшава Kraków Krakow Łódź Lodz "
    "Gdańsk Oslo Осло Bergen Stockholm Стокгольм Helsinki Хельсинки Berlin Берлин Paris "
    "Париж London Лондон Rome Рим Madrid Мадрид Prague Прага Vienna Вена Kyiv Kiev Киев "
    "Istanbul Стамбул Izmir Antalya Анталья Brussels Брюссель Amsterdam"
)
