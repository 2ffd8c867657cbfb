package gen

// The vocabulary of generated organisations: Norwegian (bokmål) names of
// places, departments, teams and people. Objective and key-result texts live
// in texts.go.

// regions name the offices; a department is an area in a region.
var regions = []string{"Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø"}

// area is a line of business: what its departments and teams are called and
// which objectives and key results they write.
type area struct {
	name  string
	teams []string
	// objectives are objective titles; {region} is replaced by the region.
	objectives []string
	krs        []krTemplate
	kpis       []kpiTemplate
}

var firstNames = []string{
	"Anders", "Anne", "Astrid", "Bjørn", "Camilla", "Daniel", "Eirik", "Elin", "Emma", "Erik",
	"Frida", "Geir", "Guro", "Hanne", "Henrik", "Hilde", "Ida", "Ingrid", "Jan", "Johanne",
	"Jonas", "Kari", "Karin", "Kristian", "Lars", "Linn", "Magnus", "Maria", "Marius", "Marte",
	"Martin", "Mona", "Nils", "Nora", "Ola", "Ole", "Per", "Ragnhild", "Rune", "Sara",
	"Sigrid", "Silje", "Sindre", "Siri", "Sofie", "Stian", "Solveig", "Thea", "Thomas", "Tone",
	"Tor", "Torunn", "Trond", "Vilde", "Øystein", "Åse", "Amir", "Fatima", "Mohammed", "Zofia",
}

var lastNames = []string{
	"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
	"Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl",
	"Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand",
	"Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie",
	"Amundsen", "Nguyen", "Rasmussen", "Ahmed", "Lunde", "Solheim", "Berge", "Moe", "Nygård", "Bakke",
	"Kristensen", "Fredriksen", "Holm", "Lien", "Andresen", "Hauge", "Knudsen", "Nielsen", "Evensen", "Sæther",
}

// asciiFold maps the Norwegian letters to ASCII for e-mail addresses.
var asciiFold = map[rune]string{'æ': "ae", 'ø': "o", 'å': "a", 'Æ': "ae", 'Ø': "o", 'Å': "a", 'é': "e"}

