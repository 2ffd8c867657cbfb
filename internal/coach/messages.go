package coach

import (
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/okr-dev/okr/internal/okr"
)

// Languages are the languages the coach writes messages in: okr.Languages.
var Languages = okr.Languages()

// text is a message and its rewrite hint in one language. {name} stands for
// the finding's argument of that name.
type msgText struct{ msg, hint string }

// messages holds, per message key (a rule id, or a rule id and a variant),
// the message and hint in each language.
var messages = map[string]map[string]msgText{
	"objective-count.warning": {
		"en": {"{owner} has {n} objectives in one period; more than {max} splits the focus.",
			"Keep at most {max} objectives per owner and period: merge related ones, move the rest to a later period or drop them."},
		"nb": {"{owner} har {n} mål i samme periode; flere enn {max} sprer fokuset.",
			"Hold dere til høyst {max} mål per eier og periode: slå sammen beslektede mål, flytt resten til en senere periode eller dropp dem."},
		"sv": {"{owner} har {n} mål under samma period; fler än {max} sprider fokus.",
			"Håll er till högst {max} mål per ägare och period: slå ihop närliggande mål, flytta resten till en senare period eller stryk dem."},
	},
	"objective-count.error": {
		"en": {"{owner} has {n} objectives in one period, above the limit of {max}: with this many, none gets real focus.",
			"Pick the {soft} that matter most this period and move the others to a later period or drop them."},
		"nb": {"{owner} har {n} mål i samme periode, over grensen på {max}: med så mange får ingen av dem ordentlig fokus.",
			"Velg de {soft} som betyr mest denne perioden, og flytt de andre til en senere periode eller dropp dem."},
		"sv": {"{owner} har {n} mål under samma period, över gränsen på {max}: med så många får inget av dem riktigt fokus.",
			"Välj de {soft} som betyder mest den här perioden och flytta de andra till en senare period eller stryk dem."},
	},
	"kr-count.few#one": {
		"en": {"The objective has only one key result; it needs at least {min} to show whether it is reached.",
			"Add key results until together they show that the objective is reached."},
		"nb": {"Målet har bare ett nøkkelresultat; det trenger minst {min} for å vise om det er nådd.",
			"Legg til nøkkelresultater til de sammen viser at målet er nådd."},
		"sv": {"Målet har bara ett nyckelresultat; det behöver minst {min} för att visa om det är nått.",
			"Lägg till nyckelresultat tills de tillsammans visar att målet är nått."},
	},
	"kr-count.few": {
		"en": {"The objective has {n} key results; it needs at least {min} to show whether it is reached.",
			"Add key results until together they show that the objective is reached."},
		"nb": {"Målet har {n} nøkkelresultater; det trenger minst {min} for å vise om det er nådd.",
			"Legg til nøkkelresultater til de sammen viser at målet er nådd."},
		"sv": {"Målet har {n} nyckelresultat; det behöver minst {min} för att visa om det är nått.",
			"Lägg till nyckelresultat tills de tillsammans visar att målet är nått."},
	},
	"kr-count.many": {
		"en": {"The objective has {n} key results; more than {max} blurs what matters.",
			"Keep the {max} that best show the objective is reached; follow the others as KPIs or drop them."},
		"nb": {"Målet har {n} nøkkelresultater; flere enn {max} gjør det uklart hva som betyr noe.",
			"Behold de {max} som best viser at målet er nådd; følg resten som nøkkeltall (KPI) eller dropp dem."},
		"sv": {"Målet har {n} nyckelresultat; fler än {max} gör det otydligt vad som är viktigt.",
			"Behåll de {max} som bäst visar att målet är nått; följ resten som nyckeltal (KPI) eller stryk dem."},
	},
	"objective-has-metric": {
		"en": {"The objective carries a metric (“{match}”): it reads like a key result in disguise.",
			"Let the objective say the qualitative ambition behind the number, and move “{match}” into a key result."},
		"nb": {"Målet inneholder et måltall («{match}»): det er et nøkkelresultat i forkledning.",
			"La målet si den kvalitative ambisjonen bak tallet, og flytt «{match}» til et nøkkelresultat."},
		"sv": {"Målet innehåller ett mätetal (”{match}”): det är ett nyckelresultat i förklädnad.",
			"Låt målet uttrycka den kvalitativa ambitionen bakom siffran och flytta ”{match}” till ett nyckelresultat."},
	},
	"objective-too-generic": {
		"en": {"The objective is too generic to guide anyone: it could be any company's.",
			"Say what, for whom or where: “Become the go-to accounting tool for freelancers in the Nordics” rather than “Get more users”."},
		"nb": {"Målet er for generelt til å gi retning: det kunne vært hvilken som helst bedrifts mål.",
			"Si hva, for hvem eller hvor: «Dominere kioskbransjen i Oslo» heller enn «Selge mer»."},
		"sv": {"Målet är för allmänt för att ge riktning: det kunde vara vilket företags mål som helst.",
			"Säg vad, för vem eller var: ”Bli det självklara valet för småföretagare i Skåne” snarare än ”Sälja mer”."},
	},
	"objective-too-long": {
		"en": {"The objective is {n} characters long (the limit is {max}): too long to say out loud at an all-hands meeting.",
			"Cut it to one short, inspiring sentence; move the details to the description or the key results."},
		"nb": {"Målet er {n} tegn langt (grensen er {max}): for langt til å si høyt på et allmøte.",
			"Kort det ned til én kort, inspirerende setning; flytt detaljene til beskrivelsen eller nøkkelresultatene."},
		"sv": {"Målet är {n} tecken långt (gränsen är {max}): för långt för att säga högt på ett personalmöte.",
			"Korta det till en kort, inspirerande mening; flytta detaljerna till beskrivningen eller nyckelresultaten."},
	},
	"objective-depends-on-others": {
		"en": {"The objective depends on others delivering (“{match}”): if they do not, you cannot reach it.",
			"Write an objective your team can reach by its own work; agree on the dependency with the other team, or align under their objective."},
		"nb": {"Målet er avhengig av at andre leverer («{match}»): leverer de ikke, når dere ikke målet.",
			"Skriv et mål teamet kan nå med egen innsats; avtal avhengigheten med det andre teamet, eller knytt målet til deres mål."},
		"sv": {"Målet är beroende av att andra levererar (”{match}”): levererar de inte kan ni inte nå det.",
			"Skriv ett mål som teamet kan nå med egen insats; kom överens om beroendet med det andra teamet eller koppla målet till deras mål."},
	},
	"kr-vague-verb": {
		"en": {"“{match}” is a vague verb: it describes effort, not a result.",
			"Drop it and state the result you will measure, e.g. “Raise trial-to-paid conversion from 8% to 12%”."},
		"nb": {"«{match}» er et ullent verb: det beskriver innsats, ikke resultat.",
			"Stryk det og skriv resultatet dere skal måle, for eksempel «Øke konverteringsraten fra 1,5 % til 2,5 %»."},
		"sv": {"”{match}” är ett vagt verb: det beskriver insats, inte resultat.",
			"Stryk det och skriv resultatet ni ska mäta, till exempel ”Öka konverteringsgraden från 2 % till 3 %”."},
	},
	"kr-is-activity": {
		"en": {"The key result is an activity (“{match}”), not an outcome: it belongs under initiatives.",
			"Move it to the initiatives and write the result it should produce, with a number, e.g. “1000 visitors and 10 sales in the first month”."},
		"nb": {"Nøkkelresultatet er en aktivitet («{match}»), ikke et resultat: det hører hjemme under tiltak.",
			"Flytt det til tiltakene og skriv resultatet det skal gi, med et tall, for eksempel «Oppnå 1000 besøkende og 10 salg den første måneden»."},
		"sv": {"Nyckelresultatet är en aktivitet (”{match}”), inte ett resultat: det hör hemma bland aktiviteterna.",
			"Flytta det till aktiviteterna och skriv resultatet det ska ge, med en siffra, till exempel ”50 nya bokade demomöten under kvartalet”."},
	},
	"kr-not-measurable": {
		"en": {"The key result is not measurable: it has no number to count and no yes/no end state.",
			"Add a number with a target (from X to Y) or an end state that can be answered yes or no at the end of the period."},
		"nb": {"Nøkkelresultatet er ikke målbart: det har verken et tall å telle eller en sluttilstand som kan besvares med ja eller nei.",
			"Legg til et tall med et mål (fra X til Y) eller en sluttilstand som kan besvares med ja eller nei ved periodens slutt."},
		"sv": {"Nyckelresultatet är inte mätbart: det har varken en siffra att räkna eller ett sluttillstånd som kan besvaras med ja eller nej.",
			"Lägg till en siffra med ett mål (från X till Y) eller ett sluttillstånd som kan besvaras med ja eller nej när perioden är slut."},
	},
	"kr-no-target": {
		"en": {"The key result says which way (“{match}”) but not how far: it has no target.",
			"Add the target: from today's value to the value you aim for, e.g. “from 1.5% to 2.5%”."},
		"nb": {"Nøkkelresultatet sier hvilken vei («{match}»), men ikke hvor langt: det mangler en målverdi.",
			"Legg til målverdien: fra dagens verdi til verdien dere sikter mot, for eksempel «fra 1,5 % til 2,5 %»."},
		"sv": {"Nyckelresultatet säger åt vilket håll (”{match}”) men inte hur långt: det saknar målvärde.",
			"Lägg till målvärdet: från dagens värde till värdet ni siktar på, till exempel ”från 1,5 % till 2,5 %”."},
	},
	"kr-no-target.metric": {
		"en": {"The key result's target equals its start ({start}): there is nothing to achieve.",
			"Set a target that differs from the start value."},
		"nb": {"Nøkkelresultatets målverdi er lik startverdien ({start}): det er ingenting å oppnå.",
			"Sett en målverdi som er forskjellig fra startverdien."},
		"sv": {"Nyckelresultatets målvärde är lika med startvärdet ({start}): det finns inget att uppnå.",
			"Sätt ett målvärde som skiljer sig från startvärdet."},
	},
	"kr-stale#one": {
		"en": {"No check-in for {days} day: published key results should be checked in every week.",
			"Check in progress and confidence, even when nothing has moved."},
		"nb": {"Ingen innsjekk på {days} dag: publiserte nøkkelresultater bør sjekkes inn hver uke.",
			"Sjekk inn fremdrift og tiltro, også når ingenting har endret seg."},
		"sv": {"Ingen avstämning på {days} dag: publicerade nyckelresultat bör stämmas av varje vecka.",
			"Gör en avstämning av framsteg och tilltro, även när inget har hänt."},
	},
	"kr-target-mismatch": {
		"en": {"The text says the target is {stated}, but the metric's target is {target}: which one is right?",
			"Make the text and the metric say the same target, so that progress is measured against what everyone reads."},
		"nb": {"Teksten sier at målverdien er {stated}, men måltallets målverdi er {target}: hvilken er riktig?",
			"La teksten og måltallet si samme målverdi, så fremdriften måles mot det alle leser."},
		"sv": {"Texten säger att målvärdet är {stated}, men mätetalets målvärde är {target}: vilket stämmer?",
			"Låt texten och mätetalet ange samma målvärde, så att framstegen mäts mot det alla läser."},
	},
	"kr-stale": {
		"en": {"No check-in for {days} days: published key results should be checked in every week.",
			"Check in progress and confidence, even when nothing has moved."},
		"nb": {"Ingen innsjekk på {days} dager: publiserte nøkkelresultater bør sjekkes inn hver uke.",
			"Sjekk inn fremdrift og tiltro, også når ingenting har endret seg."},
		"sv": {"Ingen avstämning på {days} dagar: publicerade nyckelresultat bör stämmas av varje vecka.",
			"Gör en avstämning av framsteg och tilltro, även när inget har hänt."},
	},
	"only-company-okrs#one": {
		"en": {"The period's only objective is at company level: no department, team or individual has OKRs of its own.",
			"Let departments and teams write their own OKRs that link to the company's: OKRs work best across the whole organisation, not only at the top."},
		"nb": {"Periodens eneste mål er på selskapsnivå: ingen avdeling, team eller person har egne OKR-er.",
			"La avdelinger og team skrive egne OKR-er som knyttes til selskapets: OKR fungerer best i hele organisasjonen, ikke bare på toppen."},
		"sv": {"Periodens enda mål är på bolagsnivå: ingen avdelning, inget team och ingen person har egna OKR:er.",
			"Låt avdelningar och team skriva egna OKR:er som kopplas till bolagets: OKR fungerar bäst i hela organisationen, inte bara i toppen."},
	},
	"only-company-okrs": {
		"en": {"All {n} objectives in the period are at company level: no department, team or individual has OKRs of its own.",
			"Let departments and teams write their own OKRs that link to the company's: OKRs work best across the whole organisation, not only at the top."},
		"nb": {"Alle {n} mål i perioden er på selskapsnivå: ingen avdeling, team eller person har egne OKR-er.",
			"La avdelinger og team skrive egne OKR-er som knyttes til selskapets: OKR fungerer best i hele organisasjonen, ikke bare på toppen."},
		"sv": {"Alla {n} mål under perioden är på bolagsnivå: ingen avdelning, inget team och ingen person har egna OKR:er.",
			"Låt avdelningar och team skriva egna OKR:er som kopplas till bolagets: OKR fungerar bäst i hela organisationen, inte bara i toppen."},
	},
	"objective-not-aligned": {
		"en": {"The objective is neither aligned to a parent objective nor owned at company level.",
			"Link it to the company or department objective it supports, as its parent or with “contributes to”."},
		"nb": {"Målet er verken knyttet til et overordnet mål eller eid på selskapsnivå.",
			"Knytt det til selskaps- eller avdelingsmålet det støtter, som overordnet mål eller med «bidrar til»."},
		"sv": {"Målet är varken kopplat till ett överordnat mål eller ägt på bolagsnivå.",
			"Koppla det till bolags- eller avdelningsmålet det stöder, som överordnat mål eller med ”bidrar till”."},
	},
	"grading-all-perfect": {
		"en": {"Every key result scored 100 %: the objective was not ambitious enough.",
			"Next period, set targets you expect to reach about {low}–{high} % of."},
		"nb": {"Alle nøkkelresultatene fikk 100 %: målet var ikke ambisiøst nok.",
			"Sett mål neste periode som dere regner med å nå omtrent {low}–{high} % av."},
		"sv": {"Alla nyckelresultat fick 100 %: målet var inte utmanande nog.",
			"Sätt mål nästa period som ni räknar med att nå ungefär {low}–{high} % av."},
	},
	"grading-too-low": {
		"en": {"The objective scored {score} %, below the {low}–{high} % band: it was too ambitious.",
			"Reflect on what held you back; next period, set fewer or more reachable targets."},
		"nb": {"Målet fikk {score} %, under båndet på {low}–{high} %: det var for ambisiøst.",
			"Reflekter over hva som holdt dere tilbake; sett færre eller mer oppnåelige mål neste periode."},
		"sv": {"Målet fick {score} %, under intervallet {low}–{high} %: det var för utmanande.",
			"Reflektera över vad som höll er tillbaka; sätt färre eller mer nåbara mål nästa period."},
	},
}

