"""The words that say *what* is asked, per language.

These are the engine's own vocabulary (the knowledge base holds the names and keywords of
its entries). A word ending in `*` matches any word that starts with it (`prolong*` finds
prolonged, prolongation); other words match their inflected forms and small typos.
Multi-word cues are written with `_` between the words (`how_many`).
"""

from __future__ import annotations

from bot.vocabulary import Cue

CUES: dict[Cue, dict[str, str]] = {
    # --- about partners and agreements
    Cue.SIGNED: {
        "en": "signed sign* concluded conclude* entered joined join joins joining since started "
        "establish* founded twinned",
        "lv": "noslēg* parakstīt* paraksti* sākās uzsāk* nodibin* kopš izveidot*",
        "ru": "подпис* заключен* заключён* заключил* заключить заключено заключения начал* "
        "установ* с_какого_года",
    },
    Cue.AGREEMENT: {  # the noun: asks for what is known of it (signed, prolonged)
        "en": "agreement* contract* treaty treaties",
        "lv": "līgum*",
        "ru": "договор* соглашен*",
    },
    Cue.WHEN: {
        "en": "when year date what_year which_year",
        "lv": "kad gadā gads gadu datums kurā_gadā kopš",
        "ru": "когда году год дата какой_год каком_году",
    },
    Cue.PROLONGED: {
        "en": "prolong* extend* extension renew* renewal* reconfirm*",
        "lv": "pagarin* atjauno* atjaunot* pagarinājum*",
        "ru": "продл* продлен* обновл* пролонг*",
    },
    Cue.FIELDS: {
        "en": "field* area* kind type sphere* direction* what_do_we_do do_with_us work_with_us "
        "work_together in_what_way",
        "lv": "jom* virzien* kāda_veida veid* ko_darām darām_kopā kādā_veidā",
        "ru": "сфер* област* направлен* виды вид какое_сотрудничество чем_занимаются "
        "занимаемся делаем_вместе",
    },
    # Words for cooperation in general: they ask for the fields only when nothing more
    # specific is asked ("the contact person for cooperation with X" asks for the contact).
    Cue.COOPERATION: {
        "en": "cooperate* cooperation collaborat* together",
        "lv": "sadarbīb* sadarboj* kopā",
        "ru": "сотруднич* вместе",
    },
    Cue.PROJECTS: {
        "en": "project* program_projects initiative*",
        "lv": "projekt* iniciatīv*",
        "ru": "проект* инициатив*",
    },
    Cue.PARTNERS: {
        "en": "partner* twin* sister* municipalit* city cities town* relationship* with_whom "
        "who_took_part who_participated who_do_we who_do_our who_does_our",
        "lv": "partneri partneris partneriem partneru partnerus partnerim partnerpilsēt* "
        "sadraudzīb* pašvaldīb* "
        "pilsēt* novad* ar_ko ar_kuriem kas_piedalījās kurš_piedalījās kuri_piedalījās",
        "ru": "партн* побрат* город* самоуправлен* муниципалитет* дружб* дружит* дружим с_кем "
        "кто_участвовал кто_участвовали",
    },
    Cue.COUNTRIES: {
        "en": "countr* nation* state*",
        "lv": "valst* zeme zemes",
        "ru": "стран* государств*",
    },
    Cue.COUNT: {
        "en": "how_many number_of count total",
        "lv": "cik skaits kopā_ir",
        "ru": "сколько скольких скольким количество число скока скоко",
    },
    Cue.LIST: {
        "en": "list all show which who what_are enumerate name_all",
        "lv": "saraksts saraksta visi visus visas visām uzskaiti nosauc kuri kuras kādi kādas "
        "parādi kuriem kurām kam",
        "ru": "список все всех какие какие_есть покажи кто у_кого кого кому",
    },
    Cue.OLDEST: {
        "en": "oldest older first earliest longest_standing longest_lasting first_of_all",
        "lv": "vecāk* pirm* senāk* visvecāk* vissenāk* visagrāk*",
        "ru": "старейш* стар* перв* давн* самый_старый раньше_всех раньше_всего",
    },
    Cue.NEWEST: {
        "en": "newest newer latest recent* last youngest",
        "lv": "jaunāk* jaunie jaunākie jauni pēdēj* nesen* visjaunāk* visvēlāk*",
        "ru": "нов* последн* недавн* самый_новый",
    },
    Cue.WHERE: {
        "en": "where location located map place region regions",
        "lv": "kur atrodas atrašan* karte* kartē vieta reģions reģionā reģionu",
        "ru": "где находит* расположен* карт* место регион регионе",
    },
    Cue.ABOUT: {
        "en": "tell about info* overview details describe explain",
        "lv": "pastāsti pastāstiet stāsti info* par apraksti",
        "ru": "расскажи* расскаж* информац* подробн* опиш* про",
    },
    # --- events
    Cue.EVENT: {
        "en": "event* celebration*",
        "lv": "svētk* notikum*",
        "ru": "событи* праздник*",
    },
    Cue.DURATION: {
        "en": "how_long long last* lasted days day duration how_many_days how_many_months "
        "how_many_weeks how_many_years_did months weeks",
        "lv": "ilg* dien* cik_ilgi cik_dienas garš gara garums cik_mēnešus cik_mēnešu "
        "cik_nedēļas mēnešus",
        "ru": "длил* длит* дн* дней продолжал* сколько_дней сколько_месяцев сколько_недель месяцев",
    },
    Cue.DELEGATION: {
        "en": "delegation* went",
        "lv": "delegāc* brauca",
        "ru": "делегац* ездил*",
    },
    Cue.PEOPLE: {
        "en": "people persons",
        "lv": "cilvēk* personas",
        "ru": "человек* люд*",
    },
    Cue.PARTICIPANTS: {
        "en": "participant* attend* attendee*",
        "lv": "dalībniek* piedalīj*",
        "ru": "участник* участвовал* участвова*",
    },
    Cue.ACTIVITIES: {
        "en": "activit* sport* competition* culture cultural what_did_they_do",
        "lv": "aktivitāt* sport* sacensīb* kultūr* ko_darīja",
        "ru": "спорт* соревнован* культур* занимал* чем_занимались",
    },
    Cue.PROGRAMME: {
        "en": "programme* program",
        "lv": "programm*",
        "ru": "программ*",
    },
    # --- the film
    Cue.MEDIA: {
        "en": "media",
        "lv": "mediji",
        "ru": "медиа",
    },
    Cue.FUNDER: {
        "en": "fund* financ* paid pay sponsor* support*",
        "lv": "finansē* finansēj* apmaksā* atbalst* sponsor*",
        "ru": "финансир* финансов* оплат* спонсир* поддерж*",
    },
    Cue.DATES: {
        "en": "period dates duration",
        "lv": "periods ilgums",
        "ru": "период сроки",
    },
    Cue.START: {
        "en": "start* begin* began",
        "lv": "sāk* sākum*",
        "ru": "начал* старт*",
    },
    Cue.END: {
        "en": "end ended ending finish*",
        "lv": "beidz* beig* noslēdzās",
        "ru": "законч* конч* заверш* окончан*",
    },
    # --- facts the knowledge base never holds: the answer says "I don't know"
    Cue.UNKNOWN: {
        "en": "direct* director* principal* budget* cost costs costed price led leader* author* "
        "producer* length minutes long_is "
        "who_filmed who_shot who_made how_much_money money who_signed which_schools "
        "names_of_schools "
        "phone email e_mail valid_until until_when expires expiry",
        "lv": "režis* direktor* budžet* maksāj* izmaks* vadīja vadījis vadījusi vadītāj* autor* "
        "producent* "
        "kas_uzņēma kurš_uzņēma kas_filmēja naud* "
        "kas_parakstīja kurš_parakstīja kuras_skolas tālru* e_past* "
        "līdz_kuram_laikam līdz_kuram_gadam spēkā_līdz ir_spēkā",
        "ru": "режисс* директор* бюджет* стоил* стоимост* руковод* возглав* автор* продюсер* "
        "кто_снял кто_снимал "
        "кто_подписал какие_школы телефон* почт* действует "
        "действителен до_какого "
        "денег деньги",
    },
    Cue.AGO: {
        "en": "ago how_long_since how_many_years_since",
        "lv": "atpakaļ",
        "ru": "назад",
    },
    Cue.ONGOING: {
        "en": "still_running still_going ongoing currently running_now under_way",
        "lv": "joprojām vēl_notiek šobrīd pašlaik patlaban notiekošie",
        "ru": "до_сих_пор всё_ещё все_еще сейчас текущие продолжаются идут_сейчас",
    },
    Cue.FUTURE: {  # the page tells what was and is, not plans (unless a notice does)
        "en": "next upcoming future plan plans planned planning will_there will_we will_the "
        "is_going_to are_going_to",
        "lv": "nākam* nākotn* plāno* plānot* plāni plānu plānos atkal_būs vai_būs",
        "ru": "следующ* будущ* планир* планы план предстоящ* ближайш* будет_ли будут_ли",
    },
    Cue.EXACT_DATE: {  # a day or month when the source gives only the year
        "en": "month exact* precise* specific which_day what_day",
        "lv": "mēnes* mēnesī precīz* kurā_dienā kurš_datums",
        "ru": "месяц* месяце точн* какого_числа в_какой_день",
    },
    # --- reasoning: orderings, comparisons, negation, yes/no
    Cue.SINCE: {
        "en": "how_many_years how_long_have how_long_has how_long_we years_of for_how_long",
        "lv": "cik_gadus cik_gadu cik_ilgi_jau cik_sen cik_ilgi_esam cik_ilgi_mēs",
        "ru": "сколько_лет как_долго как_давно давно_ли сколько_уже_лет",
    },
    Cue.CONTACT: {
        "en": "contact* coordinator* responsible contact_person person_in_charge",
        "lv": "kontakt* koordinator* atbildīg* kontaktpersona*",
        "ru": "контакт* координатор* ответственн* контактное_лицо",
    },
    Cue.MOST: {
        "en": "most biggest largest greatest maximum max",
        "lv": "visvairāk* vislielāk* vairāk* lielāk* visbagātāk*",
        "ru": "больше* больш* наибольш* максимальн* самое_большое",
    },
    Cue.LEAST: {
        "en": "least fewest smallest minimum min",
        "lv": "vismazāk* mazāk* mazāk*",
        "ru": "меньше* наименьш* минимальн* меньш*",
    },
    Cue.LONGEST: {
        "en": "longest longer",
        "lv": "visilgāk* ilgāk* garāk* visgarāk* ilgākais ilgākā",
        "ru": "дольше* длиннее длинн* самый_долгий продолжительн* длительн*",
    },
    Cue.SHORTEST: {
        "en": "shortest briefest shorter",
        "lv": "īsāk* visīsāk*",
        "ru": "короче коротк* кратчайш* короток*",
    },
    Cue.APART: {  # and comparing two in general ("compare A and B")
        "en": "between apart difference compare comparison versus vs",
        "lv": "starp starpīb* atšķirīb* salīdzin*",
        "ru": "между разниц* сравни* сравнен*",
    },
    Cue.BEFORE: {
        "en": "before earlier older_than sooner prior",
        "lv": "pirms agrāk* senāk agrāk_nekā",
        "ru": "раньше прежде ранее старше",
    },
    Cue.AFTER: {
        "en": "after later newer_than",
        "lv": "pēc vēlāk* vēlāk_nekā",
        "ru": "позже позднее после",
    },
    Cue.SAME: {
        "en": "same same_day same_year same_date same_time simultaneously",
        "lv": "tajā_pašā tai_pašā vienā_dienā vienā_gadā vienlaicīgi vienādi",
        "ru": "тот_же тот_же_день в_тот_же в_один_день в_один_год одновременно",
    },
    Cue.NOT: {
        "en": "not no without never none non outside neither nor don doesn didn isn aren wasn "
        "weren haven hasn hadn nobody dont doesnt didnt isnt arent wasnt werent havent hasnt",
        "lv": "nav ne bez nekad neviens nevienam nevienu nevienā ārpus nepagarin* nesadarboj* "
        "nepiedal* nenotika nebija nav_bijis nenodarboj* nedarboj* nedara neveic ārpus_es nav_es "
        "ne_es",
        "ru": "не нет без никогда ни вне за_пределами нету",
    },
    Cue.HAPPENED: {
        "en": "happened happen happening what_happened going_on",
        "lv": "notika notiek notikumi kas_notika kas_bija",
        "ru": "произошло происходило случилось что_было было_в",
    },
    Cue.EU: {
        "en": "eu european_union e_u",
        "lv": "eiropas_savienīb* es_valst* es_dalībvalst* ārpus_es nav_es ne_es",
        "ru": "ес евросоюз* европейский_союз европейского_союза европейском_союзе "
        "европейскому_союзу европейским_союзом",
    },
    # --- not questions: requests to act, instructions to the bot
    Cue.ACT: {
        "en": "reserve* book_me book_a book_tickets book_ticket send_an send_a send_me "
        "send_them send_him send_her call_the call_me phone_me email_me e_mail_the email_the "
        "order_me buy_me arrange* organise organize organise_a organize_a sign_me_up register_me "
        "make_a_reservation contact_them_for_me "
        "write_an_email write_a_letter sign_our sign_us register_our register_us enrol_us "
        "enroll_us enrol_our enroll_our translate* connect_me remind_me_tomorrow "
        "remind_me_on remind_me_next",
        "lv": "rezervē* rezervēt* nosūti* aizsūti* sūti* piezvani* zvani* pasūti* noorganizē* "
        "sakārto_man pieraksti_mani uzraksti_vēstuli uzraksti_e_pastu pieteic* piesaki* "
        "pierakstiet* reģistrējiet* uzrakstiet_vēstuli uztaisi* iztulko* pārtulko* "
        "atgādini_man_rīt atgādini_rīt savienojiet*",
        "ru": "забронир* бронир* отправь* отправьте пошли* позвони* позвоните закаж* организуй* "
        "запиши_меня напиши_письмо напишите_письмо запишите* запиши_нас зарегистрируй* "
        "подпиши подпишите скинь* пришли* переведи* переведите* напомни_мне_завтра "
        "напомни_завтра соедини*",
    },
    Cue.INJECTION: {
        "en": "ignore* disregard* forget_your forget_all previous_instructions instructions "
        "system_prompt you_are_now pretend* act_as roleplay jailbreak developer_mode prompt",
        "lv": "ignorē* aizmirsti_savas aizmirsti_visas instrukcij* norādījum* tagad_tu_esi "
        "izliecies",
        "ru": "игнорир* забудь_свои забудь_все инструкци* притворись теперь_ты ты_теперь "
        "представь_что промпт*",
    },
    # --- conversation
    Cue.GREETING: {
        "en": "hi hello hey good_morning good_evening good_day greetings whats_up what_up sup yo "
        "howdy",
        "lv": "sveiki sveiks labdien labrīt labvakar čau",
        "ru": "привет здравствуй* добрый_день доброе_утро добрый_вечер приветствую прив "
        "приветик здрасте здрасьте",
    },
    Cue.THANKS: {
        "en": "thanks thank thx cheers ty",
        "lv": "paldies paldies_liels paldies_jums pldies",
        "ru": "спасибо благодар* спс спасибки пасиб*",
    },
    Cue.BYE: {
        "en": "bye goodbye see_you",
        "lv": "atā uz_redzēšanos",
        "ru": "пока до_свидания",
    },
    Cue.CAPABILITIES: {
        "en": "help what_can_you_do what_do_you_know how_does_it_work",
        "lv": "palīdzība palīdzi ko_tu_proti ko_tu_zini ko_vari",
        "ru": "помощь помоги что_ты_умеешь что_ты_знаешь что_умеешь",
    },
    Cue.IDENTITY: {  # who the bot is, and where what it says comes from
        "en": "who_are_you your_name are_you_a_bot where_do_you_get where_does_your your_source "
        "your_sources what_is_your_source",
        "lv": "kas_tu_esi kas_tu_tāds kā_tevi_sauc no_kurienes_tu no_kurienes_tev kur_tu_ņem "
        "tavs_avots tavi_avoti informācijas_avots",
        "ru": "кто_ты ты_кто как_тебя_зовут откуда_у_тебя откуда_у_вас откуда_ты откуда_информация "
        "откуда_данные источник_информации твой_источник твои_источники",
    },
}