var areas = []area{
	{name: "Salg", teams: []string{"Bedriftssalg", "Nøkkelkunder", "Innsalg", "Partnersalg", "Offentlig sektor", "Salgsstøtte", "Fornyelser", "Nye markeder"},
		objectives: []string{
			"Bli førstevalget for bedriftskunder i {region}",
			"Dominere markedet for små og mellomstore bedrifter i {region}",
			"Gjøre eksisterende kunder til våre beste ambassadører",
			"Bygge en forutsigbar salgsmaskin som vokser hvert kvartal",
			"Vinne de største anbudene i offentlig sektor",
			"Gjøre det enkelt å kjøpe fra oss",
			"Styrke relasjonen til våre viktigste partnere",
		}, krs: salesKRs, kpis: []kpiTemplate{{"Ordreinngang", "NOK", true}, {"Vunne tilbud", "%", true}}},
	{name: "Markedsføring", teams: []string{"Merkevare", "Innhold og SoMe", "Kampanjer", "Søk og annonser", "Markedsanalyse", "Arrangement", "Nyhetsbrev", "Web"},
		objectives: []string{
			"Øke merkevaren vår i målgruppen i {region}",
			"Bli bransjens mest synlige leverandør av bærekraftige løsninger",
			"Skape innhold folk faktisk vil dele",
			"Gjøre nettsidene til vår beste selger",
			"Forstå kundene våre bedre enn konkurrentene gjør",
			"Bygge et fellesskap rundt produktene våre",
		}, krs: marketingKRs, kpis: []kpiTemplate{{"Besøk på nettsidene", "besøk", true}, {"Kostnad per lead", "NOK", false}}},
	{name: "Kundeservice", teams: []string{"Førstelinje", "Andrelinje", "Chat", "Kundesuksess", "Reklamasjon", "Selvbetjening", "Opplæring", "Kvalitet"},
		objectives: []string{
			"Gi kundene svar før de rekker å savne det",
			"Gjøre kundeservice til en grunn til å velge oss",
			"La kundene løse flere saker selv",
			"Løse saken ved første kontakt",
			"Bli kjent for den beste kundeopplevelsen i {region}",
		}, krs: serviceKRs, kpis: []kpiTemplate{{"Svartid", "t", false}, {"Kundetilfredshet", "%", true}}},
	{name: "Produkt", teams: []string{"Kjerneprodukt", "Mobil", "Betaling", "Onboarding", "Integrasjoner", "Prising", "Innsikt", "Tilgjengelighet"},
		objectives: []string{
			"Lansere en mobilopplevelse kundene elsker",
			"Gjøre det første møtet med produktet magisk",
			"Endre brukeratferden slik at vi blir mer datadrevet",
			"Fjerne det som gjør produktet vanskelig å bruke",
			"Gjøre produktet tilgjengelig for alle",
			"Lære raskere enn konkurrentene",
		}, krs: productKRs, kpis: []kpiTemplate{{"Aktive brukere", "brukere", true}, {"Frafall", "%", false}}},
	{name: "Teknologi", teams: []string{"Plattform", "Sikkerhet", "Data", "Infrastruktur", "Utviklerverktøy", "Ytelse", "Skytjenester", "Arkitektur"},
		objectives: []string{
			"Levere en plattform teamene stoler på",
			"Gjøre det trygt og raskt å levere endringer",
			"Ligge i forkant på informasjonssikkerhet",
			"Halvere tiden fra idé til produksjon",
			"Gjøre driften kjedelig på den gode måten",
		}, krs: techKRs, kpis: []kpiTemplate{{"Oppetid", "%", true}, {"Leveranser per uke", "leveranser", true}}},
	{name: "Drift og logistikk", teams: []string{"Lager", "Transport", "Returer", "Planlegging", "Innkjøp", "Produksjon", "Kvalitetssikring", "Anlegg"},
		objectives: []string{
			"Levere hver ordre riktig og i tide",
			"Gjøre lageret i {region} til det mest effektive i konsernet",
			"Kutte svinn uten å gå på akkord med kvaliteten",
			"Gjøre logistikken bærekraftig",
			"Bygge en forsyningskjede som tåler overraskelser",
		}, krs: opsKRs, kpis: []kpiTemplate{{"Leveringspresisjon", "%", true}, {"Lagerkostnad", "NOK", false}}},
	{name: "Økonomi", teams: []string{"Regnskap", "Controlling", "Lønn", "Fakturering", "Innfordring", "Budsjett", "Skatt", "Rapportering"},
		objectives: []string{
			"Gi ledelsen tall de kan styre etter",
			"Fullføre neste finansieringsrunde slik at vi kan vokse neste kvartal",
			"Gjøre månedsavslutningen rask og smertefri",
			"Frigjøre kapital som er bundet i prosessene",
		}, krs: financeKRs, kpis: []kpiTemplate{{"Driftsmargin", "%", true}, {"Utestående fordringer", "NOK", false}}},
	{name: "HR", teams: []string{"Rekruttering", "Kompetanse", "Arbeidsmiljø", "Lederutvikling", "Mangfold", "HR-systemer", "Onboarding av ansatte", "Belønning"},
		objectives: []string{
			"Styrke medarbeidernes kompetanse innenfor sine fagområder",
			"Bli den mest attraktive arbeidsplassen i {region}",
			"Gjøre de første hundre dagene til de beste",
			"Utvikle ledere folk vil følge",
			"Bygge et arbeidsmiljø der alle kan bidra",
		}, krs: hrKRs, kpis: []kpiTemplate{{"Sykefravær", "%", false}, {"Medarbeidertilfredshet", "%", true}}},
	{name: "Data og analyse", teams: []string{"Analyse", "Datavarehus", "Maskinlæring", "Rapporter", "Datakvalitet", "Eksperimenter", "Prognoser", "Selvbetjent innsikt"},
		objectives: []string{
			"Gi alle team innsikten de trenger uten å spørre",
			"Gjøre dataene våre til et konkurransefortrinn",
			"Ta beslutninger på fakta, ikke magefølelse",
			"Levere 2 konkrete suksesshistorier med maskinlæring",
		}, krs: dataKRs, kpis: []kpiTemplate{{"Datakvalitet", "%", true}, {"Rapporter i bruk", "rapporter", true}}},
	{name: "Innkjøp", teams: []string{"Strategisk innkjøp", "Leverandørstyring", "Avtaler", "Bærekraft", "Kategori IT", "Kategori drift", "Innkjøpsanalyse", "Kontraktsoppfølging"},
		objectives: []string{
			"Kjøpe smartere enn konkurrentene",
			"Bygge partnerskap med leverandører som løfter oss",
			"Gjøre innkjøpene våre bærekraftige",
			"Få kontroll på hele leverandørporteføljen",
		}, krs: procurementKRs, kpis: []kpiTemplate{{"Avtalelojalitet", "%", true}, {"Innkjøpskostnad", "NOK", false}}},
}

