package coach

// lexiconSV is Swedish.
var lexiconSV = compile("sv", []entry{
	{cStop, "i|på|av|med|och|för|till|från|om|en|ett|den|det|de|vi|oss|vår|vårt|våra|min|mitt|mina|sin|sitt|sina|sig|som|att|är|vara|har|hos|mot|efter|inom|under|över|än|så|också|alla|hela|där|vi"},
	{cGeneric, "sälj{a,er}|försäljning{,en}|tjän{a,ar}|pengar{,na}|mer|mera|fler{,a}|få|bli|bättre|bäst{,a}|större|störst{,a}|mest|ök{a,ar}|väx{a,er}|tillväxt{,en}|användar{e,na}|kund{er,erna}|intäkt{er,erna}|omsättning{,en}|marknadsföring{,en}|förbättr{a,ar}|göra|lönsam{,ma,het}|resultat{,et}|effektiv{,a}|bra|ny{,a}|jobb{a,et}|företag{,et}|affär{,en,er,erna}|sälj|lönsamhet{,en}|snabbare|fortare|vinst{,en}|överskott{,et}"},
	{cVague, "{arbeta,arbetar,jobba,jobbar} {med,för,mot}|försök{a,er}|försöka att|prova{,r} att|{titta,tittar,kolla,kollar} på|se över|ser över|se på|fokusera{,r} på|ha fokus på|lägga fokus på|satsa{,r} på|bidra{,r} till|sträva{,r} {efter,mot}|sikta{,r} på|undersöka|undersöker|verka{,r} för|ta tag i|jobba vidare med|arbeta vidare med|{arbeta,arbetar,jobba,jobbar} {mer,mycket} med|{fokusera,fokuserar} {mer,mycket} på|{satsa,satsar} {mer,mycket} på"},
	{cActivity, "starta|skapa|genomför{,a}|anordna|arrangera|skriv{,a}|publicera|skicka|bygg{,a}|utveckla|implementera|ta fram|tar fram|planera|organisera|marknadsför{,a}|producera|inför{,a}|{sätta,sätt} upp|besök{,a}|ring{,a}|delta|uppdatera|analysera|testa|dokumentera|kartlägg{,a}|etablera|designa|{lägga,lägg} ut|posta|bjud{a} in|utbilda|intervjua|filma|ta initiativ till|göra om"},
	{cActivityIf, "håll{a}|kör{a}|lansera|göra|gör"},
	{cChange, "ök{a,ar,as,ad,ade,at,ning,ningen}|minsk{a,ar,as,ad,ade,at,ning,ningen}|förbättr{a,ar,as,ad,ade,at,ing,ingen}|sänk{a,er,s,t,ta}|höj{a,er,s,d,t,ning}|stärk{a,er,t}|utök{a,ar}|väx{a,er}|kapa|korta|fler{,a}|mer|mera|färre|mindre|högre|lägre|bättre|snabbare|kortare|längre|större|billigare|enklare|starkare|tydligare|nöjdare|gladare|oftare|säkrare|upp|ned|ner|tryggare|roligare|friskare|lönsammare|effektivare|stabilare|jämnare|vänligare|smidigare"},
	{cMetricVerb, "fördubbl{a,ar,as,ing}|dubbl{a,ar,era,erar}|tredubbl{a,ar}|fyrdubbl{a,ar}|tiodubbl{a,ar}|halver{a,ar,as,ing}|med en {tredjedel,fjärdedel,femtedel,tiondel}|med hälften"},
	{cAcquire, "få|skaffa|nå|uppnå|vinn{a,er}|värv{a,ar}|sälj{a,er}|tjän{a,ar}|hamna|teckna{,r}|rekrytera|anställa|landa|ha|bli|passera"},
	{cComparator, "över|under|minst|högst|max|maximalt|upp till|från|till|med|mer än|fler än|mindre än|färre än|ner till|ned till"},
	{cEndState, "lanserad{,e,t}|signerad{,e,t}|signerat|undertecknad{,e,t}|godkänd{,a,t}|certifierad{,e,t}|certifiering{,en}|färdigställd{,a,t}|implementerad{,e,t}|i drift|i bruk|i produktion|på plats|live|beslutad{,e,t}|tecknad{,e,t}|tecknat|uppnådd{,a}|levererad{,e,t}|avtal{,et,en}|tillstånd{,et}|godkännande{,t}|licens{,en}|klar{,t} att använda|i mål|godkänd{,a,t}|tillgänglig{,a,t}|klarad{,e,t}|kan"},
	{cDepend, "beroende {av,på}|förutsatt att|under förutsättning att|vänta{,r} på|med förbehåll för|villkorad{,e,t} av|så länge {de,andra}"},
	{cCond, "när|om|ifall|så snart|så fort|efter att|sedan"},
	{cDeliver, "leverera{,r,t,de,s}|leverans{,en,er}|klar{,t,a}|färdig{,t,a}|slutför{,t,s}|på plats"},
	{cSelf, "vi|jag"},
	{cNegation, "inte|ej|utan|aldrig|ingen"},
	{cPercent, "procent{,en}|procentenheter"},
	{cMoney, "kr|kronor|sek|msek|mkr|tkr|miljon{,er}|mn|mdkr|miljard{,er}|k|usd|eur|dollar|euro"},
	{cTimePrep, "i|inom|innan|före|till|från|efter|år|året|under|sedan|slutet av|per|q1|q2|q3|q4"},
	{cMonth, "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|apr|jun|jul|aug|sep|sept|okt|nov|dec"},
	{cTimeUnit, "vecka|v|kvartal|månad|dag|år|version|fas|steg|nivå"},
	{cAux, "har|hade"},
	{cMilestone, "lansera|öppna|slutför{a}|klara|vinna|ingå|signera|underteckna|gå live|få på plats|bli certifierad{,e}|bli godkänd{,a}|få godkänt"},
	{cLead, "vi|ska|skall|vill|måste|att"},
}, map[string]float64{
	"två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9, "tio": 10,
	"elva": 11, "tolv": 12, "femton": 15, "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50,
	"hundra": 100, "tusen": 1000,
}, []string{"kampanj", "webbinar", "webinar", "seminari", "workshop", "nyhetsbrev", "möte", "kurs",
	"föredrag", "konferens", "frukost", "mässa", "annons", "tävling", "event", "evenemang",
	"presentation", "utbildning", "demo", "intervju"}).withParticiples("at", "it", "tt", "nt", "pt", "kt", "gt", "ts")
