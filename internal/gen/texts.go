package gen

// krTemplate is a key result an area writes. title may hold {start} and
// {target}, formatted in the unit. unit is "%", a currency code ("NOK"), ""
// for a plain number, or a free-text unit ("t", "besøk").
//
// For increase and decrease, start is drawn from [lo, hi] and the target
// moves gain × U(0.5, 1) of start (from a zero start: gain × U(1, 2.5) in
// whole units). For stay_above and stay_below, [lo, hi] holds the
// threshold. steps are the milestones of a milestones key result.
type krTemplate struct {
	kind   string
	title  string
	unit   string
	lo, hi float64
	gain   float64
	steps  []string
	// kpi is the 1-based index of the area's KPI whose readings check this
	// key result in when a department writes it; 0 for none.
	kpi int
}

// kpiTemplate is a KPI an area's departments track.
type kpiTemplate struct {
	name   string
	unit   string
	higher bool // higher is better
}

var salesKRs = []krTemplate{
	{kind: "increase", title: "Øke ordreinngangen fra {start} til {target}", unit: "NOK", lo: 2e6, hi: 9e6, gain: 0.3, kpi: 1},
	{kind: "increase", title: "Øke antall demobookinger fra {start} til {target} i kvartalet", unit: "bookinger", lo: 20, hi: 80, gain: 0.8},
	{kind: "increase", title: "Øke vinnerraten på tilbud fra {start} til {target}", unit: "%", lo: 18, hi: 30, gain: 0.35},
	{kind: "decrease", title: "Redusere salgssyklusen fra {start} til {target} dager", unit: "dager", lo: 45, hi: 90, gain: 0.3},
	{kind: "stay_above", title: "Holde fornyelsesraten over {target}", unit: "%", lo: 85, hi: 93},
	{kind: "boolean", title: "Rammeavtale signert med minst én kommune"},
	{kind: "milestones", title: "Ny prismodell innført for alle kunder", steps: []string{"Analyse av dagens priser", "Forslag godkjent av ledelsen", "Salgsteamet opplært", "Lansert for nye kunder", "Lansert for eksisterende kunder"}},
	{kind: "increase", title: "Øke antall aktive partnere fra {start} til {target}", unit: "partnere", lo: 5, hi: 20, gain: 0.5},
}

var marketingKRs = []krTemplate{
	{kind: "increase", title: "Øke organisk trafikk fra {start} til {target} besøk per måned", unit: "besøk", lo: 3000, hi: 40000, gain: 0.3},
	{kind: "increase", title: "Øke kjennskapen blant 25–45-åringer fra {start} til {target}", unit: "%", lo: 12, hi: 30, gain: 0.25},
	{kind: "increase", title: "Få {target} nye følgere på LinkedIn", unit: "følgere", lo: 0, hi: 0, gain: 600},
	{kind: "increase", title: "Øke antall kvalifiserte leads fra {start} til {target}", unit: "leads", lo: 150, hi: 900, gain: 0.4},
	{kind: "decrease", title: "Redusere kostnad per lead fra {start} til {target}", unit: "NOK", lo: 400, hi: 1500, gain: 0.25, kpi: 2},
	{kind: "increase", title: "Øke konverteringsraten på nettsidene fra {start} til {target}", unit: "%", lo: 1.2, hi: 3.5, gain: 0.5},
	{kind: "stay_below", title: "Holde avmeldingsraten for nyhetsbrevet under {target}", unit: "%", lo: 0.4, hi: 1.2},
	{kind: "boolean", title: "Ny visuell profil lansert i alle kanaler"},
	{kind: "milestones", title: "Topp 3 på søkeordene våre", steps: []string{"Søkeordanalyse", "Innhold skrevet", "Lenkebygging", "Topp 10", "Topp 3"}},
}

