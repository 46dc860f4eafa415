"""Events and media worded by their kind: "The camp lasted 5 days", "The photo album ...".

Grammatical gender and case differ per kind in Latvian and Russian, so each kind has its own
full sentences in the catalogue rather than a kind noun glued into one sentence. The
English templates are marked here with N_/Nn_ and translated where they are used.
(Generated once from a table of noun forms; edit the sentences here and in the .po files.)
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.render.i18n import N_, Nn_


@dataclass(frozen=True)
class EventWords:
    """The sentences about one kind of event (msgids; translate with t()/tn())."""

    emoji: str
    label: tuple[str, str]  # "Camp", "Camps": a button or a heading
    when: str  # {when}
    where: str  # {place} {country}
    where_when: str  # {place} {country} {when}
    lasted: tuple[str, str]  # {n} days
    programme: str  # {programme}
    activities: str  # {activities}
    example: str  # a question for the help text: {place}


@dataclass(frozen=True)
class MediaWords:
    """The sentences about one kind of media item (msgids; translate with t())."""

    emoji: str
    label: tuple[str, str]
    funded: str  # {title} {funder}
    made_in: str  # {title} {project}
    made_it: str  # {project}: the item named just before
    example: str  # a question for the help text


EVENT_WORDS: dict[str, EventWords] = {
    "event": EventWords(
        emoji="📅",
        label=(N_("Event"), N_("Events")),
        when=N_("The event took place {when}."),
        where=N_("The event took place in {place} ({country})."),
        where_when=N_("The event took place in {place} ({country}) {when}."),
        lasted=Nn_("The event lasted {n} day.", "The event lasted {n} days."),
        programme=N_("The event was held in the framework of the programme {programme}."),
        activities=N_("The event included {activities}."),
        example=N_("How long did the event in {place} last?"),
    ),
    "festival": EventWords(
        emoji="🎉",
        label=(N_("Festival"), N_("Festivals")),
        when=N_("The festival took place {when}."),
        where=N_("The festival took place in {place} ({country})."),
        where_when=N_("The festival took place in {place} ({country}) {when}."),
        lasted=Nn_("The festival lasted {n} day.", "The festival lasted {n} days."),
        programme=N_("The festival was held in the framework of the programme {programme}."),
        activities=N_("The festival included {activities}."),
        example=N_("How long did the festival in {place} last?"),
    ),
    "camp": EventWords(
        emoji="🏕",
        label=(N_("Camp"), N_("Camps")),
        when=N_("The camp took place {when}."),
        where=N_("The camp took place in {place} ({country})."),
        where_when=N_("The camp took place in {place} ({country}) {when}."),
        lasted=Nn_("The camp lasted {n} day.", "The camp lasted {n} days."),
        programme=N_("The camp was held in the framework of the programme {programme}."),
        activities=N_("The camp included {activities}."),
        example=N_("How long did the camp in {place} last?"),
    ),
    "forum": EventWords(
        emoji="💼",
        label=(N_("Forum"), N_("Forums")),
        when=N_("The forum took place {when}."),
        where=N_("The forum took place in {place} ({country})."),
        where_when=N_("The forum took place in {place} ({country}) {when}."),
        lasted=Nn_("The forum lasted {n} day.", "The forum lasted {n} days."),
        programme=N_("The forum was held in the framework of the programme {programme}."),
        activities=N_("The forum included {activities}."),
        example=N_("How long did the forum in {place} last?"),
    ),
    "conference": EventWords(
        emoji="🎤",
        label=(N_("Conference"), N_("Conferences")),
        when=N_("The conference took place {when}."),
        where=N_("The conference took place in {place} ({country})."),
        where_when=N_("The conference took place in {place} ({country}) {when}."),
        lasted=Nn_("The conference lasted {n} day.", "The conference lasted {n} days."),
        programme=N_("The conference was held in the framework of the programme {programme}."),
        activities=N_("The conference included {activities}."),
        example=N_("How long did the conference in {place} last?"),
    ),
    "exhibition": EventWords(
        emoji="🖼",
        label=(N_("Exhibition"), N_("Exhibitions")),
        when=N_("The exhibition took place {when}."),
        where=N_("The exhibition took place in {place} ({country})."),
        where_when=N_("The exhibition took place in {place} ({country}) {when}."),
        lasted=Nn_("The exhibition lasted {n} day.", "The exhibition lasted {n} days."),
        programme=N_("The exhibition was held in the framework of the programme {programme}."),
        activities=N_("The exhibition included {activities}."),
        example=N_("How long did the exhibition in {place} last?"),
    ),
    "fair": EventWords(
        emoji="🛍",
        label=(N_("Fair"), N_("Fairs")),
        when=N_("The fair took place {when}."),
        where=N_("The fair took place in {place} ({country})."),
        where_when=N_("The fair took place in {place} ({country}) {when}."),
        lasted=Nn_("The fair lasted {n} day.", "The fair lasted {n} days."),
        programme=N_("The fair was held in the framework of the programme {programme}."),
        activities=N_("The fair included {activities}."),
        example=N_("How long did the fair in {place} last?"),
    ),
    "competition": EventWords(
        emoji="🏆",
        label=(N_("Competition"), N_("Competitions")),
        when=N_("The competition took place {when}."),
        where=N_("The competition took place in {place} ({country})."),
        where_when=N_("The competition took place in {place} ({country}) {when}."),
        lasted=Nn_("The competition lasted {n} day.", "The competition lasted {n} days."),
        programme=N_("The competition was held in the framework of the programme {programme}."),
        activities=N_("The competition included {activities}."),
        example=N_("How long did the competition in {place} last?"),
    ),
    "visit": EventWords(
        emoji="✈️",
        label=(N_("Visit"), N_("Visits")),
        when=N_("The visit took place {when}."),
        where=N_("The visit took place in {place} ({country})."),
        where_when=N_("The visit took place in {place} ({country}) {when}."),
        lasted=Nn_("The visit lasted {n} day.", "The visit lasted {n} days."),
        programme=N_("The visit was held in the framework of the programme {programme}."),
        activities=N_("The visit included {activities}."),
        example=N_("How long did the visit in {place} last?"),
    ),
    "seminar": EventWords(
        emoji="🎓",
        label=(N_("Seminar"), N_("Seminars")),
        when=N_("The seminar took place {when}."),
        where=N_("The seminar took place in {place} ({country})."),
        where_when=N_("The seminar took place in {place} ({country}) {when}."),
        lasted=Nn_("The seminar lasted {n} day.", "The seminar lasted {n} days."),
        programme=N_("The seminar was held in the framework of the programme {programme}."),
        activities=N_("The seminar included {activities}."),
        example=N_("How long did the seminar in {place} last?"),
    ),
    "concert": EventWords(
        emoji="🎵",
        label=(N_("Concert"), N_("Concerts")),
        when=N_("The concert took place {when}."),
        where=N_("The concert took place in {place} ({country})."),
        where_when=N_("The concert took place in {place} ({country}) {when}."),
        lasted=Nn_("The concert lasted {n} day.", "The concert lasted {n} days."),
        programme=N_("The concert was held in the framework of the programme {programme}."),
        activities=N_("The concert included {activities}."),
        example=N_("How long did the concert in {place} last?"),
    ),
}

MEDIA_WORDS: dict[str, MediaWords] = {
    "film": MediaWords(
        emoji="🎬",
        label=(N_("Film"), N_("Films")),
        funded=N_("The film {title} is funded with the support of {funder}."),
        made_in=N_("The film {title} was made in the framework of the project {project}."),
        made_it=N_("The film was made in the framework of the project {project}."),
        example=N_("Who funded the film?"),
    ),
    "video": MediaWords(
        emoji="📹",
        label=(N_("Video"), N_("Videos")),
        funded=N_("The video {title} is funded with the support of {funder}."),
        made_in=N_("The video {title} was made in the framework of the project {project}."),
        made_it=N_("The video was made in the framework of the project {project}."),
        example=N_("Who funded the video?"),
    ),
    "book": MediaWords(
        emoji="📖",
        label=(N_("Book"), N_("Books")),
        funded=N_("The book {title} is funded with the support of {funder}."),
        made_in=N_("The book {title} was made in the framework of the project {project}."),
        made_it=N_("The book was made in the framework of the project {project}."),
        example=N_("Who funded the book?"),
    ),
    "photo_album": MediaWords(
        emoji="📷",
        label=(N_("Photo album"), N_("Photo albums")),
        funded=N_("The photo album {title} is funded with the support of {funder}."),
        made_in=N_("The photo album {title} was made in the framework of the project {project}."),
        made_it=N_("The photo album was made in the framework of the project {project}."),
        example=N_("Who funded the photo album?"),
    ),
    "publication": MediaWords(
        emoji="📰",
        label=(N_("Publication"), N_("Publications")),
        funded=N_("The publication {title} is funded with the support of {funder}."),
        made_in=N_("The publication {title} was made in the framework of the project {project}."),
        made_it=N_("The publication was made in the framework of the project {project}."),
        example=N_("Who funded the publication?"),
    ),
    "exhibition": MediaWords(
        emoji="🖼",
        label=(N_("Exhibition"), N_("Exhibitions")),
        funded=N_("The exhibition {title} is funded with the support of {funder}."),
        made_in=N_("The exhibition {title} was made in the framework of the project {project}."),
        made_it=N_("The exhibition was made in the framework of the project {project}."),
        example=N_("Who funded the exhibition?"),
    ),
    "website": MediaWords(
        emoji="🔗",
        label=(N_("Website"), N_("Websites")),
        funded=N_("The website {title} is funded with the support of {funder}."),
        made_in=N_("The website {title} was made in the framework of the project {project}."),
        made_it=N_("The website was made in the framework of the project {project}."),
        example=N_("Who funded the website?"),
    ),
    "podcast": MediaWords(
        emoji="🎙",
        label=(N_("Podcast"), N_("Podcasts")),
        funded=N_("The podcast {title} is funded with the support of {funder}."),
        made_in=N_("The podcast {title} was made in the framework of the project {project}."),
        made_it=N_("The podcast was made in the framework of the project {project}."),
        example=N_("Who funded the podcast?"),
    ),
}


def event_words(kind: str) -> EventWords:
    """The sentences of an event kind (a plain "event" for a kind this version lacks)."""
    return EVENT_WORDS.get(kind, EVENT_WORDS["event"])


def media_words(kind: str) -> MediaWords:
    return MEDIA_WORDS.get(kind, MEDIA_WORDS["film"])