// companyObjectives are the company level's objective titles.
var companyObjectives = []string{
	"Bli Nordens mest anbefalte leverandør i bransjen",
	"Vokse lønnsomt i alle regioner",
	"Bli den mest attraktive arbeidsplassen i bransjen",
	"Gjøre kundene våre mer vellykkede enn før de møtte oss",
	"Bli bransjens mest synlige leverandør av bærekraftige løsninger i 2027",
}

// personalObjectives are what individuals write besides their part of the
// team's objectives.
var personalObjectives = []string{
	"Bli en tydeligere stemme i teamet",
	"Styrke min kompetanse innenfor faget mitt",
	"Gjøre teamet bedre ved å dele det jeg kan",
	"Få bedre oversikt over kundene jeg jobber med",
	"Bli tryggere i rollen min",
	"Gjøre arbeidsdagen min mer forutsigbar",
	"Lære av de beste i bransjen",
	"Levere arbeid jeg er stolt av",
	"Bygge et nettverk som hjelper meg i jobben",
	"Bli kjent for å holde det jeg lover",
}

// personalKRs fit individual objectives of any area.
var personalKRs = []krTemplate{
	{kind: "increase", title: "Gjennomføre {target} kurs eller sertifiseringer", unit: "kurs", lo: 0, hi: 0, gain: 2},
	{kind: "increase", title: "Holde {target} faglige innlegg for teamet", unit: "innlegg", lo: 0, hi: 0, gain: 3},
	{kind: "increase", title: "Øke antall kundemøter fra {start} til {target} per måned", unit: "møter", lo: 4, hi: 10, gain: 0.6},
	{kind: "boolean", title: "Fullført sertifisering i faget mitt"},
	{kind: "boolean", title: "Utviklingsplan avtalt med nærmeste leder"},
	{kind: "milestones", title: "Fullføre lederprogrammet", steps: []string{"Modul 1: Å lede seg selv", "Modul 2: Å lede andre", "Modul 3: Endring", "Avsluttende prosjekt"}},
	{kind: "decrease", title: "Redusere overtid fra {start} til {target} timer per måned", unit: "t", lo: 12, hi: 25, gain: 0.6},
	{kind: "stay_above", title: "Holde kundetilfredshet på egne saker over {target} %", unit: "%", lo: 80, hi: 92},
}

// initiativeTitles are the work done to move key results.
var initiativeTitles = []string{
	"Kampanje i sosiale medier", "Ukentlig oppfølging av pipeline", "Ny landingsside", "Workshop med kundene",
	"Opplæring av hele teamet", "A/B-test av utsjekk", "Automatisere rapporten", "Intervjue ti kunder",
	"Rydde i kundedatabasen", "Ny rutine for overlevering", "Pilot i én region", "Felles retningslinje",
	"Bytte leverandør", "Nyhetsbrev hver fredag", "Gjennomgang av prosessen", "Innføre nytt verktøy",
	"Lage en sjekkliste", "Seminar for partnere", "Forbedre søkefunksjonen", "Månedlig kundepanel",
}

// checkInComments are what people write when they check in; {value} is the
// reported value.
var checkInComments = []string{
	"God uke, vi er nå på {value}.",
	"Kampanjen ga tydelig effekt denne uka.",
	"Litt tregere enn ventet, men vi har en plan.",
	"Stille uke på grunn av ferie.",
	"Ny rekord! {value} denne uka.",
	"Vi har justert innsatsen etter tilbakemeldingene fra kundene.",
	"Venter fortsatt på leveransen fra leverandøren.",
	"Bra fremdrift, holder tempoet.",
	"Utfordrende uke, to syke i teamet.",
	"Tiltakene begynner å virke.",
	"Vi er på {value}, omtrent som planlagt.",
	"Mer etterspørsel enn forventet.",
	"Tok tak i flaskehalsen, bedre flyt nå.",
	"Ingen endring siden sist.",
	"Viktig møte med kunden på tirsdag gikk bra.",
	"Vi må prioritere dette høyere neste uke.",
}
