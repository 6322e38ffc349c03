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
)

// strings holds every visitor-facing text in the five shipped languages.
// {n}, {topic}, {date}, {slot} are placeholders.
var texts = map[string]map[string]string{
	"en": {
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
