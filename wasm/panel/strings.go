package panel

// This file is the panel's texts in the five languages, each language's
// block whole; their keys are in keys.go, counted texts in plurals.go.

import "strings"

// texts holds every visitor-facing text in the five shipped languages, by
// language and key. {n}, {topic}, {date}, {slot} are placeholders. Written
// as lists of pairs, which the compiler lays out as data, and indexed at
// start: a map literal of the same ~300 texts compiled to 18 KB of
// initialisation code.
var texts = byLang(textLists)

var textLists = map[string][]kv{
	"en": {
		{kConsentMeasured, "If you agree, Hearth keeps a small profile of the topics you look at here, only in this browser, to show you more relevant content on this site. The profile is never sent anywhere; once per period this browser sends the site one randomized report of whether its personalization helped (details and a switch in this panel). You can see, change or erase everything at any time."},
		{kTrustMeasured, "Your profile is kept only in this browser (localStorage key \"hearth:v1\"). It is never sent anywhere; only the measurement report above leaves, once per period."},
		{kMeasureHeading, "Measuring whether personalization helps"},
		{kMeasureBody, "This site measures whether its personalization helps. Once per period of {days} days, on your first visit after it, this browser sends the site one short report of fixed size: for each measured change, your group and one of three answers (it did not apply to you; it applied and you reached the site's goal; it applied and you did not). Your browser randomizes the answer first: it is the true one {keep}% of the time, otherwise one of the other two, so no report tells anything certain about you (local differential privacy, ε = {eps} per change). No identifier, no cookie, nothing else."},
		{kMeasureLast, "The last report, exactly as sent on {date}:"},
		{kMeasureNone, "No report sent yet."},
		{kMeasureStop, "Stop measuring"},
		{kMeasureAllow, "Allow measuring"},
		{kMeasureOff, "You stopped measurement: this browser sends no report."},
		{kMeasureNotNow, "Nothing is measured or sent while personalization is paused, without your consent, or with Global Privacy Control."},
		{kHeld, "You are in this site's comparison group for this: you see the usual content, so that the site can measure whether personalizing it helps."},
		{kItemsProducts, "Products you looked at"}, {kItemsArticles, "Articles you read"}, {kItemsPosts, "Posts you read"}, {kItemsRecipes, "Recipes you looked at"}, {kItemsPages, "Pages you read"},
		{kGoesWithRead, "Goes with “{item}”, which you read {when}."}, {kViewedThisRead, "You read this {when}."}, {kItemViewsRead, "read {n}× · last on {date}"},
		{kGoesWith, "Goes with the {item} you viewed {when}."}, {kViewedThis, "You viewed this {when}."},
		{kSimilar, "More on {topic}, which you read about {when}."},
		{kToday, "today"}, {kYesterday, "yesterday"},
		{kDismiss, "Don't show me this again"}, {kDismissName, "Don't show me {item} again"},
		{kItems, "Items you looked at"}, {kItemViews, "viewed {n}× · last on {date}"}, {kBought, "bought: not recommended again"},
		{kDismissed, "you asked not to see it again"}, {kReminded, "reminded {n}× today (at most {max} a day, {week} a week)"},
		{kGranted, "You agreed to personalization on {date}."}, {kWithdraw, "Withdraw my consent"},
		{kPrefs, "Your preferences"}, {kPrefsHelp, "Tell Hearth what you like. Your answers always beat what it infers."},
		{kPrefYes, "Interested"}, {kPrefNo, "Not interested"},
		{kRemove, "Remove"}, {kRemoveLabel, "Remove {topic} and stop inferring it"}, {kRemoved, "Removed topics"},
		{kRemovedHelp, "Hearth will not infer these again."}, {kAllow, "Allow again"}, {kAllowLabel, "Allow {topic} again"},
		{kEvents, "What you did ({n})"}, {kEvView, "Viewed"}, {kEvClick, "Clicked"}, {kEvDwell, "Read"}, {kEvPurchase, "Bought"}, {kEvTrack, "Action"},
		{kSrcTags, "from the page's tags"}, {kSrcSection, "from the page's section"}, {kSrcJSONLD, "from the page's data"}, {kSrcKeywords, "from the page's keywords"}, {kSrcPath, "from the page's address"}, {kSrcWords, "inferred from the page's words"},
		{kStorage, "Stored in this browser only: {bytes} under the key \"hearth:v1\". {retention}; {half}."},
		{kExport, "Download my data"},
		{kConsentQ, "Personalize this site for you?"},
		{kConsentBody, "If you agree, Hearth keeps a small profile of the topics you look at here, only in this browser, to show you more relevant content on this site. Nothing about you is sent anywhere, and you can see, change or erase it at any time."},
		{kConsentYes, "Yes, personalize"}, {kConsentNo, "No thanks"},
		{kGPC, "Your browser sends Global Privacy Control, so Hearth does not personalize this site or record anything."},
		{kGPCYes, "Personalize anyway"},
		{kDenied, "You said no to personalization: nothing new is recorded."}, {kChangeMind, "Turn personalization on"},
		{kBundle, "Hearth's code, SHA-256: {hash}"},
		{kRequests, "{loaded} Hearth's module made 0 network requests: it has no code that can."},
		{kCounters, "Activity"},
		{kTop, "{topic} is among your strongest interests"}, {kReturning, "you have been here before"}, {kNewVisitor, "this is your first visit"},
		{kPath, "you are on this part of the site"}, {kQuery, "the link you followed carries {param}={value}"},
		{kTime, "it is {time} where you are"}, {kWeekday, "it is {day}"}, {kLanguage, "your browser's language is {value}"},
		{kViewport, "you are on a {value} screen"},
		{kDebug, "For the site owner (?hearth-debug): experiences that did not win"},
		{kDays, "Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday"},
		{kTitle, "Why you see this"}, {kClose, "Close"}, {kWhyHeading, "Personalized on this page"},
		{kNoDecisions, "Nothing on this page is personalized for you."},
		{kProfile, "What Hearth knows about you"}, {kNoTopics, "Nothing yet."},
		{kVisits, "Visits"}, {kPages, "Pages seen"}, {kFirstSeen, "First visit"},
		{kTrust, "Your profile is kept only in this browser (localStorage key \"hearth:v1\"). It is never sent anywhere."},
		{kClear, "Clear everything"}, {kPause, "Pause personalization"}, {kResume, "Resume personalization"},
		{kPausedNote, "Personalization is paused: you see every page as a new visitor would."},
		{kLastOn, "last on {date}"},
		{kDeclaredOn, "you said you like this"}, {kDeclaredOff, "you said you do not want this"},
		{kBecause, "Shown because"},
		{kInterest, "you showed interest in {topic}"},
		{kDeclared, "you said you are interested in {topic}"},
		{kShownIn, "In “{slot}”"},
		{kReset, "Your stored profile could not be read, so it was reset."},
		{kRepaired, "Part of your stored profile could not be read and was dropped; your choices were kept."},
		{kClearAsk, "Erase everything Hearth keeps about you in this browser? This cannot be undone."}, {kClearYes, "Erase it all"}, {kClearNo, "Keep it"},
		{kMemory, "This browser's storage is unavailable: nothing will be remembered after this page."},
		{kWhy, "Why?"}, {kLauncher, "Your profile"},
	},
	"es": {
		{kConsentMeasured, "Si aceptas, Hearth guarda un pequeño perfil de los temas que miras aquí, solo en este navegador, para mostrarte contenido más relevante en este sitio. El perfil nunca se envía a ningún sitio; una vez por periodo este navegador envía al sitio un informe aleatorizado sobre si su personalización ayudó (detalles y un interruptor en este panel). Puedes verlo, cambiarlo o borrarlo todo cuando quieras."},
		{kTrustMeasured, "Tu perfil se guarda solo en este navegador (clave de localStorage \"hearth:v1\"). Nunca se envía a ningún sitio; solo sale el informe de medición de arriba, una vez por periodo."},
		{kMeasureHeading, "Medir si la personalización ayuda"},
		{kMeasureBody, "Este sitio mide si su personalización ayuda. Una vez por periodo de {days} días, en tu primera visita después, este navegador envía al sitio un informe breve de tamaño fijo: para cada cambio medido, tu grupo y una de tres respuestas (no se te aplicó; se aplicó y alcanzaste el objetivo del sitio; se aplicó y no lo alcanzaste). Tu navegador aleatoriza antes la respuesta: es la verdadera el {keep}% de las veces y, si no, una de las otras dos, así que ningún informe dice nada seguro sobre ti (privacidad diferencial local, ε = {eps} por cambio). Sin identificador, sin cookie, nada más."},
		{kMeasureLast, "El último informe, tal como se envió el {date}:"},
		{kMeasureNone, "Todavía no se ha enviado ningún informe."},
		{kMeasureStop, "Dejar de medir"},
		{kMeasureAllow, "Permitir la medición"},
		{kMeasureOff, "Has detenido la medición: este navegador no envía ningún informe."},
		{kMeasureNotNow, "No se mide ni se envía nada mientras la personalización está en pausa, sin tu consentimiento o con Global Privacy Control."},
		{kHeld, "Estás en el grupo de comparación del sitio para esto: ves el contenido habitual, para que el sitio pueda medir si personalizarlo ayuda."},
		{kItemsProducts, "Productos que miraste"}, {kItemsArticles, "Artículos que leíste"}, {kItemsPosts, "Entradas que leíste"}, {kItemsRecipes, "Recetas que miraste"}, {kItemsPages, "Páginas que leíste"},
		{kGoesWithRead, "Va con «{item}», que leíste {when}."}, {kViewedThisRead, "Lo leíste {when}."}, {kItemViewsRead, "leído {n}× · la última vez el {date}"},
		{kGoesWith, "Combina con {item} que viste {when}."}, {kViewedThis, "Lo viste {when}."},
		{kSimilar, "Más sobre {topic}, un tema sobre el que leíste {when}."},
		{kToday, "hoy"}, {kYesterday, "ayer"},
		{kDismiss, "No volver a mostrarme esto"}, {kDismissName, "No volver a mostrarme {item}"},
		{kItems, "Artículos que miraste"}, {kItemViews, "visto {n}× · la última vez el {date}"}, {kBought, "comprado: no se vuelve a recomendar"},
		{kDismissed, "pediste no volver a verlo"}, {kReminded, "recordado {n}× hoy (como máximo {max} al día, {week} a la semana)"},
		{kGranted, "Aceptaste la personalización el {date}."}, {kWithdraw, "Retirar mi consentimiento"},
		{kPrefs, "Tus preferencias"}, {kPrefsHelp, "Dile a Hearth lo que te gusta. Tus respuestas siempre cuentan más que lo que deduce."},
		{kPrefYes, "Me interesa"}, {kPrefNo, "No me interesa"},
		{kRemove, "Quitar"}, {kRemoveLabel, "Quitar {topic} y dejar de deducirlo"}, {kRemoved, "Temas quitados"},
		{kRemovedHelp, "Hearth no volverá a deducirlos."}, {kAllow, "Volver a permitir"}, {kAllowLabel, "Volver a permitir {topic}"},
		{kEvents, "Lo que hiciste ({n})"}, {kEvView, "Visto"}, {kEvClick, "Clic"}, {kEvDwell, "Leído"}, {kEvPurchase, "Comprado"}, {kEvTrack, "Acción"},
		{kSrcTags, "según las etiquetas de la página"}, {kSrcSection, "según la sección de la página"}, {kSrcJSONLD, "según los datos de la página"}, {kSrcKeywords, "según las palabras clave de la página"}, {kSrcPath, "según la dirección de la página"}, {kSrcWords, "deducido de las palabras de la página"},
		{kStorage, "Guardado solo en este navegador: {bytes} en la clave \"hearth:v1\". {retention}; {half}."},
		{kExport, "Descargar mis datos"},
		{kConsentQ, "¿Personalizamos este sitio para ti?"},
		{kConsentBody, "Si aceptas, Hearth guarda un pequeño perfil de los temas que miras aquí, solo en este navegador, para mostrarte contenido más relevante en este sitio. Nada sobre ti se envía a ningún sitio, y puedes verlo, cambiarlo o borrarlo cuando quieras."},
		{kConsentYes, "Sí, personalizar"}, {kConsentNo, "No, gracias"},
		{kGPC, "Tu navegador envía Global Privacy Control, así que Hearth no personaliza este sitio ni registra nada."},
		{kGPCYes, "Personalizar de todos modos"},
		{kDenied, "Dijiste que no a la personalización: no se registra nada nuevo."}, {kChangeMind, "Activar la personalización"},
		{kBundle, "Código de Hearth, SHA-256: {hash}"},
		{kRequests, "{loaded} Su módulo hizo 0 peticiones de red: no tiene código que pueda hacerlas."},
		{kCounters, "Actividad"},
		{kTop, "{topic} está entre tus intereses principales"}, {kReturning, "ya has estado aquí antes"}, {kNewVisitor, "es tu primera visita"},
		{kPath, "estás en esta parte del sitio"}, {kQuery, "el enlace que seguiste lleva {param}={value}"},
		{kTime, "son las {time} donde estás"}, {kWeekday, "hoy es {day}"}, {kLanguage, "el idioma de tu navegador es {value}"},
		{kViewport, "estás en una pantalla {value}"},
		{kDebug, "Para el propietario del sitio (?hearth-debug): experiencias que no ganaron"},
		{kDays, "domingo,lunes,martes,miércoles,jueves,viernes,sábado"},
		{kTitle, "Por qué ves esto"}, {kClose, "Cerrar"}, {kWhyHeading, "Personalizado en esta página"},
		{kNoDecisions, "Nada en esta página está personalizado para ti."},
		{kProfile, "Lo que Hearth sabe de ti"}, {kNoTopics, "Nada todavía."},
		{kVisits, "Visitas"}, {kPages, "Páginas vistas"}, {kFirstSeen, "Primera visita"},
		{kTrust, "Tu perfil se guarda solo en este navegador (clave de localStorage \"hearth:v1\"). Nunca se envía a ningún sitio."},
		{kClear, "Borrar todo"}, {kPause, "Pausar la personalización"}, {kResume, "Reanudar la personalización"},
		{kPausedNote, "La personalización está en pausa: ves cada página como un visitante nuevo."},
		{kLastOn, "la última el {date}"},
		{kDeclaredOn, "dijiste que te gusta"}, {kDeclaredOff, "dijiste que no lo quieres"},
		{kBecause, "Se muestra porque"},
		{kInterest, "mostraste interés en {topic}"},
		{kDeclared, "dijiste que te interesa {topic}"},
		{kShownIn, "En «{slot}»"},
		{kReset, "No se pudo leer tu perfil guardado, así que se ha restablecido."},
		{kRepaired, "Una parte de tu perfil guardado no se pudo leer y se ha descartado; tus elecciones se han conservado."},
		{kClearAsk, "¿Borrar todo lo que Hearth guarda sobre ti en este navegador? No se puede deshacer."}, {kClearYes, "Borrarlo todo"}, {kClearNo, "Conservarlo"},
		{kMemory, "El almacenamiento de este navegador no está disponible: no se recordará nada después de esta página."},
		{kWhy, "¿Por qué?"}, {kLauncher, "Tu perfil"},
	},
	"de": {
		{kConsentMeasured, "Wenn Sie zustimmen, führt Hearth nur in diesem Browser ein kleines Profil der Themen, die Sie sich hier ansehen, um Ihnen auf dieser Website passendere Inhalte zu zeigen. Das Profil wird nie irgendwohin gesendet; einmal pro Zeitraum sendet dieser Browser der Website einen zufällig verrauschten Bericht darüber, ob ihre Personalisierung geholfen hat (Einzelheiten und ein Schalter in diesem Bereich). Sie können alles jederzeit ansehen, ändern oder löschen."},
		{kTrustMeasured, "Ihr Profil wird nur in diesem Browser gespeichert (localStorage-Schlüssel \"hearth:v1\"). Es wird nie irgendwohin gesendet; nur der Messbericht oben wird gesendet, einmal pro Zeitraum."},
		{kMeasureHeading, "Messen, ob die Personalisierung hilft"},
		{kMeasureBody, "Diese Website misst, ob ihre Personalisierung hilft. Einmal pro Zeitraum von {days} Tagen, bei Ihrem ersten Besuch danach, sendet dieser Browser der Website einen kurzen Bericht fester Größe: für jede gemessene Änderung Ihre Gruppe und eine von drei Antworten (sie galt nicht für Sie; sie galt und Sie haben das Ziel der Website erreicht; sie galt und Sie haben es nicht erreicht). Ihr Browser würfelt die Antwort zuerst aus: In {keep}% der Fälle ist sie die wahre, sonst eine der beiden anderen, daher sagt kein Bericht etwas Sicheres über Sie (lokale Differential Privacy, ε = {eps} pro Änderung). Keine Kennung, kein Cookie, sonst nichts."},
		{kMeasureLast, "Der letzte Bericht, genau wie am {date} gesendet:"},
		{kMeasureNone, "Noch kein Bericht gesendet."},
		{kMeasureStop, "Messung beenden"},
		{kMeasureAllow, "Messung erlauben"},
		{kMeasureOff, "Sie haben die Messung beendet: Dieser Browser sendet keinen Bericht."},
		{kMeasureNotNow, "Nichts wird gemessen oder gesendet, solange die Personalisierung pausiert ist, ohne Ihre Einwilligung oder mit Global Privacy Control."},
		{kHeld, "Sie sind hierfür in der Vergleichsgruppe der Website: Sie sehen den üblichen Inhalt, damit die Website messen kann, ob die Personalisierung hilft."},
		{kItemsProducts, "Produkte, die Sie angesehen haben"}, {kItemsArticles, "Artikel, die Sie gelesen haben"}, {kItemsPosts, "Beiträge, die Sie gelesen haben"}, {kItemsRecipes, "Rezepte, die Sie angesehen haben"}, {kItemsPages, "Seiten, die Sie gelesen haben"},
		{kGoesWithRead, "Passt zu „{item}“, das Sie {when} gelesen haben."}, {kViewedThisRead, "Sie haben das {when} gelesen."}, {kItemViewsRead, "{n}× gelesen · zuletzt am {date}"},
		{kGoesWith, "Passt zu {item}, das Sie {when} angesehen haben."}, {kViewedThis, "Sie haben sich das {when} angesehen."},
		{kSimilar, "Mehr zu {topic}, worüber Sie {when} gelesen haben."},
		{kToday, "heute"}, {kYesterday, "gestern"},
		{kDismiss, "Nicht mehr anzeigen"}, {kDismissName, "{item} nicht mehr anzeigen"},
		{kItems, "Artikel, die Sie angesehen haben"}, {kItemViews, "{n}× angesehen · zuletzt am {date}"}, {kBought, "gekauft: wird nicht mehr empfohlen"},
		{kDismissed, "Sie möchten es nicht mehr sehen"}, {kReminded, "heute {n}× erinnert (höchstens {max} am Tag, {week} pro Woche)"},
		{kGranted, "Sie haben der Personalisierung am {date} zugestimmt."}, {kWithdraw, "Meine Einwilligung widerrufen"},
		{kPrefs, "Ihre Vorlieben"}, {kPrefsHelp, "Sagen Sie Hearth, was Sie mögen. Ihre Angaben zählen immer mehr als Vermutungen."},
		{kPrefYes, "Interessiert mich"}, {kPrefNo, "Interessiert mich nicht"},
		{kRemove, "Entfernen"}, {kRemoveLabel, "{topic} entfernen und nicht mehr ableiten"}, {kRemoved, "Entfernte Themen"},
		{kRemovedHelp, "Hearth leitet diese nicht mehr ab."}, {kAllow, "Wieder erlauben"}, {kAllowLabel, "{topic} wieder erlauben"},
		{kEvents, "Was Sie getan haben ({n})"}, {kEvView, "Angesehen"}, {kEvClick, "Angeklickt"}, {kEvDwell, "Gelesen"}, {kEvPurchase, "Gekauft"}, {kEvTrack, "Aktion"},
		{kSrcTags, "laut den Schlagwörtern der Seite"}, {kSrcSection, "laut der Rubrik der Seite"}, {kSrcJSONLD, "laut den Daten der Seite"}, {kSrcKeywords, "laut den Stichwörtern der Seite"}, {kSrcPath, "laut der Adresse der Seite"}, {kSrcWords, "aus den Wörtern der Seite erschlossen"},
		{kStorage, "Nur in diesem Browser gespeichert: {bytes} unter dem Schlüssel \"hearth:v1\". {retention}; {half}."},
		{kExport, "Meine Daten herunterladen"},
		{kConsentQ, "Diese Website für Sie personalisieren?"},
		{kConsentBody, "Wenn Sie zustimmen, führt Hearth nur in diesem Browser ein kleines Profil der Themen, die Sie sich hier ansehen, um Ihnen auf dieser Website passendere Inhalte zu zeigen. Nichts über Sie wird irgendwohin gesendet, und Sie können es jederzeit ansehen, ändern oder löschen."},
		{kConsentYes, "Ja, personalisieren"}, {kConsentNo, "Nein, danke"},
		{kGPC, "Ihr Browser sendet Global Privacy Control, daher personalisiert Hearth diese Website nicht und zeichnet nichts auf."},
		{kGPCYes, "Trotzdem personalisieren"},
		{kDenied, "Sie haben die Personalisierung abgelehnt: Es wird nichts Neues aufgezeichnet."}, {kChangeMind, "Personalisierung einschalten"},
		{kBundle, "Code von Hearth, SHA-256: {hash}"},
		{kRequests, "{loaded} Das Modul von Hearth hat 0 Netzwerkanfragen gestellt: Es enthält keinen Code, der das könnte."},
		{kCounters, "Aktivität"},
		{kTop, "{topic} gehört zu Ihren stärksten Interessen"}, {kReturning, "Sie waren schon einmal hier"}, {kNewVisitor, "dies ist Ihr erster Besuch"},
		{kPath, "Sie sind in diesem Bereich der Website"}, {kQuery, "der Link, dem Sie gefolgt sind, enthält {param}={value}"},
		{kTime, "bei Ihnen ist es {time} Uhr"}, {kWeekday, "heute ist {day}"}, {kLanguage, "Ihr Browser ist auf {value} eingestellt"},
		{kViewport, "Sie nutzen einen {value} Bildschirm"},
		{kDebug, "Für den Betreiber der Website (?hearth-debug): Erlebnisse, die nicht gewonnen haben"},
		{kDays, "Sonntag,Montag,Dienstag,Mittwoch,Donnerstag,Freitag,Samstag"},
		{kTitle, "Warum Sie das sehen"}, {kClose, "Schließen"}, {kWhyHeading, "Auf dieser Seite personalisiert"},
		{kNoDecisions, "Nichts auf dieser Seite ist für Sie personalisiert."},
		{kProfile, "Was Hearth über Sie weiß"}, {kNoTopics, "Noch nichts."},
		{kVisits, "Besuche"}, {kPages, "Gesehene Seiten"}, {kFirstSeen, "Erster Besuch"},
		{kTrust, "Ihr Profil wird nur in diesem Browser gespeichert (localStorage-Schlüssel \"hearth:v1\"). Es wird nie irgendwohin gesendet."},
		{kClear, "Alles löschen"}, {kPause, "Personalisierung pausieren"}, {kResume, "Personalisierung fortsetzen"},
		{kPausedNote, "Die Personalisierung ist pausiert: Sie sehen jede Seite wie ein neuer Besucher."},
		{kLastOn, "zuletzt am {date}"},
		{kDeclaredOn, "Sie haben gesagt, dass Sie das mögen"}, {kDeclaredOff, "Sie haben gesagt, dass Sie das nicht möchten"},
		{kBecause, "Angezeigt, weil"},
		{kInterest, "Sie sich für {topic} interessiert haben"},
		{kDeclared, "Sie angegeben haben, dass Sie sich für {topic} interessieren"},
		{kShownIn, "In „{slot}“"},
		{kReset, "Ihr gespeichertes Profil war nicht lesbar und wurde zurückgesetzt."},
		{kRepaired, "Ein Teil Ihres gespeicherten Profils war nicht lesbar und wurde verworfen; Ihre Entscheidungen blieben erhalten."},
		{kClearAsk, "Alles löschen, was Hearth in diesem Browser über Sie speichert? Das lässt sich nicht rückgängig machen."}, {kClearYes, "Alles löschen"}, {kClearNo, "Behalten"},
		{kMemory, "Der Speicher dieses Browsers ist nicht verfügbar: Nach dieser Seite wird nichts gespeichert."},
		{kWhy, "Warum?"}, {kLauncher, "Ihr Profil"},
	},
	"fr": {
		{kConsentMeasured, "Si vous acceptez, Hearth conserve un petit profil des sujets que vous consultez ici, uniquement dans ce navigateur, pour vous montrer un contenu plus pertinent sur ce site. Le profil n'est jamais envoyé nulle part ; une fois par période, ce navigateur envoie au site un rapport tiré au hasard indiquant si sa personnalisation a aidé (détails et interrupteur dans ce panneau). Vous pouvez tout consulter, modifier ou effacer à tout moment."},
		{kTrustMeasured, "Votre profil est conservé uniquement dans ce navigateur (clé localStorage « hearth:v1 »). Il n'est jamais envoyé nulle part ; seul le rapport de mesure ci-dessus part, une fois par période."},
		{kMeasureHeading, "Mesurer si la personnalisation aide"},
		{kMeasureBody, "Ce site mesure si sa personnalisation aide. Une fois par période de {days} jours, à votre première visite après celle-ci, ce navigateur envoie au site un court rapport de taille fixe : pour chaque changement mesuré, votre groupe et une réponse parmi trois (il ne vous concernait pas ; il vous concernait et vous avez atteint l'objectif du site ; il vous concernait et vous ne l'avez pas atteint). Votre navigateur tire d'abord la réponse au hasard : elle est la vraie dans {keep} % des cas, sinon l'une des deux autres, donc aucun rapport ne dit rien de certain sur vous (confidentialité différentielle locale, ε = {eps} par changement). Aucun identifiant, aucun cookie, rien d'autre."},
		{kMeasureLast, "Le dernier rapport, tel qu'envoyé le {date} :"},
		{kMeasureNone, "Aucun rapport envoyé pour l'instant."},
		{kMeasureStop, "Arrêter la mesure"},
		{kMeasureAllow, "Autoriser la mesure"},
		{kMeasureOff, "Vous avez arrêté la mesure : ce navigateur n'envoie aucun rapport."},
		{kMeasureNotNow, "Rien n'est mesuré ni envoyé tant que la personnalisation est en pause, sans votre consentement ou avec Global Privacy Control."},
		{kHeld, "Vous êtes dans le groupe de comparaison du site pour ceci : vous voyez le contenu habituel, pour que le site puisse mesurer si le personnaliser aide."},
		{kItemsProducts, "Produits consultés"}, {kItemsArticles, "Articles que vous avez lus"}, {kItemsPosts, "Billets que vous avez lus"}, {kItemsRecipes, "Recettes consultées"}, {kItemsPages, "Pages que vous avez lues"},
		{kGoesWithRead, "Va avec « {item} », que vous avez lu {when}."}, {kViewedThisRead, "Vous l'avez lu {when}."}, {kItemViewsRead, "lu {n}× · dernière fois le {date}"},
		{kGoesWith, "Va avec {item} que vous avez consulté {when}."}, {kViewedThis, "Vous l'avez consulté {when}."},
		{kSimilar, "Plus sur {topic}, un sujet sur lequel vous avez lu {when}."},
		{kToday, "aujourd'hui"}, {kYesterday, "hier"},
		{kDismiss, "Ne plus me montrer ceci"}, {kDismissName, "Ne plus me montrer {item}"},
		{kItems, "Articles consultés"}, {kItemViews, "consulté {n}× · dernière fois le {date}"}, {kBought, "acheté : plus recommandé"},
		{kDismissed, "vous avez demandé à ne plus le voir"}, {kReminded, "rappelé {n}× aujourd'hui (au plus {max} par jour, {week} par semaine)"},
		{kGranted, "Vous avez accepté la personnalisation le {date}."}, {kWithdraw, "Retirer mon consentement"},
		{kPrefs, "Vos préférences"}, {kPrefsHelp, "Dites à Hearth ce que vous aimez. Vos réponses l'emportent toujours sur ce qu'il déduit."},
		{kPrefYes, "Intéressé"}, {kPrefNo, "Pas intéressé"},
		{kRemove, "Retirer"}, {kRemoveLabel, "Retirer {topic} et ne plus le déduire"}, {kRemoved, "Sujets retirés"},
		{kRemovedHelp, "Hearth ne les déduira plus."}, {kAllow, "Autoriser à nouveau"}, {kAllowLabel, "Autoriser à nouveau {topic}"},
		{kEvents, "Ce que vous avez fait ({n})"}, {kEvView, "Vu"}, {kEvClick, "Cliqué"}, {kEvDwell, "Lu"}, {kEvPurchase, "Acheté"}, {kEvTrack, "Action"},
		{kSrcTags, "d'après les étiquettes de la page"}, {kSrcSection, "d'après la rubrique de la page"}, {kSrcJSONLD, "d'après les données de la page"}, {kSrcKeywords, "d'après les mots-clés de la page"}, {kSrcPath, "d'après l'adresse de la page"}, {kSrcWords, "déduit des mots de la page"},
		{kStorage, "Conservé dans ce navigateur uniquement : {bytes} sous la clé « hearth:v1 ». {retention} ; {half}."},
		{kExport, "Télécharger mes données"},
		{kConsentQ, "Personnaliser ce site pour vous ?"},
		{kConsentBody, "Si vous acceptez, Hearth conserve un petit profil des sujets que vous consultez ici, uniquement dans ce navigateur, pour vous montrer un contenu plus pertinent sur ce site. Rien sur vous n'est envoyé nulle part, et vous pouvez le consulter, le modifier ou l'effacer à tout moment."},
		{kConsentYes, "Oui, personnaliser"}, {kConsentNo, "Non merci"},
		{kGPC, "Votre navigateur envoie Global Privacy Control : Hearth ne personnalise donc pas ce site et n'enregistre rien."},
		{kGPCYes, "Personnaliser quand même"},
		{kDenied, "Vous avez refusé la personnalisation : rien de nouveau n'est enregistré."}, {kChangeMind, "Activer la personnalisation"},
		{kBundle, "Code de Hearth, SHA-256 : {hash}"},
		{kRequests, "{loaded} Son module a fait 0 requête réseau : il ne contient aucun code qui le pourrait."},
		{kCounters, "Activité"},
		{kTop, "{topic} fait partie de vos principaux centres d'intérêt"}, {kReturning, "vous êtes déjà venu"}, {kNewVisitor, "c'est votre première visite"},
		{kPath, "vous êtes dans cette partie du site"}, {kQuery, "le lien que vous avez suivi porte {param}={value}"},
		{kTime, "il est {time} chez vous"}, {kWeekday, "nous sommes {day}"}, {kLanguage, "la langue de votre navigateur est {value}"},
		{kViewport, "vous êtes sur un écran {value}"},
		{kDebug, "Pour le propriétaire du site (?hearth-debug) : expériences non retenues"},
		{kDays, "dimanche,lundi,mardi,mercredi,jeudi,vendredi,samedi"},
		{kTitle, "Pourquoi vous voyez ceci"}, {kClose, "Fermer"}, {kWhyHeading, "Personnalisé sur cette page"},
		{kNoDecisions, "Rien sur cette page n'est personnalisé pour vous."},
		{kProfile, "Ce que Hearth sait de vous"}, {kNoTopics, "Rien pour l'instant."},
		{kVisits, "Visites"}, {kPages, "Pages vues"}, {kFirstSeen, "Première visite"},
		{kTrust, "Votre profil est conservé uniquement dans ce navigateur (clé localStorage « hearth:v1 »). Il n'est jamais envoyé nulle part."},
		{kClear, "Tout effacer"}, {kPause, "Mettre la personnalisation en pause"}, {kResume, "Reprendre la personnalisation"},
		{kPausedNote, "La personnalisation est en pause : vous voyez chaque page comme un nouveau visiteur."},
		{kLastOn, "dernière le {date}"},
		{kDeclaredOn, "vous avez dit aimer ceci"}, {kDeclaredOff, "vous avez dit ne pas vouloir ceci"},
		{kBecause, "Affiché parce que"},
		{kInterest, "vous vous êtes intéressé à : {topic}"},
		{kDeclared, "vous avez indiqué vous intéresser à : {topic}"},
		{kShownIn, "Dans « {slot} »"},
		{kReset, "Votre profil enregistré était illisible ; il a été réinitialisé."},
		{kRepaired, "Une partie de votre profil enregistré était illisible et a été supprimée ; vos choix ont été conservés."},
		{kClearAsk, "Effacer tout ce que Hearth conserve sur vous dans ce navigateur ? Cette action est irréversible."}, {kClearYes, "Tout effacer"}, {kClearNo, "Conserver"},
		{kMemory, "Le stockage de ce navigateur est indisponible : rien ne sera retenu après cette page."},
		{kWhy, "Pourquoi ?"}, {kLauncher, "Votre profil"},
	},
	"ar": {
		{kConsentMeasured, "إذا وافقت، يحتفظ Hearth بملف صغير للمواضيع التي تتصفحها هنا، في هذا المتصفح فقط، ليعرض عليك محتوى أنسب في هذا الموقع. لا يُرسل الملف إلى أي مكان أبدًا؛ مرة واحدة في كل فترة يرسل هذا المتصفح إلى الموقع تقريرًا عشوائيًا عمّا إذا كان تخصيصه مفيدًا (التفاصيل ومفتاح الإيقاف في هذه اللوحة). يمكنك رؤية كل شيء أو تغييره أو مسحه في أي وقت."},
		{kTrustMeasured, "يُحفظ ملفك الشخصي في هذا المتصفح فقط (مفتاح localStorage ‏\"hearth:v1\"). لا يُرسل إلى أي مكان أبدًا؛ لا يخرج إلا تقرير القياس أعلاه، مرة واحدة في كل فترة."},
		{kMeasureHeading, "قياس ما إذا كان التخصيص مفيدًا"},
		{kMeasureBody, "يقيس هذا الموقع ما إذا كان تخصيصه مفيدًا. مرة واحدة في كل فترة مدتها {days} يومًا، عند أول زيارة لك بعدها، يرسل هذا المتصفح إلى الموقع تقريرًا قصيرًا ثابت الحجم: لكل تغيير مُقاس، مجموعتك وإجابة واحدة من ثلاث (لم ينطبق عليك؛ انطبق وبلغتَ هدف الموقع؛ انطبق ولم تبلغه). يجعل متصفحك الإجابة عشوائية أولًا: فهي الصحيحة في {keep}% من المرات، وإلا فإحدى الإجابتين الأخريين، لذلك لا يقول أي تقرير شيئًا مؤكدًا عنك (خصوصية تفاضلية محلية، ε = {eps} لكل تغيير). لا معرّف ولا ملف تعريف ارتباط ولا شيء آخر."},
		{kMeasureLast, "آخر تقرير، كما أُرسل تمامًا في {date}:"},
		{kMeasureNone, "لم يُرسَل أي تقرير بعد."},
		{kMeasureStop, "إيقاف القياس"},
		{kMeasureAllow, "السماح بالقياس"},
		{kMeasureOff, "لقد أوقفت القياس: لا يرسل هذا المتصفح أي تقرير."},
		{kMeasureNotNow, "لا يُقاس ولا يُرسَل شيء ما دام التخصيص متوقفًا مؤقتًا، أو دون موافقتك، أو مع Global Privacy Control."},
		{kHeld, "أنت في مجموعة المقارنة لدى الموقع لهذا: ترى المحتوى المعتاد، كي يتمكن الموقع من قياس ما إذا كان تخصيصه مفيدًا."},
		{kItemsProducts, "منتجات شاهدتها"}, {kItemsArticles, "مقالات قرأتها"}, {kItemsPosts, "منشورات قرأتها"}, {kItemsRecipes, "وصفات شاهدتها"}, {kItemsPages, "صفحات قرأتها"},
		{kGoesWithRead, "يتصل بـ«{item}» الذي قرأته {when}."}, {kViewedThisRead, "قرأت هذا {when}."}, {kItemViewsRead, "قُرئ {n} مرة · آخرها في {date}"},
		{kGoesWith, "يناسب {item} الذي شاهدته {when}."}, {kViewedThis, "شاهدت هذا {when}."},
		{kSimilar, "المزيد عن {topic}، وهو موضوع قرأت عنه {when}."},
		{kToday, "اليوم"}, {kYesterday, "أمس"},
		{kDismiss, "لا تعرض هذا مجددًا"}, {kDismissName, "لا تعرض {item} مجددًا"},
		{kItems, "منتجات شاهدتها"}, {kItemViews, "شوهد {n} مرة · آخرها في {date}"}, {kBought, "تم شراؤه: لن يُقترح مجددًا"},
		{kDismissed, "طلبت ألا تراه مجددًا"}, {kReminded, "ذُكّرت به {n} مرة اليوم (بحد أقصى {max} يوميًا و{week} أسبوعيًا)"},
		{kGranted, "وافقت على التخصيص في {date}."}, {kWithdraw, "سحب موافقتي"},
		{kPrefs, "تفضيلاتك"}, {kPrefsHelp, "أخبر Hearth بما تحب. إجاباتك تتقدم دائمًا على ما يستنتجه."},
		{kPrefYes, "مهتم"}, {kPrefNo, "غير مهتم"},
		{kRemove, "إزالة"}, {kRemoveLabel, "إزالة {topic} والتوقف عن استنتاجه"}, {kRemoved, "المواضيع المُزالة"},
		{kRemovedHelp, "لن يستنتج Hearth هذه المواضيع مجددًا."}, {kAllow, "السماح مجددًا"}, {kAllowLabel, "السماح بـ{topic} مجددًا"},
		{kEvents, "ما قمت به ({n})"}, {kEvView, "شاهدت"}, {kEvClick, "نقرت"}, {kEvDwell, "قرأت"}, {kEvPurchase, "اشتريت"}, {kEvTrack, "إجراء"},
		{kSrcTags, "حسب وسوم الصفحة"}, {kSrcSection, "حسب قسم الصفحة"}, {kSrcJSONLD, "حسب بيانات الصفحة"}, {kSrcKeywords, "حسب الكلمات المفتاحية للصفحة"}, {kSrcPath, "حسب عنوان الصفحة"}, {kSrcWords, "مستنتَج من كلمات الصفحة"},
		{kStorage, "محفوظ في هذا المتصفح فقط: {bytes} تحت المفتاح \"hearth:v1\". {retention}؛ {half}."},
		{kExport, "تنزيل بياناتي"},
		{kConsentQ, "هل نخصص هذا الموقع لك؟"},
		{kConsentBody, "إذا وافقت، يحتفظ Hearth بملف صغير للمواضيع التي تتصفحها هنا، في هذا المتصفح فقط، ليعرض عليك محتوى أنسب في هذا الموقع. لا يُرسل أي شيء عنك إلى أي مكان، ويمكنك رؤيته أو تغييره أو مسحه في أي وقت."},
		{kConsentYes, "نعم، خصّص"}, {kConsentNo, "لا، شكرًا"},
		{kGPC, "يرسل متصفحك إشارة Global Privacy Control، لذا لا يخصص Hearth هذا الموقع ولا يسجل شيئًا."},
		{kGPCYes, "خصّص على أي حال"},
		{kDenied, "لقد رفضت التخصيص: لا يُسجَّل أي شيء جديد."}, {kChangeMind, "تشغيل التخصيص"},
		{kBundle, "شيفرة Hearth، ‏SHA-256: {hash}"},
		{kRequests, "{loaded} لم تُجرِ وحدة Hearth أي طلب شبكة (0): لا تحتوي على شيفرة تستطيع ذلك."},
		{kCounters, "النشاط"},
		{kTop, "{topic} من أبرز اهتماماتك"}, {kReturning, "سبق أن زرتنا"}, {kNewVisitor, "هذه زيارتك الأولى"},
		{kPath, "أنت في هذا القسم من الموقع"}, {kQuery, "الرابط الذي اتبعته يحمل {param}={value}"},
		{kTime, "الساعة عندك {time}"}, {kWeekday, "اليوم هو {day}"}, {kLanguage, "لغة متصفحك هي {value}"},
		{kViewport, "أنت تستخدم شاشة {value}"},
		{kDebug, "لمالك الموقع (?hearth-debug): تجارب لم يقع عليها الاختيار"},
		{kDays, "الأحد,الاثنين,الثلاثاء,الأربعاء,الخميس,الجمعة,السبت"},
		{kTitle, "لماذا ترى هذا"}, {kClose, "إغلاق"}, {kWhyHeading, "ما تم تخصيصه في هذه الصفحة"},
		{kNoDecisions, "لا شيء في هذه الصفحة مخصص لك."},
		{kProfile, "ما يعرفه Hearth عنك"}, {kNoTopics, "لا شيء بعد."},
		{kVisits, "الزيارات"}, {kPages, "الصفحات المعروضة"}, {kFirstSeen, "أول زيارة"},
		{kTrust, "يُحفظ ملفك الشخصي في هذا المتصفح فقط (مفتاح localStorage ‏\"hearth:v1\"). لا يُرسل إلى أي مكان أبدًا."},
		{kClear, "مسح كل شيء"}, {kPause, "إيقاف التخصيص مؤقتًا"}, {kResume, "استئناف التخصيص"},
		{kPausedNote, "التخصيص متوقف مؤقتًا: ترى كل صفحة كما يراها زائر جديد."},
		{kLastOn, "آخرها في {date}"},
		{kDeclaredOn, "قلت إنك تحب هذا"}, {kDeclaredOff, "قلت إنك لا تريد هذا"},
		{kBecause, "يظهر لأن"},
		{kInterest, "أبديت اهتمامًا بـ{topic}"},
		{kDeclared, "قلت إنك مهتم بـ{topic}"},
		{kShownIn, "في «{slot}»"},
		{kReset, "تعذرت قراءة ملفك الشخصي المحفوظ، لذا تمت إعادة تعيينه."},
		{kRepaired, "تعذرت قراءة جزء من ملفك الشخصي المحفوظ فحُذف، واحتُفظ باختياراتك."},
		{kClearAsk, "هل تريد مسح كل ما يحفظه Hearth عنك في هذا المتصفح؟ لا يمكن التراجع عن ذلك."}, {kClearYes, "مسح الكل"}, {kClearNo, "الاحتفاظ به"},
		{kMemory, "تخزين هذا المتصفح غير متاح: لن يُحفظ شيء بعد هذه الصفحة."},
		{kWhy, "لماذا؟"}, {kLauncher, "ملفك الشخصي"},
	},
}

// Lang picks the shipped language for a BCP 47 tag such as "de-AT",
// falling back to English.
func Lang(tag string) string {
	base := strings.ToLower(tag)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	if _, ok := texts[base]; ok {
		return base
	}
	return "en"
}

// Dir is the writing direction of a shipped language.
func Dir(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// tr returns the text for key in lang with placeholders filled; pairs are
// placeholder name, value.
func tr(lang, key string, pairs ...string) string {
	s, ok := texts[lang][key]
	if !ok {
		s = texts["en"][key]
	}
	return fill(s, pairs...)
}

// fill replaces each {name} in s by its value; pairs are name, value. An
// unknown {name} stays as written. (strings.Replacer would do, at ~9 KB
// brotli of the module.)
func fill(s string, pairs ...string) string {
	if len(pairs) == 0 || !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			break
		}
		name, value, found := s[open+1:open+end], "", false
		for i := 0; i+1 < len(pairs); i += 2 {
			if pairs[i] == name {
				value, found = pairs[i+1], true
				break
			}
		}
		b.WriteString(s[:open])
		if found {
			b.WriteString(value)
		} else {
			b.WriteString(s[open : open+end+1])
		}
		s = s[open+end+1:]
	}
	b.WriteString(s)
	return b.String()
}