# Topics the bot does not cover: a question about them is declined even when it names a
# partner ("weather in <a partner town>"). Keep these specific; the engine declines anything
# it does not understand anyway.
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
    "history_of sightseeing attractions pizza* cafe cafes café bar bars pub pubs",
    "lv": "laikapstākļ* laiks_rīt lietus sniegs nodokļ* biļet* vilcien* autobus* stāvviet* "
    "autostāvviet* novietot* pase pasi pases vīza vīzu vīzas darba_laik* ārst* slimnīc* vakanc* "
    "darba_viet* darba_vieta brīvas_darba darbu_meklē* "
    "darbs_darba alga algas recept* joks jokus anekdot* futbol* hokej* cena cenas cenu "
    "cik_maksā maksā "
    "veikal* restorān* viesnīc* reģistr* dzīvesviet* aptiek* policij* mērs mēru vēlēšan* "
    "taks* lidosta* lidojum* kino_seans* koncert* dzīvokl* īre* atkritum* bibliotēk* "
    "pensija pensiju pensijas pabalst* bērnudārz* laulīb* precēt* dzejol* dziesm* uzraksti "
    "rezultāt* spēl* ziņas apskates_objekt* ko_apskatīt makšķer* atļauj* licenc* pica picas "
    "picu picērij* kafejnīc*",
    "ru": "погод* дожд* снег* налог* билет* поезд* электричк* автобус* парков* припарков* "
    "паспорт* виза визу визы часы_работы врач* больниц* ваканс* зарплат* рецепт* приготов* "
    "анекдот* "
    "шутк* пошути* футбол* хокке* цена цены цену стоит стоимость купить магазин* ресторан* "
    "гостиниц* отел* регистрац* прописк* аптек* полици* мэр мэра мэру мэром мэрия мэрии "
    "выбор* такси* рейс* "
    "аэропорт* концерт* квартир* аренда аренду арендовать мусор* библиотек* пенсия пенсию "
    "пенсии пенсионный_фонд пособи* детсад* "
    "брак* жениться стих* песн* напиши матч* новост* детский_сад сад достопримечательност* "
    "что_посмотреть рыбалк* рыбал* разрешени* лицензи* пицц* кафе бар бары",
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

