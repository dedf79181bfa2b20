package plan

import (
	"strconv"
	"strings"
	"time"
)

// ExperimentPost is what one post of a variant scored, when a variant ran on
// several posts: posts are then the units of the verdict (see Judge).
type ExperimentPost struct {
	Variant       int    // index in Experiment.Variants
	ContentItemID int64  // the post in the content plan; 0 when it is not there
	Label         string // how the team names it: "Tuesday's reel"
	Exposures     int64
	Successes     int64
}

// ResultRecord is one recording of an experiment's results: the first, or
// a correction of the one before. Records are never changed or deleted; the
// last of a run is the one in force, and each correction says who changed
// what (see Changes).
type ResultRecord struct {
	ID           int64
	ExperimentID int64
	Run          int // the run it belongs to (see Experiment.Run)
	Seq          int // 1 for the first record of the run, 2 for its first correction...
	// Variants holds one result per variant, in order; with Posts, their
	// sums.
	Variants   []VariantResult
	Posts      []ExperimentPost // nil when results were not recorded per post
	Note       string           // why a correction was made
	RecordedBy string
	RecordedAt time.Time
}

// Result limits.
const (
	MaxResultNoteLen = 500
	MaxPostsPerRun   = 200
)

// ResultChange is one figure a correction changed.
type ResultChange struct {
	Variant  int    // index in Experiment.Variants
	Field    string // "exposures", "successes" or "posts" (how many posts)
	Old, New int64
}

// Changes returns the figures r changes from prev, variant by variant.
func (r ResultRecord) Changes(prev ResultRecord) []ResultChange {
	var out []ResultChange
	count := func(rec ResultRecord, v int) int64 {
		n := int64(0)
		for _, p := range rec.Posts {
			if p.Variant == v {
				n++
			}
		}
		return n
	}
	for i := range max(len(r.Variants), len(prev.Variants)) {
		var a, b VariantResult
		if i < len(prev.Variants) {
			a = prev.Variants[i]
		}
		if i < len(r.Variants) {
			b = r.Variants[i]
		}
		if a.Exposures != b.Exposures {
			out = append(out, ResultChange{Variant: i, Field: "exposures", Old: a.Exposures, New: b.Exposures})
		}
		if a.Successes != b.Successes {
			out = append(out, ResultChange{Variant: i, Field: "successes", Old: a.Successes, New: b.Successes})
		}
		if pa, pb := count(prev, i), count(r, i); pa != pb {
			out = append(out, ResultChange{Variant: i, Field: "posts", Old: pa, New: pb})
		}
	}
	return out
}

// LatestResults returns the record in force for run among history: the
// one with the highest Seq. ok is false when there is none.
func LatestResults(history []ResultRecord, run int) (ResultRecord, bool) {
	var latest ResultRecord
	ok := false
	for _, r := range history {
		if max(r.Run, 1) == max(run, 1) && (!ok || r.Seq > latest.Seq) {
			latest, ok = r, true
		}
	}
	return latest, ok
}

// RecordResults returns the first record of results of e's current run,
// for storage to append to history (the records of e, any run). Results
// are taken from the end date on (today, in the plan's zone), once: a
// second recording is ECONFLICT (experiment.results.recorded), since it
// would silently replace the first; use CorrectResults. With posts, each
// variant's result is the sum of its posts and variants may be nil.
// Returns FieldErrors for figures that do not add up.
func (e *Experiment) RecordResults(history []ResultRecord, variants []VariantResult, posts []ExperimentPost, by string, today, now time.Time) (ResultRecord, error) {
	if _, ok := LatestResults(history, e.RunNumber()); ok {
		return ResultRecord{}, &Error{Code: ECONFLICT, Key: "experiment.results.recorded", Message: "results are recorded: correct them instead"}
	}
	return e.newRecord(variants, posts, "", by, today, now, 1)
}

// CorrectResults returns a record that corrects the results in force of
// e's current run, keeping the earlier ones in history. note says why and
// is required. ECONFLICT when no results were recorded yet
// (experiment.results.none), FieldErrors when the figures do not add up,
// the note is missing or too long, or nothing changed.
func (e *Experiment) CorrectResults(history []ResultRecord, variants []VariantResult, posts []ExperimentPost, by, note string, today, now time.Time) (ResultRecord, error) {
	prev, ok := LatestResults(history, e.RunNumber())
	if !ok {
		return ResultRecord{}, &Error{Code: ECONFLICT, Key: "experiment.results.none", Message: "no results to correct"}
	}
	note = strings.TrimSpace(note)
	switch n := len([]rune(note)); {
	case n == 0:
		return ResultRecord{}, FieldErrors{Invalid("note", "experiment.correction.note.required", "say why the results change")}
	case n > MaxResultNoteLen:
		return ResultRecord{}, FieldErrors{Invalid("note", "experiment.correction.note.too_long", "the note is too long")}
	}
	rec, err := e.newRecord(variants, posts, note, by, today, now, prev.Seq+1)
	if err != nil {
		return ResultRecord{}, err
	}
	if len(rec.Changes(prev)) == 0 {
		return ResultRecord{}, FieldErrors{Invalid("results", "experiment.correction.same", "the corrected results are the same")}
	}
	return rec, nil
}

