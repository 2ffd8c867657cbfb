package coach

// lexiconEN is English.
var lexiconEN = compile("en", []entry{
	{cStop, "the|a|an|of|in|on|at|to|for|by|with|and|or|our|us|we|from|into|than|that|this|its|their|is|are|all|it|as"},
	{cGeneric, "sell{,s}|sales|earn{,s}|make|money|more|get|become|be|better|best|bigger|biggest|most|increase|grow|growth|business|users|customers|clients|revenue{,s}|marketing|improve|things|profitable|profit{,s}|efficient|good|great|new|do|company|us|our|selling|profitability|faster|profits|bigger"},
	{cVague, "{work,works,working} {on,towards,toward,with}|{try,tries,trying} to|attempt to|{strive,strives} {to,for}|{aim,aims} {to,for}|{focus,focusing,focuses} on|{look,looking} into|look at|explore|contribute to|help to|work to|endeavour to|{seek,seeks} to|consider|investigate|keep an eye on|do our best|think about|{work,works,working} more on|{focus,focusing,focuses} more on"},
	{cActivity, "create|make|build|write|publish|send|start|set up|develop|implement|design|produce|plan|prepare|conduct|attend|post|call|visit|update|review|analyse|analyze|test|document|arrange|organise|organize|introduce|roll out|host|migrate|put together|draft|record|film|translate|interview|map|audit|redesign|refactor|train|deploy|rewrite|carry out|perform"},
	{cActivityIf, "run|hold|launch|do"},
	{cChange, "increas{e,es,ed,ing}|reduc{e,es,ed,ing}|improv{e,es,ed,ing}|lower{,ing}|rais{e,es,ed,ing}|cut{,ting}|boost{,ing}|grow{,s,n,ing}|decreas{e,es,ed,ing}|shrink|shorten|expand|strengthen|speed up|more|fewer|less|higher|better|faster|shorter|longer|bigger|larger|cheaper|easier|stronger|quicker|happier|up|down|safer|smoother|happier|healthier|friendlier|simpler|cleaner|clearer|more reliable"},
	{cMetricVerb, "double{,s,d}|triple{,s,d}|quadruple{,s,d}|halve{,s,d}|tenfold|by {a,one} {third,quarter,fifth,tenth}|by half"},
	{cAcquire, "get|reach|achieve|gain|win|sign|acquire|hit|land|attract|recruit|hire|sell|earn|book|close|onboard|have|generate|add|grow"},
	{cComparator, "over|under|above|below|at least|at most|more than|fewer than|less than|up to|from|to|by|max|min|maximum|minimum|down to"},
	{cEndState, "launched|live|signed|approved|certified|certification|issued|accepted|in production|in place|adopted|closed|granted|awarded|shipped|released|go-live|contract|agreement|approval|permit|licence|license|certificate|done|passed|available|certified|compliant|in use|can|is able to|are able to"},
	{cDepend, "{depends,depend,dependent,depending} on|contingent on|provided that|providing that|assuming that|{waiting,wait} for|{relies,relying} on|subject to|as long as {they,other,others}"},
	{cCond, "when|once|if|as soon as|after"},
	{cDeliver, "deliver{,s,ed,ing}|ship{,s,ped}|finish{,es,ed}|complete{,s,d}|ready|done|in place|provides|provided"},
	{cSelf, "we|i"},
	{cNegation, "not|never|without|no|doesn't|don't|isn't|won't|cannot|can't"},
	{cPercent, "percent|per cent|pct|percentage points|pp"},
	{cMoney, "usd|eur|gbp|nok|sek|dkk|k|m|bn|million{,s}|billion{,s}|dollar{,s}|euro{,s}|kroner|kronor|mrr|arr"},
	{cTimePrep, "in|by|before|until|during|since|from|within|end of|year|fy|per|q1|q2|q3|q4"},
	{cMonth, "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"},
	{cTimeUnit, "week|quarter|month|day|sprint|version|phase|step|level|type"},
	{cAux, "has|have|had"},
	{cMilestone, "launch|open|complete|finish|pass|win|sign|go live|ship|release|get certified|get approved|become certified"},
	{cLead, "we|will|shall|to|must|should"},
}, map[string]float64{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"hundred": 100, "thousand": 1000, "dozen": 12,
}, []string{"campaign", "webinar", "seminar", "workshop", "newsletter", "meeting", "course", "talk",
	"conference", "breakfast", "meetup", "event", "session", "training", "presentation", "contest",
	"hackathon", "survey", "demo", "interview"}).withParticiples("ed", "en", "wn", "lt", "ne", "nt", "de", "id", "ld")
