package gen

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// meter throttles progress reports to one per interval.
type meter struct {
	report func(done, total int64)
	every  time.Duration
	total  int64
	last   time.Time
}

func (m *meter) tick(done int64, final bool) {
	if m.report == nil {
		return
	}
	now := time.Now()
	if !final && now.Sub(m.last) < m.every {
		return
	}
	m.last = now
	total := max(m.total, done)
	if final {
		total = done
	}
	m.report(done, total)
}

// Bar draws a progress bar with the elapsed time and an estimate of the
// time left. On a terminal it redraws one line; elsewhere (a log file, CI)
// it writes a line at most every Interval.
type Bar struct {
	W        io.Writer
	Terminal bool
	Interval time.Duration // between lines when not on a terminal; 0 means 5 s
	Label    string

	start, lastLine time.Time
	done            bool
}

// Update draws the bar for done of total; use it as Options.Progress.
func (b *Bar) Update(done, total int64) {
	now := time.Now()
	if b.start.IsZero() {
		b.start = now
	}
	if b.done {
		return
	}
	finished := done >= total && total > 0
	interval := b.Interval
	if interval == 0 {
		interval = 5 * time.Second
	}
	if !b.Terminal && !finished && now.Sub(b.lastLine) < interval {
		return
	}
	b.lastLine = now
	line := b.line(done, total, now.Sub(b.start))
	if b.Terminal {
		fmt.Fprintf(b.W, "\r%s\x1b[K", line)
		if finished {
			fmt.Fprintln(b.W)
		}
	} else {
		fmt.Fprintln(b.W, line)
	}
	b.done = finished
}

func (b *Bar) line(done, total int64, elapsed time.Duration) string {
	const width = 30
	frac := 0.0
	if total > 0 {
		frac = min(1, float64(done)/float64(total))
	}
	fill := int(frac * width)
	bar := strings.Repeat("=", fill) + strings.Repeat(" ", width-fill)
	if fill > 0 && fill < width {
		bar = strings.Repeat("=", fill-1) + ">" + strings.Repeat(" ", width-fill)
	}
	left := "–"
	if frac > 0.02 && frac < 1 {
		left = "~" + round(time.Duration(float64(elapsed)*(1-frac)/frac)).String()
	} else if frac >= 1 {
		left = "0s"
	}
	return fmt.Sprintf("%s[%s] %3.0f%%  %s/%s rows  %s elapsed, %s left",
		b.Label, bar, frac*100, thousands(done), thousands(total), round(elapsed), left)
}

func round(d time.Duration) time.Duration { return d.Round(time.Second) }

// thousands formats n in groups of three digits: 1,234,567.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
