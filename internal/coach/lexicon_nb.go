package coach

// lexiconNB is bokmål, with the nynorsk forms that differ (auke, meir,
// fleire, ikkje), so nynorsk statements get the same rules.
var lexiconNB = compile("nb", []entry{
	{cStop, "i|på|av|med|og|for|til|fra|frå|om|en|et|ei|ein|eit|den|det|de|dei|vi|oss|vår|vårt|våre|vores|min|mitt|mine|sin|sitt|sine|seg|som|at|å|er|være|vere|har|hos|mot|etter|innen|under|over|enn|så|slik|også|alle|hele|heile|vi|me|der|hvor|kor"},
	{cGeneric, "selg{e,er}|sel{,ja}|salg{,et,ene}|sal{a,et}|tjen{e,er}|tene|penger{,e}|pengar|mer|meir|mere|fler{e}|fleire|få|bli|verte|bedre|betre|best{,e}|størst{,e}|større|mest|øk{e,er}|auk{e,ar}|vokse|vekse|vekst{,en}|bruker{e,ne}|brukar{ar,ane}|kund{er,ene,ar,ane}|inntekt{,er,ene}|omsetning{,en}|markedsføring{,en}|marknadsføring{,a}|forbedr{e,er}|gjøre|gjere|ting|lønnsom{,me,het}|resultat{,er,ene}|effektiv{,e}|god{,e}|gode|ny{,e}|jobb{,e}|bedrift{,en}|firma{,et}|penga|lønnsomhet{,en}|vekst{,en}|raskere|fortere|størrelse|fortjeneste{,n}|overskudd{,et}"},
	{cVague, "jobb{e,er,a,et} {med,for,mot}|arbeid{e,er,a} {med,for,mot}|forsøk{e,er} {å,og}|freist{e,ar} å|prøv{e,er} {å,og}|{se,ser} på|{se,ser} nærmere på|{se,ser} videre på|se over|fokuser{e,er} på|ha fokus på|{satse,satser} på|bidra{,r} til|bidra{,r} mot|strebe{,r} {etter,mot}|tilstrebe{,r}|sikte{,r} mot|vurdere{,r}|undersøke{,r}|legge{,r} vekt på|jobb{e,er} videre med|ta tak i"},
	{cActivity, "lag{,e}|opprett{,e}|start{e}|arranger{,e}|gjennomfør{,e}|markedsfør{,e}|send{,e}|skriv{,e}|publiser{,e}|fiks{,e}|utvikl{,e}|design{e}|implementer{,e}|innfør{,e}|etabler{,e}|planlegg{,e}|organiser{,e}|kartlegg{,e}|gjennomgå|oppdater{,e}|produser{,e}|utarbeid{,e}|forbered{,e}|avhold{,e}|inviter{,e}|analyser{,e}|evaluer{,e}|dokumenter{,e}|{sett,sette} opp|{legg,legge} ut|post{e}|ring{,e}|besøk{,e}|delta|bygg{,e}|rydd{,e}|{ta,tar} {fram,frem}|test{e}|kurs{e}|lær{e} opp|redesign{e}|skriv{,e} om|rull{e} ut|ferdigstill{,e}|sett{e} i gang|intervju{e}|filme"},
	{cActivityIf, "hold{,e}|kjør{,e}|lanser{,e}|gjør|gjøre"},
	{cChange, "øk{e,er,es,t,te,ende,ning,ningen}|auk{e,ar,a,ing}|reduser{e,er,es,t,te,ing,ingen}|forbedr{e,er,es,et,ing,ingen}|betr{e,a}|senk{e,er,es,et}|mink{e,er,es,et}|minsk{e,er,es,et,ing}|hev{e,er,es}|styrk{e,er,es,et}|utvid{e,er,et}|vokse|vokser|kutt{e,er}|fler{e}|fleire|mer|meir|mere|færre|mindre|høyere|høgare|lavere|lågare|bedre|betre|raskere|kjappere|kortere|lengre|større|billigere|enklere|sterkere|tydeligere|oftere|sjeldnere|tryggere|gladere|fornøydere|økt{,e}|redusert{,e}|forbedret{,e}|opp|ned|effektivere|stabilere|lønnsommere|smidigere|jevnere|tryggere|sikrere|friskere|vennligere"},
	{cMetricVerb, "dobl{e,er,es,et,ing}|fordobl{e,er,es,et,ing}|tredobl{e,er,es,et}|firedobl{e,er}|tidobl{e,er}|halver{e,er,es,t,ing}"},
	{cAcquire, "få|skaff{e,er}|nå|oppnå|vinn{e,er}|signer{e,er}|hent{e,er}|hente inn|verv{e,er}|selg{e,er}|sel{,ja}|tjen{e,er}|rekrutter{e,er}|ansett{e,er}|ha|lande|bli|passere|runde|bikke"},
	{cComparator, "over|under|minst|opptil|inntil|maks|maksimalt|høyst|fra|frå|til|med|mer enn|meir enn|flere enn|fleire enn|mindre enn|færre enn|ned til|opp til"},
	{cEndState, "lansert{,e}|signert{,e}|undertegnet|godkjent{,e}|sertifisert{,e}|sertifisering{,en}|ferdigstilt{,e}|implementert{,e}|i drift|i bruk|i produksjon|på plass|live|vedtatt|inngått|oppnådd|tildelt|levert|avtale{,n,r}|konsesjon{,en}|godkjenning{,en}|tillatelse{,n}|løyve{,t}|lisens{,en}|ferdig{,e}|klar{,e} til bruk|i mål|bestått|tilgjengelig{,e}|godkjent{,e}|gjennomført revisjon"},
	{cDepend, "avhengig{,e} {av,at}|forutsatt at|forutsetter at|under forutsetning av|med forbehold om|vent{e,er} på|betinget av|så lenge {de,andre}"},
	{cCond, "når|hvis|viss|dersom|så snart|straks|etter at|idet|om"},
	{cDeliver, "lever{er,te,t,ere,es}|leveranse{,n,r}|ferdig{,e}|ferdigstill{er,t,te}|klar{,e,t}|på plass|fullført|fullfører"},
	{cSelf, "vi|me|jeg|eg"},
	{cNegation, "ikke|ikkje|uten|utan|aldri|ingen"},
	{cPercent, "prosent{,en}|pst|prosentpoeng"},
	{cMoney, "kr|kroner|nok|mnok|mkr|mrd|milliard{,er}|million{,er}|mill|mill.|mnkr|k|kkr|usd|eur|dollar|euro"},
	{cTimePrep, "i|innen|før|til|fra|etter|år|året|siden|utgangen av|slutten av|løpet av|per|q1|q2|q3|q4"},
	{cMonth, "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|jan|feb|apr|jun|jul|aug|sep|sept|okt|nov|des"},
	{cTimeUnit, "uke|veke|kvartal|måned|månad|dag|år|versjon|fase|runde|steg|nivå"},
	{cAux, "har|hadde"},
	{cLead, "vi|me|skal|vil|må|å"},
}, map[string]float64{
	"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9,
	"ti": 10, "elleve": 11, "tolv": 12, "femten": 15, "tjue": 20, "tretti": 30, "førti": 40,
	"femti": 50, "hundre": 100, "tusen": 1000,
}, []string{"kampanje", "webinar", "seminar", "workshop", "nyhetsbrev", "møte", "kurs", "foredrag",
	"konferanse", "frokost", "messe", "annonse", "konkurranse", "event", "arrangement", "presentasjon",
	"opplæring", "fagdag", "samling", "demo", "intervju"}).withParticiples("ert", "et", "tt", "kjent", "ilt", "dd", "dt", "kt", "pt", "lt")
