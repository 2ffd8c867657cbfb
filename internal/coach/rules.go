package coach

// Severity is how serious a finding is. Organisations can change a rule's
// severity, or switch it off, in okr.OrgSettings.Rules.
type Severity string

const (
	SeverityInfo    Severity = "info"
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
	// SeverityOff switches a rule off; no finding ever has it.
	SeverityOff Severity = "off"
)

// Scope is what a rule looks at.
type Scope string

const (
	ScopeObjective Scope = "objective"  // one objective's text, or its KR count
	ScopeKeyResult Scope = "key_result" // one key result's text and metric
	ScopeSet       Scope = "set"        // many objectives: counts, alignment, check-ins, grades
)

// The rule ids. They are stable: organisations store them in their settings.
const (
	RuleObjectiveCount      = "objective-count"
	RuleKRCount             = "kr-count"
	RuleObjectiveHasMetric  = "objective-has-metric"
	RuleObjectiveGeneric    = "objective-too-generic"
	RuleObjectiveTooLong    = "objective-too-long"
	RuleObjectiveDependency = "objective-depends-on-others"
	RuleKRVagueVerb         = "kr-vague-verb"
	RuleKRIsActivity        = "kr-is-activity"
	RuleKRNotMeasurable     = "kr-not-measurable"
	RuleKRNoTarget          = "kr-no-target"
	RuleKRTargetMismatch    = "kr-target-mismatch"
	RuleKRStale             = "kr-stale"
	RuleOnlyCompanyOKRs     = "only-company-okrs"
	RuleObjectiveNotAligned = "objective-not-aligned"
	RuleGradingAllPerfect   = "grading-all-perfect"
	RuleGradingTooLow       = "grading-too-low"
)

// Rule describes one rule of the coach, for an admin page where an
// organisation tunes or switches off rules.
type Rule struct {
	ID string `json:"id"`
	// Severity is the default; objective-count reports error above the hard
	// limit whatever its default.
	Severity Severity `json:"severity"`
	Scope    Scope    `json:"scope"`
	// Name is the rule's name for people, keyed by language (nb, sv, en):
	// what a page shows instead of the id.
	Name map[string]string `json:"name"`
	// Description says what the rule catches, keyed by language (nb, sv, en).
	Description map[string]string `json:"description"`
}

// Rules returns every rule in a fixed order, with its default severity and
// description in each language. The caller may modify the result.
func Rules() []Rule {
	out := make([]Rule, len(ruleTable))
	for i, r := range ruleTable {
		d := make(map[string]string, len(r.Description))
		for k, v := range r.Description {
			d[k] = v
		}
		n := make(map[string]string, len(ruleNames[r.ID]))
		for k, v := range ruleNames[r.ID] {
			n[k] = v
		}
		out[i] = Rule{ID: r.ID, Severity: r.Severity, Scope: r.Scope, Name: n, Description: d}
	}
	return out
}