# Words for each kind of event and media item (the schema's `kind`). Only the kinds the
# knowledge base has are added to the vocabulary, so "camp" means nothing to a knowledge
# base without a camp, and a kind word is never also read as an out-of-scope topic.
EVENT_KINDS: dict[str, dict[str, str]] = {
    "festival": {
        "en": "festival* fest",
        "lv": "festivāl* fest*",
        "ru": "фестивал* фест фесте феста",
    },
    "camp": {"en": "camp camps camping", "lv": "nometn*", "ru": "лагер* лагерь"},
    "forum": {"en": "forum*", "lv": "forum*", "ru": "форум*"},
    "conference": {"en": "conferenc*", "lv": "konferenc*", "ru": "конференц*"},
    "exhibition": {"en": "exhibition* expo", "lv": "izstād*", "ru": "выставк*"},
    "fair": {"en": "fair fairs", "lv": "gadatirg* tirdziņ*", "ru": "ярмарк*"},
    "competition": {
        "en": "competition* contest* tournament* games",
        "lv": "sacensīb* konkurs* turnīr* spēl*",
        "ru": "соревнован* конкурс* турнир* игры игр играх",
    },
    "visit": {"en": "visit visits", "lv": "vizīt*", "ru": "визит*"},
    "seminar": {"en": "seminar* workshop*", "lv": "seminār* darbnīc*", "ru": "семинар*"},
    "concert": {"en": "concert*", "lv": "koncert*", "ru": "концерт*"},
    "event": {"en": "event*", "lv": "pasākum*", "ru": "мероприят*"},
}
MEDIA_KINDS: dict[str, dict[str, str]] = {
    "film": {
        "en": "film* movie* documentary",
        "lv": "filma filmu filmā filmas filmai dokumentālā",
        "ru": "фильм* кино документальн*",
    },
    "video": {"en": "video videos clip*", "lv": "video videoklip*", "ru": "видео ролик*"},
    "book": {"en": "book books", "lv": "grāmat*", "ru": "книг*"},
    "photo_album": {
        "en": "photo* album* pictures",
        "lv": "foto* albūm* fotogrāfij*",
        "ru": "фото* альбом* фотограф*",
    },
    "publication": {
        "en": "publication* brochure* booklet* magazine*",
        "lv": "izdevum* brošūr* buklet* žurnāl*",
        "ru": "издани* брошюр* буклет* журнал*",
    },
    "exhibition": {"en": "exhibition* expo", "lv": "izstād*", "ru": "выставк*"},
    "website": {"en": "website* web_page", "lv": "mājaslap* tīmekļa_vietn*", "ru": "сайт*"},
    "podcast": {"en": "podcast*", "lv": "podkāst* raidier*", "ru": "подкаст*"},
}