var serviceKRs = []krTemplate{
	{kind: "decrease", title: "Redusere svartiden på henvendelser fra {start} til {target} timer", unit: "t", lo: 8, hi: 30, gain: 0.7, kpi: 1},
	{kind: "increase", title: "Øke andel saker løst ved første kontakt fra {start} til {target}", unit: "%", lo: 55, hi: 72, gain: 0.25},
	{kind: "increase", title: "Øke Net Promoter Score fra {start} til {target}", unit: "", lo: 15, hi: 45, gain: 0.5},
	{kind: "stay_above", title: "Holde kundetilfredsheten over {target}", unit: "%", lo: 82, hi: 92},
	{kind: "stay_below", title: "Holde ventetiden i chat under {target} sekunder", unit: "s", lo: 30, hi: 90},
	{kind: "increase", title: "Øke andel saker løst i selvbetjening fra {start} til {target}", unit: "%", lo: 10, hi: 35, gain: 0.6},
	{kind: "boolean", title: "Ny kunnskapsbase publisert"},
	{kind: "milestones", title: "Chatbot i drift for de ti vanligste spørsmålene", steps: []string{"Spørsmål kartlagt", "Svar skrevet", "Testet med kunder", "I drift"}},
}

var productKRs = []krTemplate{
	{kind: "increase", title: "Øke antall ukentlig aktive brukere fra {start} til {target}", unit: "brukere", lo: 5000, hi: 60000, gain: 0.25, kpi: 1},
	{kind: "increase", title: "Øke andelen som fullfører onboarding fra {start} til {target}", unit: "%", lo: 35, hi: 60, gain: 0.4},
	{kind: "decrease", title: "Redusere frafallet første måned fra {start} til {target}", unit: "%", lo: 12, hi: 30, gain: 0.35},
	{kind: "increase", title: "Øke vurderingen i appbutikken fra {start} til {target}", unit: "", lo: 3.6, hi: 4.3, gain: 0.12},
	{kind: "stay_above", title: "Holde andel fornøyde brukere over {target}", unit: "%", lo: 75, hi: 88},
	{kind: "boolean", title: "Ny betalingsløsning lansert"},
	{kind: "milestones", title: "Mobilappen lansert i begge appbutikker", steps: []string{"Design godkjent", "Beta med 100 brukere", "Godkjent av Apple", "Godkjent av Google", "Lansert"}},
	{kind: "increase", title: "Gjennomføre {target} brukerintervjuer", unit: "intervjuer", lo: 0, hi: 0, gain: 12},
}

var techKRs = []krTemplate{
	{kind: "stay_above", title: "Holde oppetiden over {target}", unit: "%", lo: 99.5, hi: 99.95},
	{kind: "decrease", title: "Redusere ledetiden for endringer fra {start} til {target} timer", unit: "t", lo: 24, hi: 120, gain: 0.6},
	{kind: "increase", title: "Øke antall leveranser til produksjon fra {start} til {target} per uke", unit: "leveranser", lo: 5, hi: 40, gain: 0.8, kpi: 2},
	{kind: "decrease", title: "Redusere antall kritiske sårbarheter fra {start} til {target}", unit: "sårbarheter", lo: 8, hi: 40, gain: 0.9},
	{kind: "stay_below", title: "Holde svartiden for API-et under {target} ms", unit: "ms", lo: 150, hi: 400},
	{kind: "decrease", title: "Redusere skykostnadene fra {start} til {target} per måned", unit: "NOK", lo: 150000, hi: 900000, gain: 0.2},
	{kind: "boolean", title: "Gjenoppretting fra sikkerhetskopi testet"},
	{kind: "milestones", title: "Alle tjenester flyttet til den nye plattformen", steps: []string{"Plan godkjent", "Første tjeneste flyttet", "Halvparten flyttet", "Alle flyttet", "Gammel plattform slått av"}},
}

var opsKRs = []krTemplate{
	{kind: "increase", title: "Øke leveringspresisjonen fra {start} til {target}", unit: "%", lo: 86, hi: 94, gain: 0.06, kpi: 1},
	{kind: "decrease", title: "Redusere svinn fra {start} til {target}", unit: "%", lo: 2, hi: 6, gain: 0.4},
	{kind: "decrease", title: "Redusere tid fra ordre til sending fra {start} til {target} timer", unit: "t", lo: 18, hi: 48, gain: 0.4},
	{kind: "increase", title: "Øke andel leveranser med elektriske biler fra {start} til {target}", unit: "%", lo: 10, hi: 40, gain: 0.6},
	{kind: "stay_below", title: "Holde returandelen under {target}", unit: "%", lo: 3, hi: 8},
	{kind: "boolean", title: "Nytt lagersystem i drift"},
	{kind: "milestones", title: "Lageret i ny layout", steps: []string{"Layout tegnet", "Hyller flyttet", "Plukkruter oppdatert", "Ansatte opplært"}},
}