func ruleByID(id string) (Rule, bool) {
	for _, r := range ruleTable {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// ruleNames are the rules' names for people, by id and language.
var ruleNames = map[string]map[string]string{
	RuleObjectiveCount:      {"en": "Too many objectives", "nb": "For mange mål", "sv": "För många mål"},
	RuleKRCount:             {"en": "Number of key results", "nb": "Antall nøkkelresultater", "sv": "Antal nyckelresultat"},
	RuleObjectiveHasMetric:  {"en": "Objective with a metric", "nb": "Mål med måltall", "sv": "Mål med mätetal"},
	RuleObjectiveGeneric:    {"en": "Generic objective", "nb": "Generelt mål", "sv": "Allmänt mål"},
	RuleObjectiveTooLong:    {"en": "Long objective", "nb": "Langt mål", "sv": "Långt mål"},
	RuleObjectiveDependency: {"en": "Depends on others", "nb": "Avhengig av andre", "sv": "Beroende av andra"},
	RuleKRVagueVerb:         {"en": "Vague verb", "nb": "Ullent verb", "sv": "Vagt verb"},
	RuleKRIsActivity:        {"en": "Activity, not a result", "nb": "Aktivitet, ikke resultat", "sv": "Aktivitet, inte resultat"},
	RuleKRNotMeasurable:     {"en": "Not measurable", "nb": "Ikke målbart", "sv": "Inte mätbart"},
	RuleKRNoTarget:          {"en": "No target", "nb": "Mangler målverdi", "sv": "Saknar målvärde"},
	RuleKRTargetMismatch:    {"en": "Target differs from the text", "nb": "Målverdi ulik teksten", "sv": "Målvärde skiljer sig från texten"},
	RuleKRStale:             {"en": "No recent check-in", "nb": "Ingen fersk innsjekk", "sv": "Ingen färsk avstämning"},
	RuleOnlyCompanyOKRs:     {"en": "Only company OKRs", "nb": "Bare selskapets OKR-er", "sv": "Bara bolagets OKR:er"},
	RuleObjectiveNotAligned: {"en": "Not aligned", "nb": "Ikke knyttet", "sv": "Inte kopplat"},
	RuleGradingAllPerfect:   {"en": "Every score 100 %", "nb": "Alt på 100 %", "sv": "Allt på 100 %"},
	RuleGradingTooLow:       {"en": "Score below the band", "nb": "Score under båndet", "sv": "Resultat under intervallet"},
}

var ruleTable = []Rule{
	{RuleObjectiveCount, SeverityWarning, ScopeSet, nil, map[string]string{
		"en": "Too many objectives for one owner in one period (warning above the limit, 3 by default; error above the hard limit, 5).",
		"nb": "For mange mål for én eier i én periode (advarsel over grensen, 3 som standard; feil over den harde grensen, 5).",
		"sv": "För många mål för en ägare under en period (varning över gränsen, 3 som standard; fel över den hårda gränsen, 5).",
	}},
	{RuleKRCount, SeverityWarning, ScopeObjective, nil, map[string]string{
		"en": "Too few key results for an objective (below the organisation's minimum, 2 by default) or too many (above 5).",
		"nb": "For få nøkkelresultater for et mål (under organisasjonens minimum, 2 som standard) eller for mange (over 5).",
		"sv": "För få nyckelresultat för ett mål (under organisationens minimum, 2 som standard) eller för många (över 5).",
	}},
	{RuleObjectiveHasMetric, SeverityWarning, ScopeObjective, nil, map[string]string{
		"en": "An objective that carries a metric (a percentage, an amount, a target number or a verb such as double or halve): a key result in disguise.",
		"nb": "Et mål som inneholder et måltall (prosent, beløp, et tall å nå eller et verb som doble eller halvere): et nøkkelresultat i forkledning.",
		"sv": "Ett mål som innehåller ett mätetal (procent, belopp, en siffra att nå eller ett verb som fördubbla eller halvera): ett nyckelresultat i förklädnad.",
	}},
	{RuleObjectiveGeneric, SeverityWarning, ScopeObjective, nil, map[string]string{
		"en": "An objective too generic to guide anyone, such as “Sell more” or “Get more users”.",
		"nb": "Et mål som er for generelt til å gi retning, som «Selge mer» eller «Få flere brukere».",
		"sv": "Ett mål som är för allmänt för att ge riktning, som ”Sälja mer” eller ”Få fler användare”.",
	}},
	{RuleObjectiveTooLong, SeverityInfo, ScopeObjective, nil, map[string]string{
		"en": "An objective too long to say out loud at an all-hands meeting (longer than the organisation's limit, 90 characters by default).",
		"nb": "Et mål som er for langt til å si høyt på et allmøte (lengre enn organisasjonens grense, 90 tegn som standard).",
		"sv": "Ett mål som är för långt för att säga högt på ett personalmöte (längre än organisationens gräns, 90 tecken som standard).",
	}},
	{RuleObjectiveDependency, SeverityWarning, ScopeObjective, nil, map[string]string{
		"en": "An objective that depends on another team or party delivering.",
		"nb": "Et mål som er avhengig av at et annet team eller en annen part leverer.",
		"sv": "Ett mål som är beroende av att ett annat team eller en annan part levererar.",
	}},
	{RuleKRVagueVerb, SeverityWarning, ScopeKeyResult, nil, map[string]string{
		"en": "A key result with a vague verb of effort, such as “work on”, “try to” or “focus on”.",
		"nb": "Et nøkkelresultat med et ullent innsatsverb, som «jobbe med», «forsøke å» eller «fokusere på».",
		"sv": "Ett nyckelresultat med ett vagt insatsverb, som ”arbeta med”, ”försöka” eller ”fokusera på”.",
	}},
	{RuleKRIsActivity, SeverityWarning, ScopeKeyResult, nil, map[string]string{
		"en": "A key result that is an activity, not an outcome (“Run a webinar”): it belongs under initiatives.",
		"nb": "Et nøkkelresultat som er en aktivitet, ikke et resultat («Lage en kampanje»): det hører hjemme under tiltak.",
		"sv": "Ett nyckelresultat som är en aktivitet, inte ett resultat (”Starta en kampanj”): det hör hemma bland aktiviteterna.",
	}},
	{RuleKRNotMeasurable, SeverityError, ScopeKeyResult, nil, map[string]string{
		"en": "A key result that is not measurable: no number with a target and no yes/no end state.",
		"nb": "Et nøkkelresultat som ikke er målbart: verken et tall med et mål eller en sluttilstand som kan besvares med ja/nei.",
		"sv": "Ett nyckelresultat som inte är mätbart: varken en siffra med ett mål eller ett sluttillstånd som kan besvaras med ja/nej.",
	}},
	{RuleKRNoTarget, SeverityWarning, ScopeKeyResult, nil, map[string]string{
		"en": "A key result with a direction but no target (“Increase organic traffic”), or a target equal to its start.",
		"nb": "Et nøkkelresultat med en retning, men uten mål («Øke organisk trafikk»), eller med målverdi lik startverdien.",
		"sv": "Ett nyckelresultat med en riktning men utan målvärde (”Öka den organiska trafiken”), eller med målvärde lika med startvärdet.",
	}},
	{RuleKRTargetMismatch, SeverityWarning, ScopeKeyResult, nil, map[string]string{
		"en": "A key result whose text states a target (“from 30 to 50”, “at least 500”) other than its metric's target.",
		"nb": "Et nøkkelresultat der teksten oppgir en annen målverdi («fra 30 til 50», «minst 500») enn måltallets målverdi.",
		"sv": "Ett nyckelresultat där texten anger ett annat målvärde (”från 30 till 50”, ”minst 500”) än mätetalets målvärde.",
	}},
	{RuleKRStale, SeverityWarning, ScopeSet, nil, map[string]string{
		"en": "A published key result with no check-in for more than 7 days.",
		"nb": "Et publisert nøkkelresultat uten innsjekk på mer enn 7 dager.",
		"sv": "Ett publicerat nyckelresultat utan avstämning på mer än 7 dagar.",
	}},
	{RuleOnlyCompanyOKRs, SeverityInfo, ScopeSet, nil, map[string]string{
		"en": "A period where every objective is at company level: no team or individual OKRs.",
		"nb": "En periode der alle mål er på selskapsnivå: ingen OKR-er for team eller enkeltpersoner.",
		"sv": "En period där alla mål är på bolagsnivå: inga OKR:er för team eller individer.",
	}},
	{RuleObjectiveNotAligned, SeverityInfo, ScopeSet, nil, map[string]string{
		"en": "An objective that is neither aligned to a parent objective (or contributing to one) nor owned at company level.",
		"nb": "Et mål som verken er knyttet til et overordnet mål (eller bidrar til et) eller eid på selskapsnivå.",
		"sv": "Ett mål som varken är kopplat till ett överordnat mål (eller bidrar till ett) eller ägt på bolagsnivå.",
	}},
	{RuleGradingAllPerfect, SeverityWarning, ScopeSet, nil, map[string]string{
		"en": "A graded objective whose key results all scored 100 %: not ambitious enough.",
		"nb": "Et gradert mål der alle nøkkelresultatene fikk 100 %: ikke ambisiøst nok.",
		"sv": "Ett graderat mål där alla nyckelresultat fick 100 %: inte utmanande nog.",
	}},
	{RuleGradingTooLow, SeverityWarning, ScopeSet, nil, map[string]string{
		"en": "A graded objective whose score is below the organisation's band (60–70 % by default): too ambitious.",
		"nb": "Et gradert mål med score under organisasjonens bånd (60–70 % som standard): for ambisiøst.",
		"sv": "Ett graderat mål med poäng under organisationens intervall (60–70 % som standard): för utmanande.",
	}},
}
