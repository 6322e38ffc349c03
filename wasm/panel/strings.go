package panel

import "strings"

// text keys of the visitor-facing strings.
const (
	kTitle       = "title"
	kClose       = "close"
	kWhyHeading  = "whyHeading"
	kNoDecisions = "noDecisions"
	kProfile     = "profile"
	kNoTopics    = "noTopics"
	kVisits      = "visits"
	kPages       = "pages"
	kFirstSeen   = "firstSeen"
	kTrust       = "trust"
	kClear       = "clear"
	kPause       = "pause"
	kResume      = "resume"
	kPausedNote  = "pausedNote"
	kViewsOne    = "viewsOne"
	kViewsMany   = "viewsMany"
	kClicksOne   = "clicksOne"
	kClicksMany  = "clicksMany"
	kTracksOne   = "tracksOne"
	kTracksMany  = "tracksMany"
	kLastOn      = "lastOn"
	kDeclaredOn  = "declaredOn"
	kDeclaredOff = "declaredOff"
	kBecause     = "because"
	kInterest    = "interest"
	kDeclared    = "declared"
	kVisitsCheck = "visitsCheck"
	kShownIn     = "shownIn"
	kReset       = "reset"
	kMemory      = "memory"
	kWhy         = "why"
	kLauncher    = "launcher"
	kTop         = "top"
	kPagesCheck  = "pagesCheck"
	kSince       = "since"
	kReturning   = "returning"
	kNewVisitor  = "newVisitor"
	kPath        = "path"
	kQuery       = "query"
	kTime        = "time"
	kWeekday     = "weekday"
	kLanguage    = "language"
	kViewport    = "viewport"
	kNoConsent   = "noConsent"
	kDwellsOne   = "dwellsOne"
	kDwellsMany  = "dwellsMany"
	kBuysOne     = "buysOne"
	kBuysMany    = "buysMany"
	kDebug       = "debug"
	kDays        = "days" // weekday names, comma-separated, Sunday first
)