var financeKRs = []krTemplate{
	{kind: "decrease", title: "Redusere tiden for månedsavslutning fra {start} til {target} dager", unit: "dager", lo: 8, hi: 15, gain: 0.45},
	{kind: "decrease", title: "Redusere utestående fordringer fra {start} til {target}", unit: "NOK", lo: 4e6, hi: 2e7, gain: 0.25, kpi: 2},
	{kind: "increase", title: "Øke andelen elektroniske fakturaer fra {start} til {target}", unit: "%", lo: 50, hi: 80, gain: 0.25},
	{kind: "stay_above", title: "Holde driftsmarginen over {target}", unit: "%", lo: 8, hi: 14},
	{kind: "boolean", title: "Term sheet signert med en ledende investor"},
	{kind: "milestones", title: "Due diligence gjennomført uten vesentlige funn", steps: []string{"Datarom klart", "Finansiell gjennomgang", "Juridisk gjennomgang", "Avtaler signert"}},
}

var hrKRs = []krTemplate{
	{kind: "increase", title: "Øke medarbeidertilfredsheten fra {start} til {target}", unit: "%", lo: 62, hi: 78, gain: 0.12},
	{kind: "decrease", title: "Redusere sykefraværet fra {start} til {target}", unit: "%", lo: 4, hi: 8, gain: 0.2, kpi: 1},
	{kind: "decrease", title: "Redusere tid til ansettelse fra {start} til {target} dager", unit: "dager", lo: 40, hi: 75, gain: 0.3},
	{kind: "increase", title: "Øke andelen kvinnelige ledere fra {start} til {target}", unit: "%", lo: 25, hi: 40, gain: 0.2},
	{kind: "increase", title: "Gjennomføre {target} utviklingssamtaler", unit: "samtaler", lo: 0, hi: 0, gain: 25},
	{kind: "boolean", title: "Ny personalhåndbok publisert"},
	{kind: "milestones", title: "Lederprogram gjennomført for alle nye ledere", steps: []string{"Program satt opp", "Samling 1", "Samling 2", "Samling 3", "Evaluering"}},
}

var dataKRs = []krTemplate{
	{kind: "increase", title: "Øke andel team som bruker dashbordene ukentlig fra {start} til {target}", unit: "%", lo: 20, hi: 50, gain: 0.6},
	{kind: "increase", title: "Øke datakvaliteten i kunderegisteret fra {start} til {target}", unit: "%", lo: 70, hi: 88, gain: 0.12, kpi: 1},
	{kind: "decrease", title: "Redusere tiden fra spørsmål til svar fra {start} til {target} dager", unit: "dager", lo: 5, hi: 15, gain: 0.5},
	{kind: "increase", title: "Gjennomføre {target} A/B-tester", unit: "tester", lo: 0, hi: 0, gain: 8},
	{kind: "stay_above", title: "Holde treffsikkerheten i prognosene over {target}", unit: "%", lo: 80, hi: 92},
	{kind: "boolean", title: "Datakatalog tatt i bruk av alle avdelinger"},
	{kind: "milestones", title: "Anbefalingsmodell i produksjon", steps: []string{"Data klargjort", "Modell trent", "Testet mot dagens løsning", "I produksjon"}},
}

var procurementKRs = []krTemplate{
	{kind: "increase", title: "Øke avtalelojaliteten fra {start} til {target}", unit: "%", lo: 60, hi: 80, gain: 0.2, kpi: 1},
	{kind: "decrease", title: "Redusere antall leverandører fra {start} til {target}", unit: "leverandører", lo: 300, hi: 900, gain: 0.3},
	{kind: "decrease", title: "Redusere innkjøpskostnadene fra {start} til {target}", unit: "NOK", lo: 5e6, hi: 3e7, gain: 0.08},
	{kind: "increase", title: "Øke andelen leverandører med klimamål fra {start} til {target}", unit: "%", lo: 20, hi: 45, gain: 0.5},
	{kind: "stay_below", title: "Holde andelen innkjøp utenfor avtale under {target}", unit: "%", lo: 8, hi: 15},
	{kind: "boolean", title: "Ny rammeavtale for IT-utstyr signert"},
	{kind: "milestones", title: "Leverandørportal tatt i bruk", steps: []string{"Portal valgt", "Pilot med ti leverandører", "Alle store leverandører inne", "Gamle rutiner avviklet"}},
}
