package coach

// lexiconDA is Danish. It is smaller than the others: the coach has no
// Danish messages, but a Danish statement should still get rules in its own
// words rather than Norwegian ones.
var lexiconDA = compile("da", []entry{
	{cStop, "i|på|af|med|og|for|til|fra|om|en|et|den|det|de|vi|os|vores|min|mit|mine|sin|sit|sine|sig|som|at|er|være|har|hos|mod|efter|inden|under|over|end|så|også|alle|hele"},
	{cGeneric, "sælg{e,er}|salg{,et}|tjen{e,er}|penge{,ne}|mere|flere|få|blive|bedre|bedst{,e}|større|mest|øg{e,er}|vokse|vækst{,en}|bruger{e,ne}|kunde{r,rne}|indtægt{er,erne}|omsætning{,en}|markedsføring{,en}|forbedr{e,er}|gøre|lønsom{,me}|god{,e}|ny{,e}|virksomhed{,en}|infrastruktur{,en}|effektivitet{,en}|kvalitet{,en}|proces{,sen,ser,serne}|kundetilfredshed{,en}|tilfredshed{,en}|tilfreds{,e}|kundeoplevelse{,n}|oplevelse{,n}|drift{,en}|produktivitet{,en}|kultur{,en}|kommunikation{,en}|samarbejde{,t}|system{,et,er}|innovation{,en}|medarbejder{e,ne}|produkt{,et,er}|løsning{,en,er}|synlighed{,en}|digitalisering{,en}|sikkerhed{,en}|optimer{e}|effektiviser{e}|styrk{e}|udvikl{e}|glad{,e}|stabil{,e}|levering{,en,er}"},
	{cVague, "arbejd{e,er} {med,for,på}|forsøg{e,er}|forsøge at|prøv{e,er} at|{se,ser} på|fokuser{e,er} på|bidrag{e,er} til|stræb{e,er} efter|satse{,r} på|undersøge{,r}|{arbejde,arbejder} mere med|{fokusere,fokuserer} mere på|hjælpe|hjælper|bidrage til at"},
	{cActivity, "lav{,e}|opret{,te}|start{e}|arranger{,e}|gennemfør{,e}|markedsfør{,e}|send{,e}|skriv{,e}|udgiv{,e}|publicer{,e}|udvikl{,e}|implementer{,e}|indfør{,e}|etabler{,e}|planlæg{,ge}|organiser{,e}|opdater{,e}|producer{,e}|afhold{,e}|inviter{,e}|byg{,ge}|{sæt,sætte} op|design{e}|analyser{,e}|test{e}|lancer{,e}|ansæt{,te}|send{,e} ud"},
	{cActivityIf, "hold{,e}|kør{,e}|gøre"},
	{cModal, "skal|vil|må"},
	{cActDone, "afholdt{,e}|gennemført{,e}|publiceret|udgivet|sendt{,e}|arrangeret|skrevet"},
	{cOutcome, "deltagere|tilmeldte|tilmeldinger|leads|abonnenter|besøgende|kunder|brugere"},
	{cChange, "øg{e,er,es,et,ning}|reducer{e,er,es,et,ing}|forbedr{e,er,es,et,ing}|sænk{e,er,es,et}|mindsk{e,er,es,et}|hæv{e,er}|styrk{e,er}|flere|mere|færre|mindre|højere|lavere|bedre|hurtigere|kortere|større|øget|reduceret|op|ned"},
	{cMetricVerb, "fordobl{e,er,es,ing}|tredobl{e}|halver{e,er,es,ing}|med en {tredjedel,fjerdedel,femtedel}|med halvdelen"},
	{cAcquire, "få|skaff{e,er}|nå|opnå|vind{e,er}|hverv{e,er}|sælg{e,er}|tjen{e,er}"},
	{cComparator, "over|under|mindst|højst|op til|fra|til|med|mere end|flere end|mindre end|færre end"},
	{cEndState, "lanceret|underskrevet|godkendt|certificeret|certificering{,en}|i drift|på plads|aftale{,n}|tilladelse{,n}|live|bestået|tilgængelig{,e}|kan|klar{,e}|færdig{,e}"},
	{cDepend, "afhængig{,e} af|forudsat at|under forudsætning af|vent{e,er} på"},
	{cCond, "når|hvis|så snart|efter at"},
	{cDeliver, "lever{er,et,ede,e}|leverance{,n}|færdig{,e}|klar{,e}|på plads"},
	{cSelf, "vi|jeg"},
	{cNegation, "ikke|uden|aldrig|ingen"},
	{cPercent, "procent{,en}|procentpoint"},
	{cMoney, "kr|kroner|dkk|mio|million{,er}|mia|milliard{,er}|k"},
	{cTimePrep, "i|inden|før|til|fra|efter|år|året|per"},
	{cMonth, "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"},
	{cTimeUnit, "uge|kvartal|måned|dag|år|version|fase"},
	{cAux, "har|havde"},
	{cMilestone, "lancer{e}|åbn{e}|bestå|vind{e}|underskriv{e}|gå live"},
	{cRank, "nummer|nr|top|plads"},
	{cCountLead, "ingen|nul|alle|hver|samtlige"},
	{cLead, "vi|skal|vil|må|at"},
}, map[string]float64{
	"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10,
	"tolv": 12, "tyve": 20, "hundrede": 100, "tusind": 1000,
}, []string{"kampagne", "webinar", "seminar", "workshop", "nyhedsbrev", "møde", "kursus", "foredrag",
	"konference", "morgenmad", "messe", "annonce", "konkurrence", "event", "arrangement", "præsentation", "indlæg", "artikel", "artikler", "blog", "video", "podcast"}).withParticiples("et", "t", "tt")