// newRecord validates results and returns them as a record.
func (e *Experiment) newRecord(variants []VariantResult, posts []ExperimentPost, note, by string, today, now time.Time, seq int) (ResultRecord, error) {
	var fe FieldErrors
	if today.Before(e.End) {
		return ResultRecord{}, append(fe, Invalid("results", "experiment.results.too_early", "results are taken from the end date on"))
	}
	if len(posts) > 0 {
		if len(posts) > MaxPostsPerRun {
			return ResultRecord{}, append(fe, Invalid("posts", "experiment.posts.too_many", "too many posts"))
		}
		variants = make([]VariantResult, len(e.Variants))
		for i, p := range posts {
			field := "post_" + strconv.Itoa(i+1)
			switch {
			case p.Variant < 0 || p.Variant >= len(e.Variants):
				fe = append(fe, Invalid(field, "experiment.post.variant", "choose the post's variant"))
			case p.Exposures <= 0:
				fe = append(fe, Invalid(field, "experiment.exposures.invalid", "exposures must be more than 0"))
			case p.Successes < 0:
				fe = append(fe, Invalid(field, "experiment.successes.invalid", "successes cannot be negative"))
			case p.Successes > p.Exposures:
				fe = append(fe, Invalid(field, "experiment.successes.too_many", "successes cannot exceed exposures"))
			default:
				variants[p.Variant].Exposures += p.Exposures
				variants[p.Variant].Successes += p.Successes
			}
		}
		if len(fe) > 0 {
			return ResultRecord{}, fe
		}
	}
	if len(variants) != len(e.Variants) {
		return ResultRecord{}, append(fe, Invalid("results", "experiment.results.count", "one result per variant"))
	}
	for i, r := range variants {
		letter := string(rune('a' + i))
		switch {
		case r.Exposures <= 0:
			fe = append(fe, Invalid("exposures_"+letter, "experiment.exposures.invalid", "exposures must be more than 0"))
		case r.Successes < 0:
			fe = append(fe, Invalid("successes_"+letter, "experiment.successes.invalid", "successes cannot be negative"))
		case r.Successes > r.Exposures:
			fe = append(fe, Invalid("successes_"+letter, "experiment.successes.too_many", "successes cannot exceed exposures"))
		}
	}
	if len(fe) > 0 {
		return ResultRecord{}, fe
	}
	return ResultRecord{
		ExperimentID: e.ID, Run: e.RunNumber(), Seq: seq, Variants: variants, Posts: posts, Note: note,
		RecordedBy: by, RecordedAt: now.UTC(),
	}, nil
}

// ApplyResults copies the results of rec, the record in force, into e's
// variants, ResultsAt and ResultsBy, which the screens written before
// result records read.
func (e *Experiment) ApplyResults(rec ResultRecord) {
	for i := range e.Variants {
		if i < len(rec.Variants) {
			e.Variants[i].Exposures, e.Variants[i].Successes = rec.Variants[i].Exposures, rec.Variants[i].Successes
		}
	}
	e.ResultsAt, e.ResultsBy = rec.RecordedAt, rec.RecordedBy
}

// InForce returns the results in force of e's current run: the last of
// e.Results. Results stored before result records existed (SetResults)
// read as one record made of the variants' figures. ok is false when no
// results are recorded.
func (e *Experiment) InForce() (ResultRecord, bool) {
	if rec, ok := LatestResults(e.Results, e.RunNumber()); ok {
		return rec, true
	}
	if !e.Concluded() {
		return ResultRecord{}, false
	}
	rec := ResultRecord{ExperimentID: e.ID, Run: e.RunNumber(), Seq: 1, RecordedBy: e.ResultsBy, RecordedAt: e.ResultsAt}
	for _, v := range e.Variants {
		rec.Variants = append(rec.Variants, VariantResult{Exposures: v.Exposures, Successes: v.Successes})
	}
	return rec, true
}

// Corrected reports whether the results in force of e's current run
// correct earlier ones.
func (e *Experiment) Corrected() bool {
	rec, ok := LatestResults(e.Results, e.RunNumber())
	return ok && rec.Seq > 1
}

// Conclusion returns the verdict of e's results in force (see Judge).
// Results are taken from the end date on, so recorded results are judged
// as at the end date. Returns EINVALID (experiment.results.none) when
// none are recorded.
func (e *Experiment) Conclusion() (Judgement, error) {
	rec, ok := e.InForce()
	if !ok {
		return Judgement{}, &Error{Code: EINVALID, Key: "experiment.results.none", Message: "no results recorded"}
	}
	return e.Judge(rec, e.End)
}