# Words that open a yes/no question when they come first ("Is X a partner?",
# "Vai X ir partneris?"), and Russian "ли" anywhere ("Есть ли партнёр в Германии?").
YESNO_OPENERS: dict[str, str] = {
    "en": "is are was were do does did have has had can could",
    "lv": "vai",
    "ru": "есть_ли был_ли была_ли были_ли правда_ли у_нас_есть у_нас_был у_нас_были",
}
YESNO_ANYWHERE: dict[str, str] = {"ru": "ли"}

# Question words: a message with one of them is no yes/no question, even with a "?".
QUESTION_WORDS: dict[str, str] = {
    "en": "what which who whom whose when where how why",
    "lv": "kas ko kur kad kā kuri kuras kurš kura kurā kādi kādas kāds kāda cik kāpēc kam",
    "ru": "что кто кого кем где когда как какие какой какая каких сколько почему зачем куда",
}


# Requests that make a sentence of a long message the one that asks ("Tell me, please, ...",
# "Sakiet, lūdzu, ...", "Подскажите, ..."): the other sentences are context (focus.py).
REQUESTS: dict[str, str] = {
    "en": "tell_me tell_us please_tell could_you can_you would_like_to_know want_to_know "
    "i_need need_to_know list list_all name_the let_me_know explain wondering asks ask_you "
    "wants_to_know",
    "lv": "pastāstiet* pastāsti sakiet* saki pasakiet* uzrakstiet* uzraksti nosauciet* nosauc "
    "paskaidrojiet* gribētu_zināt gribu_zināt vēlos_zināt interesē* vajag palīdziet* jautā "
    "vaicā*",
    "ru": "подскажите* подскажи скажите* скажи напишите* напиши перечислите* перечисли "
    "расскажите* расскажи объясните* хочу_узнать хотел* хочу_знать интересует* нужн* "
    "помогите* уточните* спрашива* интересуется",
}

# Words that open a follow-up question ("and X?", "what about Y?").
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