// strings holds every visitor-facing text in the five shipped languages.
// {n}, {topic}, {date}, {slot} are placeholders.
var texts = map[string]map[string]string{
	"en": {
		kTop: "{topic} is among your strongest interests", kPagesCheck: "you have seen {n} pages",
		kSince: "you are back after {n} days", kReturning: "you have been here before", kNewVisitor: "this is your first visit",
		kPath: "you are on this part of the site", kQuery: "the link you followed carries {param}={value}",
		kTime: "it is {time} where you are", kWeekday: "it is {day}", kLanguage: "your browser's language is {value}",
		kViewport:  "you are on a {value} screen",
		kNoConsent: "Personalization is off: you have not agreed to it, or your browser asks sites not to (Global Privacy Control).",
		kDwellsOne: "1 long read", kDwellsMany: "{n} long reads", kBuysOne: "1 purchase", kBuysMany: "{n} purchases",
		kDebug: "For the site owner (?hearth-debug): experiences that did not win",
		kDays:  "Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday",
		kTitle: "Why you see this", kClose: "Close", kWhyHeading: "Personalized on this page",
		kNoDecisions: "Nothing on this page is personalized for you.",
		kProfile:     "What Hearth knows about you", kNoTopics: "Nothing yet.",
		kVisits: "Visits", kPages: "Pages seen", kFirstSeen: "First visit",
		kTrust: "Your profile is kept only in this browser (localStorage key \"hearth:v1\"). It is never sent anywhere.",
		kClear: "Clear everything", kPause: "Pause personalization", kResume: "Resume personalization",
		kPausedNote: "Personalization is paused: you see every page as a new visitor would.",
		kViewsOne:   "1 page view", kViewsMany: "{n} page views",
		kClicksOne: "1 click", kClicksMany: "{n} clicks",
		kTracksOne: "1 action", kTracksMany: "{n} actions",
		kLastOn:     "last on {date}",
		kDeclaredOn: "you said you like this", kDeclaredOff: "you said you do not want this",
		kBecause:     "Shown because",
		kInterest:    "you showed interest in {topic}",
		kDeclared:    "you said you are interested in {topic}",
		kVisitsCheck: "you have visited {n} times",
		kShownIn:     "In “{slot}”",
		kReset:       "Your stored profile could not be read, so it was reset.",
		kMemory:      "This browser's storage is unavailable: nothing will be remembered after this page.",
		kWhy:         "Why?", kLauncher: "Your profile",
	},
	"es": {
		kTop: "{topic} está entre tus intereses principales", kPagesCheck: "has visto {n} páginas",
		kSince: "has vuelto después de {n} días", kReturning: "ya has estado aquí antes", kNewVisitor: "es tu primera visita",
		kPath: "estás en esta parte del sitio", kQuery: "el enlace que seguiste lleva {param}={value}",
		kTime: "son las {time} donde estás", kWeekday: "hoy es {day}", kLanguage: "el idioma de tu navegador es {value}",
		kViewport:  "estás en una pantalla {value}",
		kNoConsent: "La personalización está desactivada: no la has aceptado, o tu navegador pide a los sitios que no lo hagan (Global Privacy Control).",
		kDwellsOne: "1 lectura larga", kDwellsMany: "{n} lecturas largas", kBuysOne: "1 compra", kBuysMany: "{n} compras",
		kDebug: "Para el propietario del sitio (?hearth-debug): experiencias que no ganaron",
		kDays:  "domingo,lunes,martes,miércoles,jueves,viernes,sábado",
		kTitle: "Por qué ves esto", kClose: "Cerrar", kWhyHeading: "Personalizado en esta página",
		kNoDecisions: "Nada en esta página está personalizado para ti.",
		kProfile:     "Lo que Hearth sabe de ti", kNoTopics: "Nada todavía.",
		kVisits: "Visitas", kPages: "Páginas vistas", kFirstSeen: "Primera visita",
		kTrust: "Tu perfil se guarda solo en este navegador (clave de localStorage \"hearth:v1\"). Nunca se envía a ningún sitio.",
		kClear: "Borrar todo", kPause: "Pausar la personalización", kResume: "Reanudar la personalización",
		kPausedNote: "La personalización está en pausa: ves cada página como un visitante nuevo.",
		kViewsOne:   "1 visita a una página", kViewsMany: "{n} visitas a páginas",
		kClicksOne: "1 clic", kClicksMany: "{n} clics",
		kTracksOne: "1 acción", kTracksMany: "{n} acciones",
		kLastOn:     "la última el {date}",
		kDeclaredOn: "dijiste que te gusta", kDeclaredOff: "dijiste que no lo quieres",
		kBecause:     "Se muestra porque",
		kInterest:    "mostraste interés en {topic}",
		kDeclared:    "dijiste que te interesa {topic}",
		kVisitsCheck: "nos has visitado {n} veces",
		kShownIn:     "En «{slot}»",
		kReset:       "No se pudo leer tu perfil guardado, así que se ha restablecido.",
		kMemory:      "El almacenamiento de este navegador no está disponible: no se recordará nada después de esta página.",
		kWhy:         "¿Por qué?", kLauncher: "Tu perfil",
	},
	"de": {
		kTop: "{topic} gehört zu Ihren stärksten Interessen", kPagesCheck: "Sie haben {n} Seiten angesehen",
		kSince: "Sie sind nach {n} Tagen zurück", kReturning: "Sie waren schon einmal hier", kNewVisitor: "dies ist Ihr erster Besuch",
		kPath: "Sie sind in diesem Bereich der Website", kQuery: "der Link, dem Sie gefolgt sind, enthält {param}={value}",
		kTime: "bei Ihnen ist es {time} Uhr", kWeekday: "heute ist {day}", kLanguage: "Ihr Browser ist auf {value} eingestellt",
		kViewport:  "Sie nutzen einen {value} Bildschirm",
		kNoConsent: "Die Personalisierung ist aus: Sie haben nicht zugestimmt, oder Ihr Browser bittet Websites darum (Global Privacy Control).",
		kDwellsOne: "1 längerer Besuch einer Seite", kDwellsMany: "{n} längere Besuche von Seiten", kBuysOne: "1 Kauf", kBuysMany: "{n} Käufe",
		kDebug: "Für den Betreiber der Website (?hearth-debug): Erlebnisse, die nicht gewonnen haben",
		kDays:  "Sonntag,Montag,Dienstag,Mittwoch,Donnerstag,Freitag,Samstag",
		kTitle: "Warum Sie das sehen", kClose: "Schließen", kWhyHeading: "Auf dieser Seite personalisiert",
		kNoDecisions: "Nichts auf dieser Seite ist für Sie personalisiert.",
		kProfile:     "Was Hearth über Sie weiß", kNoTopics: "Noch nichts.",
		kVisits: "Besuche", kPages: "Gesehene Seiten", kFirstSeen: "Erster Besuch",
		kTrust: "Ihr Profil wird nur in diesem Browser gespeichert (localStorage-Schlüssel \"hearth:v1\"). Es wird nie irgendwohin gesendet.",
		kClear: "Alles löschen", kPause: "Personalisierung pausieren", kResume: "Personalisierung fortsetzen",
		kPausedNote: "Die Personalisierung ist pausiert: Sie sehen jede Seite wie ein neuer Besucher.",
		kViewsOne:   "1 Seitenaufruf", kViewsMany: "{n} Seitenaufrufe",
		kClicksOne: "1 Klick", kClicksMany: "{n} Klicks",
		kTracksOne: "1 Aktion", kTracksMany: "{n} Aktionen",
		kLastOn:     "zuletzt am {date}",
		kDeclaredOn: "Sie haben gesagt, dass Sie das mögen", kDeclaredOff: "Sie haben gesagt, dass Sie das nicht möchten",
		kBecause:     "Angezeigt, weil",
		kInterest:    "Sie sich für {topic} interessiert haben",
		kDeclared:    "Sie angegeben haben, dass Sie sich für {topic} interessieren",
		kVisitsCheck: "Sie uns {n}-mal besucht haben",
		kShownIn:     "In „{slot}“",
		kReset:       "Ihr gespeichertes Profil war nicht lesbar und wurde zurückgesetzt.",
		kMemory:      "Der Speicher dieses Browsers ist nicht verfügbar: Nach dieser Seite wird nichts gespeichert.",
		kWhy:         "Warum?", kLauncher: "Ihr Profil",
	},
	"fr": {
		kTop: "{topic} fait partie de vos principaux centres d'intérêt", kPagesCheck: "vous avez vu {n} pages",
		kSince: "vous revenez après {n} jours", kReturning: "vous êtes déjà venu", kNewVisitor: "c'est votre première visite",
		kPath: "vous êtes dans cette partie du site", kQuery: "le lien que vous avez suivi porte {param}={value}",
		kTime: "il est {time} chez vous", kWeekday: "nous sommes {day}", kLanguage: "la langue de votre navigateur est {value}",
		kViewport:  "vous êtes sur un écran {value}",
		kNoConsent: "La personnalisation est désactivée : vous ne l'avez pas acceptée, ou votre navigateur demande aux sites de s'en abstenir (Global Privacy Control).",
		kDwellsOne: "1 lecture attentive", kDwellsMany: "{n} lectures attentives", kBuysOne: "1 achat", kBuysMany: "{n} achats",
		kDebug: "Pour le propriétaire du site (?hearth-debug) : expériences non retenues",
		kDays:  "dimanche,lundi,mardi,mercredi,jeudi,vendredi,samedi",
		kTitle: "Pourquoi vous voyez ceci", kClose: "Fermer", kWhyHeading: "Personnalisé sur cette page",
		kNoDecisions: "Rien sur cette page n'est personnalisé pour vous.",
		kProfile:     "Ce que Hearth sait de vous", kNoTopics: "Rien pour l'instant.",
		kVisits: "Visites", kPages: "Pages vues", kFirstSeen: "Première visite",
		kTrust: "Votre profil est conservé uniquement dans ce navigateur (clé localStorage « hearth:v1 »). Il n'est jamais envoyé nulle part.",
		kClear: "Tout effacer", kPause: "Mettre la personnalisation en pause", kResume: "Reprendre la personnalisation",
		kPausedNote: "La personnalisation est en pause : vous voyez chaque page comme un nouveau visiteur.",
		kViewsOne:   "1 page vue", kViewsMany: "{n} pages vues",
		kClicksOne: "1 clic", kClicksMany: "{n} clics",
		kTracksOne: "1 action", kTracksMany: "{n} actions",
		kLastOn:     "dernière le {date}",
		kDeclaredOn: "vous avez dit aimer ceci", kDeclaredOff: "vous avez dit ne pas vouloir ceci",
		kBecause:     "Affiché parce que",
		kInterest:    "vous vous êtes intéressé à : {topic}",
		kDeclared:    "vous avez indiqué vous intéresser à : {topic}",
		kVisitsCheck: "vous nous avez rendu visite {n} fois",
		kShownIn:     "Dans « {slot} »",
		kReset:       "Votre profil enregistré était illisible ; il a été réinitialisé.",
		kMemory:      "Le stockage de ce navigateur est indisponible : rien ne sera retenu après cette page.",
		kWhy:         "Pourquoi ?", kLauncher: "Votre profil",
	},
	"ar": {
		kTop: "{topic} من أبرز اهتماماتك", kPagesCheck: "شاهدت {n} صفحة",
		kSince: "عدت بعد {n} يوم", kReturning: "سبق أن زرتنا", kNewVisitor: "هذه زيارتك الأولى",
		kPath: "أنت في هذا القسم من الموقع", kQuery: "الرابط الذي اتبعته يحمل {param}={value}",
		kTime: "الساعة عندك {time}", kWeekday: "اليوم هو {day}", kLanguage: "لغة متصفحك هي {value}",
		kViewport:  "أنت تستخدم شاشة {value}",
		kNoConsent: "التخصيص متوقف: لم توافق عليه، أو أن متصفحك يطلب من المواقع عدم القيام به (Global Privacy Control).",
		kDwellsOne: "قراءة متأنية واحدة", kDwellsMany: "قراءات متأنية: {n}", kBuysOne: "عملية شراء واحدة", kBuysMany: "عمليات الشراء: {n}",
		kDebug: "لمالك الموقع (?hearth-debug): تجارب لم يقع عليها الاختيار",
		kDays:  "الأحد,الاثنين,الثلاثاء,الأربعاء,الخميس,الجمعة,السبت",
		kTitle: "لماذا ترى هذا", kClose: "إغلاق", kWhyHeading: "ما تم تخصيصه في هذه الصفحة",
		kNoDecisions: "لا شيء في هذه الصفحة مخصص لك.",
		kProfile:     "ما يعرفه Hearth عنك", kNoTopics: "لا شيء بعد.",
		kVisits: "الزيارات", kPages: "الصفحات المعروضة", kFirstSeen: "أول زيارة",
		kTrust: "يُحفظ ملفك الشخصي في هذا المتصفح فقط (مفتاح localStorage ‏\"hearth:v1\"). لا يُرسل إلى أي مكان أبدًا.",
		kClear: "مسح كل شيء", kPause: "إيقاف التخصيص مؤقتًا", kResume: "استئناف التخصيص",
		kPausedNote: "التخصيص متوقف مؤقتًا: ترى كل صفحة كما يراها زائر جديد.",
		kViewsOne:   "مشاهدة صفحة واحدة", kViewsMany: "مشاهدات الصفحات: {n}",
		kClicksOne: "نقرة واحدة", kClicksMany: "النقرات: {n}",
		kTracksOne: "إجراء واحد", kTracksMany: "الإجراءات: {n}",
		kLastOn:     "آخرها في {date}",
		kDeclaredOn: "قلت إنك تحب هذا", kDeclaredOff: "قلت إنك لا تريد هذا",
		kBecause:     "يظهر لأن",
		kInterest:    "أبديت اهتمامًا بـ{topic}",
		kDeclared:    "قلت إنك مهتم بـ{topic}",
		kVisitsCheck: "زرتنا {n} مرات",
		kShownIn:     "في «{slot}»",
		kReset:       "تعذرت قراءة ملفك الشخصي المحفوظ، لذا تمت إعادة تعيينه.",
		kMemory:      "تخزين هذا المتصفح غير متاح: لن يُحفظ شيء بعد هذه الصفحة.",
		kWhy:         "لماذا؟", kLauncher: "ملفك الشخصي",
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
	if len(pairs) == 0 {
		return s
	}
	args := make([]string, 0, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		args = append(args, "{"+pairs[i]+"}", pairs[i+1])
	}
	return strings.NewReplacer(args...).Replace(s)
}
