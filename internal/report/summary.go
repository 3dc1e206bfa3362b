package report

// Summarize counts the findings and decides the verdict: fail on any
// violation, else unverified if anything could not be verified, else pass.
// What else fails a run (a release OpenStack never made, a reverse audit
// that could not ask) is decided by the caller after it.
func (r *Report) Summarize() {
	s := &Summary{Events: len(r.Events), Findings: len(r.Findings), ByStatus: map[Status]int{}}
	r.Verdict = Pass
	for _, f := range r.Findings {
		s.ByStatus[f.Status]++
		switch {
		case f.Status.Fails():
			r.Verdict = Fail
		case f.Status == StatusUnverified && r.Verdict == Pass:
			r.Verdict = Unverified
		}
	}
	r.Summary = s
}

// Packages lists the packages the report judged: its findings' and its
// orphans'.
func (r *Report) Packages() []string {
	out := make([]string, 0, len(r.Findings)+len(r.Orphans))
	for _, f := range r.Findings {
		out = append(out, f.Package)
	}
	for _, o := range r.Orphans {
		out = append(out, o.Package)
	}
	return out
}