// argDefaults are the words used for an argument a finding leaves empty.
var argDefaults = map[string]map[string]string{
	"en": {"owner": "The owner"},
	"nb": {"owner": "Eieren"},
	"sv": {"owner": "Ägaren"},
}

// messageLang returns lang if the coach has messages in it, "nb" for
// nynorsk, and English otherwise.
func messageLang(lang string) string {
	switch {
	case okr.IsLanguage(lang):
		return lang
	case lang == "nn" || lang == "no":
		return "nb"
	}
	return okr.FallbackLanguage
}

// countArgs names, per message key, the argument that counts something:
// its plural form picks the message (key#one for one, else key).
var countArgs = map[string]string{
	"kr-count.few": "n", "kr-count.many": "n", "kr-stale": "days", "only-company-okrs": "n",
	"objective-count.warning": "n", "objective-count.error": "n", "objective-too-long": "n",
}

// pluralKey returns key#one when the count argument of key is, in lang's
// plural rules (CLDR, golang.org/x/text), of the form one and the message
// has such a form; else key.
func pluralKey(key, lang string, args map[string]string) string {
	name, ok := countArgs[key]
	if !ok {
		return key
	}
	n, err := strconv.Atoi(args[name])
	if err != nil || n < 0 {
		return key
	}
	if plural.Cardinal.MatchPlural(language.Make(lang), n, 0, 0, 0, 0) == plural.One {
		if _, ok := messages[key+"#one"]; ok {
			return key + "#one"
		}
	}
	return key
}

// render returns the message and hint of key in lang with args filled in,
// in the plural form the count arguments ask for.
func render(key, lang string, args map[string]string) (msg, hint string) {
	lang = messageLang(lang)
	t, ok := messages[pluralKey(key, lang, args)][lang]
	if !ok {
		return key, ""
	}
	return fill(t.msg, lang, args), fill(t.hint, lang, args)
}

func fill(s, lang string, args map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}')
		if i < 0 || j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+j]
		v := args[name]
		if v == "" {
			v = argDefaults[lang][name]
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+1:]
	}
}
