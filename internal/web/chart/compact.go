package chart

import "github.com/a-h/templ"

// Done is a yes/no key result at a glance, where a line chart would only
// jump once from no to yes: a badge that says whether it is done, and a
// note that says since when (or when it was last reported, or that it never
// was).
type Done struct {
	Done  bool
	Label string // "Done" or "Not done yet"
	Note  string // "since 12 Mar", "last check-in 3 Mar", "No check-in yet"; may be empty
}

// HTML draws the badge (chart.templ).
func (d Done) HTML() templ.Component { return doneBadge(&d) }

// Steps is a milestones key result at a glance: a bar of one segment per
// milestone, filled when it is done, the count in words, and the milestones
// listed in order with what is done ticked.
type Steps struct {
	Summary string // "3 of 5 done"
	Steps   []Step
	// DoneWord and OpenWord are read out after each milestone, for those
	// who do not see the ticks: "done", "not done".
	DoneWord, OpenWord string
}

// Step is one milestone.
type Step struct {
	Label string
	Done  bool
}

// DoneCount is how many of the steps are done.
func (s Steps) DoneCount() int {
	n := 0
	for _, st := range s.Steps {
		if st.Done {
			n++
		}
	}
	return n
}

// HTML draws the bar, the count and the list (chart.templ).
func (s Steps) HTML() templ.Component { return stepsHTML(&s) }
